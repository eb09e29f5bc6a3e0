// All SQL of "My work": one user's open tasks, the hearings and deadlines of the cases they work on,
// and those cases. Only live rows of live cases.
import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import { caseEvents, caseTasks, caseTeam, legalCases } from '../../../db/schema/index.ts'
import { OPEN_TASK_STATUSES } from '../../../shared/tasks.ts'

const caseColumns = {
  caseId: legalCases.id,
  caseReference: legalCases.reference,
  caseTitle: legalCases.title,
  caseTitleKm: legalCases.titleKm,
}

/** Open and in-progress tasks assigned to the user: by due day (undated last), urgent first. */
export async function findMyOpenTasks(db: Db, userId: string) {
  return db
    .select({
      id: caseTasks.id,
      ...caseColumns,
      title: caseTasks.title,
      dueOn: caseTasks.dueOn,
      priority: caseTasks.priority,
      status: caseTasks.status,
      version: caseTasks.version,
    })
    .from(caseTasks)
    .innerJoin(legalCases, and(eq(legalCases.id, caseTasks.caseId), isNull(legalCases.deletedAt)))
    .where(and(eq(caseTasks.assigneeUserId, userId), isNull(caseTasks.deletedAt), inArray(caseTasks.status, [...OPEN_TASK_STATUSES])))
    .orderBy(sql`${caseTasks.dueOn} ASC NULLS LAST`, desc(caseTasks.priority), asc(caseTasks.createdAt), asc(caseTasks.id))
}

/**
 * Hearings and deadlines not done, of the cases the user is on the team of: those from `from` to
 * before `until`, and deadlines before `from` (overdue). Soonest first.
 */
export async function findMyKeyEvents(db: Db, userId: string, from: Date, until: Date) {
  return db
    .select({
      id: caseEvents.id,
      ...caseColumns,
      kind: caseEvents.kind,
      title: caseEvents.title,
      startsAt: caseEvents.startsAt,
      location: caseEvents.location,
    })
    .from(caseEvents)
    .innerJoin(legalCases, and(eq(legalCases.id, caseEvents.caseId), isNull(legalCases.deletedAt)))
    .innerJoin(caseTeam, and(eq(caseTeam.caseId, caseEvents.caseId), eq(caseTeam.userId, userId)))
    .where(
      and(
        isNull(caseEvents.deletedAt),
        eq(caseEvents.isDone, false),
        inArray(caseEvents.kind, ['hearing', 'deadline']),
        lt(caseEvents.startsAt, until),
        or(gte(caseEvents.startsAt, from), eq(caseEvents.kind, 'deadline')),
      ),
    )
    .orderBy(asc(caseEvents.startsAt), asc(caseEvents.id))
}

/** The live cases the user leads or is a member of: leads first, then by reference. */
export async function findMyCases(db: Db, userId: string) {
  return db
    .select({
      id: legalCases.id,
      reference: legalCases.reference,
      title: legalCases.title,
      titleKm: legalCases.titleKm,
      stage: legalCases.stage,
      role: caseTeam.role,
    })
    .from(caseTeam)
    .innerJoin(legalCases, and(eq(legalCases.id, caseTeam.caseId), isNull(legalCases.deletedAt)))
    .where(eq(caseTeam.userId, userId))
    .orderBy(sql`${caseTeam.role} = 'lead' DESC`, asc(legalCases.reference))
}
