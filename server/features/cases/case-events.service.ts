// Writes of case events: each in one transaction, only on live cases, with optimistic concurrency.
import type { Db } from '../../../db/open.ts'
import { caseEvents } from '../../../db/schema/index.ts'
import type { CaseEventListQuery, CreateCaseEventBody, UpdateCaseEventBody } from '../../../shared/cases.ts'
import { notFound } from '../../lib/app-error.ts'
import type { Viewer } from '../../lib/policy.ts'
import { createStaleVersionError } from '../../lib/concurrency.errors.ts'
import { requireVersion } from '../../lib/concurrency.ts'
import { softDelete, updateIfVersion } from '../../lib/versioned-rows.queries.ts'
import { findCaseEvent, insertCaseEvent, listCaseEvents } from './case-events.queries.ts'
import { createRuleDeadlineKindError } from './cases.errors.ts'
import { isLiveCase } from './cases.queries.ts'
import { checkRuleLink } from '../deadline-rules/deadline-rules.service.ts'

/** 404 when the case is not live or the viewer may not see it. */
export async function listEventsOfCase(db: Db, caseId: string, query: CaseEventListQuery, viewer: Viewer) {
  if (!(await isLiveCase(db, caseId, viewer))) throw notFound('case', caseId)
  return listCaseEvents(db, caseId, query, viewer)
}

/** With a viewer: 404 also when they may not see the event's case. */
export async function requireCaseEvent(db: Db, id: string, viewer?: Viewer) {
  const event = await findCaseEvent(db, id, viewer)
  if (!event) throw notFound('case_event', id)
  return event
}

// Writes check the case without a viewer: the route's permission decides who may write.

export async function createCaseEvent(db: Db, caseId: string, body: CreateCaseEventBody) {
  return db.transaction(async (tx) => {
    if (!(await isLiveCase(tx, caseId))) throw notFound('case', caseId)
    // A deadline confirmed from a rule's proposal: the rule must apply to that event of this case.
    await checkRuleLink(tx, caseId, body)
    return requireCaseEvent(tx, await insertCaseEvent(tx, { ...body, caseId }))
  })
}

export async function updateCaseEvent(db: Db, id: string, body: UpdateCaseEventBody, expectedVersion: number) {
  return db.transaction(async (tx) => {
    const current = await requireCaseEvent(tx, id)
    const { version: _version, ...changes } = body
    if (current.deadlineRule && changes.kind !== undefined && changes.kind !== 'deadline') throw createRuleDeadlineKindError(changes.kind)
    if (!(await updateIfVersion(tx, caseEvents, id, expectedVersion, changes))) {
      throw createStaleVersionError('case_event', expectedVersion, current)
    }
    return requireCaseEvent(tx, id)
  })
}

export async function deleteCaseEvent(db: Db, id: string, expectedVersion: number | undefined) {
  await db.transaction(async (tx) => {
    const current = await requireCaseEvent(tx, id)
    requireVersion('case_event', expectedVersion, current)
    await softDelete(tx, caseEvents, id)
  })
}
