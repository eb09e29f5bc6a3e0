import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdParams } from '../../../shared/common.ts'
import { GeometryWriteQuery } from '../../../shared/geo.ts'
import { CreateParcelBody, Parcel, ParcelFeatures, ParcelListQuery, ParcelPage, UpdateParcelBody } from '../../../shared/parcels.ts'
import { notFound } from '../../lib/app-error.ts'
import { expectedVersion, ifMatchVersion, setVersionTag } from '../../lib/concurrency.ts'
import { GEOJSON_TYPE, toFeatureCollection, wantsGeoJson } from '../../lib/geojson.ts'
import { geometryWriteOf } from '../../lib/geometry.ts'
import { findParcel, listParcels } from './parcels.queries.ts'
import { createParcel, deleteParcel, updateParcel } from './parcels.service.ts'
import { signedInViewer } from '../../lib/security.ts'

const tags = ['parcels']
const read = { permission: 'land.read' } as const
const write = { permission: 'land.write' } as const

export const parcelsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: 'List parcels',
        querystring: ParcelListQuery,
        response: { 200: { content: { 'application/json': { schema: ParcelPage }, [GEOJSON_TYPE]: { schema: ParcelFeatures } } } },
      },
    },
    async (req, reply) => {
      const page = await listParcels(req.db, req.query, signedInViewer(req))
      if (wantsGeoJson(req)) return reply.type(GEOJSON_TYPE).send(toFeatureCollection(page, 'boundary'))
      return page
    },
  )

  app.get(
    '/:id',
    { config: read, schema: { tags, summary: 'Get a parcel', params: IdParams, response: { 200: Parcel } } },
    async (req, reply) => {
      const parcel = await findParcel(req.db, req.params.id, req.viewer)
      if (!parcel) throw notFound('parcel', req.params.id)
      setVersionTag(reply, parcel.version)
      return parcel
    },
  )

  app.post(
    '/',
    {
      config: write,
      schema: { tags, summary: 'Create a parcel', querystring: GeometryWriteQuery, body: CreateParcelBody, response: { 201: Parcel } },
    },
    async (req, reply) => reply.code(201).send(await createParcel(req.db, req.body, geometryWriteOf(req))),
  )

  app.patch(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Update a parcel',
        params: IdParams,
        querystring: GeometryWriteQuery,
        body: UpdateParcelBody,
        response: { 200: Parcel },
      },
    },
    async (req) => updateParcel(req.db, req.params.id, req.body, expectedVersion(req, req.body.version), geometryWriteOf(req)),
  )

  app.delete(
    '/:id',
    {
      config: write,
      schema: { tags, summary: 'Delete a parcel (hidden, never erased)', params: IdParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await deleteParcel(req.db, req.params.id, ifMatchVersion(req))
      return reply.code(204).send(null)
    },
  )
}
