// Deadline rules: versioned edits and soft deletes; proposals computed from a recorded event; and
// the check a confirmed deadline passes before it is written (cases call it: see case-events.service).
import type { Db } from '../../../db/open.ts'
import { deadlineRules } from '../../../db/schema/index.ts'
import {
  computeDueOn,
  deadlineInstant,
  type CreateDeadlineRuleBody,
  type DeadlineProposal,
  type UpdateDeadlineRuleBody,
} from '../../../shared/deadline-rules.ts'
import { cambodiaClock } from '../../../shared/dates.ts'
import { notFound } from '../../lib/app-error.ts'
import { createStaleVersionError } from '../../lib/concurrency.errors.ts'
import { requireVersion } from '../../lib/concurrency.ts'
import type { Viewer } from '../../lib/policy.ts'
import { softDelete, updateIfVersion } from '../../lib/versioned-rows.queries.ts'
import {
  createAlreadyConfirmedError,
  createNotADeadlineError,
  createRuleAndTriggerTogetherError,
  createRuleInactiveError,
  createRuleNotForCaseKindError,
  createRuleNotForTriggerError,
  createRuleNotFoundError,
  createTriggerNotFoundError,
} from './deadline-rules.errors.ts'
import { findConfirmedDeadlines, findRule, findRulesTriggeredBy, findTriggerEvent, insertRule } from './deadline-rules.queries.ts'

export async function requireRule(db: Db, id: string) {
  const rule = await findRule(db, id)
  if (!rule) throw notFound('deadline_rule', id)
  return rule
}

export async function createRule(db: Db, body: CreateDeadlineRuleBody) {
  return db.transaction(async (tx) => requireRule(tx, await insertRule(tx, body)))
}

export async function updateRule(db: Db, id: string, body: UpdateDeadlineRuleBody, expectedVersion: number) {
  return db.transaction(async (tx) => {
    const current = await requireRule(tx, id)
    const { version: _version, ...changes } = body
    if (!(await updateIfVersion(tx, deadlineRules, id, expectedVersion, changes))) {
      throw createStaleVersionError('deadline_rule', expectedVersion, current)
    }
    return requireRule(tx, id)
  })
}

/** Hidden, never erased: confirmed deadlines keep naming the rule they were computed from. */
export async function deleteRule(db: Db, id: string, expectedVersion: number | undefined) {
  await db.transaction(async (tx) => {
    const current = await requireRule(tx, id)
    requireVersion('deadline_rule', expectedVersion, current)
    await softDelete(tx, deadlineRules, id)
  })
}

/** The event's day in Cambodia, YYYY-MM-DD. */
function cambodianDayOf(at: Date): string {
  const { year, month, day } = cambodiaClock(at)
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/**
 * The deadlines the active rules compute from a recorded event; nothing is written. 404 when the
 * event is not a live event of this case (or the viewer may not see the case).
 */
export async function proposeDeadlines(db: Db, caseId: string, eventId: string, viewer: Viewer): Promise<DeadlineProposal[]> {
  const trigger = await findTriggerEvent(db, caseId, eventId, viewer)
  if (!trigger) throw notFound('case_event', eventId)
  const rules = await findRulesTriggeredBy(db, trigger.kind, trigger.caseKind)
  if (rules.length === 0) return []
  const confirmed = new Map((await findConfirmedDeadlines(db, eventId)).map((row) => [row.ruleId, row.id]))
  const triggerOn = cambodianDayOf(trigger.startsAt)
  return rules.map((rule) => {
    const dueOn = computeDueOn(triggerOn, rule.days, rule.dayCount)
    return {
      ruleId: rule.id,
      ruleName: rule.name,
      ruleNameKm: rule.nameKm,
      title: rule.deadlineTitle,
      titleKm: rule.deadlineTitleKm,
      triggerEventId: trigger.id,
      triggerOn,
      dueOn,
      dueAt: deadlineInstant(dueOn),
      days: rule.days,
      dayCount: rule.dayCount,
      legalBasis: rule.legalBasis,
      legalBasisKm: rule.legalBasisKm,
      sourceUrl: rule.sourceUrl,
      confirmedEventId: confirmed.get(rule.id) ?? null,
    }
  })
}

/**
 * Before a deadline computed from a rule is written (in the caller's transaction): both links are
 * given, the event is a deadline, the rule is live and active, the trigger is a live event of the
 * same case, of the rule's trigger kind, on a case of a kind the rule covers, and the deadline was
 * not confirmed already. Each failure is a 4xx that names the field.
 */
export async function checkRuleLink(
  db: Db,
  caseId: string,
  event: { kind: string; deadlineRuleId?: string | null | undefined; triggerEventId?: string | null | undefined },
) {
  const { deadlineRuleId, triggerEventId } = event
  if (!deadlineRuleId && !triggerEventId) return
  if (!deadlineRuleId) throw createRuleAndTriggerTogetherError('deadlineRuleId')
  if (!triggerEventId) throw createRuleAndTriggerTogetherError('triggerEventId')
  if (event.kind !== 'deadline') throw createNotADeadlineError()
  const rule = await findRule(db, deadlineRuleId)
  if (!rule) throw createRuleNotFoundError(deadlineRuleId)
  if (!rule.isActive) throw createRuleInactiveError()
  const trigger = await findTriggerEvent(db, caseId, triggerEventId)
  if (!trigger) throw createTriggerNotFoundError(triggerEventId)
  if (trigger.kind !== rule.triggerKind) throw createRuleNotForTriggerError(rule.triggerKind, trigger.kind)
  if (rule.caseKinds.length > 0 && !rule.caseKinds.includes(trigger.caseKind)) throw createRuleNotForCaseKindError(trigger.caseKind)
  const existing = (await findConfirmedDeadlines(db, triggerEventId)).find((row) => row.ruleId === deadlineRuleId)
  if (existing) throw createAlreadyConfirmedError(existing.id)
}
