import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdParams } from '../../../shared/common.ts'
import {
  CreateProgramTargetBody,
  ProgramTarget,
  ProgramTargetListQuery,
  ProgramTargetPage,
  UpdateProgramTargetBody,
} from '../../../shared/targets.ts'
import { notFound } from '../../lib/app-error.ts'
import { expectedVersion, ifMatchVersion, setVersionTag } from '../../lib/concurrency.ts'
import { findTarget, listTargets } from './targets.queries.ts'
import { createTarget, deleteTarget, updateTarget } from './targets.service.ts'

const tags = ['program targets']
/**
 * Progress is counted over every community (program-wide figures), which is why only roles that
 * may see every community (advocates and admins, see lib/policy.ts) may read targets.
 */
const read = { permission: 'targets.read' } as const
const write = { permission: 'targets.write' } as const

export const programTargetsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: 'List program targets with their progress',
        querystring: ProgramTargetListQuery,
        response: { 200: ProgramTargetPage },
      },
    },
    async (req) => listTargets(req.db, req.query),
  )

  app.get(
    '/:id',
    {
      config: read,
      schema: { tags, summary: 'Get a program target with its progress', params: IdParams, response: { 200: ProgramTarget } },
    },
    async (req, reply) => {
      const target = await findTarget(req.db, req.params.id)
      if (!target) throw notFound('program_target', req.params.id)
      setVersionTag(reply, target.version)
      return target
    },
  )

  app.post(
    '/',
    {
      config: write,
      schema: { tags, summary: 'Set a target for a year and indicator', body: CreateProgramTargetBody, response: { 201: ProgramTarget } },
    },
    async (req, reply) => reply.code(201).send(await createTarget(req.db, req.body)),
  )

  app.patch(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a program target',
        params: IdParams,
        body: UpdateProgramTargetBody,
        response: { 200: ProgramTarget },
      },
    },
    async (req) => updateTarget(req.db, req.params.id, req.body, expectedVersion(req, req.body.version)),
  )

  app.delete(
    '/:id',
    {
      config: write,
      schema: { tags, summary: 'Delete a program target (configuration: removed for good)', params: IdParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await deleteTarget(req.db, req.params.id, ifMatchVersion(req))
      return reply.code(204).send(null)
    },
  )
}
