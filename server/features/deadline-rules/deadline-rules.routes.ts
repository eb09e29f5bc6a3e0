import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdParams } from '../../../shared/common.ts'
import {
  CreateDeadlineRuleBody,
  DeadlineProposalList,
  DeadlineProposalParams,
  DeadlineRule,
  DeadlineRuleList,
  DeadlineRuleListQuery,
  UpdateDeadlineRuleBody,
} from '../../../shared/deadline-rules.ts'
import { expectedVersion, ifMatchVersion, setVersionTag } from '../../lib/concurrency.ts'
import { signedInViewer } from '../../lib/security.ts'
import { listRules } from './deadline-rules.queries.ts'
import { createRule, deleteRule, proposeDeadlines, requireRule, updateRule } from './deadline-rules.service.ts'

const tags = ['deadline rules']
/** Legal staff read the rules (and get proposals); only admins change them. */
const read = { permission: 'deadline_rules.read' } as const
const manage = { permission: 'deadline_rules.manage' } as const

export const deadlineRulesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: 'List deadline rules (not deleted ones)',
        querystring: DeadlineRuleListQuery,
        response: { 200: DeadlineRuleList },
      },
    },
    async (req) => ({ items: await listRules(req.db, req.query) }),
  )

  app.get(
    '/:id',
    { config: read, schema: { tags, summary: 'Get a deadline rule', params: IdParams, response: { 200: DeadlineRule } } },
    async (req, reply) => {
      const rule = await requireRule(req.db, req.params.id)
      setVersionTag(reply, rule.version)
      return rule
    },
  )

  app.post(
    '/',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add a deadline rule (its legal basis is required)',
        body: CreateDeadlineRuleBody,
        response: { 201: DeadlineRule },
      },
    },
    async (req, reply) => reply.code(201).send(await createRule(req.db, req.body)),
  )

  app.patch(
    '/:id',
    {
      config: manage,
      schema: { tags, summary: 'Change a deadline rule', params: IdParams, body: UpdateDeadlineRuleBody, response: { 200: DeadlineRule } },
    },
    async (req) => updateRule(req.db, req.params.id, req.body, expectedVersion(req, req.body.version)),
  )

  app.delete(
    '/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Delete a deadline rule (hidden, never erased: deadlines computed from it keep naming it)',
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await deleteRule(req.db, req.params.id, ifMatchVersion(req))
      return reply.code(204).send(null)
    },
  )
}

/** Under /api/cases: what the rules propose after an event was recorded. Nothing is written. */
export const deadlineProposalsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:id/events/:eventId/deadline-proposals',
    {
      config: read,
      schema: {
        tags,
        summary: 'The deadlines the active rules compute from this event (the lawyer confirms each by adding a deadline event)',
        params: DeadlineProposalParams,
        response: { 200: DeadlineProposalList },
      },
    },
    async (req) => ({ items: await proposeDeadlines(req.db, req.params.id, req.params.eventId, signedInViewer(req)) }),
  )
}
