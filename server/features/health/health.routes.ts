import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { Health } from '../../../shared/health.ts'
import { postgisVersion } from '../../../db/open.ts'

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    { config: { permission: 'public' }, schema: { tags: ['system'], summary: 'Server and database health', response: { 200: Health } } },
    async () => ({
      status: 'ok' as const,
      database: app.database.driver,
      postgis: await postgisVersion(app.db),
    }),
  )
}
