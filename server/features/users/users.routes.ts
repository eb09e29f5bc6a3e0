import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { IdParams } from '../../../shared/common.ts'
import { CreateUserBody, UpdateUserBody, User, UserListQuery, UserPage, UserWithTemporaryPassword } from '../../../shared/users.ts'
import { notFound } from '../../lib/app-error.ts'
import { expectedVersion, setVersionTag } from '../../lib/concurrency.ts'
import { findUser, listUsers } from './users.queries.ts'
import { createUser, resetPassword, updateUser } from './users.service.ts'

const tags = ['users']
const config = { permission: 'users.manage' } as const

export const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    { config, schema: { tags, summary: 'List user accounts', querystring: UserListQuery, response: { 200: UserPage } } },
    async (req) => listUsers(req.db, req.query),
  )

  app.get(
    '/:id',
    { config, schema: { tags, summary: 'Get a user account', params: IdParams, response: { 200: User } } },
    async (req, reply) => {
      const user = await findUser(req.db, req.params.id)
      if (!user) throw notFound('user', req.params.id)
      setVersionTag(reply, user.version)
      return user
    },
  )

  app.post(
    '/',
    {
      config,
      schema: {
        tags,
        summary: 'Create a user account (a temporary password is returned once if none is given)',
        body: CreateUserBody,
        response: { 201: UserWithTemporaryPassword },
      },
    },
    async (req, reply) => reply.code(201).send(await createUser(req.db, req.body)),
  )

  app.patch(
    '/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Change a user: role, communities, deactivate (signs them out)',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: User },
      },
    },
    async (req) => updateUser(req.db, req.params.id, req.body, expectedVersion(req, req.body.version)),
  )

  app.post(
    '/:id/reset-password',
    {
      config,
      schema: {
        tags,
        summary: 'Reset a password: returns a temporary one the user must change',
        params: IdParams,
        response: { 200: UserWithTemporaryPassword },
      },
    },
    async (req) => resetPassword(req.db, req.params.id),
  )
}
