// A user's secret calendar feed: an address a calendar app (Google, Apple, Outlook, Thunderbird…)
// subscribes to, because it cannot send Dey's session cookie. The address carries a random token;
// Dey keeps only its SHA-256 and shows the address once, when it is made.
import { z } from 'zod'
import { DateTime } from './common.ts'

/** The feed covers hearings and deadlines from this many days ago… */
export const CALENDAR_FEED_DAYS_BACK = 60
/** …to this many days ahead. */
export const CALENDAR_FEED_DAYS_AHEAD = 366
/**
 * An event deleted (or whose case was deleted) less than this many days ago is still served, as
 * cancelled, so calendar apps that keep events missing from a feed learn that it is off.
 */
export const CALENDAR_FEED_CANCELLED_DAYS = 60

/** What the owner may know of their feed later: never the token. */
export const CalendarFeed = z.object({
  createdAt: DateTime,
  /** When a calendar app last fetched it (to the hour): null until the first fetch. */
  lastUsedAt: DateTime.nullable(),
})
export type CalendarFeed = z.infer<typeof CalendarFeed>

/** `feed` is null when the user has no live feed (never made one, or revoked it). */
export const CalendarFeedStatus = z.object({ feed: CalendarFeed.nullable() })
export type CalendarFeedStatus = z.infer<typeof CalendarFeedStatus>

/** A feed just made: its address, with the token, shown this once. */
export const NewCalendarFeed = CalendarFeed.extend({
  /** `/api/calendar/feeds/<token>.ics`: the client prefixes its own origin. */
  path: z.string(),
  /** The same, absolute, as the server was reached. */
  url: z.string(),
})
export type NewCalendarFeed = z.infer<typeof NewCalendarFeed>

/** `token` as the URL has it; a malformed one answers 404 like an unknown one. */
export const CalendarFeedParams = z.object({ token: z.string() })

export const CalendarFeedQuery = z.object({
  /** `true`: only the cases on whose team (lead or member) the feed's owner is. */
  mine: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
})
export type CalendarFeedQuery = z.infer<typeof CalendarFeedQuery>

/** The feed of only the owner's own cases: the same address with `?mine=true`. */
export const onlyMyCasesUrl = (url: string) => `${url}?mine=true`

export const calendarFeedPath = (token: string) => `/api/calendar/feeds/${token}.ics`

/** `webcal://` makes phones offer to subscribe instead of downloading the file once. */
export function webcalUrlOf(url: string): string {
  return url.replace(/^https?:\/\//, 'webcal://')
}
