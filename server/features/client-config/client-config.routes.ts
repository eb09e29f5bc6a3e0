import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ClientConfig } from '../../../shared/client-config.ts'
import { findActiveDemoUsers } from '../../lib/demo-users.ts'

export interface ClientConfigOptions {
  tileUrl: string | null
  tileAttribution: string
  offlineMaxTiles?: number | undefined
}

export const clientConfigRoutes: FastifyPluginAsyncZod<ClientConfigOptions> = async (app, options) => {
  app.get(
    '/',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Settings the web client needs (basemap, upload limit, the region positions must lie in)',
        response: { 200: ClientConfig },
      },
    },
    async () => ({
      tileUrl: options.tileUrl,
      tileAttribution: options.tileAttribution,
      tileOfflineMaxTiles: options.tileUrl ? (options.offlineMaxTiles ?? 0) : 0,
      maxUploadBytes: app.maxUploadBytes,
      hasDemoAccounts: (await findActiveDemoUsers(app.db)).length > 0,
      region: [...app.geometryRules.region] as [number, number, number, number],
      warnDistanceKm: app.geometryRules.warnDistanceKm,
    }),
  )
}
