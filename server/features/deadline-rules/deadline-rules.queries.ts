// All SQL of deadline rules: the rules themselves, and what a proposal needs to know about the
// event it counts from (its kind, its time, its case's kind) and the deadlines already confirmed.
import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import { caseEvents, deadlineRules, legalCases } from '../../../db/schema/index.ts'
import type { DeadlineRuleListQuery } from '../../../shared/deadline-rules.ts'
import type { CaseEventKind, CaseKind } from '../../../shared/vocabularies.ts'
import { caseScope, type Viewer } from '../../lib/policy.ts'

const ruleColumns = {
  id: deadlineRules.id,
  name: deadlineRules.name,
  nameKm: deadlineRules.nameKm,
  triggerKind: deadlineRules.triggerKind,
  caseKinds: deadlineRules.caseKinds,
  days: deadlineRules.days,
  dayCount: deadlineRules.dayCount,
  deadlineTitle: deadlineRules.deadlineTitle,
  deadlineTitleKm: deadlineRules.deadlineTitleKm,
  legalBasis: deadlineRules.legalBasis,
  legalBasisKm: deadlineRules.legalBasisKm,
  sourceUrl: deadlineRules.sourceUrl,
  isActive: deadlineRules.isActive,
  createdAt: deadlineRules.createdAt,
  updatedAt: deadlineRules.updatedAt,
  version: deadlineRules.version,
}

export type DeadlineRuleRow = Awaited<ReturnType<typeof findRule>> & {}

export function listRules(db: Db, query: DeadlineRuleListQuery) {
  return db
    .select(ruleColumns)
    .from(deadlineRules)
    .where(
      and(
        isNull(deadlineRules.deletedAt),
        query.triggerKind ? eq(deadlineRules.triggerKind, query.triggerKind) : undefined,
        query.active !== undefined ? eq(deadlineRules.isActive, query.active) : undefined,
      ),
    )
    .orderBy(asc(deadlineRules.triggerKind), asc(deadlineRules.name), asc(deadlineRules.id))
}

/** A live (not deleted) rule, active or not. */
export async function findRule(db: Db, id: string) {
  const [row] = await db
    .select(ruleColumns)
    .from(deadlineRules)
    .where(and(eq(deadlineRules.id, id), isNull(deadlineRules.deletedAt)))
  return row
}

export async function insertRule(db: Db, values: typeof deadlineRules.$inferInsert) {
  const [row] = await db.insert(deadlineRules).values(values).returning({ id: deadlineRules.id })
  return row!.id
}

/** The active rules that an event of this kind on a case of this kind sets off. */
export function findRulesTriggeredBy(db: Db, eventKind: CaseEventKind, caseKind: CaseKind) {
  return db
    .select(ruleColumns)
    .from(deadlineRules)
    .where(
      and(
        isNull(deadlineRules.deletedAt),
        eq(deadlineRules.isActive, true),
        eq(deadlineRules.triggerKind, eventKind),
        sql`(cardinality(${deadlineRules.caseKinds}) = 0 OR ${caseKind}::case_kind = ANY(${deadlineRules.caseKinds}))`,
      ),
    )
    .orderBy(asc(deadlineRules.name), asc(deadlineRules.id))
}

/**
 * A live event of a live case, with what a deadline counts from: its kind, its time and the
 * case's kind. With a viewer, only on a case they may see.
 */
export async function findTriggerEvent(db: Db, caseId: string, eventId: string, viewer?: Viewer) {
  const [row] = await db
    .select({ id: caseEvents.id, kind: caseEvents.kind, startsAt: caseEvents.startsAt, caseKind: legalCases.kind })
    .from(caseEvents)
    .innerJoin(legalCases, and(eq(legalCases.id, caseEvents.caseId), isNull(legalCases.deletedAt)))
    .where(
      and(
        eq(caseEvents.id, eventId),
        eq(caseEvents.caseId, caseId),
        isNull(caseEvents.deletedAt),
        viewer && caseScope(viewer, legalCases.id),
      ),
    )
  return row
}

/** The live deadline events already confirmed from this trigger event, by rule. */
export function findConfirmedDeadlines(db: Db, triggerEventId: string) {
  return db
    .select({ id: caseEvents.id, ruleId: caseEvents.deadlineRuleId })
    .from(caseEvents)
    .where(and(eq(caseEvents.triggerEventId, triggerEventId), isNull(caseEvents.deletedAt)))
}
