import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdParams } from '../../../shared/common.ts'
import { CaseEvent, UpdateCaseEventBody } from '../../../shared/cases.ts'
import { expectedVersion, ifMatchVersion, setVersionTag } from '../../lib/concurrency.ts'
import { deleteCaseEvent, requireCaseEvent, updateCaseEvent } from './case-events.service.ts'
import { signedInViewer } from '../../lib/security.ts'

const tags = ['case events']
const details = { permission: 'cases.details' } as const
const write = { permission: 'cases.write' } as const

/** A single case event by its own id; listing and creating go through /api/cases/:id/events. */
export const caseEventsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:id',
    { config: details, schema: { tags, summary: 'Get a case event', params: IdParams, response: { 200: CaseEvent } } },
    async (req, reply) => {
      const event = await requireCaseEvent(req.db, req.params.id, signedInViewer(req))
      setVersionTag(reply, event.version)
      return event
    },
  )

  app.patch(
    '/:id',
    {
      config: write,
      schema: { tags, summary: 'Update a case event', params: IdParams, body: UpdateCaseEventBody, response: { 200: CaseEvent } },
    },
    async (req) => updateCaseEvent(req.db, req.params.id, req.body, expectedVersion(req, req.body.version)),
  )

  app.delete(
    '/:id',
    {
      config: write,
      schema: { tags, summary: 'Delete a case event (hidden, never erased)', params: IdParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await deleteCaseEvent(req.db, req.params.id, ifMatchVersion(req))
      return reply.code(204).send(null)
    },
  )
}
