import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdParams } from '../../../shared/common.ts'
import {
  CaseCommunityParams,
  CaseDetail,
  CaseEvent,
  CaseEventListQuery,
  CaseEventPage,
  CaseIncidentParams,
  CaseListQuery,
  CasePage,
  CaseParcelParams,
  CasePersonParams,
  CreateCaseBody,
  CreateCaseEventBody,
  LinkCommunityBody,
  LinkIncidentBody,
  LinkParcelBody,
  LinkPersonBody,
  Timeline,
  UnlinkPersonQuery,
  UpdateCaseBody,
} from '../../../shared/cases.ts'
import { notFound } from '../../lib/app-error.ts'
import { expectedVersion, ifMatchVersion, setVersionTag } from '../../lib/concurrency.ts'
import { maskCase } from '../../lib/policy.ts'
import { createCaseEvent, listEventsOfCase } from './case-events.service.ts'
import { listCases } from './cases.queries.ts'
import { readCaseTimeline } from './case-timeline.service.ts'
import {
  createCase,
  deleteCase,
  findCaseDetail,
  linkCaseCommunity,
  linkCaseIncident,
  linkCaseParcel,
  linkCasePerson,
  unlinkCaseCommunity,
  unlinkCaseIncident,
  unlinkCaseParcel,
  unlinkCasePerson,
  updateCase,
} from './cases.service.ts'
import { signedInViewer } from '../../lib/security.ts'

const tags = ['legal cases']
/** A new link answers 201, a link that already existed 200; both with the case as it now is. */
const linked = { 200: CaseDetail, 201: CaseDetail }
const read = { permission: 'cases.read' } as const
/** Events and timelines: not for community representatives, who get case summaries only. */
const details = { permission: 'cases.details' } as const
const write = { permission: 'cases.write' } as const

export const casesRoutes: FastifyPluginAsyncZod = async (app) => {
  // List rows are summaries: they select none of the fields maskCase drops (and CaseSummary
  // would strip them), so only the row scope applies.
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: "List legal cases (summaries, without privileged notes; representatives: their communities' cases)",
        querystring: CaseListQuery,
        response: { 200: CasePage },
      },
    },
    async (req) => listCases(req.db, req.query, signedInViewer(req)),
  )

  app.get(
    '/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'Get a legal case with its stage history and the linked records the role may see',
        params: IdParams,
        response: { 200: CaseDetail },
      },
    },
    async (req, reply) => {
      const detail = await findCaseDetail(req.db, req.params.id, signedInViewer(req))
      if (!detail) throw notFound('case', req.params.id)
      setVersionTag(reply, detail.version)
      return maskCase(signedInViewer(req), detail)
    },
  )

  app.post(
    '/',
    {
      config: write,
      schema: {
        tags,
        summary: 'Open a legal case (the server assigns its reference)',
        body: CreateCaseBody,
        response: { 201: CaseDetail },
      },
    },
    async (req, reply) => reply.code(201).send(maskCase(signedInViewer(req), await createCase(req.db, req.body, signedInViewer(req)))),
  )

  app.patch(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Update a legal case (a new stage is added to its history)',
        params: IdParams,
        body: UpdateCaseBody,
        response: { 200: CaseDetail },
      },
    },
    async (req) =>
      maskCase(
        signedInViewer(req),
        await updateCase(req.db, req.params.id, req.body, expectedVersion(req, req.body.version), signedInViewer(req)),
      ),
  )

  app.delete(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete a legal case (hidden, never erased; its reference is not reused)',
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await deleteCase(req.db, req.params.id, ifMatchVersion(req))
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/:id/timeline',
    {
      config: details,
      schema: {
        tags,
        summary: "A case's incidents, events, stage changes and evidence (capture, chain of custody) in date order",
        params: IdParams,
        response: { 200: Timeline },
      },
    },
    async (req) => ({ items: await readCaseTimeline(req.db, req.params.id, signedInViewer(req)) }),
  )

  // ---- Links ----
  app.post(
    '/:id/communities',
    { config: write, schema: { tags, summary: 'Link a community to a case', params: IdParams, body: LinkCommunityBody, response: linked } },
    async (req, reply) => {
      const result = await linkCaseCommunity(req.db, req.params.id, req.body.communityId, signedInViewer(req))
      return reply.code(result.isNew ? 201 : 200).send(maskCase(signedInViewer(req), result.detail))
    },
  )
  app.delete(
    '/:id/communities/:communityId',
    {
      config: write,
      schema: { tags, summary: 'Unlink a community from a case', params: CaseCommunityParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await unlinkCaseCommunity(req.db, req.params.id, req.params.communityId)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/:id/parcels',
    { config: write, schema: { tags, summary: 'Link a parcel to a case', params: IdParams, body: LinkParcelBody, response: linked } },
    async (req, reply) => {
      const result = await linkCaseParcel(req.db, req.params.id, req.body.parcelId, signedInViewer(req))
      return reply.code(result.isNew ? 201 : 200).send(maskCase(signedInViewer(req), result.detail))
    },
  )
  app.delete(
    '/:id/parcels/:parcelId',
    { config: write, schema: { tags, summary: 'Unlink a parcel from a case', params: CaseParcelParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await unlinkCaseParcel(req.db, req.params.id, req.params.parcelId)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/:id/incidents',
    { config: write, schema: { tags, summary: 'Link an incident to a case', params: IdParams, body: LinkIncidentBody, response: linked } },
    async (req, reply) => {
      const result = await linkCaseIncident(req.db, req.params.id, req.body.incidentId, signedInViewer(req))
      return reply.code(result.isNew ? 201 : 200).send(maskCase(signedInViewer(req), result.detail))
    },
  )
  app.delete(
    '/:id/incidents/:incidentId',
    { config: write, schema: { tags, summary: 'Unlink an incident from a case', params: CaseIncidentParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await unlinkCaseIncident(req.db, req.params.id, req.params.incidentId)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/:id/people',
    {
      config: write,
      schema: { tags, summary: 'Add a person to a case in a role', params: IdParams, body: LinkPersonBody, response: linked },
    },
    async (req, reply) => {
      const result = await linkCasePerson(req.db, req.params.id, req.body, signedInViewer(req))
      return reply.code(result.isNew ? 201 : 200).send(maskCase(signedInViewer(req), result.detail))
    },
  )
  app.delete(
    '/:id/people/:personId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Remove a person from a case (in one role, or in all without ?role)',
        params: CasePersonParams,
        querystring: UnlinkPersonQuery,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await unlinkCasePerson(req.db, req.params.id, req.params.personId, req.query.role)
      return reply.code(204).send(null)
    },
  )

  // ---- Events of a case ----
  app.get(
    '/:id/events',
    {
      config: details,
      schema: {
        tags: ['case events'],
        summary: "List a case's events",
        params: IdParams,
        querystring: CaseEventListQuery,
        response: { 200: CaseEventPage },
      },
    },
    async (req) => listEventsOfCase(req.db, req.params.id, req.query, signedInViewer(req)),
  )

  app.post(
    '/:id/events',
    {
      config: write,
      schema: {
        tags: ['case events'],
        summary: 'Add an event (hearing, deadline, …) to a case',
        params: IdParams,
        body: CreateCaseEventBody,
        response: { 201: CaseEvent },
      },
    },
    async (req, reply) => reply.code(201).send(await createCaseEvent(req.db, req.params.id, req.body)),
  )
}
