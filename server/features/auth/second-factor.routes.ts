// Two-step sign-in for the signed-in user (/api/auth/second-factor) and an admin's reset of a
// user's lost factor (/api/users/:id/second-factor).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  DisableSecondFactorBody,
  RecoveryCodes,
  SecondFactorCodeBody,
  SecondFactorSetup,
  SecondFactorStatus,
} from '../../../shared/auth.ts'
import { IdParams } from '../../../shared/common.ts'
import { signedInViewer } from '../../lib/security.ts'
import type { SecondFactorRule } from '../../lib/sessions.ts'
import {
  confirmSecondFactor,
  disableSecondFactor,
  regenerateRecoveryCodes,
  resetSecondFactor,
  secondFactorStatus,
  startSecondFactorSetup,
} from './second-factor.service.ts'

const tags = ['auth']
const config = { permission: 'signed_in' } as const

export interface SecondFactorRoutesOptions extends SecondFactorRule {
  now: () => Date
}

export const secondFactorRoutes: FastifyPluginAsyncZod<SecondFactorRoutesOptions> = async (app, options) => {
  app.get(
    '/',
    {
      config,
      schema: { tags, summary: 'Whether I have two-step sign-in, and whether my role requires it', response: { 200: SecondFactorStatus } },
    },
    async (req) => secondFactorStatus(req.db, signedInViewer(req).id, options),
  )

  app.post(
    '/setup',
    {
      config,
      schema: {
        tags,
        summary: 'Start setting up two-step sign-in: a new secret, its otpauth:// URI and QR code (SVG)',
        response: { 200: SecondFactorSetup },
      },
    },
    async (req) => startSecondFactorSetup(req.db, signedInViewer(req).id),
  )

  app.post(
    '/confirm',
    {
      config,
      schema: {
        tags,
        summary: 'Finish the set-up with a first code; returns 10 recovery codes, this once',
        body: SecondFactorCodeBody,
        response: { 200: RecoveryCodes },
      },
    },
    async (req) => confirmSecondFactor(req.db, signedInViewer(req).id, req.body.code, options.now(), req.auditContext),
  )

  app.post(
    '/recovery-codes',
    {
      config,
      schema: {
        tags,
        summary: 'New recovery codes (the old ones stop working), with a current code',
        body: SecondFactorCodeBody,
        response: { 200: RecoveryCodes },
      },
    },
    async (req) => regenerateRecoveryCodes(req.db, signedInViewer(req).id, req.body.code, options.now(), req.auditContext),
  )

  app.delete(
    '/',
    {
      config,
      schema: {
        tags,
        summary: 'Turn two-step sign-in off (password and a current code; refused when the role requires it)',
        body: DisableSecondFactorBody,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await disableSecondFactor(req.db, signedInViewer(req).id, req.body, options, options.now(), req.auditContext)
      return reply.code(204).send(null)
    },
  )
}

export const userSecondFactorRoutes: FastifyPluginAsyncZod = async (app) => {
  app.delete(
    '/:id/second-factor',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: "Reset a user's lost second factor: removes it and their recovery codes and signs them out everywhere",
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await resetSecondFactor(req.db, req.params.id, req.auditContext)
      return reply.code(204).send(null)
    },
  )
}
