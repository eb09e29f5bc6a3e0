// A date field that may know only the month or the year, or nothing (DatePrecision), as form
// values (strings, as inputs hold them) and as the occurredAt / occurredPrecision of a request body.
// The report form and the incident edit form both use it; the server normalises again.
import { cambodiaClock } from '../../shared/dates.ts'
import type { DatePrecision } from '../../shared/vocabularies.ts'
import { fromDateTimeLocalValue, toDateTimeLocalValue } from './format.ts'

export interface PreciseDateValues {
  occurredPrecision: DatePrecision
  /** <input type="datetime-local">, Cambodia time: the date when the precision is 'day'. */
  occurredAt: string
  /** '1'…'12': the month when the precision is 'month'. */
  occurredMonth: string
  /** 'YYYY': the year when the precision is 'month' or 'year'. */
  occurredYear: string
}

/** Every input filled from one instant, so switching the precision starts from a sensible date. */
export function preciseDateValuesOf(at: Date, precision: DatePrecision): PreciseDateValues {
  const { year, month } = cambodiaClock(at)
  return { occurredPrecision: precision, occurredAt: toDateTimeLocalValue(at), occurredMonth: String(month), occurredYear: String(year) }
}

const isYear = (text: string) => /^\d{4}$/.test(text.trim())
const twoDigits = (n: number) => String(n).padStart(2, '0')

/**
 * occurredAt (ISO, Cambodia time; the 1st of the month or 1 January for a month or a year) and
 * occurredPrecision. occurredAt is null while the inputs do not make a date, and absent when the
 * date is not known.
 */
export function preciseDateBody(values: PreciseDateValues): { occurredAt?: string | null; occurredPrecision: DatePrecision } {
  const { occurredPrecision: precision } = values
  const year = values.occurredYear.trim()
  const month = Number(values.occurredMonth)
  switch (precision) {
    case 'unknown':
      return { occurredPrecision: precision }
    case 'day':
      return { occurredPrecision: precision, occurredAt: values.occurredAt ? fromDateTimeLocalValue(values.occurredAt) : null }
    case 'month':
      return {
        occurredPrecision: precision,
        occurredAt: isYear(year) && month >= 1 && month <= 12 ? `${year}-${twoDigits(month)}-01T00:00:00+07:00` : null,
      }
    case 'year':
      return { occurredPrecision: precision, occurredAt: isYear(year) ? `${year}-01-01T00:00:00+07:00` : null }
  }
}

/** What is wrong with the inputs ('required', 'year'), before the shared schema has its say. */
export function preciseDateProblem(values: PreciseDateValues): 'required' | 'year' | undefined {
  const { occurredPrecision: precision } = values
  if (precision === 'unknown') return undefined
  if (precision === 'day') return values.occurredAt ? undefined : 'required'
  const year = values.occurredYear.trim()
  if (!year || (precision === 'month' && !values.occurredMonth)) return 'required'
  return isYear(year) && Number(year) >= 1900 ? undefined : 'year'
}
