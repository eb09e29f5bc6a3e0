import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { CaseConflictList, CaseConflictQuery } from '../../../shared/case-conflicts.ts'
import { IdParams } from '../../../shared/common.ts'
import { signedInViewer } from '../../lib/security.ts'
import { findCaseConflicts } from './case-conflicts.service.ts'

/** The conflict check, under /api/cases: names, not contacts, of the people the viewer may see. */
export const caseConflictsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:id/conflicts',
    {
      config: { permission: 'cases.details' },
      schema: {
        tags: ['legal cases'],
        summary:
          'Other cases where the same or a similar name (Latin or Khmer, fuzzy) appears, as a party or in a linked incident, and in which role',
        params: IdParams,
        querystring: CaseConflictQuery,
        response: { 200: CaseConflictList },
      },
    },
    async (req) => ({ items: await findCaseConflicts(req.db, req.params.id, req.query, signedInViewer(req)) }),
  )
}
