import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdParams } from '../../../shared/common.ts'
import { CreatePersonBody, Person, PersonListQuery, PersonPage, UpdatePersonBody } from '../../../shared/people.ts'
import { expectedVersion, ifMatchVersion, setVersionTag } from '../../lib/concurrency.ts'
import { maskPerson } from '../../lib/policy.ts'
import { listPeople } from './people.queries.ts'
import { createPerson, deletePerson, requirePerson, updatePerson } from './people.service.ts'
import { signedInViewer } from '../../lib/security.ts'

const tags = ['people']
const read = { permission: 'people.read' } as const
const write = { permission: 'people.write' } as const

export const peopleRoutes: FastifyPluginAsyncZod = async (app) => {
  // List rows are summaries without contacts (and PersonSummary would strip them): only the row
  // scope (no confidential people for advocates) applies.
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: 'List people (summaries, without contact details; confidential people for legal staff only)',
        querystring: PersonListQuery,
        response: { 200: PersonPage },
      },
    },
    async (req) => listPeople(req.db, req.query, signedInViewer(req)),
  )

  app.get(
    '/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'Get a person with their cases (contact details for legal staff only)',
        params: IdParams,
        response: { 200: Person },
      },
    },
    async (req, reply) => {
      const person = await requirePerson(req.db, req.params.id, signedInViewer(req))
      setVersionTag(reply, person.version)
      return maskPerson(signedInViewer(req), person)
    },
  )

  app.post(
    '/',
    { config: write, schema: { tags, summary: 'Add a person', body: CreatePersonBody, response: { 201: Person } } },
    async (req, reply) => reply.code(201).send(maskPerson(signedInViewer(req), await createPerson(req.db, req.body, signedInViewer(req)))),
  )

  app.patch(
    '/:id',
    { config: write, schema: { tags, summary: 'Update a person', params: IdParams, body: UpdatePersonBody, response: { 200: Person } } },
    async (req) =>
      maskPerson(
        signedInViewer(req),
        await updatePerson(req.db, req.params.id, req.body, expectedVersion(req, req.body.version), signedInViewer(req)),
      ),
  )

  app.delete(
    '/:id',
    { config: write, schema: { tags, summary: 'Delete a person (hidden, never erased)', params: IdParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await deletePerson(req.db, req.params.id, ifMatchVersion(req))
      return reply.code(204).send(null)
    },
  )
}
