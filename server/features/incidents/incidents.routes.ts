import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdParams } from '../../../shared/common.ts'
import { RepairQuery } from '../../../shared/geo.ts'
import {
  ChangeIncidentStatusBody,
  CreateIncidentBody,
  Incident,
  IncidentFeatures,
  IncidentListQuery,
  IncidentPage,
  IncidentPeople,
  IncidentPerson,
  IncidentPersonParams,
  LinkIncidentPersonBody,
  UnlinkIncidentPersonQuery,
  UpdateIncidentBody,
} from '../../../shared/incidents.ts'
import { notFound } from '../../lib/app-error.ts'
import { expectedVersion, ifMatchVersion, setVersionTag } from '../../lib/concurrency.ts'
import { GEOJSON_TYPE, toFeatureCollection, wantsGeoJson } from '../../lib/geojson.ts'
import { findIncident, listIncidents } from './incidents.queries.ts'
import {
  changeIncidentStatus,
  createIncident,
  deleteIncident,
  linkPersonToIncident,
  listPeopleOfIncident,
  unlinkPersonFromIncident,
  updateIncident,
} from './incidents.service.ts'

const tags = ['incidents']

export const incidentsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/', {
    schema: {
      tags,
      summary: 'List incidents (status=reported is the triage queue)',
      querystring: IncidentListQuery,
      response: { 200: { content: { 'application/json': { schema: IncidentPage }, [GEOJSON_TYPE]: { schema: IncidentFeatures } } } },
    },
  }, async (req, reply) => {
    const page = await listIncidents(app.db, req.query)
    if (wantsGeoJson(req)) return reply.type(GEOJSON_TYPE).send(toFeatureCollection(page, 'location'))
    return page
  })

  app.get('/:id', { schema: { tags, summary: 'Get an incident', params: IdParams, response: { 200: Incident } } }, async (req, reply) => {
    const incident = await findIncident(app.db, req.params.id)
    if (!incident) throw notFound('incident', req.params.id)
    setVersionTag(reply, incident.version)
    return incident
  })

  app.post('/', {
    schema: { tags, summary: 'Report an incident (it starts as reported)', querystring: RepairQuery, body: CreateIncidentBody, response: { 201: Incident } },
  }, async (req, reply) => reply.code(201).send(await createIncident(app.db, req.body, req.query.repair)))

  app.patch('/:id', {
    schema: { tags, summary: 'Update an incident (not its status)', params: IdParams, querystring: RepairQuery, body: UpdateIncidentBody, response: { 200: Incident } },
  }, async (req) => updateIncident(app.db, req.params.id, req.body, expectedVersion(req, req.body.version), req.query.repair))

  app.delete('/:id', {
    schema: { tags, summary: 'Delete an incident (hidden, never erased)', params: IdParams, response: { 204: z.null() } },
  }, async (req, reply) => {
    await deleteIncident(app.db, req.params.id, ifMatchVersion(req))
    return reply.code(204).send(null)
  })

  app.post('/:id/status', {
    schema: { tags, summary: 'Move an incident to another status (triage)', params: IdParams, body: ChangeIncidentStatusBody, response: { 200: Incident } },
  }, async (req) => changeIncidentStatus(app.db, req.params.id, req.body, expectedVersion(req, req.body.version)))

  app.get('/:id/people', {
    schema: { tags, summary: 'List the people involved in an incident', params: IdParams, response: { 200: IncidentPeople } },
  }, async (req) => listPeopleOfIncident(app.db, req.params.id))

  app.post('/:id/people', {
    schema: {
      tags,
      summary: 'Link a person to an incident in a role (201 when new, 200 when already linked)',
      params: IdParams,
      body: LinkIncidentPersonBody,
      response: { 200: IncidentPerson, 201: IncidentPerson },
    },
  }, async (req, reply) => {
    const { isNew, link } = await linkPersonToIncident(app.db, req.params.id, req.body)
    return reply.code(isNew ? 201 : 200).send(link)
  })

  app.delete('/:id/people/:personId', {
    schema: {
      tags,
      summary: 'Unlink a person from an incident (in one role, or every role when none is given)',
      params: IncidentPersonParams,
      querystring: UnlinkIncidentPersonQuery,
      response: { 204: z.null() },
    },
  }, async (req, reply) => {
    await unlinkPersonFromIncident(app.db, req.params.id, req.params.personId, req.query.role)
    return reply.code(204).send(null)
  })
}
