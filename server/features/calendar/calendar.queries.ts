// SQL of the legal calendar: hearings and deadlines of live cases in a time window.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import { caseEvents, caseTeam, legalCases, users } from '../../../db/schema/index.ts'
import { CALENDAR_EVENT_KINDS } from '../../../shared/calendar.ts'
import { withinDates } from '../../lib/list-query.ts'
import { caseScope, type Viewer } from '../../lib/policy.ts'

export interface CalendarFilter {
  from: string
  to: string
  /** Only the cases on whose team (lead or member) each of these accounts is. */
  teamUserIds?: readonly string[]
  caseId?: string | undefined
}

/** Hearings and deadlines of the live cases the viewer may see. */
export function findCalendarEntries(db: Db, filter: CalendarFilter, viewer: Viewer) {
  return db
    .select({
      id: caseEvents.id,
      caseId: caseEvents.caseId,
      caseReference: legalCases.reference,
      caseTitle: legalCases.title,
      leadLawyer: sql<string | null>`(SELECT u.display_name FROM ${caseTeam} ct JOIN ${users} u ON u.id = ct.user_id
        WHERE ct.case_id = ${legalCases.id} AND ct.role = 'lead')`,
      startsAt: caseEvents.startsAt,
      // Narrowed by the WHERE below to the kinds a calendar shows.
      kind: sql<(typeof CALENDAR_EVENT_KINDS)[number]>`${caseEvents.kind}`,
      title: caseEvents.title,
      location: caseEvents.location,
      isDone: caseEvents.isDone,
      updatedAt: caseEvents.updatedAt,
      version: caseEvents.version,
    })
    .from(caseEvents)
    .innerJoin(legalCases, and(eq(legalCases.id, caseEvents.caseId), isNull(legalCases.deletedAt)))
    .where(
      and(
        isNull(caseEvents.deletedAt),
        caseScope(viewer, legalCases.id),
        inArray(caseEvents.kind, [...CALENDAR_EVENT_KINDS]),
        withinDates(caseEvents.startsAt, filter.from, filter.to),
        ...(filter.teamUserIds ?? []).map(
          (userId) => sql`${legalCases.id} IN (SELECT ct.case_id FROM ${caseTeam} ct WHERE ct.user_id = ${userId})`,
        ),
        filter.caseId ? eq(caseEvents.caseId, filter.caseId) : undefined,
      ),
    )
    .orderBy(asc(caseEvents.startsAt), asc(caseEvents.id))
}
export type CalendarEntryRow = Awaited<ReturnType<typeof findCalendarEntries>>[number]
