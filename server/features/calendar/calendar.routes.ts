import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Calendar, CalendarQuery } from '../../../shared/calendar.ts'
import { ICS_CONTENT_TYPE, toICalendar } from './calendar.ics.ts'
import { findCalendar } from './calendar.service.ts'
import { signedInViewer } from '../../lib/security.ts'

const tags = ['calendar']
const read = { permission: 'calendar.read' } as const

/**
 * At /api/calendar (and the download below at /api/calendar.ics), both with the events of the
 * cases the viewer may see. The download needs the session cookie like every other route; calendar
 * apps subscribe to a secret feed address instead (calendar-feeds.routes.ts).
 */
export const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: read,
      // Only the exact path, as when this was registered at /api: no /api/calendar/ twin.
      prefixTrailingSlash: 'no-slash',
      schema: {
        tags,
        summary: 'Hearings and deadlines of live cases (default: the next 90 days)',
        querystring: CalendarQuery,
        response: { 200: Calendar },
      },
    },
    async (req) => findCalendar(req.db, req.query, signedInViewer(req)),
  )
}

/** At /api/calendar.ics: the same events as an iCalendar feed. */
export const calendarFeedRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: read,
      prefixTrailingSlash: 'no-slash',
      schema: {
        tags,
        summary: 'The same hearings and deadlines as an iCalendar (RFC 5545) feed',
        description:
          'Needs the session cookie like the rest of the API: a one-time download from a signed-in browser. Calendar apps subscribe to /api/calendar/feeds/{token}.ics instead (made at /api/calendar/feeds/mine).',
        querystring: CalendarQuery,
        response: { 200: { content: { 'text/calendar': { schema: z.string() } } } },
      },
    },
    async (req, reply) => {
      const calendar = await findCalendar(req.db, req.query, signedInViewer(req))
      return reply.type(ICS_CONTENT_TYPE).header('content-disposition', 'inline; filename="dey-calendar.ics"').send(toICalendar(calendar))
    },
  )
}
