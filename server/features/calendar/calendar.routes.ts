import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Calendar, CalendarQuery } from '../../../shared/calendar.ts'
import { ICS_CONTENT_TYPE, toICalendar } from './calendar.ics.ts'
import { findCalendar } from './calendar.service.ts'

const tags = ['calendar']

/** Registered at /api: serves /api/calendar and /api/calendar.ics. */
export const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/calendar', {
    schema: { tags, summary: 'Hearings and deadlines of live cases (default: the next 90 days)', querystring: CalendarQuery, response: { 200: Calendar } },
  }, async (req) => findCalendar(app.db, req.query))

  app.get('/calendar.ics', {
    schema: {
      tags,
      summary: 'The same hearings and deadlines as an iCalendar (RFC 5545) feed to subscribe to',
      querystring: CalendarQuery,
      response: { 200: { content: { 'text/calendar': { schema: z.string() } } } },
    },
  }, async (req, reply) => {
    const calendar = await findCalendar(app.db, req.query)
    return reply.type(ICS_CONTENT_TYPE).header('content-disposition', 'inline; filename="dey-calendar.ics"').send(toICalendar(calendar))
  })
}
