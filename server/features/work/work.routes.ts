import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { MyWork } from '../../../shared/work.ts'
import { signedInViewer } from '../../lib/security.ts'
import { findMyWork } from './work.service.ts'

export interface WorkRoutesOptions {
  /** The clock that says which Cambodian day it is (tests pass their own). */
  now: () => Date
}

/** GET /api/work: the signed-in legal user's day. */
export const workRoutes: FastifyPluginAsyncZod<WorkRoutesOptions> = async (app, options) => {
  app.get(
    '/',
    {
      config: { permission: 'work.read' },
      schema: {
        tags: ['tasks'],
        summary: 'My work: overdue items first, my open tasks, my hearings and deadlines of the next 14 days, my cases',
        response: { 200: MyWork },
      },
    },
    async (req) => findMyWork(req.db, signedInViewer(req).id, options.now()),
  )
}
