import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdParams } from '../../../shared/common.ts'
import {
  CreateProgramTargetBody,
  ProgramTarget,
  ProgramTargetListQuery,
  ProgramTargetPage,
  ProgramTargetQuery,
  TargetRecordPage,
  TargetRecordsQuery,
  UpdateProgramTargetBody,
} from '../../../shared/targets.ts'
import { expectedVersion, ifMatchVersion, setVersionTag } from '../../lib/concurrency.ts'
import { createTarget, deleteTarget, getTarget, listTargetRecords, listTargetsWithProgress, updateTarget } from './targets.service.ts'

const tags = ['program targets']
/**
 * Progress is counted over every community and activity (program-wide figures), which is why
 * only roles that may see all of them (see lib/policy.ts) may read targets.
 */
const read = { permission: 'targets.read' } as const
const write = { permission: 'targets.write' } as const

export interface ProgramTargetsRoutesOptions {
  /** The clock: progress and pace are counted as of its day in Cambodia. */
  now: () => Date
}

export const programTargetsRoutes: FastifyPluginAsyncZod<ProgramTargetsRoutesOptions> = async (app, options) => {
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: 'List program targets with their progress and pace',
        querystring: ProgramTargetListQuery,
        response: { 200: ProgramTargetPage },
      },
    },
    async (req) => listTargetsWithProgress(req.db, req.query, options.now()),
  )

  app.get(
    '/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'Get a program target with its progress and pace (in one province with ?province=)',
        params: IdParams,
        querystring: ProgramTargetQuery,
        response: { 200: ProgramTarget },
      },
    },
    async (req, reply) => {
      const target = await getTarget(req.db, req.params.id, { now: options.now(), province: req.query.province })
      setVersionTag(reply, target.version)
      return target
    },
  )

  app.get(
    '/:id/records',
    {
      config: read,
      schema: {
        tags,
        summary: 'The records that count towards a program target, by the year they counted in',
        params: IdParams,
        querystring: TargetRecordsQuery,
        response: { 200: TargetRecordPage },
      },
    },
    async (req) => listTargetRecords(req.db, req.params.id, req.query, options.now()),
  )

  app.post(
    '/',
    {
      config: write,
      schema: { tags, summary: 'Add a program target', body: CreateProgramTargetBody, response: { 201: ProgramTarget } },
    },
    async (req, reply) => reply.code(201).send(await createTarget(req.db, req.body, options.now())),
  )

  app.patch(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a program target (its rule included: progress is recounted)',
        params: IdParams,
        body: UpdateProgramTargetBody,
        response: { 200: ProgramTarget },
      },
    },
    async (req) => updateTarget(req.db, req.params.id, req.body, expectedVersion(req, req.body.version), options.now()),
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
