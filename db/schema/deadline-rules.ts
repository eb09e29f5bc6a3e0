import { sql } from 'drizzle-orm'
import { boolean, check, integer, pgTable, text } from 'drizzle-orm/pg-core'
import { id, rowMeta, softDelete } from '../columns.ts'
import { caseEventKind, caseKind, deadlineDayCount } from './enums.ts'

/**
 * "Appeal to the Court of Appeal: N days from the notification of the judgment". Admins keep these
 * rules; recording an event of the trigger kind proposes the deadline, which a lawyer confirms.
 * The legal basis is required: Dey ships no rule whose source is not cited.
 */
export const deadlineRules = pgTable(
  'deadline_rules',
  {
    id: id(),
    name: text('name').notNull(),
    nameKm: text('name_km'),
    /** Recording an event of this kind proposes the deadline. */
    triggerKind: caseEventKind('trigger_kind').notNull(),
    /** The case kinds the rule applies to; empty means every kind. */
    caseKinds: caseKind('case_kinds')
      .array()
      .notNull()
      .default(sql`'{}'`),
    days: integer('days').notNull(),
    dayCount: deadlineDayCount('day_count').notNull().default('calendar_days'),
    /** The title of the proposed deadline event. */
    deadlineTitle: text('deadline_title').notNull(),
    deadlineTitleKm: text('deadline_title_km'),
    legalBasis: text('legal_basis').notNull(),
    legalBasisKm: text('legal_basis_km'),
    sourceUrl: text('source_url'),
    isActive: boolean('is_active').notNull().default(true),
    ...rowMeta(),
    ...softDelete(),
  },
  (t) => [check('deadline_rules_days_range', sql`${t.days} BETWEEN 1 AND 3650`)],
)
