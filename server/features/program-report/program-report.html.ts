// The report as one self-contained page (inline CSS and SVG charts, no script, no network) that
// reads on screen and prints on A4 with Chromium. Khmer is shaped by the system's Khmer fonts
// (fonts-khmeros / fonts-noto-core), named first as in the dossiers, and the page says its language
// so Chromium picks them. Every value is escaped: titles and names are typed by users.
import { formatPreciseDate, startOfCambodianDay } from '../../../shared/dates.ts'
import type { LanguageCode } from '../../../shared/vocabularies.ts'
import type { ProgramReport } from './program-report.service.ts'
import { monthsOf, reportTables, Words, type Cell, type ReportTableData } from './program-report.tables.ts'

const CSS = `
  @page { size: A4; }
  body { font-family: 'Noto Sans Khmer', 'Khmer OS', 'Khmer OS System', sans-serif; line-height: 1.5; color: #111; margin: 2rem auto; max-width: 64rem; padding: 0 1rem; }
  h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { font-size: 1.2rem; border-bottom: 2px solid #333; margin-top: 2rem; }
  table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
  th, td { border: 1px solid #bbb; padding: 0.2rem 0.4rem; text-align: left; vertical-align: top; }
  table.wide { font-size: 0.72rem; } th { background: #eee; } td.number { text-align: right; white-space: nowrap; } td.date { white-space: nowrap; }
  .meta { font-size: 0.85rem; color: #444; } .note { font-size: 0.8rem; color: #555; border-left: 3px solid #999; padding-left: 0.5rem; }
  figure { margin: 1rem 0; } figcaption { font-weight: bold; font-size: 0.9rem; }
  svg { width: 100%; height: auto; } svg text { font-family: inherit; font-size: 11px; fill: #222; }
  @media print { body { margin: 0; max-width: none; font-size: 9.5pt; } h2 { page-break-after: avoid; }
    tr, figure { page-break-inside: avoid; } }
`

const COLORS = { done: '#2f6f4f', expected: '#c8a24a', bar: '#3b6ea5', women: '#a8437a', men: '#3b6ea5', youth: '#d08a2c' }

export function renderReportHtml(report: ProgramReport, lang: LanguageCode): string {
  const words = new Words(report, lang)
  const m = words.m
  const { period } = report
  const day = (isoDay: string) => {
    const [year, month, date] = isoDay.split('-').map(Number)
    return formatPreciseDate(startOfCambodianDay(year!, month!, date!), 'day', lang)
  }
  const place = words.province(period.province)
  const title = `${m.title} ${period.wholeYear !== null ? period.wholeYear : `${day(period.from)} – ${day(period.to)}`} — ${place}`
  const chartsAfter: Partial<Record<ReportTableData['name'], string>> = {
    targets: targetsChart(report, words),
    participants: participantsChart(report, words),
    incidents_by_month: incidentsByMonthChart(report, words),
  }
  const sections = reportTables(report, lang).map(
    (table) =>
      `<section id="${table.name}"><h2>${escapeHtml(table.title)}</h2>${tableHtml(table, m.none)}${chartsAfter[table.name] ?? ''}</section>`,
  )
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(m.period)}: <span class="date">${escapeHtml(day(period.from))}</span> – <span class="date">${escapeHtml(day(period.to))}</span> · ${escapeHtml(m.province)}: ${escapeHtml(place)} · ${escapeHtml(m.generatedAt)}: ${escapeHtml(formatPreciseDate(report.generatedAt, 'day', lang, { withTime: true }))}</p>
<p class="note">${escapeHtml(m.privacyNote)}</p>
${sections.join('\n')}
</body>
</html>
`
}

function tableHtml(table: ReportTableData, none: string): string {
  if (table.rows.length === 0) return `<p>${escapeHtml(none)}</p>`
  const head = table.columns.map((column) => `<th>${escapeHtml(column.header)}</th>`).join('')
  const cell = (value: Cell, i: number) => {
    const type = table.columns[i]!.type
    const className = type === 'integer' || type === 'number' || typeof value === 'number' ? 'number' : type === 'date' ? 'date' : ''
    return `<td${className ? ` class="${className}"` : ''}>${escapeHtml(value ?? '')}</td>`
  }
  const body = table.rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('')
  // The activity list and the months by incident kind: many columns, so a smaller type.
  return `<table${table.columns.length > 9 ? ' class="wide"' : ''}><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`
}

// ---- Charts: plain SVG bars, drawn on the server (the page runs no script) ------------------------

interface Series {
  name: string
  color: string
}
interface BarGroup {
  label: string
  /** One per series; null draws no bar. */
  values: (number | null)[]
  /** Instead of the series' colour (a chart of one series whose bars differ). */
  color?: string
}

const WIDTH = 680
const LABEL_WIDTH = 230
const BAR_HEIGHT = 12
const LEGEND_HEIGHT = 22

/** Grouped horizontal bars: a label on the left, one bar per series, the value at its end. */
function horizontalBars(caption: string, series: Series[], groups: BarGroup[]): string {
  if (groups.length === 0) return ''
  const max = Math.max(1, ...groups.flatMap((group) => group.values.map((value) => value ?? 0)))
  const plotWidth = WIDTH - LABEL_WIDTH - 50
  const groupHeight = series.length * BAR_HEIGHT + 10
  const height = LEGEND_HEIGHT + groups.length * groupHeight
  const legend = series.length > 1 ? legendSvg(series) : ''
  const bars = groups.map((group, g) => {
    const top = LEGEND_HEIGHT + g * groupHeight
    const label = `<text x="${LABEL_WIDTH - 6}" y="${top + (series.length * BAR_HEIGHT) / 2 + 4}" text-anchor="end">${escapeHtml(shorten(group.label, 38))}</text>`
    const groupBars = group.values.map((value, s) => {
      if (value === null) return ''
      const y = top + s * BAR_HEIGHT
      const width = (value / max) * plotWidth
      return `<rect x="${LABEL_WIDTH}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT - 2}" fill="${group.color ?? series[s]!.color}"/><text x="${(LABEL_WIDTH + width + 4).toFixed(1)}" y="${y + BAR_HEIGHT - 3}">${escapeHtml(formatNumber(value))}</text>`
    })
    return label + groupBars.join('')
  })
  return figure(caption, height, legend + bars.join(''))
}

/** Columns over time: one per month, the value above it and the month under it. */
function columns(caption: string, color: string, points: { label: string; value: number }[]): string {
  if (points.length === 0) return ''
  const height = 200
  const bottom = height - 30
  const max = Math.max(1, ...points.map((point) => point.value))
  const step = (WIDTH - 20) / points.length
  const barWidth = Math.max(2, step * 0.7)
  // Beyond two years of months the labels would overlap: every nth month is named.
  const labelEvery = Math.ceil(points.length / 24)
  const bars = points.map((point, i) => {
    const x = 10 + i * step + (step - barWidth) / 2
    const barHeight = (point.value / max) * (bottom - 20)
    const centre = (x + barWidth / 2).toFixed(1)
    const value =
      point.value > 0 ? `<text x="${centre}" y="${(bottom - barHeight - 3).toFixed(1)}" text-anchor="middle">${point.value}</text>` : ''
    const label =
      i % labelEvery === 0
        ? `<text x="${centre}" y="${bottom + 14}" text-anchor="middle" font-size="9">${escapeHtml(point.label)}</text>`
        : ''
    return `<rect x="${x.toFixed(1)}" y="${(bottom - barHeight).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${color}"/>${value}${label}`
  })
  return figure(caption, height, `<line x1="10" y1="${bottom}" x2="${WIDTH - 10}" y2="${bottom}" stroke="#888"/>${bars.join('')}`)
}

function legendSvg(series: Series[]): string {
  return series
    .map(
      (entry, i) =>
        `<rect x="${LABEL_WIDTH + i * 150}" y="4" width="12" height="12" fill="${entry.color}"/><text x="${LABEL_WIDTH + i * 150 + 16}" y="14">${escapeHtml(entry.name)}</text>`,
    )
    .join('')
}

function figure(caption: string, height: number, content: string): string {
  return `<figure><figcaption>${escapeHtml(caption)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeHtml(caption)}">${content}</svg></figure>`
}

function targetsChart({ targets }: ProgramReport, words: Words): string {
  const m = words.m.charts
  return horizontalBars(
    m.targets,
    [
      { name: m.done, color: COLORS.done },
      { name: m.expected, color: COLORS.expected },
    ],
    targets.map((target) => ({
      label: `${target.code ? `${target.code} ` : ''}${words.named({ name: target.label, nameKm: target.labelKm })}`,
      values: [target.progress.done, target.progress.expected],
    })),
  )
}

function participantsChart({ activities }: ProgramReport, words: Words): string {
  const sum = (pick: (p: ProgramReport['activities'][number]['participants']) => number) =>
    activities.reduce((total, activity) => total + pick(activity.participants), 0)
  const { columns: c } = words.m
  const rows = [
    { label: c.women, value: sum((p) => p.women), color: COLORS.women },
    { label: c.men, value: sum((p) => p.men), color: COLORS.men },
    { label: c.youth, value: sum((p) => p.youth), color: COLORS.youth },
  ]
  return horizontalBars(
    words.m.charts.participantsBySex,
    [{ name: '', color: COLORS.bar }],
    rows.map((row) => ({ label: row.label, values: [row.value], color: row.color })),
  )
}

function incidentsByMonthChart({ period, stats }: ProgramReport, words: Words): string {
  const counts = new Map(stats.incidents.byMonth.map((tally) => [tally.key, tally.count]))
  return columns(
    words.m.charts.incidentsByMonth,
    COLORS.bar,
    monthsOf(period.from, period.to).map((month) => ({ label: month, value: counts.get(month) ?? 0 })),
  )
}

const formatNumber = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1))

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

const escapeHtml = (value: unknown) =>
  String(value ?? '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!)
