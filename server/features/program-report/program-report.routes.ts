import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { RenderPdfResult } from '../../lib/pdf.ts'

export const programReportRoutes: FastifyPluginAsyncZod<{
  print: ((html: string) => Promise<RenderPdfResult>) | undefined
  now: () => Date
}> = async () => {}
