import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdParams } from '../../../shared/common.ts'
import {
  Community,
  CommunityFeatures,
  CommunityListQuery,
  CommunityPage,
  CommunityPlan,
  CommunityPlanListQuery,
  CommunityPlanPage,
  CreateCommunityBody,
  CreateCommunityPlanBody,
  MyPlaces,
  UpdateCommunityBody,
  UpdateCommunityPlanBody,
} from '../../../shared/communities.ts'
import { GeometryWriteQuery } from '../../../shared/geo.ts'
import { notFound } from '../../lib/app-error.ts'
import { expectedVersion, ifMatchVersion, setVersionTag } from '../../lib/concurrency.ts'
import { GEOJSON_TYPE, toFeatureCollection, wantsGeoJson } from '../../lib/geojson.ts'
import { geometryWriteOf } from '../../lib/geometry.ts'
import { maskCommunity } from '../../lib/policy.ts'
import { findCommunity, findMyPlaces, findPlan, listCommunities, listPlans } from './communities.queries.ts'
import { createCommunity, createPlan, deleteCommunity, deletePlan, updateCommunity, updatePlan } from './communities.service.ts'
import { signedInViewer } from '../../lib/security.ts'

const tags = ['communities']
const read = { permission: 'communities.read' } as const
const write = { permission: 'communities.write' } as const

export const communitiesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: 'List communities',
        querystring: CommunityListQuery,
        response: { 200: { content: { 'application/json': { schema: CommunityPage }, [GEOJSON_TYPE]: { schema: CommunityFeatures } } } },
      },
    },
    async (req, reply) => {
      const found = await listCommunities(req.db, req.query, signedInViewer(req))
      const page = { ...found, items: found.items.map((row) => maskCommunity(signedInViewer(req), row)) }
      if (wantsGeoJson(req)) return reply.type(GEOJSON_TYPE).send(toFeatureCollection(page, 'location'))
      return page
    },
  )

  app.get(
    '/mine',
    {
      config: read,
      schema: {
        tags,
        summary: "The signed-in user's communities and the districts and communes around them, for offline use",
        response: { 200: MyPlaces },
      },
    },
    async (req) => findMyPlaces(req.db, signedInViewer(req)),
  )

  app.get(
    '/:id',
    { config: read, schema: { tags, summary: 'Get a community', params: IdParams, response: { 200: Community } } },
    async (req, reply) => {
      const community = await findCommunity(req.db, req.params.id, req.viewer)
      if (!community) throw notFound('community', req.params.id)
      setVersionTag(reply, community.version)
      return maskCommunity(signedInViewer(req), community)
    },
  )

  app.post(
    '/',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a community',
        querystring: GeometryWriteQuery,
        body: CreateCommunityBody,
        response: { 201: Community },
      },
    },
    async (req, reply) => reply.code(201).send(await createCommunity(req.db, req.body, geometryWriteOf(req))),
  )

  app.patch(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Update a community',
        params: IdParams,
        querystring: GeometryWriteQuery,
        body: UpdateCommunityBody,
        response: { 200: Community },
      },
    },
    async (req) => updateCommunity(req.db, req.params.id, req.body, expectedVersion(req, req.body.version), geometryWriteOf(req)),
  )

  app.delete(
    '/:id',
    {
      config: write,
      schema: { tags, summary: 'Delete a community (hidden, never erased)', params: IdParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await deleteCommunity(req.db, req.params.id, ifMatchVersion(req))
      return reply.code(204).send(null)
    },
  )
}

export const communityPlansRoutes: FastifyPluginAsyncZod = async (app) => {
  const planTags = ['community plans']
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags: planTags,
        summary: 'List community plans',
        querystring: CommunityPlanListQuery,
        response: { 200: CommunityPlanPage },
      },
    },
    async (req) => listPlans(req.db, req.query, signedInViewer(req)),
  )

  app.get(
    '/:id',
    { config: read, schema: { tags: planTags, summary: 'Get a community plan', params: IdParams, response: { 200: CommunityPlan } } },
    async (req, reply) => {
      const plan = await findPlan(req.db, req.params.id, req.viewer)
      if (!plan) throw notFound('community_plan', req.params.id)
      setVersionTag(reply, plan.version)
      return plan
    },
  )

  app.post(
    '/',
    {
      config: write,
      schema: { tags: planTags, summary: 'Create a community plan', body: CreateCommunityPlanBody, response: { 201: CommunityPlan } },
    },
    async (req, reply) => reply.code(201).send(await createPlan(req.db, req.body)),
  )

  app.patch(
    '/:id',
    {
      config: write,
      schema: {
        tags: planTags,
        summary: 'Update a community plan',
        params: IdParams,
        body: UpdateCommunityPlanBody,
        response: { 200: CommunityPlan },
      },
    },
    async (req) => updatePlan(req.db, req.params.id, req.body, expectedVersion(req, req.body.version)),
  )

  app.delete(
    '/:id',
    { config: write, schema: { tags: planTags, summary: 'Delete a community plan', params: IdParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await deletePlan(req.db, req.params.id, ifMatchVersion(req))
      return reply.code(204).send(null)
    },
  )
}
