import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { AdminArea, AdminAreaFeatures, AdminAreaListQuery, AdminAreaPage, AdminAreaQuery } from '../../../shared/admin-areas.ts'
import { IdParams } from '../../../shared/common.ts'
import { notFound } from '../../lib/app-error.ts'
import { GEOJSON_TYPE, toFeatureCollection, wantsGeoJson } from '../../lib/geojson.ts'
import { findAdminArea } from './admin-areas.queries.ts'
import { listOrLocateAdminAreas } from './admin-areas.service.ts'

const tags = ['admin areas']
/** Public reference data (geoBoundaries), but the API is for signed-in users. */
const read = { permission: 'admin_areas.read' } as const

export const adminAreasRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: 'List provinces, districts and communes, or find those containing a point (?point=lon,lat)',
        querystring: AdminAreaListQuery,
        response: { 200: { content: { 'application/json': { schema: AdminAreaPage }, [GEOJSON_TYPE]: { schema: AdminAreaFeatures } } } },
      },
    },
    async (req, reply) => {
      const asGeoJson = wantsGeoJson(req)
      const page = await listOrLocateAdminAreas(req.db, asGeoJson ? { ...req.query, include: 'boundary' } : req.query)
      if (asGeoJson) return reply.type(GEOJSON_TYPE).send(toFeatureCollection(page, 'boundary'))
      return page
    },
  )

  app.get(
    '/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'Get a province, district or commune',
        params: IdParams,
        querystring: AdminAreaQuery,
        response: { 200: AdminArea },
      },
    },
    async (req) => {
      const area = await findAdminArea(req.db, req.params.id, req.query)
      if (!area) throw notFound('admin_area', req.params.id)
      return area
    },
  )
}
