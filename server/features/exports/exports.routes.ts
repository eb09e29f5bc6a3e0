// GET /api/<layer>/export.<format>: a whole map layer as a GIS file, with the layer's list filters
// (its own query schema) and its list's role rules. Registered under /api beside the lists.
import contentDisposition from 'content-disposition'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { AdminAreaListQuery } from '../../../shared/admin-areas.ts'
import { CommunityListQuery } from '../../../shared/communities.ts'
import { ConcessionListQuery } from '../../../shared/concessions.ts'
import { EvidenceListQuery } from '../../../shared/evidence.ts'
import { EXPORT_FILES, ExportParams, type ExportLayer } from '../../../shared/exports.ts'
import { IncidentListQuery } from '../../../shared/incidents.ts'
import { ParcelListQuery } from '../../../shared/parcels.ts'
import { recordAudit } from '../../lib/audit.ts'
import { EXPORT_LAYER_PERMISSIONS } from '../../lib/policy.ts'
import { signedInViewer } from '../../lib/security.ts'
import type { LayerQueries } from './exports.layers.ts'
import { exportLayer } from './exports.service.ts'

const tags = ['exports']

const QUERIES: { [L in ExportLayer]: z.ZodType<LayerQueries[L], unknown> } = {
  communities: CommunityListQuery,
  parcels: ParcelListQuery,
  concessions: ConcessionListQuery,
  incidents: IncidentListQuery,
  evidence: EvidenceListQuery,
  'admin-areas': AdminAreaListQuery,
}

const binary = z.any().meta({ type: 'string', format: 'binary' })
const mediaTypes = [...new Set(Object.values(EXPORT_FILES).map((file) => file.mediaType))]

export const layerExportsRoutes: FastifyPluginAsyncZod = async (app) => {
  for (const layer of Object.keys(QUERIES) as ExportLayer[]) {
    app.get(
      `/${layer}/export.:format`,
      {
        config: { permission: EXPORT_LAYER_PERMISSIONS[layer] },
        schema: {
          tags,
          summary: `Export ${layer === 'admin-areas' ? 'admin areas' : layer} as a GIS file (the whole filtered list)`,
          description:
            `Every ${layer} record the list GET /api/${layer} would show with the same query (its filters and sort; limit, cursor and format are ignored), ` +
            'with the same role rules, in WGS 84 (EPSG:4326). GeoJSON, KML and CSV are streamed.' +
            (layer === 'admin-areas' ? ' Carries the boundaries’ attribution; toleranceDeg=0 gives the stored outlines.' : ''),
          params: ExportParams,
          querystring: QUERIES[layer],
          response: {
            200: {
              description: 'The file, as an attachment',
              content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: binary }])),
            },
          },
        },
      },
      async (req, reply) => {
        const viewer = signedInViewer(req)
        const query = req.query as LayerQueries[typeof layer]
        const file = await exportLayer(req.db, layer, req.params.format, query, viewer)
        await recordAudit(req.db, req.auditContext, {
          action: 'export',
          entity: layer.replace('-', '_'),
          // Which filters, not their values: a search text can name a person.
          details: { format: req.params.format, filters: Object.keys(req.query as object).sort() },
        })
        return reply
          .type(file.mediaType)
          .header('content-disposition', contentDisposition(file.fileName, { type: 'attachment' }))
          .header('cache-control', 'private, no-store')
          .header('x-content-type-options', 'nosniff')
          .send(file.body)
      },
    )
  }
}
