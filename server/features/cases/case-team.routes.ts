import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { CaseStaffList } from '../../../shared/case-team.ts'
import { findAssignableStaff } from './case-team.queries.ts'

const tags = ['case teams']
const write = { permission: 'cases.write' } as const

/** Case teams, under /api/cases. */
export const caseTeamRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/staff',
    {
      config: write,
      schema: {
        tags,
        summary: 'The accounts a case or a task can be assigned to: active legal staff and admins, by name',
        response: { 200: CaseStaffList },
      },
    },
    async (req) => ({ items: await findAssignableStaff(req.db) }),
  )
}
