// Turning a source file's attribute values into Dey's: texts, counts, hectares, dates, and the
// vocabulary of a field (kinds, statuses). Pure; every function says what it could not read.
import type { ImportValue } from '../../../shared/imports.ts'
import type { DatePrecision } from '../../../shared/vocabularies.ts'

/** A value that could not be read, with the reason shown in the dry-run report. */
export class ValueError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`)
    this.name = 'ValueError'
  }
}

export function textOf(value: ImportValue | undefined): string | null {
  if (value === null || value === undefined) return null
  const text = String(value).trim()
  return text === '' ? null : text
}

/** Hectares or counts: "5,643", " 70 ", 70.5; an empty value is no value. */
export function numberOf(value: ImportValue | undefined, field: string): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  const text = textOf(value)
  if (text === null) return null
  const number = Number(text.replace(/[,\s]/g, ''))
  if (!Number.isFinite(number)) throw new ValueError(field, `"${text}" is not a number`)
  return number
}

export function countOf(value: ImportValue | undefined, field: string): number | null {
  const number = numberOf(value, field)
  if (number === null) return null
  if (!Number.isInteger(number) || number < 0) throw new ValueError(field, `${number} is not a whole number of 0 or more`)
  return number
}

export interface ReadDate {
  /** The period's first day, YYYY-MM-DD. */
  day: string
  precision: Exclude<DatePrecision, 'unknown'>
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/**
 * Dates as sources write them: 2010-08-20, 2000/10/26, 20100820 (DBF), 26/10/2000 (day first, as
 * in Cambodia), "Oct 2000", 2000-10, 2000. A day-first and a month-first reading of 03/04/2012
 * differ, so a slash date with the first number ≤ 12 is read day-first and said so nowhere else:
 * sources in Cambodia write day-first.
 */
export function dateOf(value: ImportValue | undefined, field: string): ReadDate | null {
  const text = textOf(value)
  // Spreadsheet and Access exports write their day zero where a date was left empty.
  if (text === null || /^1899[-/.]12[-/.]3[01]/.test(text)) return null
  const pad = (n: number) => String(n).padStart(2, '0')
  const make = (year: number, month: number, day: number, precision: ReadDate['precision']): ReadDate => {
    const date = new Date(Date.UTC(year, month - 1, day))
    if (year < 1900 || year > 2100 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
      throw new ValueError(field, `"${text}" is not a date between 1900 and 2100`)
    }
    return { day: `${year}-${pad(month)}-${pad(day)}`, precision }
  }
  let m: RegExpMatchArray | null
  if ((m = text.match(/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/))) return make(+m[1]!, +m[2]!, +m[3]!, 'day')
  if ((m = text.match(/^(\d{4})(\d{2})(\d{2})$/))) return make(+m[1]!, +m[2]!, +m[3]!, 'day')
  if ((m = text.match(/^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/))) return make(+m[3]!, +m[2]!, +m[1]!, 'day')
  if ((m = text.match(/^(\d{4})[-/](\d{1,2})$/))) return make(+m[1]!, +m[2]!, 1, 'month')
  if ((m = text.match(/^([A-Za-z]{3})[a-z]*\.?\s+(\d{4})$/))) {
    const month = MONTHS.indexOf(m[1]!.toLowerCase())
    if (month >= 0) return make(+m[2]!, month + 1, 1, 'month')
  }
  if ((m = text.match(/^(\d{4})$/))) return make(+m[1]!, 1, 1, 'year')
  throw new ValueError(field, `"${text}" is not a date Dey can read (use YYYY-MM-DD, DD/MM/YYYY, YYYY-MM or YYYY)`)
}

/**
 * A value of a vocabulary: "ELC", "Economic land concession" → `elc` only when it is the code
 * itself (any case, spaces or hyphens for underscores); anything else is refused by name.
 */
export function vocabularyOf<T extends string>(value: ImportValue | undefined, field: string, vocabulary: readonly T[]): T | null {
  const text = textOf(value)
  if (text === null) return null
  const code = text.toLowerCase().replace(/[\s-]+/g, '_')
  const found = vocabulary.find((entry) => entry === code)
  if (!found) throw new ValueError(field, `"${text}" is not one of ${vocabulary.join(', ')}`)
  return found
}
