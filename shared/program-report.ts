// The yearly program report: targets with pace, funders' indicators, activities, incidents and
// cases for a period and a province (or all), in English or Khmer, as HTML, PDF, XLSX or CSV.
// It holds no privileged or personal data: no names of people, no notes, no contacts, no exact
// locations, no confidential incidents (counted by the same rules as the dashboard's figures).
import { z } from 'zod'
import { DateBound } from './list.ts'
import { LANGUAGES } from './vocabularies.ts'

export const REPORT_FORMATS = ['html', 'pdf', 'xlsx', 'csv'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

/** The tables of the report; XLSX has one sheet each (in this order), CSV one table per request. */
export const REPORT_TABLES = [
  'summary',
  'targets',
  'targets_by_province',
  'participants',
  'activities_by_kind',
  'activities',
  'leadership',
  'incidents_by_kind',
  'incidents_by_month',
  'cases',
  'land',
] as const
export type ReportTable = (typeof REPORT_TABLES)[number]

/**
 * `from`/`to` default to 1 January of this year and today (Cambodia); `year` is a shortcut for a
 * whole year and may not be sent with them. `table` is required for CSV and ignored otherwise.
 */
export const ProgramReportQuery = z
  .object({
    year: z.coerce.number().int().min(1990).max(2100).optional(),
    from: DateBound.optional(),
    to: DateBound.optional(),
    province: z.string().trim().min(1).max(100).optional(),
    lang: z.enum(LANGUAGES).default('en'),
    format: z.enum(REPORT_FORMATS).default('html'),
    table: z.enum(REPORT_TABLES).optional(),
  })
  .superRefine((query, ctx) => {
    if (query.year !== undefined && (query.from !== undefined || query.to !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['year'], message: 'send either year or from/to, not both' })
    }
    if (query.format === 'csv' && query.table === undefined) {
      ctx.addIssue({ code: 'custom', path: ['table'], message: `is required for CSV: one of ${REPORT_TABLES.join(', ')}` })
    }
    if (query.from && query.to && query.from.slice(0, 10) > query.to.slice(0, 10)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' })
    }
  })
export type ProgramReportQuery = z.infer<typeof ProgramReportQuery>

/** Media types and file extensions of the formats. */
export const REPORT_MEDIA_TYPES: Readonly<Record<ReportFormat, { mediaType: string; extension: string }>> = {
  html: { mediaType: 'text/html; charset=utf-8', extension: 'html' },
  pdf: { mediaType: 'application/pdf', extension: 'pdf' },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  csv: { mediaType: 'text/csv; charset=utf-8', extension: 'csv' },
}
