// HTTP for the moderation queue: legal staff and admins read reports from outside and accept,
// merge or reject them, and erase a sender's data on request. Representatives are left out on
// purpose (policy.ts, 'intake.moderate').
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { IdParams } from '../../../shared/common.ts'
import {
  AcceptIntakeBody,
  EraseIntakeSenderBody,
  IntakeDecision,
  IntakeReport,
  IntakeReportListQuery,
  IntakeReportPage,
  MergeIntakeBody,
  RejectIntakeBody,
} from '../../../shared/intake.ts'
import { signedInViewer } from '../../lib/security.ts'
import type { IntakeOptions } from './intake.options.ts'
import {
  acceptIntakeReport,
  eraseSender,
  getIntakeReport,
  listQueue,
  mergeIntakeReport,
  rejectIntakeReport,
} from './intake-reports.service.ts'

const tags = ['intake']
const config = { permission: 'intake.moderate' } as const

export const intakeReportsRoutes: FastifyPluginAsyncZod<IntakeOptions> = async (app) => {
  app.get(
    '/',
    {
      config,
      schema: {
        tags,
        summary: 'The moderation queue: reports from outside, newest first (senders masked)',
        querystring: IntakeReportListQuery,
        response: { 200: IntakeReportPage },
      },
    },
    (req) => listQueue(req.db, req.query),
  )

  app.get(
    '/:id',
    {
      config,
      schema: {
        tags,
        summary: 'One report with its photos and the incidents it may duplicate (the sender whole only if they may be contacted)',
        params: IdParams,
        response: { 200: IntakeReport },
      },
    },
    (req) => getIntakeReport(req.db, req.auditContext, req.params.id, signedInViewer(req)),
  )

  app.post(
    '/:id/accept',
    {
      config,
      schema: {
        tags,
        summary: 'Accept a report: a new incident in the triage queue, with the report’s photos as its evidence',
        params: IdParams,
        body: AcceptIntakeBody,
        response: { 200: IntakeDecision },
      },
    },
    (req) => {
      // A point only: no area to check, repair or allow beyond its plausible size.
      const write = { rules: app.geometryRules, repair: false, allowLargeArea: false }
      return acceptIntakeReport(req.db, req.params.id, req.body, write, signedInViewer(req))
    },
  )

  app.post(
    '/:id/merge',
    {
      config,
      schema: {
        tags,
        summary: 'Merge a report into an existing incident: its photos join the incident',
        params: IdParams,
        body: MergeIntakeBody,
        response: { 200: IntakeDecision },
      },
    },
    (req) => mergeIntakeReport(req.db, req.params.id, req.body, signedInViewer(req)),
  )

  app.post(
    '/:id/reject',
    {
      config,
      schema: {
        tags,
        summary: 'Reject a report with a reason',
        params: IdParams,
        body: RejectIntakeBody,
        response: { 200: IntakeDecision },
      },
    },
    (req) => rejectIntakeReport(req.db, req.params.id, req.body, signedInViewer(req)),
  )

  app.post(
    '/:id/erase-sender',
    {
      config,
      schema: {
        tags,
        summary: 'Erase the sender’s name, phone and Telegram ids (their request); the report stays',
        params: IdParams,
        body: EraseIntakeSenderBody,
        response: { 200: IntakeDecision },
      },
    },
    (req) => eraseSender(req.db, req.params.id, req.body),
  )
}
