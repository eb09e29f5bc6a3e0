import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdParams } from '../../../shared/common.ts'
import { GeometryWriteQuery } from '../../../shared/geo.ts'
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
import { expectedVersion, ifMatchVersion, maskingConflicts, setVersionTag } from '../../lib/concurrency.ts'
import { GEOJSON_TYPE, toFeatureCollection, wantsGeoJson } from '../../lib/geojson.ts'
import { geometryWriteOf } from '../../lib/geometry.ts'
import { can, maskIncident } from '../../lib/policy.ts'
import { findIncident, listIncidents, type IncidentRow } from './incidents.queries.ts'
import { sanityWarningsOf } from '../../../shared/sanity.ts'
import {
  changeIncidentStatus,
  createIncident,
  deleteIncident,
  linkPersonToIncident,
  listPeopleOfIncident,
  unlinkPersonFromIncident,
  updateIncident,
} from './incidents.service.ts'
import { signedInViewer } from '../../lib/security.ts'

const tags = ['incidents']
const read = { permission: 'incidents.read' } as const
const edit = { permission: 'incidents.edit' } as const
/**
 * Anyone signed in may report, so reports are rate limited — per account, not per address: a
 * community's members, or an NGO office, often share one IP address.
 */
const report = {
  permission: 'incidents.create',
  rateLimit: { max: 30, timeWindow: '1 minute', keyGenerator: (req: FastifyRequest) => req.viewer?.id ?? req.ip },
} as const

export const incidentsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: 'List incidents (status=reported is the triage queue)',
        querystring: IncidentListQuery,
        response: { 200: { content: { 'application/json': { schema: IncidentPage }, [GEOJSON_TYPE]: { schema: IncidentFeatures } } } },
      },
    },
    async (req, reply) => {
      const viewer = signedInViewer(req)
      // Only those who triage see the warnings: they speak of evidence other roles may not see.
      const withSanityFigures = can(viewer, 'incidents.triage')
      const found = await listIncidents(req.db, req.query, viewer, { withSanityFigures })
      const items = found.items.map(({ communityDistanceKm, photoDistanceKm, photoAgeDays, ...row }) => {
        const masked = maskIncident(viewer, row)
        if (!withSanityFigures) return masked
        const figures = { communityDistanceKm, photoDistanceKm, photoAgeDays }
        return { ...masked, warnings: sanityWarningsOf(figures, app.geometryRules.warnDistanceKm) }
      })
      const page = { ...found, items }
      if (wantsGeoJson(req)) return reply.type(GEOJSON_TYPE).send(toFeatureCollection(page, 'location'))
      return page
    },
  )

  app.get(
    '/:id',
    { config: read, schema: { tags, summary: 'Get an incident', params: IdParams, response: { 200: Incident } } },
    async (req, reply) => {
      const incident = await findIncident(req.db, req.params.id, req.viewer)
      if (!incident) throw notFound('incident', req.params.id)
      setVersionTag(reply, incident.version)
      return maskIncident(signedInViewer(req), incident)
    },
  )

  app.post(
    '/',
    {
      config: report,
      schema: {
        tags,
        summary: 'Report an incident (it starts as reported; community representatives report for their own communities)',
        description:
          'With a clientReportId, sending the same report again answers 200 with the incident the first request created (201 when new).',
        querystring: GeometryWriteQuery,
        body: CreateIncidentBody,
        response: { 200: Incident, 201: Incident },
      },
    },
    async (req, reply) => {
      const viewer = signedInViewer(req)
      const { incident, isNew } = await createIncident(req.db, req.body, geometryWriteOf(req), viewer)
      return reply.code(isNew ? 201 : 200).send(maskIncident(viewer, incident))
    },
  )

  app.patch(
    '/:id',
    {
      config: edit,
      schema: {
        tags,
        summary: 'Update an incident (not its status; community representatives only their own reports, until verified)',
        params: IdParams,
        querystring: GeometryWriteQuery,
        body: UpdateIncidentBody,
        response: { 200: Incident },
      },
    },
    async (req) => {
      const viewer = signedInViewer(req)
      const change = updateIncident(req.db, req.params.id, req.body, expectedVersion(req, req.body.version), geometryWriteOf(req), viewer)
      return maskIncident(viewer, await maskingConflicts(change, (row: IncidentRow) => maskIncident(viewer, row)))
    },
  )

  app.delete(
    '/:id',
    {
      config: edit,
      schema: { tags, summary: 'Delete an incident (hidden, never erased)', params: IdParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      const viewer = signedInViewer(req)
      await maskingConflicts(deleteIncident(req.db, req.params.id, ifMatchVersion(req), viewer), (row: IncidentRow) =>
        maskIncident(viewer, row),
      )
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/:id/status',
    {
      config: { permission: 'incidents.triage' },
      schema: {
        tags,
        summary: 'Move an incident to another status (triage)',
        params: IdParams,
        body: ChangeIncidentStatusBody,
        response: { 200: Incident },
      },
    },
    async (req) => {
      const viewer = signedInViewer(req)
      const change = changeIncidentStatus(req.db, req.params.id, req.body, expectedVersion(req, req.body.version), viewer)
      return maskIncident(viewer, await maskingConflicts(change, (row: IncidentRow) => maskIncident(viewer, row)))
    },
  )

  app.get(
    '/:id/people',
    {
      config: { permission: 'people.read' },
      schema: { tags, summary: 'List the people involved in an incident', params: IdParams, response: { 200: IncidentPeople } },
    },
    async (req) => listPeopleOfIncident(req.db, req.params.id, signedInViewer(req)),
  )

  app.post(
    '/:id/people',
    {
      config: { permission: 'people.write' },
      schema: {
        tags,
        summary: 'Link a person to an incident in a role (201 when new, 200 when already linked)',
        params: IdParams,
        body: LinkIncidentPersonBody,
        response: { 200: IncidentPerson, 201: IncidentPerson },
      },
    },
    async (req, reply) => {
      const { isNew, link } = await linkPersonToIncident(req.db, req.params.id, req.body, signedInViewer(req))
      return reply.code(isNew ? 201 : 200).send(link)
    },
  )

  app.delete(
    '/:id/people/:personId',
    {
      config: { permission: 'people.write' },
      schema: {
        tags,
        summary: 'Unlink a person from an incident (in one role, or every role when none is given)',
        params: IncidentPersonParams,
        querystring: UnlinkIncidentPersonQuery,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await unlinkPersonFromIncident(req.db, req.params.id, req.params.personId, req.query.role, signedInViewer(req))
      return reply.code(204).send(null)
    },
  )
}
