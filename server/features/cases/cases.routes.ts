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
import { createCaseEvent, listEventsOfCase } from './case-events.service.ts'
import { findTimeline, isLiveCase, listCases } from './cases.queries.ts'
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

const tags = ['legal cases']
/** A new link answers 201, a link that already existed 200; both with the case as it now is. */
const linked = { 200: CaseDetail, 201: CaseDetail }

export const casesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/', { schema: { tags, summary: 'List legal cases (summaries, without privileged notes)', querystring: CaseListQuery, response: { 200: CasePage } } },
    async (req) => listCases(app.db, req.query))

  app.get('/:id', { schema: { tags, summary: 'Get a legal case with its stage history and linked records', params: IdParams, response: { 200: CaseDetail } } }, async (req, reply) => {
    const detail = await findCaseDetail(app.db, req.params.id)
    if (!detail) throw notFound('case', req.params.id)
    setVersionTag(reply, detail.version)
    return detail
  })

  app.post('/', { schema: { tags, summary: 'Open a legal case (the server assigns its reference)', body: CreateCaseBody, response: { 201: CaseDetail } } },
    async (req, reply) => reply.code(201).send(await createCase(app.db, req.body)))

  app.patch('/:id', { schema: { tags, summary: 'Update a legal case (a new stage is added to its history)', params: IdParams, body: UpdateCaseBody, response: { 200: CaseDetail } } },
    async (req) => updateCase(app.db, req.params.id, req.body, expectedVersion(req, req.body.version)))

  app.delete('/:id', { schema: { tags, summary: 'Delete a legal case (hidden, never erased; its reference is not reused)', params: IdParams, response: { 204: z.null() } } }, async (req, reply) => {
    await deleteCase(app.db, req.params.id, ifMatchVersion(req))
    return reply.code(204).send(null)
  })

  app.get('/:id/timeline', { schema: { tags, summary: "A case's incidents, events and stage changes in date order", params: IdParams, response: { 200: Timeline } } }, async (req) => {
    if (!(await isLiveCase(app.db, req.params.id))) throw notFound('case', req.params.id)
    return { items: await findTimeline(app.db, req.params.id) }
  })

  // ---- Links ----
  app.post('/:id/communities', { schema: { tags, summary: 'Link a community to a case', params: IdParams, body: LinkCommunityBody, response: linked } },
    async (req, reply) => {
      const result = await linkCaseCommunity(app.db, req.params.id, req.body.communityId)
      return reply.code(result.isNew ? 201 : 200).send(result.detail)
    })
  app.delete('/:id/communities/:communityId', { schema: { tags, summary: 'Unlink a community from a case', params: CaseCommunityParams, response: { 204: z.null() } } }, async (req, reply) => {
    await unlinkCaseCommunity(app.db, req.params.id, req.params.communityId)
    return reply.code(204).send(null)
  })

  app.post('/:id/parcels', { schema: { tags, summary: 'Link a parcel to a case', params: IdParams, body: LinkParcelBody, response: linked } },
    async (req, reply) => {
      const result = await linkCaseParcel(app.db, req.params.id, req.body.parcelId)
      return reply.code(result.isNew ? 201 : 200).send(result.detail)
    })
  app.delete('/:id/parcels/:parcelId', { schema: { tags, summary: 'Unlink a parcel from a case', params: CaseParcelParams, response: { 204: z.null() } } }, async (req, reply) => {
    await unlinkCaseParcel(app.db, req.params.id, req.params.parcelId)
    return reply.code(204).send(null)
  })

  app.post('/:id/incidents', { schema: { tags, summary: 'Link an incident to a case', params: IdParams, body: LinkIncidentBody, response: linked } },
    async (req, reply) => {
      const result = await linkCaseIncident(app.db, req.params.id, req.body.incidentId)
      return reply.code(result.isNew ? 201 : 200).send(result.detail)
    })
  app.delete('/:id/incidents/:incidentId', { schema: { tags, summary: 'Unlink an incident from a case', params: CaseIncidentParams, response: { 204: z.null() } } }, async (req, reply) => {
    await unlinkCaseIncident(app.db, req.params.id, req.params.incidentId)
    return reply.code(204).send(null)
  })

  app.post('/:id/people', { schema: { tags, summary: 'Add a person to a case in a role', params: IdParams, body: LinkPersonBody, response: linked } },
    async (req, reply) => {
      const result = await linkCasePerson(app.db, req.params.id, req.body)
      return reply.code(result.isNew ? 201 : 200).send(result.detail)
    })
  app.delete('/:id/people/:personId', {
    schema: { tags, summary: 'Remove a person from a case (in one role, or in all without ?role)', params: CasePersonParams, querystring: UnlinkPersonQuery, response: { 204: z.null() } },
  }, async (req, reply) => {
    await unlinkCasePerson(app.db, req.params.id, req.params.personId, req.query.role)
    return reply.code(204).send(null)
  })

  // ---- Events of a case ----
  app.get('/:id/events', { schema: { tags: ['case events'], summary: "List a case's events", params: IdParams, querystring: CaseEventListQuery, response: { 200: CaseEventPage } } },
    async (req) => listEventsOfCase(app.db, req.params.id, req.query))

  app.post('/:id/events', { schema: { tags: ['case events'], summary: 'Add an event (hearing, deadline, …) to a case', params: IdParams, body: CreateCaseEventBody, response: { 201: CaseEvent } } },
    async (req, reply) => reply.code(201).send(await createCaseEvent(app.db, req.params.id, req.body)))
}
