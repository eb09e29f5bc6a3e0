// The dashboard's server state: the stats (program targets with their progress included).
import { queryOptions } from '@tanstack/react-query'
import { Stats, type StatsQuery } from '../../../shared/stats.ts'
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
