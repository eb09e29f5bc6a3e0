// The legal calendar over the API: hearings and deadlines of live cases in a window of days.
import { queryOptions } from '@tanstack/react-query'
import { Calendar } from '../../../shared/calendar.ts'
import { api } from '../../lib/api-client.ts'

export const calendarKey = ['calendar'] as const

/** `from`/`to` are Cambodian days (inclusive); without them the server gives the next 90 days. */
/** `mine: 'true'`: only the cases on whose team the signed-in user is. */
export const calendarQuery = (params: { from?: string; to?: string; mine?: string }) =>
  queryOptions({
    queryKey: [...calendarKey, params],
    queryFn: ({ signal }) => api('/api/calendar', Calendar, { query: params, signal }),
    placeholderData: (previous) => previous,
  })

export const ICS_FEED_PATH = '/api/calendar.ics'
