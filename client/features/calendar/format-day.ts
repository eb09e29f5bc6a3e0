// Day headings and times for the calendar, in the reader's language and Cambodia's time zone.
// (lib/format has dates and date-times; the calendar also needs the weekday and the bare time.)
// Some browsers ship without Khmer locale data (Debian's Chromium falls back to American
// English): Khmer names are then written out here, so a Khmer reader never gets English.
import { APP_TIME_ZONE } from '../../../shared/time.ts'
import { currentLanguage } from '../../lib/i18n.ts'
import { dateOfKey } from '../../lib/days.ts'
import { dateFormat } from '../../lib/format.ts'

const KHMER_WEEKDAYS = ['អាទិត្យ', 'ច័ន្ទ', 'អង្គារ', 'ពុធ', 'ព្រហស្បតិ៍', 'សុក្រ', 'សៅរ៍']
const KHMER_MONTHS = ['មករា', 'កុម្ភៈ', 'មីនា', 'មេសា', 'ឧសភា', 'មិថុនា', 'កក្កដា', 'សីហា', 'កញ្ញា', 'តុលា', 'វិច្ឆិកា', 'ធ្នូ']

let khmerSupport: boolean | undefined
/** Whether this browser's Intl knows Khmer (asked once). */
export function hasKhmerIntl(): boolean {
  khmerSupport ??= Intl.DateTimeFormat.supportedLocalesOf(['km']).length > 0
  return khmerSupport
}

const needsKhmerFallback = () => currentLanguage() === 'km' && !hasKhmerIntl()
const localeOf = () => (currentLanguage() === 'km' ? 'km-KH' : 'en-GB')

/** Year, month (1–12), day and weekday (0 = Sunday) of an instant in Cambodia. */
function cambodiaParts(at: Date) {
  const parts = dateFormat('en-US', {
    timeZone: APP_TIME_ZONE,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
  }).formatToParts(at)
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? ''
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday')),
  }
}

/** "Monday 7 December 2026" / "ច័ន្ទ 7 ធ្នូ 2026" for a day key. */
export function formatDayHeading(key: string): string {
  const date = dateOfKey(key)
  if (needsKhmerFallback()) {
    const { year, month, day, weekday } = cambodiaParts(date)
    return `ថ្ងៃ${KHMER_WEEKDAYS[weekday]} ទី${day} ខែ${KHMER_MONTHS[month - 1]} ឆ្នាំ${year}`
  }
  return dateFormat(localeOf(), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: APP_TIME_ZONE,
  }).format(date)
}

/** "7 Dec 2026": the bounds of the week shown. */
export function formatShortDay(key: string): string {
  const date = dateOfKey(key)
  if (needsKhmerFallback()) {
    const { year, month, day } = cambodiaParts(date)
    return `${day} ${KHMER_MONTHS[month - 1]} ${year}`
  }
  return dateFormat(localeOf(), { day: 'numeric', month: 'short', year: 'numeric', timeZone: APP_TIME_ZONE }).format(date)
}

/** "December 2026": the month shown. */
export function formatMonth(key: string): string {
  const date = dateOfKey(key)
  if (needsKhmerFallback()) {
    const { year, month } = cambodiaParts(date)
    return `ខែ${KHMER_MONTHS[month - 1]} ឆ្នាំ${year}`
  }
  return dateFormat(localeOf(), { month: 'long', year: 'numeric', timeZone: APP_TIME_ZONE }).format(date)
}

/** "09:00" in Cambodia (24-hour in both languages, as court notices write it). */
export const formatTime = (at: Date) =>
  dateFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: APP_TIME_ZONE }).format(at)
