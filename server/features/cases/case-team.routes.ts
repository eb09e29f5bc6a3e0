import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { AddCaseMemberBody, CaseStaffList, CaseTeamParams, SetCaseLeadBody } from '../../../shared/case-team.ts'
import { CaseDetail } from '../../../shared/cases.ts'
import { IdParams } from '../../../shared/common.ts'
import { maskCase } from '../../lib/policy.ts'
import { signedInViewer } from '../../lib/security.ts'
import { findAssignableStaff } from './case-team.queries.ts'
import { addCaseMember, removeCaseMember, setCaseLead } from './case-team.service.ts'

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

  app.put(
    '/:id/team/lead',
    {
      config: write,
      schema: {
        tags,
        summary: "Make an account the case's lead lawyer (the previous lead stays on the team as a member)",
        params: IdParams,
        body: SetCaseLeadBody,
        response: { 200: CaseDetail },
      },
    },
    async (req) => maskCase(signedInViewer(req), await setCaseLead(req.db, req.params.id, req.body.userId, signedInViewer(req))),
  )

  app.post(
    '/:id/team',
    {
      config: write,
      schema: {
        tags,
        summary: "Add an account to the case's team as a member (201; 200 when it already was on the team)",
        params: IdParams,
        body: AddCaseMemberBody,
        response: { 200: CaseDetail, 201: CaseDetail },
      },
    },
    async (req, reply) => {
      const result = await addCaseMember(req.db, req.params.id, req.body.userId, signedInViewer(req))
      return reply.code(result.isNew ? 201 : 200).send(maskCase(signedInViewer(req), result.detail))
    },
  )

  app.delete(
    '/:id/team/:userId',
    {
      config: write,
      schema: {
        tags,
        summary: "Take an account off the case's team (taking off the lead leaves the case without one)",
        params: CaseTeamParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await removeCaseMember(req.db, req.params.id, req.params.userId)
      return reply.code(204).send(null)
    },
  )
}
