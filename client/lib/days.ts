// Calendar days in Cambodia's time zone, whatever the device's: a hearing at 08:00 in Phnom Penh
// is "tomorrow" for a lawyer in Phnom Penh and for one reading on a laptop set to UTC. Days are
// handled as 'YYYY-MM-DD' keys, and arithmetic on them is done in UTC, where every day has 24 hours.
import { APP_TIME_ZONE } from '../../shared/time.ts'

const DAY_MS = 24 * 60 * 60 * 1000

const keyFormat = new Intl.DateTimeFormat('en-CA', { timeZone: APP_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })

/** The Cambodian calendar day of an instant, as 'YYYY-MM-DD'. */
export function cambodiaDayKey(at: Date): string {
  const parts = keyFormat.formatToParts(at)
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '00'
  return `${get('year')}-${get('month')}-${get('day')}`
}

const utcOf = (key: string) => Date.UTC(Number(key.slice(0, 4)), Number(key.slice(5, 7)) - 1, Number(key.slice(8, 10)))
const keyOfUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** Whole days from one day key to another (positive when `to` is later). */
export const daysBetween = (from: string, to: string) => Math.round((utcOf(to) - utcOf(from)) / DAY_MS)

export const addDays = (key: string, days: number) => keyOfUtc(utcOf(key) + days * DAY_MS)

/** Monday of the week containing the day (weeks start on Monday in Cambodia). */
export function startOfWeek(key: string): string {
  const weekday = new Date(utcOf(key)).getUTCDay() // 0 = Sunday
  return addDays(key, -((weekday + 6) % 7))
}

export const startOfMonth = (key: string) => `${key.slice(0, 7)}-01`

export function endOfMonth(key: string): string {
  const year = Number(key.slice(0, 4))
  const month = Number(key.slice(5, 7))
  return keyOfUtc(Date.UTC(year, month, 0))
}

export function addMonths(key: string, months: number): string {
  const date = new Date(utcOf(startOfMonth(key)))
  date.setUTCMonth(date.getUTCMonth() + months)
  return keyOfUtc(date.getTime())
}

/** A day key as a Date at noon UTC: formatting it in Cambodia's zone (UTC+7) gives the same day. */
export const dateOfKey = (key: string) => new Date(utcOf(key) + 12 * 60 * 60 * 1000)

export type TimingState = 'done' | 'overdue' | 'past' | 'today' | 'tomorrow' | 'soon' | 'later'

export interface Timing {
  state: TimingState
  /** Days from today to the event's day: negative in the past. */
  days: number
}

/** Upcoming events within this many days are highlighted. */
export const SOON_DAYS = 14

/**
 * How urgent a case event is, counted in Cambodian calendar days. A past deadline that is not done
 * is overdue; other past events are just past (a hearing no one marked done is not a missed duty).
 */
export function eventTiming(event: { startsAt: Date; kind: string; isDone: boolean }, now: Date = new Date()): Timing {
  const days = daysBetween(cambodiaDayKey(now), cambodiaDayKey(event.startsAt))
  if (event.isDone) return { state: 'done', days }
  if (days === 0) return { state: 'today', days }
  if (days < 0) return { state: event.kind === 'deadline' ? 'overdue' : 'past', days }
  if (days === 1) return { state: 'tomorrow', days }
  return { state: days <= SOON_DAYS ? 'soon' : 'later', days }
}

/** Items grouped by their Cambodian day, days in order, items in time order within a day. */
export function groupByDay<T>(items: readonly T[], at: (item: T) => Date): { day: string; items: T[] }[] {
  const groups = new Map<string, T[]>()
  for (const item of [...items].sort((a, b) => at(a).getTime() - at(b).getTime())) {
    const day = cambodiaDayKey(at(item))
    const group = groups.get(day)
    if (group) group.push(item)
    else groups.set(day, [item])
  }
  return [...groups].map(([day, dayItems]) => ({ day, items: dayItems }))
}
