import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  Activity,
  ActivityListQuery,
  ActivityPage,
  ActivityTotals,
  CreateActivityBody,
  UpdateActivityBody,
} from '../../../shared/activities.ts'
import { IdParams } from '../../../shared/common.ts'
import { expectedVersion, ifMatchVersion, setVersionTag } from '../../lib/concurrency.ts'
import { signedInViewer } from '../../lib/security.ts'
import { listActivities, sumActivities } from './activities.queries.ts'
import { createActivity, deleteActivity, requireActivity, updateActivity } from './activities.service.ts'

const tags = ['activities']
const read = { permission: 'activities.read' } as const
const write = { permission: 'activities.write' } as const

export const activitiesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: 'List activities (community representatives: those that involved their communities)',
        querystring: ActivityListQuery,
        response: { 200: ActivityPage },
      },
    },
    async (req) => listActivities(req.db, req.query, signedInViewer(req)),
  )

  app.get(
    '/totals',
    {
      config: read,
      schema: {
        tags,
        summary: 'Count the activities a list query selects, and their participants (every page; paging fields are ignored)',
        querystring: ActivityListQuery,
        response: { 200: ActivityTotals },
      },
    },
    async (req) => sumActivities(req.db, req.query, signedInViewer(req)),
  )

  app.get(
    '/:id',
    { config: read, schema: { tags, summary: 'Get an activity', params: IdParams, response: { 200: Activity } } },
    async (req, reply) => {
      const activity = await requireActivity(req.db, req.params.id, signedInViewer(req))
      setVersionTag(reply, activity.version)
      return activity
    },
  )

  app.post(
    '/',
    {
      config: write,
      schema: {
        tags,
        summary: 'Record an activity (community representatives for their own communities only)',
        body: CreateActivityBody,
        response: { 201: Activity },
      },
    },
    async (req, reply) => reply.code(201).send(await createActivity(req.db, req.body, app.geometryRules, signedInViewer(req))),
  )

  app.patch(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Update an activity (community representatives only those they recorded); communityIds replaces the set',
        params: IdParams,
        body: UpdateActivityBody,
        response: { 200: Activity },
      },
    },
    async (req) =>
      updateActivity(req.db, req.params.id, req.body, expectedVersion(req, req.body.version), app.geometryRules, signedInViewer(req)),
  )

  app.delete(
    '/:id',
    {
      config: write,
      schema: { tags, summary: 'Delete an activity (hidden, never erased)', params: IdParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await deleteActivity(req.db, req.params.id, ifMatchVersion(req), signedInViewer(req))
      return reply.code(204).send(null)
    },
  )
}
