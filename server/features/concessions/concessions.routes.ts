import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdParams } from '../../../shared/common.ts'
import {
  Concession,
  ConcessionFeatures,
  ConcessionListQuery,
  ConcessionPage,
  CreateConcessionBody,
  CreateDeclaredAreaBody,
  DeclaredArea,
  DeclaredAreaParams,
  UpdateConcessionBody,
} from '../../../shared/concessions.ts'
import { GeometryWriteQuery } from '../../../shared/geo.ts'
import { notFound } from '../../lib/app-error.ts'
import { expectedVersion, ifMatchVersion, setVersionTag } from '../../lib/concurrency.ts'
import { GEOJSON_TYPE, toFeatureCollection, wantsGeoJson } from '../../lib/geojson.ts'
import { geometryWriteOf } from '../../lib/geometry.ts'
import { findConcession, listConcessions } from './concessions.queries.ts'
import { addDeclaredArea, createConcession, deleteConcession, deleteDeclaredArea, updateConcession } from './concessions.service.ts'

const tags = ['concessions']
// Concessions are public records (sub-decrees, company filings): every signed-in role reads all of them.
const read = { permission: 'land.read' } as const
const write = { permission: 'land.write' } as const

export const concessionsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: 'List concessions',
        querystring: ConcessionListQuery,
        response: { 200: { content: { 'application/json': { schema: ConcessionPage }, [GEOJSON_TYPE]: { schema: ConcessionFeatures } } } },
      },
    },
    async (req, reply) => {
      const page = await listConcessions(req.db, req.query)
      if (wantsGeoJson(req)) return reply.type(GEOJSON_TYPE).send(toFeatureCollection(page, 'boundary'))
      return page
    },
  )

  app.get(
    '/:id',
    {
      config: read,
      schema: { tags, summary: 'Get a concession with its declared areas', params: IdParams, response: { 200: Concession } },
    },
    async (req, reply) => {
      const concession = await findConcession(req.db, req.params.id)
      if (!concession) throw notFound('concession', req.params.id)
      setVersionTag(reply, concession.version)
      return concession
    },
  )

  app.post(
    '/',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a concession',
        querystring: GeometryWriteQuery,
        body: CreateConcessionBody,
        response: { 201: Concession },
      },
    },
    async (req, reply) => reply.code(201).send(await createConcession(req.db, req.body, geometryWriteOf(req))),
  )

  app.patch(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Update a concession',
        params: IdParams,
        querystring: GeometryWriteQuery,
        body: UpdateConcessionBody,
        response: { 200: Concession },
      },
    },
    async (req) => updateConcession(req.db, req.params.id, req.body, expectedVersion(req, req.body.version), geometryWriteOf(req)),
  )

  app.delete(
    '/:id',
    {
      config: write,
      schema: { tags, summary: 'Delete a concession (hidden, never erased)', params: IdParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await deleteConcession(req.db, req.params.id, ifMatchVersion(req))
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/:id/declared-areas',
    {
      config: write,
      schema: {
        tags,
        summary: "Add a source's declared area to a concession",
        params: IdParams,
        body: CreateDeclaredAreaBody,
        response: { 201: DeclaredArea },
      },
    },
    async (req, reply) => reply.code(201).send(await addDeclaredArea(req.db, req.params.id, req.body)),
  )

  app.delete(
    '/:id/declared-areas/:areaId',
    {
      config: write,
      schema: { tags, summary: 'Remove a mistaken declared area', params: DeclaredAreaParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await deleteDeclaredArea(req.db, req.params.id, req.params.areaId)
      return reply.code(204).send(null)
    },
  )
}
