// "Signed-in devices" on My account: my live sessions, ending one, and signing out everywhere else.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { EndedSessions, SessionList, SessionParams } from '../../../shared/auth.ts'
import { recordAudit } from '../../lib/audit.ts'
import { signedInViewer } from '../../lib/security.ts'
import { endUserSession, listUserSessions, revokeUserSessions, SESSION_COOKIE, type SessionLimits } from '../../lib/sessions.ts'
import { createSessionNotFoundError } from './auth.errors.ts'

const tags = ['auth']
const config = { permission: 'signed_in' } as const

export interface SessionsRoutesOptions {
  sessionLimits: SessionLimits
}

export const sessionsRoutes: FastifyPluginAsyncZod<SessionsRoutesOptions> = async (app, options) => {
  app.get(
    '/',
    { config, schema: { tags, summary: 'My live sessions (signed-in devices), the most recent first', response: { 200: SessionList } } },
    async (req) => {
      const viewer = signedInViewer(req)
      return { items: await listUserSessions(req.db, viewer.id, options.sessionLimits, viewer.sessionId) }
    },
  )

  app.delete(
    '/:id',
    {
      config,
      schema: {
        tags,
        summary: 'End one of my sessions (this one too: that signs out here)',
        params: SessionParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const viewer = signedInViewer(req)
      if (!(await endUserSession(req.db, viewer.id, req.params.id))) throw createSessionNotFoundError(req.params.id)
      const isCurrent = req.params.id === viewer.sessionId
      await recordAudit(req.db, req.auditContext, { action: 'session_ended', entity: 'users', entityId: viewer.id, details: { isCurrent } })
      if (isCurrent) reply.clearCookie(SESSION_COOKIE, { path: '/' })
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/end-others',
    { config, schema: { tags, summary: 'Sign out everywhere else: ends all my sessions but this one', response: { 200: EndedSessions } } },
    async (req) => {
      const viewer = signedInViewer(req)
      const ended = await revokeUserSessions(req.db, viewer.id, req.cookies[SESSION_COOKIE])
      await recordAudit(req.db, req.auditContext, {
        action: 'sessions_ended_elsewhere',
        entity: 'users',
        entityId: viewer.id,
        details: { ended },
      })
      return { ended }
    },
  )
}
