import { sql } from 'drizzle-orm'
import { check, integer, jsonb, pgTable, smallint, text } from 'drizzle-orm/pg-core'
import type { TargetMilestone, TargetRule } from '../../shared/targets.ts'
import { id, rowMeta } from '../columns.ts'
import { targetPace } from './enums.ts'

/**
 * A target of the coalition's strategic plan. What counts towards it is a rule over the data
 * (shared/targets.ts TargetRule, validated there), so admins add targets without a code change;
 * progress is always counted from the records, never typed in.
 */
export const programTargets = pgTable(
  'program_targets',
  {
    id: id(),
    /** The plan's own numbering ("1.2"), optional. */
    code: text('code'),
    label: text('label').notNull(),
    labelKm: text('label_km'),
    planStartYear: smallint('plan_start_year').notNull(),
    planEndYear: smallint('plan_end_year').notNull(),
    /** Already achieved when the plan began, outside Dey's records; added to what the rule counts. */
    baseline: integer('baseline').notNull().default(0),
    /** The total to reach by the end of the plan's last year, baseline included. */
    target: integer('target').notNull(),
    pace: targetPace('pace').notNull().default('linear'),
    /** Cumulative totals expected by the end of each year of the plan (used when pace = milestones). */
    milestones: jsonb('milestones').$type<TargetMilestone[]>().notNull().default([]),
    rule: jsonb('rule').$type<TargetRule>().notNull(),
    ...rowMeta(),
  },
  () => [
    check('program_targets_target_positive', sql`target > 0`),
    check('program_targets_baseline_valid', sql`baseline >= 0 AND baseline < target`),
    check('program_targets_period_valid', sql`plan_start_year BETWEEN 1990 AND 2100 AND plan_end_year BETWEEN plan_start_year AND 2100`),
  ],
)
