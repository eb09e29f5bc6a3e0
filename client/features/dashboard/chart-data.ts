// Pure functions that turn the stats API's tallies into chart series: no React, no Chart.js,
// so they are easy to test.
import type { Tally } from '../../../shared/stats.ts'

export interface Series {
  /** The API's key of each bar ('2026-03', 'demolition', 'Ratanak Kiri'). */
  keys: string[]
  labels: string[]
  values: number[]
}

const MONTH_KEY = /^(\d{4})-(\d{2})$/

function monthIndex(key: string): number | undefined {
  const match = MONTH_KEY.exec(key)
  return match ? Number(match[1]) * 12 + Number(match[2]) - 1 : undefined
}

const monthKeyOf = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`

/** The month ('YYYY-MM') a filter bound ('YYYY-MM-DD' or a date-time) falls in. */
const monthOfBound = (bound: string | null | undefined) => (bound && /^\d{4}-\d{2}/.test(bound) ? bound.slice(0, 7) : undefined)

/** More months than this and the chart stops being readable; the filter narrows it. */
export const MAX_MONTHS = 120

/**
 * Every month from the first to the last, zeros included: the API lists only months with
 * incidents, and a chart that skips empty months misleads. A filter's bounds widen the span.
 */
export function monthSeries(
  byMonth: readonly Tally[],
  formatMonth: (key: string) => string,
  bounds: { from?: string | null; to?: string | null } = {},
): Series {
  const counts = new Map<number, number>()
  for (const tally of byMonth) {
    const index = monthIndex(tally.key)
    if (index !== undefined) counts.set(index, (counts.get(index) ?? 0) + tally.count)
  }
  const indexes = [...counts.keys()]
  const fromIndex = monthIndex(monthOfBound(bounds.from) ?? '')
  const toIndex = monthIndex(monthOfBound(bounds.to) ?? '')
  let first = fromIndex ?? (indexes.length ? Math.min(...indexes) : undefined)
  const last = toIndex ?? (indexes.length ? Math.max(...indexes) : undefined)
  if (first === undefined || last === undefined || first > last) return { keys: [], labels: [], values: [] }
  first = Math.max(first, last - MAX_MONTHS + 1)
  const keys: string[] = []
  const values: number[] = []
  for (let index = first; index <= last; index++) {
    keys.push(monthKeyOf(index))
    values.push(counts.get(index) ?? 0)
  }
  return { keys, labels: keys.map(formatMonth), values }
}

/** "Nov 2026" / "វិច្ឆិកា 2026" for a 'YYYY-MM' key; `monthNames` are the twelve month names. */
export function monthLabel(key: string, monthNames: readonly string[]): string {
  const match = MONTH_KEY.exec(key)
  if (!match) return key
  return `${monthNames[Number(match[2]) - 1] ?? match[2]} ${match[1]}`
}

/**
 * A long axis label as lines of at most `maxChars`, broken between words. Khmer writes no spaces
 * between words, so the words come from Intl.Segmenter (ICU's Khmer dictionary).
 */
export function wrapLabel(label: string, maxChars: number, locale: string): string | string[] {
  if (label.length <= maxChars) return label
  const words =
    typeof Intl.Segmenter === 'function'
      ? [...new Intl.Segmenter(locale, { granularity: 'word' }).segment(label)].map((part) => part.segment)
      : label.split(/(?<=\s)/)
  const lines: string[] = []
  let line = ''
  for (const word of words) {
    if (line && (line + word).trimEnd().length > maxChars) {
      lines.push(line.trim())
      line = word.trimStart()
    } else {
      line += word
    }
  }
  if (line.trim()) lines.push(line.trim())
  return lines.length > 1 ? lines : label
}

/** One bar per value, in the API's order, labelled by `label`. */
export function tallySeries(tallies: readonly Tally[], label: (key: string) => string): Series {
  return {
    keys: tallies.map((tally) => tally.key),
    labels: tallies.map((tally) => label(tally.key)),
    values: tallies.map((tally) => tally.count),
  }
}

export const sumOf = (values: readonly number[]) => values.reduce((total, value) => total + value, 0)

/** The share of a part in a whole, in percent with one decimal; undefined when the whole is 0. */
export function percentOf(part: number, whole: number): number | undefined {
  if (!(whole > 0)) return undefined
  return Math.round((part / whole) * 1000) / 10
}
