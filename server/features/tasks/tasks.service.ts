// Writes of tasks: each in one transaction, only on live cases, with optimistic concurrency. What a
// task points at is checked before anything is written; assigning it to someone else notifies them
// in the same transaction.
import { sql } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import { caseTasks } from '../../../db/schema/index.ts'
import type { CreateTaskBody, UpdateTaskBody } from '../../../shared/tasks.ts'
import { notFound } from '../../lib/app-error.ts'
import { createStaleVersionError } from '../../lib/concurrency.errors.ts'
import { requireVersion } from '../../lib/concurrency.ts'
import { notify } from '../../lib/notifications.ts'
import { PERMISSIONS, type Viewer } from '../../lib/policy.ts'
import { softDelete, updateIfVersion } from '../../lib/versioned-rows.queries.ts'
import {
  createAssigneeInactiveError,
  createAssigneeNotFoundError,
  createAssigneeNotStaffError,
  createLinkNotInCaseError,
} from './tasks.errors.ts'
import {
  findAccount,
  findCaseLabel,
  findEventCase,
  findEvidenceCase,
  findTask,
  insertTask,
  isLiveCaseForTasks,
  listCaseTasks,
} from './tasks.queries.ts'

/** 404 when the case is not live or the viewer may not see it. */
export async function listTasksOfCase(db: Db, caseId: string, viewer: Viewer) {
  if (!(await isLiveCaseForTasks(db, caseId, viewer))) throw notFound('case', caseId)
  return { items: await listCaseTasks(db, caseId) }
}

/** With a viewer: 404 also when they may not see the task's case. */
export async function requireTask(db: Db, id: string, viewer?: Viewer) {
  const task = await findTask(db, id, viewer)
  if (!task) throw notFound('task', id)
  return task
}

export async function createTask(db: Db, caseId: string, body: CreateTaskBody, viewer: Viewer) {
  return db.transaction(async (tx) => {
    if (!(await isLiveCaseForTasks(tx, caseId, viewer))) throw notFound('case', caseId)
    await checkReferences(tx, caseId, body)
    const { id, version } = await insertTask(tx, {
      caseId,
      title: body.title,
      details: body.details ?? null,
      assigneeUserId: body.assigneeUserId ?? null,
      dueOn: body.dueOn ?? null,
      priority: body.priority,
      eventId: body.eventId ?? null,
      evidenceId: body.evidenceId ?? null,
      createdByUserId: viewer.id,
    })
    const task = await requireTask(tx, id)
    if (task.assigneeUserId) await notifyAssignee(tx, task, version, viewer)
    return task
  })
}

export async function updateTask(db: Db, id: string, body: UpdateTaskBody, expectedVersion: number, viewer: Viewer) {
  return db.transaction(async (tx) => {
    const current = await requireTask(tx, id, viewer)
    await checkReferences(tx, current.caseId, body)
    const { version: _version, ...changes } = body
    const isBecomingDone = changes.status === 'done' && current.status !== 'done'
    const isLeavingDone = changes.status !== undefined && changes.status !== 'done'
    const completedAt = isBecomingDone ? sql`now()` : isLeavingDone ? null : undefined
    if (!(await updateIfVersion(tx, caseTasks, id, expectedVersion, { ...changes, ...(completedAt !== undefined && { completedAt }) }))) {
      throw createStaleVersionError('task', expectedVersion, current)
    }
    const task = await requireTask(tx, id)
    if (task.assigneeUserId && task.assigneeUserId !== current.assigneeUserId) await notifyAssignee(tx, task, task.version, viewer)
    return task
  })
}

export async function deleteTask(db: Db, id: string, expectedVersion: number | undefined, viewer: Viewer) {
  await db.transaction(async (tx) => {
    const current = await requireTask(tx, id, viewer)
    requireVersion('task', expectedVersion, current)
    await softDelete(tx, caseTasks, id)
  })
}

/**
 * The assignee must be an active account whose role does legal work (`work.read`: legal staff, admins); the event and the document must be
 * live and of the task's case. Fields left out (undefined) or cleared (null) need no check.
 */
async function checkReferences(db: Db, caseId: string, body: Pick<CreateTaskBody, 'assigneeUserId' | 'eventId' | 'evidenceId'>) {
  if (body.assigneeUserId) {
    const account = await findAccount(db, body.assigneeUserId)
    if (!account) throw createAssigneeNotFoundError(body.assigneeUserId)
    if (!(PERMISSIONS['work.read'] as readonly string[]).includes(account.role)) throw createAssigneeNotStaffError(body.assigneeUserId)
    if (!account.isActive) throw createAssigneeInactiveError(body.assigneeUserId)
  }
  if (body.eventId) {
    const event = await findEventCase(db, body.eventId)
    if (!event || event.deletedAt || event.caseId !== caseId) throw createLinkNotInCaseError('body.eventId', body.eventId, caseId)
  }
  if (body.evidenceId) {
    const document = await findEvidenceCase(db, body.evidenceId)
    if (!document || document.deletedAt || document.purgedAt || document.caseId !== caseId) {
      throw createLinkNotInCaseError('body.evidenceId', body.evidenceId, caseId)
    }
  }
}

/**
 * Tells the assignee, unless they assigned it to themselves. The dedupe key carries the task's
 * version, so assigning it back to someone later notifies them again, while the same change seen
 * twice does not.
 */
async function notifyAssignee(
  db: Db,
  task: { id: string; caseId: string; title: string; dueOn: string | null; assigneeUserId: string | null },
  version: number,
  viewer: Viewer,
) {
  if (!task.assigneeUserId || task.assigneeUserId === viewer.id) return
  const label = await findCaseLabel(db, task.caseId)
  await notify(db, [
    {
      userId: task.assigneeUserId,
      kind: 'task_assigned',
      dedupeKey: `task_assigned:${task.id}:${task.assigneeUserId}:${version}`,
      params: {
        taskTitle: task.title,
        dueOn: task.dueOn,
        caseReference: label?.reference,
        caseTitle: label?.title,
        caseTitleKm: label?.titleKm ?? null,
        assignedBy: viewer.displayName,
      },
      link: taskLink(task),
      caseId: task.caseId,
      taskId: task.id,
    },
  ])
}

/** Where a task opens in the client: its row in the case page's tasks section. */
export const taskLink = (task: { id: string; caseId: string }) => `/cases/${task.caseId}#task-${task.id}`
