import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdParams } from '../../../shared/common.ts'
import { CreatePersonBody, Person, PersonListQuery, PersonPage, UpdatePersonBody } from '../../../shared/people.ts'
import { expectedVersion, ifMatchVersion, setVersionTag } from '../../lib/concurrency.ts'
import { listPeople } from './people.queries.ts'
import { createPerson, deletePerson, requirePerson, updatePerson } from './people.service.ts'

const tags = ['people']

export const peopleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/', { schema: { tags, summary: 'List people (summaries, without contact details)', querystring: PersonListQuery, response: { 200: PersonPage } } },
    async (req) => listPeople(app.db, req.query))

  app.get('/:id', { schema: { tags, summary: 'Get a person with contact details and cases', params: IdParams, response: { 200: Person } } }, async (req, reply) => {
    const person = await requirePerson(app.db, req.params.id)
    setVersionTag(reply, person.version)
    return person
  })

  app.post('/', { schema: { tags, summary: 'Add a person', body: CreatePersonBody, response: { 201: Person } } },
    async (req, reply) => reply.code(201).send(await createPerson(app.db, req.body)))

  app.patch('/:id', { schema: { tags, summary: 'Update a person', params: IdParams, body: UpdatePersonBody, response: { 200: Person } } },
    async (req) => updatePerson(app.db, req.params.id, req.body, expectedVersion(req, req.body.version)))

  app.delete('/:id', { schema: { tags, summary: 'Delete a person (hidden, never erased)', params: IdParams, response: { 204: z.null() } } }, async (req, reply) => {
    await deletePerson(app.db, req.params.id, ifMatchVersion(req))
    return reply.code(204).send(null)
  })
}
