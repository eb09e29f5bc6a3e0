// SQL of the legal calendar: hearings and deadlines of live cases in a time window.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import { caseEvents, legalCases } from '../../../db/schema/index.ts'
import { CALENDAR_EVENT_KINDS } from '../../../shared/calendar.ts'
import { matchesText, withinDates } from '../../lib/list-query.ts'
import { caseScope, type Viewer } from '../../lib/policy.ts'

export interface CalendarFilter {
  from: string
  to: string
  lawyer?: string | undefined
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
      leadLawyer: legalCases.leadLawyer,
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
        matchesText(filter.lawyer, [legalCases.leadLawyer]),
        filter.caseId ? eq(caseEvents.caseId, filter.caseId) : undefined,
      ),
    )
    .orderBy(asc(caseEvents.startsAt), asc(caseEvents.id))
}
export type CalendarEntryRow = Awaited<ReturnType<typeof findCalendarEntries>>[number]
