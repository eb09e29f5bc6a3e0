import { sql } from 'drizzle-orm'
import { check, integer, pgTable, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { id, rowMeta } from '../columns.ts'
import { targetIndicator } from './enums.ts'

/** The coalition's yearly organizing targets; progress is counted from the data. */
export const programTargets = pgTable(
  'program_targets',
  {
    id: id(),
    year: smallint('year').notNull(),
    indicator: targetIndicator('indicator').notNull(),
    target: integer('target').notNull(),
    label: text('label').notNull(),
    labelKm: text('label_km'),
    ...rowMeta(),
  },
  (t) => [
    uniqueIndex('program_targets_year_indicator_key').on(t.year, t.indicator),
    check('program_targets_target_positive', sql`target > 0`),
  ],
)
