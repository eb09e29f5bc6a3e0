// Dates and numbers in the reader's language. Times are shown in Cambodia's time zone, whatever
// the device says: a hearing at 09:00 in Phnom Penh is at 09:00 for everyone on the case.
import { APP_TIME_ZONE } from '../../shared/time.ts'
import { currentLanguage } from './i18n.ts'

const localeOf = () => (currentLanguage() === 'km' ? 'km-KH' : 'en-GB')

const toDate = (value: Date | string) => (typeof value === 'string' ? new Date(value) : value)

export function formatDate(value: Date | string | null | undefined): string {
  if (value === null || value === undefined) return '—'
  // A bare ISO date (2026-03-01) is a calendar day, not midnight UTC.
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return new Intl.DateTimeFormat(localeOf(), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`))
  }
  return new Intl.DateTimeFormat(localeOf(), { dateStyle: 'medium', timeZone: APP_TIME_ZONE }).format(toDate(value))
}

export function formatDateTime(value: Date | string | null | undefined): string {
  if (value === null || value === undefined) return '—'
  return new Intl.DateTimeFormat(localeOf(), { dateStyle: 'medium', timeStyle: 'short', timeZone: APP_TIME_ZONE }).format(toDate(value))
}

export function formatNumber(value: number | null | undefined, maximumFractionDigits = 0): string {
  if (value === null || value === undefined) return '—'
  return new Intl.NumberFormat(localeOf(), { maximumFractionDigits }).format(value)
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
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: APP_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(value)
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '00'
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`
}

/** An <input type="datetime-local"> value, read as Cambodia time (UTC+7, no daylight saving). */
export const fromDateTimeLocalValue = (value: string): string => `${value}:00+07:00`
