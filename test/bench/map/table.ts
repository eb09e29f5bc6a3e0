// Markdown tables for the map benchmark's report: numbers right-aligned, notes in place of
// figures that could not be measured.
import { p50, p95, type Figure } from './measure.ts'

export function printTable(title: string, header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)))
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? (c ?? '').padEnd(widths[i]!) : (c ?? '').padStart(widths[i]!))).join(' | ')} |`
  process.stdout.write(
    `\n${title}\n\n${line(header)}\n|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|\n`,
  )
  for (const row of rows) process.stdout.write(`${line(row)}\n`)
}

export const ms = (value: number) =>
  Number.isFinite(value) ? (value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(1)}`) : '—'
export const kb = (bytes: number | undefined) =>
  bytes === undefined ? '—' : bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} kB`
export const ratio = (a: number, b: number) =>
  Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(a / b < 10 ? 2 : 0)}×` : '—'

/** "p50 / p95" of a figure, or its note. A partial figure keeps its note beside the numbers. */
export function latency(figure: Figure | undefined): string {
  if (!figure) return '—'
  if (figure.ms.length === 0) return figure.note ?? '—'
  const text = figure.ms.length === 1 ? ms(figure.ms[0]!) : `${ms(p50(figure))} / ${ms(p95(figure))}`
  return figure.note ? `${text} (${figure.note})` : text
}
