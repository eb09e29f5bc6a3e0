// Activities over the API: the list with its totals, one activity, and its writes; every answer
// parsed with the shared schema.
import { queryOptions, type QueryClient } from '@tanstack/react-query'
import {
  Activity,
  ActivityPage,
  ActivityTotals,
  type ActivityListQuery,
  type CreateActivityBody,
  type UpdateActivityBody,
} from '../../../shared/activities.ts'
import { api, apiVoid } from '../../lib/api-client.ts'

export const activitiesKey = ['activities'] as const

export const ACTIVITY_PAGE_SIZE = 25

/** The list's filters as the URL and the API carry them. */
export type ActivityFilters = Partial<Record<'kind' | 'topic' | 'community' | 'province' | 'from' | 'to' | 'q', string>>

export const ACTIVITY_FILTERS = [
  'kind',
  'topic',
  'community',
  'province',
  'from',
  'to',
  'q',
] as const satisfies readonly (keyof ActivityListQuery)[]

export const activityListQuery = (filters: ActivityFilters, cursor: string | undefined) =>
  queryOptions({
    queryKey: [...activitiesKey, 'list', filters, cursor ?? null],
    queryFn: ({ signal }) => api('/api/activities', ActivityPage, { query: { ...filters, limit: ACTIVITY_PAGE_SIZE, cursor }, signal }),
    placeholderData: (previous) => previous,
  })

export const activityTotalsQuery = (filters: ActivityFilters) =>
  queryOptions({
    queryKey: [...activitiesKey, 'totals', filters],
    queryFn: ({ signal }) => api('/api/activities/totals', ActivityTotals, { query: filters, signal }),
    placeholderData: (previous) => previous,
  })

export const activityQuery = (id: string) =>
  queryOptions({
    queryKey: [...activitiesKey, 'detail', id],
    queryFn: ({ signal }) => api(`/api/activities/${id}`, Activity, { signal }),
  })

export const fetchActivity = (id: string) => api(`/api/activities/${id}`, Activity)

export const createActivity = (body: CreateActivityBody) => api('/api/activities', Activity, { method: 'POST', body })

export const updateActivity = (id: string, body: UpdateActivityBody) => api(`/api/activities/${id}`, Activity, { method: 'PATCH', body })

export const deleteActivity = (id: string, version: number) =>
  apiVoid(`/api/activities/${id}`, { method: 'DELETE', headers: { 'if-match': `"${version}"` } })

/** A saved activity: its page shows the answer at once; lists, totals (and the dashboard's counts) fetch again. */
export async function activitySaved(queryClient: QueryClient, saved: Activity) {
  queryClient.setQueryData(activityQuery(saved.id).queryKey, saved)
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: [...activitiesKey, 'list'] }),
    queryClient.invalidateQueries({ queryKey: [...activitiesKey, 'totals'] }),
  ])
}
