// All SQL of tasks: a case's tasks, and the rows a task may point at (assignee, event, document).
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Db } from '../../../db/open.ts'
import { caseEvents, caseTasks, evidence, legalCases, users } from '../../../db/schema/index.ts'
import { caseScope, type Viewer } from '../../lib/policy.ts'

const assignees = alias(users, 'assignees')
const creators = alias(users, 'creators')

const taskColumns = {
  id: caseTasks.id,
  caseId: caseTasks.caseId,
  caseReference: legalCases.reference,
  title: caseTasks.title,
  details: caseTasks.details,
  assigneeUserId: caseTasks.assigneeUserId,
  assigneeName: assignees.displayName,
  dueOn: caseTasks.dueOn,
  priority: caseTasks.priority,
  status: caseTasks.status,
  eventId: caseTasks.eventId,
  eventTitle: caseEvents.title,
  evidenceId: caseTasks.evidenceId,
  evidenceTitle: evidence.title,
  createdByUserId: caseTasks.createdByUserId,
  createdByName: creators.displayName,
  completedAt: caseTasks.completedAt,
  createdAt: caseTasks.createdAt,
  updatedAt: caseTasks.updatedAt,
  version: caseTasks.version,
}

/** Tasks of a deleted case are hidden with it; a deleted event or document is no longer named. */
function selectLiveTasks(db: Db) {
  return db
    .select(taskColumns)
    .from(caseTasks)
    .innerJoin(legalCases, and(eq(legalCases.id, caseTasks.caseId), isNull(legalCases.deletedAt)))
    .leftJoin(assignees, eq(assignees.id, caseTasks.assigneeUserId))
    .leftJoin(creators, eq(creators.id, caseTasks.createdByUserId))
    .leftJoin(caseEvents, and(eq(caseEvents.id, caseTasks.eventId), isNull(caseEvents.deletedAt)))
    .leftJoin(evidence, and(eq(evidence.id, caseTasks.evidenceId), isNull(evidence.deletedAt), isNull(evidence.purgedAt)))
}

/** A live task of a case the viewer may see (of any live case when no viewer is given: internal checks). */
export async function findTask(db: Db, id: string, viewer?: Viewer) {
  const [row] = await selectLiveTasks(db).where(
    and(eq(caseTasks.id, id), isNull(caseTasks.deletedAt), viewer && caseScope(viewer, legalCases.id)),
  )
  return row
}

/** Open and in-progress tasks first, then by due day (undated last), priority (urgent first), creation. */
export async function listCaseTasks(db: Db, caseId: string) {
  return selectLiveTasks(db)
    .where(and(eq(caseTasks.caseId, caseId), isNull(caseTasks.deletedAt)))
    .orderBy(
      sql`(${caseTasks.status} IN ('open', 'in_progress')) DESC`,
      sql`${caseTasks.dueOn} ASC NULLS LAST`,
      // The enum is declared low → urgent: descending puts urgent first.
      desc(caseTasks.priority),
      asc(caseTasks.createdAt),
      asc(caseTasks.id),
    )
}

export async function isLiveCaseForTasks(db: Db, caseId: string, viewer?: Viewer) {
  const rows = await db
    .select({ id: legalCases.id })
    .from(legalCases)
    .where(and(eq(legalCases.id, caseId), isNull(legalCases.deletedAt), viewer && caseScope(viewer, legalCases.id)))
  return rows.length === 1
}

/** The case's reference and titles, for the words of a notification. */
export async function findCaseLabel(db: Db, caseId: string) {
  const [row] = await db
    .select({ reference: legalCases.reference, title: legalCases.title, titleKm: legalCases.titleKm })
    .from(legalCases)
    .where(eq(legalCases.id, caseId))
  return row
}

export async function findAccount(db: Db, userId: string) {
  const [row] = await db
    .select({ id: users.id, role: users.role, isActive: users.isActive, displayName: users.displayName })
    .from(users)
    .where(eq(users.id, userId))
  return row
}

export async function findEventCase(db: Db, eventId: string) {
  const [row] = await db
    .select({ caseId: caseEvents.caseId, deletedAt: caseEvents.deletedAt })
    .from(caseEvents)
    .where(eq(caseEvents.id, eventId))
  return row
}

export async function findEvidenceCase(db: Db, evidenceId: string) {
  const [row] = await db
    .select({ caseId: evidence.caseId, deletedAt: evidence.deletedAt, purgedAt: evidence.purgedAt })
    .from(evidence)
    .where(eq(evidence.id, evidenceId))
  return row
}

export async function insertTask(db: Db, values: typeof caseTasks.$inferInsert) {
  const [row] = await db.insert(caseTasks).values(values).returning({ id: caseTasks.id, version: caseTasks.version })
  return row!
}
