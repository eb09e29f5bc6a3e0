import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { Stats, StatsQuery } from '../../../shared/stats.ts'
import { computeStats } from './stats.service.ts'

const tags = ['stats']

export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/', {
    schema: {
      tags,
      summary: 'Counts of incidents, communities and cases, land under dispute, and program target progress',
      querystring: StatsQuery,
      response: { 200: Stats },
    },
  }, async (req) => computeStats(app.db, req.query))
}
