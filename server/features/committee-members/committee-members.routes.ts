// A community's committee by name: legal staff, admins, and representatives for their own
// communities. Advocates get counts only (/api/stats): leaders are targets of intimidation.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  CommitteeMember,
  CommitteeMemberListQuery,
  CommitteeMemberPage,
  CreateCommitteeMemberBody,
  UpdateCommitteeMemberBody,
} from '../../../shared/committee-members.ts'
import { IdParams } from '../../../shared/common.ts'
import { expectedVersion, ifMatchVersion, setVersionTag } from '../../lib/concurrency.ts'
import { signedInViewer } from '../../lib/security.ts'
import {
  createCommitteeMember,
  deleteCommitteeMember,
  listCommittee,
  requireCommitteeMember,
  updateCommitteeMember,
} from './committee-members.service.ts'

const tags = ['committee-members']
const read = { permission: 'committee.read' } as const
const write = { permission: 'committee.write' } as const

export const committeeMembersRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: "List a community's committee (current members unless includeFormer)",
        querystring: CommitteeMemberListQuery,
        response: { 200: CommitteeMemberPage },
      },
    },
    async (req) => listCommittee(req.db, req.query, signedInViewer(req)),
  )

  app.get(
    '/:id',
    { config: read, schema: { tags, summary: 'Get a committee member', params: IdParams, response: { 200: CommitteeMember } } },
    async (req, reply) => {
      const member = await requireCommitteeMember(req.db, req.params.id, signedInViewer(req))
      setVersionTag(reply, member.version)
      return member
    },
  )

  app.post(
    '/',
    {
      config: write,
      schema: { tags, summary: 'Add a committee member', body: CreateCommitteeMemberBody, response: { 201: CommitteeMember } },
    },
    async (req, reply) => reply.code(201).send(await createCommitteeMember(req.db, req.body, signedInViewer(req))),
  )

  app.patch(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Update a committee member (to record that they left, set endedOn)',
        params: IdParams,
        body: UpdateCommitteeMemberBody,
        response: { 200: CommitteeMember },
      },
    },
    async (req) => updateCommitteeMember(req.db, req.params.id, req.body, expectedVersion(req, req.body.version), signedInViewer(req)),
  )

  app.delete(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete a committee member entered by mistake (hidden, never erased)',
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await deleteCommitteeMember(req.db, req.params.id, ifMatchVersion(req), signedInViewer(req))
      return reply.code(204).send(null)
    },
  )
}
