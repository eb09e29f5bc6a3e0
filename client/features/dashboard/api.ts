// The dashboard's server state: the stats, and program targets.
import { queryOptions } from '@tanstack/react-query'
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
