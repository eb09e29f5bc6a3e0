// All SQL of case events: hearings, deadlines, filings, meetings, judgments and notes of a case.
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import { caseEvents, deadlineRules, legalCases } from '../../../db/schema/index.ts'
import type { CaseEventListQuery } from '../../../shared/cases.ts'
import type { DeadlineRuleRef } from '../../../shared/deadline-rules.ts'
import { isOneOf, matchesText, resolveSorting, toPage, withinDates } from '../../lib/list-query.ts'
import { caseScope, type Viewer } from '../../lib/policy.ts'

const eventColumns = {
  id: caseEvents.id,
  caseId: caseEvents.caseId,
  caseReference: legalCases.reference,
  kind: caseEvents.kind,
  title: caseEvents.title,
  details: caseEvents.details,
  startsAt: caseEvents.startsAt,
  location: caseEvents.location,
  isDone: caseEvents.isDone,
  /** The rule a confirmed deadline was computed from, deleted or not: the event keeps citing its legal basis. */
  deadlineRule: sql<DeadlineRuleRef | null>`(SELECT json_build_object('id', r.id, 'name', r.name, 'nameKm', r.name_km,
    'legalBasis', r.legal_basis, 'legalBasisKm', r.legal_basis_km, 'sourceUrl', r.source_url)
    FROM ${deadlineRules} r WHERE r.id = ${caseEvents.deadlineRuleId})`,
  triggerEventId: caseEvents.triggerEventId,
  createdAt: caseEvents.createdAt,
  updatedAt: caseEvents.updatedAt,
  version: caseEvents.version,
}

/** Events of a deleted case are hidden with it. */
function selectLiveEvents<Extra extends Record<string, SQL> = Record<never, never>>(db: Db, extra?: Extra) {
  return db
    .select({ ...eventColumns, ...(extra as Extra) })
    .from(caseEvents)
    .innerJoin(legalCases, and(eq(legalCases.id, caseEvents.caseId), isNull(legalCases.deletedAt)))
}

/** A live event of a case the viewer may see (of any live case when no viewer is given: internal checks). */
export async function findCaseEvent(db: Db, id: string, viewer?: Viewer) {
  const [row] = await selectLiveEvents(db).where(
    and(eq(caseEvents.id, id), isNull(caseEvents.deletedAt), viewer && caseScope(viewer, legalCases.id)),
  )
  return row
}

const sortable = { startsAt: caseEvents.startsAt, createdAt: caseEvents.createdAt, updatedAt: caseEvents.updatedAt }

export async function listCaseEvents(db: Db, caseId: string, query: CaseEventListQuery, viewer: Viewer) {
  const sorting = resolveSorting(query.sort, query.cursor, sortable, caseEvents.id)
  const rows = await selectLiveEvents(db, { cursorKey: sorting.cursorKey })
    .where(
      and(
        eq(caseEvents.caseId, caseId),
        isNull(caseEvents.deletedAt),
        caseScope(viewer, legalCases.id),
        isOneOf(caseEvents.kind, query.kind),
        query.done !== undefined ? eq(caseEvents.isDone, query.done) : undefined,
        withinDates(caseEvents.startsAt, query.from, query.to),
        matchesText(query.q, [caseEvents.title, caseEvents.details, caseEvents.location]),
        sorting.after,
      ),
    )
    .orderBy(...sorting.orderBy)
    .limit(query.limit + 1)
  return toPage(rows, query.limit, query.sort, sorting)
}

export async function insertCaseEvent(db: Db, values: typeof caseEvents.$inferInsert) {
  const [row] = await db.insert(caseEvents).values(values).returning({ id: caseEvents.id })
  return row!.id
}
