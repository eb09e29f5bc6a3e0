import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { IdParams } from '../../../shared/common.ts'
import { CaseDetail, CaseFromIncidentBody } from '../../../shared/cases.ts'
import { maskCase } from '../../lib/policy.ts'
import { takeIncidentIntoCase } from './case-intake.service.ts'
import { signedInViewer } from '../../lib/security.ts'

/** At /api/incidents: the route lives under incidents but belongs to the case workflow. */
export const caseIntakeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/:id/case',
    {
      config: { permission: 'incidents.triage' },
      schema: {
        tags: ['legal cases', 'incidents'],
        summary: 'Open a legal case from an incident, or add the incident to an existing case (body { caseId })',
        description:
          "Carries over the incident's community, the incident itself and its people with their roles; a `reported` incident becomes `verified`. 201 when a case was opened, 200 when the incident joined an existing one.",
        params: IdParams,
        body: CaseFromIncidentBody,
        response: { 200: CaseDetail, 201: CaseDetail },
      },
    },
    async (req, reply) => {
      const result = await takeIncidentIntoCase(req.db, req.params.id, req.body, signedInViewer(req))
      return reply.code(result.isNew ? 201 : 200).send(maskCase(signedInViewer(req), result.detail))
    },
  )
}
