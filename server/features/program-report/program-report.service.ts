// The yearly program report: ONE model of a period and a province, built from the other features'
// services (the dashboard's figures, the targets' progress, the activities), then written as HTML,
// PDF, XLSX or CSV. Figures come from computeStats, which counts only what the viewer may read;
// the activities are listed without facilitators, notes, costs or locations. Nothing names a person.
import type { Db } from '../../../db/open.ts'
import { cambodiaClock, startOfCambodianDay } from '../../../shared/dates.ts'
import { REPORT_MEDIA_TYPES, type ProgramReportQuery, type ReportFormat } from '../../../shared/program-report.ts'
import type { Stats } from '../../../shared/stats.ts'
import type { ProgramTarget } from '../../../shared/targets.ts'
import type { RenderPdfResult } from '../../lib/pdf.ts'
import { findPlaceNamesKm } from '../../lib/place-names.queries.ts'
import type { PlaceNamesKm } from '../../lib/place-names.ts'
import type { Viewer } from '../../lib/policy.ts'
import { listActivitiesForReport, type ReportActivity } from '../activities/activities.report.ts'
import { computeStats } from '../stats/stats.service.ts'
import { listTargetProgress } from '../targets/targets.service.ts'
import { createPeriodInvertedError, createReportPdfUnavailableError } from './program-report.errors.ts'
import { renderReportHtml } from './program-report.html.ts'
import { reportTable, reportTables } from './program-report.tables.ts'
import { writeReportCsv, writeReportXlsx } from './program-report.files.ts'

export interface ReportPeriod {
  /** Days in Cambodia, YYYY-MM-DD, inclusive. */
  from: string
  to: string
  /** The year whose targets are reported: the year of `to`. */
  targetYear: number
  /** The year asked for as `year`; null for a period given by from/to. */
  wholeYear: number | null
  /** "2026" for a whole year asked as `year`, else "2026-01-01_2026-06-30" (file names). */
  label: string
  province: string | null
}

export interface ProgramReport {
  period: ReportPeriod
  generatedAt: Date
  stats: Stats
  targets: ProgramTarget[]
  activities: ReportActivity[]
  placeNamesKm: PlaceNamesKm
}

export type ReportPrinter = ((html: string) => Promise<RenderPdfResult>) | undefined

export interface ReportFile {
  body: string | Buffer
  mediaType: string
  fileName: string
}

/** `year` is that whole year; otherwise `from` defaults to 1 January of the year of `to`, and `to` to today (Cambodia). */
export function reportPeriod(query: Pick<ProgramReportQuery, 'year' | 'from' | 'to' | 'province'>, now: Date): ReportPeriod {
  const province = query.province ?? null
  if (query.year !== undefined) {
    return {
      from: `${query.year}-01-01`,
      to: `${query.year}-12-31`,
      targetYear: query.year,
      wholeYear: query.year,
      label: String(query.year),
      province,
    }
  }
  const to = query.to ? cambodianDayOf(query.to) : cambodianDayOf(now)
  const from = query.from ? cambodianDayOf(query.from) : `${to.slice(0, 4)}-01-01`
  if (from > to) throw createPeriodInvertedError(from, to)
  return { from, to, targetYear: Number(to.slice(0, 4)), wholeYear: null, label: `${from}_${to}`, province }
}

export async function buildProgramReport(db: Db, query: ProgramReportQuery, viewer: Viewer, now: Date): Promise<ProgramReport> {
  const period = reportPeriod(query, now)
  const province = period.province ?? undefined
  // One after another: a report is one pooled connection, like the dashboard.
  const stats = await computeStats(db, { from: period.from, to: period.to, province }, viewer, now)
  const targets = await listTargetProgress(db, { now: progressAsOf(period, now), year: period.targetYear, province })
  const activities = await listActivitiesForReport(db, { from: period.from, to: period.to, province }, viewer)
  const placeNamesKm = await findPlaceNamesKm(db, [])
  return { period, generatedAt: now, stats, targets, activities, placeNamesKm }
}

export async function renderProgramReport(
  db: Db,
  query: ProgramReportQuery,
  viewer: Viewer,
  options: { print: ReportPrinter; now: Date },
): Promise<ReportFile> {
  // Refuse before counting anything: the figures would be thrown away.
  if (query.format === 'pdf' && !options.print)
    throw createReportPdfUnavailableError('PDF printing is turned off on this server (no Chromium configured)')
  const report = await buildProgramReport(db, query, viewer, options.now)
  const file = (body: string | Buffer) => ({
    body,
    mediaType: REPORT_MEDIA_TYPES[query.format].mediaType,
    fileName: reportFileName(report.period, query.lang, query.format, query.format === 'csv' ? query.table : undefined),
  })
  switch (query.format) {
    case 'html':
      return file(renderReportHtml(report, query.lang))
    case 'pdf': {
      const printed = await options.print!(renderReportHtml(report, query.lang))
      if ('skipped' in printed) throw createReportPdfUnavailableError(printed.skipped)
      return file(printed.pdf)
    }
    case 'xlsx':
      return file(await writeReportXlsx(reportTables(report, query.lang), options.now))
    case 'csv':
      return file(writeReportCsv(reportTable(report, query.lang, query.table!)))
  }
}

/** dey-program-report-2026-Ratanak-Kiri-km.pdf; a CSV names its table before the language. */
export function reportFileName(period: ReportPeriod, lang: string, format: ReportFormat, table?: string): string {
  const province = period.province ? period.province.replace(/[^\p{L}\p{M}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '') : ''
  const parts = ['dey-program-report', period.label, province, table?.replace(/_/g, '-') ?? '', lang].filter(Boolean)
  return `${parts.join('-')}.${REPORT_MEDIA_TYPES[format].extension}`
}

const pad = (n: number) => String(n).padStart(2, '0')

/** A period that has ended reports its targets as they stood at its end (a 2025 report read in 2026 shows 2025). */
function progressAsOf(period: ReportPeriod, now: Date): Date {
  const [year, month, day] = period.to.split('-').map(Number)
  const endOfPeriod = new Date(startOfCambodianDay(year!, month!, day! + 1).getTime() - 1)
  return endOfPeriod < now ? endOfPeriod : now
}

/** A bare date is already a Cambodian day; an instant is read on Cambodia's clock. */
function cambodianDayOf(value: string | Date): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value
  const clock = cambodiaClock(typeof value === 'string' ? new Date(value) : value)
  return `${clock.year}-${pad(clock.month)}-${pad(clock.day)}`
}
