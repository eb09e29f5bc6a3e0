import contentDisposition from 'content-disposition'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ProgramReportQuery, REPORT_MEDIA_TYPES, REPORT_TABLES } from '../../../shared/program-report.ts'
import { recordAudit } from '../../lib/audit.ts'
import { signedInViewer } from '../../lib/security.ts'
import { renderProgramReport, type ReportPrinter } from './program-report.service.ts'

const tags = ['program-report']
const binary = z.any().meta({ type: 'string', format: 'binary' })

export const programReportRoutes: FastifyPluginAsyncZod<{ print: ReportPrinter; now: () => Date }> = async (app, options) => {
  app.get(
    '/',
    {
      config: { permission: 'program_report.read' },
      schema: {
        tags,
        summary: 'The yearly program report for a period and a province, in English or Khmer, as HTML, PDF, XLSX or CSV',
        description:
          'Targets with pace, participants, activities, women in leadership, incidents, cases and land, counted as the dashboard counts them ' +
          'for the viewer. No names of people, notes, contacts, exact locations or privileged material. XLSX has one sheet per table ' +
          `(${REPORT_TABLES.join(', ')}); CSV is one table (table=…), UTF-8 with a byte order mark. ` +
          '503 program_report.pdf_unavailable when Chromium cannot print.',
        querystring: ProgramReportQuery,
        response: {
          200: {
            description: 'The report, as an attachment',
            content: Object.fromEntries(Object.values(REPORT_MEDIA_TYPES).map(({ mediaType }) => [mediaType, { schema: binary }])),
          },
        },
      },
    },
    async (req, reply) => {
      const file = await renderProgramReport(req.db, req.query, signedInViewer(req), { print: options.print, now: options.now() })
      const { lang, format, table, province, year, from, to } = req.query
      await recordAudit(req.db, req.auditContext, {
        action: 'export',
        entity: 'program_report',
        details: { lang, format, table, province, year, from, to },
      })
      return reply
        .type(file.mediaType)
        .header('content-disposition', contentDisposition(file.fileName, { type: 'attachment' }))
        .header('cache-control', 'private, no-store')
        .send(file.body)
    },
  )
}
