// The signed-in user's calendar feed over the API: its status, making (or remaking) and revoking it.
import { queryOptions } from '@tanstack/react-query'
import { CalendarFeedStatus, NewCalendarFeed } from '../../../shared/calendar-feeds.ts'
import { api, apiVoid } from '../../lib/api-client.ts'

const MY_FEED_PATH = '/api/calendar/feeds/mine'

export const calendarFeedKey = ['auth', 'calendar-feed'] as const

export const calendarFeedQuery = () =>
  queryOptions({
    queryKey: calendarFeedKey,
    queryFn: ({ signal }) => api(MY_FEED_PATH, CalendarFeedStatus, { signal }),
  })

/** A new address (the previous one, if any, stops working): the only time its token is seen. */
export const createCalendarFeed = () => api(MY_FEED_PATH, NewCalendarFeed, { method: 'POST' })

export const revokeCalendarFeed = () => apiVoid(MY_FEED_PATH, { method: 'DELETE' })
