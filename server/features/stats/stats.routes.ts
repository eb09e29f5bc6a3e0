import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { Stats, StatsQuery } from '../../../shared/stats.ts'
import { cachedStats, createStatsCache } from './stats.service.ts'
import { signedInViewer } from '../../lib/security.ts'

const tags = ['stats']
const read = { permission: 'stats.read' } as const

export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  // One per app, as the app is one database: table versions mean nothing across databases.
  const cache = createStatsCache()
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary:
          'Counts of incidents, communities and cases, land under dispute, and program target progress (as far as the viewer may see them)',
        querystring: StatsQuery,
        response: { 200: Stats },
      },
    },
    async (req) => cachedStats(cache, req.db, req.query, signedInViewer(req)),
  )
}
