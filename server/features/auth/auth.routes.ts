import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ChangePasswordBody, LoginBody, Me } from '../../../shared/auth.ts'
import { recordAudit } from '../../lib/audit.ts'
import { can, PERMISSIONS, type Permission, type Viewer } from '../../lib/policy.ts'
import {
  findViewerBySession,
  revokeSession,
  SESSION_COOKIE,
  type SecondFactorRule,
  type SessionFlags,
  type SessionLimits,
} from '../../lib/sessions.ts'
import { changePassword, signIn } from './auth.service.ts'
import { signedInViewer } from '../../lib/security.ts'
import { createTooManyAttemptsError } from './auth.errors.ts'

const tags = ['auth']

export interface AuthRoutesOptions extends SecondFactorRule {
  sessionLimits: SessionLimits
  /** Sign-in attempts per IP address per minute. */
  loginRateLimit: number
  /** May the demo accounts (published passwords) sign in? Never in production. */
  allowDemoAccounts: boolean
  /** What time it is (TOTP codes depend on it); tests pass their own clock. */
  now: () => Date
}

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, options) => {
  app.post(
    '/login',
    {
      config: {
        permission: 'public',
        rateLimit: {
          max: options.loginRateLimit,
          timeWindow: '1 minute',
          errorResponseBuilder: (_req, context) => createTooManyAttemptsError(context.after, context.ttl),
        },
      },
      schema: {
        tags,
        summary: 'Sign in with e-mail or username and password (and, for accounts with two-step sign-in, a code or recovery code)',
        body: LoginBody,
        response: { 200: Me },
      },
    },
    async (req, reply) => {
      const { token } = await signIn(
        app.db,
        req.body,
        { ...options.sessionLimits, allowDemoAccounts: options.allowDemoAccounts },
        { ip: req.ip, userAgent: req.headers['user-agent'] },
        req.auditContext,
        options.now(),
      )
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: req.protocol === 'https',
        maxAge: options.sessionLimits.maxHours * 3600,
      })
      return meOf((await findViewerBySession(app.db, token, { ...options.sessionLimits, twoFactorRoles: options.twoFactorRoles }))!)
    },
  )

  app.post(
    '/logout',
    {
      config: { permission: 'signed_in' },
      schema: { tags, summary: 'Sign out (ends this session)', response: { 204: z.null() } },
    },
    async (req, reply) => {
      await revokeSession(app.db, req.cookies[SESSION_COOKIE]!)
      await recordAudit(app.db, req.auditContext, { action: 'logout', entity: 'users', entityId: signedInViewer(req).id })
      reply.clearCookie(SESSION_COOKIE, { path: '/' })
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/me',
    { config: { permission: 'signed_in' }, schema: { tags, summary: 'The signed-in user', response: { 200: Me } } },
    async (req) => meOf(signedInViewer(req)),
  )

  app.post(
    '/password',
    {
      config: { permission: 'signed_in' },
      schema: {
        tags,
        summary: 'Change your password (signs out your other sessions)',
        body: ChangePasswordBody,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await changePassword(req.db, signedInViewer(req).id, req.body, req.cookies[SESSION_COOKIE]!)
      return reply.code(204).send(null)
    },
  )
}

function meOf(viewer: Viewer & SessionFlags) {
  const { id, displayName, role, communityIds, mustChangePassword, mustEnrolSecondFactor } = viewer
  const permissions = (Object.keys(PERMISSIONS) as Permission[]).filter((permission) => permission !== 'public' && can(viewer, permission))
  return { id, displayName, role, communityIds: [...communityIds], mustChangePassword, mustEnrolSecondFactor, permissions }
}
