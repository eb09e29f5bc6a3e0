// Dates known only to the month or the year, or not at all (DatePrecision): which instant stands
// for one, and how one reads in English and Khmer. The client's screens and the server's dossiers
// both format with formatPreciseDate, so "May 2013" reads the same everywhere.
import { bilingual } from './i18n.ts'
import { APP_TIME_ZONE } from './time.ts'
import type { DatePrecision } from './vocabularies.ts'

export type DateLanguage = 'en' | 'km'

/**
 * Khmer month names (CLDR). Khmer dates are built from these rather than by Intl: several browsers
 * (Debian's Chromium among them) ship without Khmer date data and would print English month names
 * in the middle of a Khmer page.
 */
export const KHMER_MONTHS = ['មករា', 'កុម្ភៈ', 'មីនា', 'មេសា', 'ឧសភា', 'មិថុនា', 'កក្កដា', 'សីហា', 'កញ្ញា', 'តុលា', 'វិច្ឆិកា', 'ធ្នូ'] as const

export const preciseDateMessages = bilingual({ unknown: 'Date unknown' }, { unknown: 'មិនដឹងកាលបរិច្ឆេទ' })

const clockFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: APP_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

/** Year, month (1–12), day, hour, minute and second of an instant on Cambodia's clock. */
export function cambodiaClock(at: Date) {
  const parts = clockFormat.formatToParts(at)
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0)
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') }
}

/** The calendar day (YYYY-MM-DD) an instant falls on in Cambodia. */
export function cambodianDate(at: Date): string {
  const { year, month, day } = cambodiaClock(at)
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** The instant a calendar day begins in Cambodia (asks the zone's offset rather than assuming +07:00). */
export function startOfCambodianDay(year: number, month: number, day: number): Date {
  const asIfUtc = Date.UTC(year, month - 1, day)
  const clock = cambodiaClock(new Date(asIfUtc))
  const offsetMs = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second) - asIfUtc
  return new Date(asIfUtc - offsetMs)
}

/**
 * The instant stored for a date of this precision: the first moment of its month or year in
 * Cambodia ("May 2013" → 1 May 2013 00:00 Phnom Penh time); a day keeps its time of day.
 */
export function startOfPeriod(at: Date, precision: Exclude<DatePrecision, 'unknown'>): Date {
  if (precision === 'day') return at
  const { year, month } = cambodiaClock(at)
  return startOfCambodianDay(year, precision === 'month' ? month : 1, 1)
}

const englishFormats = new Map<string, Intl.DateTimeFormat>()
function englishFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(options)
  let format = englishFormats.get(key)
  if (!format) englishFormats.set(key, (format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: APP_TIME_ZONE })))
  return format
}

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * An incident's date as precisely as it is known, in Cambodia's time zone: "3 Oct 2026" (with
 * `withTime`, "3 Oct 2026, 08:30"), "May 2013", "2013", "Date unknown" — or in Khmer
 * "3 តុលា 2026", "ឧសភា 2013", "2013", "មិនដឹងកាលបរិច្ឆេទ". Never the stored instant of a month,
 * a year or an unknown date as if it were a day.
 */
export function formatPreciseDate(
  value: Date | string,
  precision: DatePrecision,
  language: DateLanguage,
  options: { withTime?: boolean } = {},
): string {
  if (precision === 'unknown') return preciseDateMessages[language].unknown
  const at = typeof value === 'string' ? new Date(value) : value
  const clock = cambodiaClock(at)
  if (precision === 'year') return String(clock.year)
  if (precision === 'month') {
    return language === 'km'
      ? `${KHMER_MONTHS[clock.month - 1]} ${clock.year}`
      : englishFormat({ month: 'long', year: 'numeric' }).format(at)
  }
  if (language === 'km') {
    const day = `${clock.day} ${KHMER_MONTHS[clock.month - 1]} ${clock.year}`
    return options.withTime ? `${day} ${pad(clock.hour)}:${pad(clock.minute)}` : day
  }
  return englishFormat(options.withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }).format(at)
}
