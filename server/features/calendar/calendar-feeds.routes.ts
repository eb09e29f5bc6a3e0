import { createHash } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { CalendarFeedParams, CalendarFeedQuery, CalendarFeedStatus, NewCalendarFeed } from '../../../shared/calendar-feeds.ts'
import { signedInViewer } from '../../lib/security.ts'
import { ICS_CONTENT_TYPE } from './calendar.ics.ts'
import { createFeed, findFeedStatus, renderFeed, revokeFeed } from './calendar-feeds.service.ts'

const tags = ['calendar']
/** Making and revoking feeds writes the audit trail: per account, like other sensitive writes. */
const manage = {
  permission: 'calendar.feed',
  rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (req: FastifyRequest) => req.viewer?.id ?? req.ip },
} as const
/**
 * The feed needs no session (calendar apps cannot send one): its token is checked in the handler.
 * Apps poll every few minutes to hours; this only stops a runaway client.
 */
const feed = { permission: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } } as const

const strongTag = (text: string) => `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`
const matchesTag = (header: string | undefined, tag: string) =>
  header !== undefined && header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === tag)

/**
 * At /api/calendar/feeds: `mine` is the signed-in user's feed (status, make or remake, revoke);
 * `<token>.ics` is a feed itself, read by calendar apps without a session.
 */
export const calendarFeedsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/mine',
    {
      config: { permission: 'calendar.feed' },
      schema: {
        tags,
        summary: 'Whether you have a calendar feed, when it was made and last fetched (never its address)',
        response: { 200: CalendarFeedStatus },
      },
    },
    async (req) => findFeedStatus(req.db, signedInViewer(req)),
  )

  app.post(
    '/mine',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Make your calendar feed, or a new one: the previous address stops working at once',
        description: 'The answer carries the address with its secret token; it is shown this once and cannot be read again.',
        response: { 201: NewCalendarFeed },
      },
    },
    async (req, reply) => {
      const created = await createFeed(req.db, signedInViewer(req), req.auditContext, `${req.protocol}://${req.host}`)
      return reply.code(201).header('cache-control', 'no-store').send(created)
    },
  )

  app.delete(
    '/mine',
    {
      config: manage,
      schema: { tags, summary: 'Revoke your calendar feed: its address answers 404 from now on', response: { 204: z.null() } },
    },
    async (req, reply) => {
      await revokeFeed(req.db, signedInViewer(req), req.auditContext)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/:token.ics',
    {
      config: feed,
      schema: {
        tags,
        summary: 'A calendar feed (RFC 5545) for calendar apps: no session, the secret token is the key',
        description:
          "The hearings and deadlines its owner may see now (60 days back, a year ahead), in Asia/Phnom_Penh time, with reminders; events removed in the last 60 days as STATUS:CANCELLED. `?mine=true`: only the cases on whose team its owner is. No people, contacts, event details or privileged notes. An unknown, revoked or replaced token, or a deactivated account's, answers 404.",
        params: CalendarFeedParams,
        querystring: CalendarFeedQuery,
        response: {
          200: { content: { 'text/calendar': { schema: z.string() } } },
          304: z.null().describe('Unchanged since the ETag sent in If-None-Match'),
        },
      },
    },
    async (req, reply) => {
      const text = await renderFeed(req.db, req.params.token, req.query)
      const tag = strongTag(text)
      // A secret address: no shared cache may keep it.
      reply.header('cache-control', 'private, no-store').header('etag', tag).header('x-robots-tag', 'noindex')
      if (matchesTag(req.headers['if-none-match'], tag)) return reply.code(304).send(null)
      return reply.type(ICS_CONTENT_TYPE).header('content-disposition', 'inline; filename="dey.ics"').send(text)
    },
  )
}
