// The dashboard's server state: the stats, program targets and province names.
import { queryOptions } from '@tanstack/react-query'
import { AdminAreaPage } from '../../../shared/admin-areas.ts'
import { Stats, type StatsQuery } from '../../../shared/stats.ts'
import { ProgramTargetPage } from '../../../shared/targets.ts'
import { api } from '../../lib/api-client.ts'

export type StatsFilters = Pick<StatsQuery, 'from' | 'to' | 'province'>

export const statsQuery = (filters: StatsFilters) =>
  queryOptions({
    queryKey: ['dashboard', 'stats', filters],
    queryFn: ({ signal }) => api('/api/stats', Stats, { query: { ...filters }, signal }),
    // Figures for a report: a minute old is fresh enough, and switching filters back is instant.
    staleTime: 60_000,
    placeholderData: (previous) => previous,
  })

export const targetsQuery = (year: number) =>
  queryOptions({
    queryKey: ['dashboard', 'targets', year],
    queryFn: ({ signal }) => api('/api/program-targets', ProgramTargetPage, { query: { year, sort: 'indicator', limit: 100 }, signal }),
    staleTime: 60_000,
  })

/** The 25 provinces, for Khmer names and the province filter; reference data that never changes. */
export const provincesQuery = () =>
  queryOptions({
    queryKey: ['dashboard', 'provinces'],
    queryFn: ({ signal }) => api('/api/admin-areas', AdminAreaPage, { query: { level: '1', limit: 50, sort: 'name' }, signal }),
    staleTime: Infinity,
    select: (page) => page.items,
  })
