// Dates and numbers in the reader's language. Times are shown in Cambodia's time zone, whatever
// the device says: a hearing at 09:00 in Phnom Penh is at 09:00 for everyone on the case.
import { formatPreciseDate, KHMER_MONTHS } from '../../shared/dates.ts'
import { APP_TIME_ZONE } from '../../shared/time.ts'
import type { DatePrecision } from '../../shared/vocabularies.ts'
import { currentLanguage } from './i18n.ts'

const localeOf = () => (currentLanguage() === 'km' ? 'km-KH' : 'en-GB')

const toDate = (value: Date | string) => (typeof value === 'string' ? new Date(value) : value)

// Making an Intl formatter costs tens of microseconds, formatting with one almost nothing: the map
// formats thousands of counts per redraw, so formatters are made once per locale and options.
const dateFormats = new Map<string, Intl.DateTimeFormat>()
const numberFormats = new Map<string, Intl.NumberFormat>()

export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`
  let format = dateFormats.get(key)
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(locale, options)))
  return format
}

function numberFormat(locale: string, maximumFractionDigits: number): Intl.NumberFormat {
  const key = `${locale}|${maximumFractionDigits}`
  let format = numberFormats.get(key)
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, { maximumFractionDigits })))
  return format
}

/** Year, month, day, hour and minute of an instant on Cambodia's clock (or UTC for calendar days). */
function clockParts(date: Date, timeZone: string) {
  const parts = dateFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date)
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '00'
  return { year: get('year'), month: Number(get('month')), day: Number(get('day')), hour: get('hour'), minute: get('minute') }
}

const khmerDate = (parts: ReturnType<typeof clockParts>) => `${parts.day} ${KHMER_MONTHS[parts.month - 1]} ${parts.year}`

export function formatDate(value: Date | string | null | undefined): string {
  if (value === null || value === undefined) return '—'
  // A bare ISO date (2026-03-01) is a calendar day, not midnight UTC.
  const isCalendarDay = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
  const date = isCalendarDay ? new Date(`${value}T00:00:00Z`) : toDate(value)
  const timeZone = isCalendarDay ? 'UTC' : APP_TIME_ZONE
  if (currentLanguage() === 'km') return khmerDate(clockParts(date, timeZone))
  return dateFormat(localeOf(), { dateStyle: 'medium', timeZone }).format(date)
}

export function formatDateTime(value: Date | string | null | undefined): string {
  if (value === null || value === undefined) return '—'
  const date = toDate(value)
  if (currentLanguage() === 'km') {
    const parts = clockParts(date, APP_TIME_ZONE)
    return `${khmerDate(parts)} ${parts.hour}:${parts.minute}`
  }
  return dateFormat(localeOf(), { dateStyle: 'medium', timeStyle: 'short', timeZone: APP_TIME_ZONE }).format(date)
}

/**
 * An incident's date as precisely as it is known, in the reader's language: "3 Oct 2026" (with the
 * time when asked), "May 2013", "2013", "Date unknown". The dossiers write it with the same function.
 */
export const formatOccurred = (value: Date | string, precision: DatePrecision, options: { withTime?: boolean } = {}): string =>
  formatPreciseDate(value, precision, currentLanguage() === 'km' ? 'km' : 'en', options)

/** "Nov 2026" / "វិច្ឆិកា 2026", for chart axes and month headings. */
export function formatMonth(value: Date | string): string {
  const date =
    typeof value === 'string' && /^\d{4}-\d{2}(-\d{2})?$/.test(value) ? new Date(`${value.slice(0, 7)}-01T00:00:00Z`) : toDate(value)
  const timeZone = typeof value === 'string' && /^\d{4}-\d{2}(-\d{2})?$/.test(value) ? 'UTC' : APP_TIME_ZONE
  if (currentLanguage() === 'km') {
    const parts = clockParts(date, timeZone)
    return `${KHMER_MONTHS[parts.month - 1]} ${parts.year}`
  }
  return dateFormat(localeOf(), { month: 'short', year: 'numeric', timeZone }).format(date)
}

const collators = new Map<string, Intl.Collator>()

/**
 * Alphabetical order in a language, for sort(). `a.localeCompare(b, language)` makes a collator per
 * comparison: sorting 2,000 community names that way took ~100 ms on every render of the map.
 */
export function textOrder(language: string): (a: string, b: string) => number {
  let collator = collators.get(language)
  if (!collator) collators.set(language, (collator = new Intl.Collator(language)))
  return collator.compare
}

export function formatNumber(value: number | null | undefined, maximumFractionDigits = 0): string {
  if (value === null || value === undefined) return '—'
  return numberFormat(localeOf(), maximumFractionDigits).format(value)
}

/** Hectares: one decimal under 100 ha, whole numbers above. */
export const formatHectares = (value: number | null | undefined) =>
  formatNumber(value, value !== null && value !== undefined && Math.abs(value) < 100 ? 1 : 0)

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${formatNumber(value, unit === 0 ? 0 : 1)} ${units[unit]}`
}

/** The value for an <input type="datetime-local">, in Cambodia's time zone. */
export function toDateTimeLocalValue(value: Date): string {
  const parts = dateFormat('en-CA', {
    timeZone: APP_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(value)
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '00'
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`
}

/** An <input type="datetime-local"> value, read as Cambodia time (UTC+7, no daylight saving). */
export const fromDateTimeLocalValue = (value: string): string => `${value}:00+07:00`

/** A percentage for an overlap, e.g. 12.5 → "12.5%" in the reader's digits. */
export const percentText = (value: number, format: (value: number, digits?: number) => string) => `${format(value, value < 10 ? 1 : 0)}%`
