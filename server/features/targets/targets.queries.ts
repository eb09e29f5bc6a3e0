// All SQL of program targets, including how progress is counted (see shared/targets.ts).
import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import { communities, communityPlans, programTargets } from '../../../db/schema/index.ts'
import { COUNTED_PLAN_STATUSES, type ProgramTargetListQuery } from '../../../shared/targets.ts'
// TEMPORARY while the rule-based targets are built (program monitoring): the old counts.
const NEW_LAND_COMMUNITY_KINDS = ['land_community', 'indigenous_community']
const STRENGTHENED_STATUSES = ['active', 'strengthening']
import type { TargetIndicator } from '../../../shared/vocabularies.ts'
import { isOneOf, matchesText, resolveSorting, toPage } from '../../lib/list-query.ts'

const list = (values: readonly string[]) =>
  sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )

/** Live communities of these kinds founded in the target's year. */
const foundedThatYear = (kinds: readonly string[]) => sql`(
  SELECT count(*) FROM ${communities} c
  WHERE c.deleted_at IS NULL AND c.kind IN (${list(kinds)}) AND c.established_year = ${programTargets.year})`

/** Whether community `c` has a live, agreed plan for the target's year. */
const hasCountedPlan = sql`EXISTS (
  SELECT 1 FROM ${communityPlans} p
  WHERE p.community_id = c.id AND p.deleted_at IS NULL AND p.year = ${programTargets.year}
    AND p.status IN (${list(COUNTED_PLAN_STATUSES)}))`

/**
 * Progress of each target row, counted in the same SELECT (correlated on its year), so a list of
 * targets is one query however many years it spans. Keep in step with TARGET_DEFINITIONS.
 */
const achievedSql = sql<number>`(CASE ${programTargets.indicator}
  WHEN 'new_land_communities' THEN ${foundedThatYear(NEW_LAND_COMMUNITY_KINDS)}
  WHEN 'new_womens_groups' THEN ${foundedThatYear(['womens_group'])}
  WHEN 'communities_strengthened' THEN (
    SELECT count(*) FROM ${communities} c
    WHERE c.deleted_at IS NULL AND c.kind <> 'provincial_network'
      AND c.status IN (${list(STRENGTHENED_STATUSES)})
      AND (c.established_year IS NULL OR c.established_year < ${programTargets.year})
      AND ${hasCountedPlan})
  WHEN 'community_plans' THEN (
    SELECT count(*) FROM ${communities} c WHERE c.deleted_at IS NULL AND ${hasCountedPlan})
  END)::int`

const targetColumns = {
  id: programTargets.id,
  year: programTargets.year,
  indicator: programTargets.indicator,
  target: programTargets.target,
  label: programTargets.label,
  labelKm: programTargets.labelKm,
  achieved: achievedSql,
  percent: sql<number>`round(${achievedSql} * 100.0 / ${programTargets.target}, 1)::float8`,
  createdAt: programTargets.createdAt,
  updatedAt: programTargets.updatedAt,
  version: programTargets.version,
}

function selectTargets(db: Db) {
  return db.select(targetColumns).from(programTargets)
}

export async function findTarget(db: Db, id: string) {
  const [row] = await selectTargets(db).where(eq(programTargets.id, id))
  return row
}

export async function findTargetOf(db: Db, year: number, indicator: TargetIndicator) {
  const [row] = await db
    .select({ id: programTargets.id })
    .from(programTargets)
    .where(and(eq(programTargets.year, year), eq(programTargets.indicator, indicator)))
  return row
}

/** Every target of a year, in the vocabulary's order of indicators. */
export async function findTargetsOfYear(db: Db, year: number) {
  return selectTargets(db).where(eq(programTargets.year, year)).orderBy(programTargets.indicator)
}

const sortable = { year: programTargets.year, indicator: programTargets.indicator, createdAt: programTargets.createdAt }

export async function listTargets(db: Db, query: ProgramTargetListQuery) {
  const sorting = resolveSorting(query.sort, query.cursor, sortable, programTargets.id)
  const rows = await db
    .select({ ...targetColumns, cursorKey: sorting.cursorKey })
    .from(programTargets)
    .where(
      and(
        query.year ? eq(programTargets.year, query.year) : undefined,
        isOneOf(programTargets.indicator, query.indicator),
        matchesText(query.q, [programTargets.label, programTargets.labelKm]),
        sorting.after,
      ),
    )
    .orderBy(...sorting.orderBy)
    .limit(query.limit + 1)
  return toPage(rows, query.limit, query.sort, sorting)
}

export async function insertTarget(db: Db, values: typeof programTargets.$inferInsert) {
  const [row] = await db.insert(programTargets).values(values).returning({ id: programTargets.id })
  return row!.id
}

/** Like lib/versioned-rows' updateIfVersion, for this table, which has no deletedAt. */
export async function updateTargetIfVersion(
  db: Db,
  id: string,
  expectedVersion: number,
  values: Partial<Pick<typeof programTargets.$inferInsert, 'target' | 'label' | 'labelKm'>>,
): Promise<boolean> {
  const rows = await db
    .update(programTargets)
    .set({ ...values, version: sql`${programTargets.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(programTargets.id, id), eq(programTargets.version, expectedVersion)))
    .returning({ id: programTargets.id })
  return rows.length === 1
}

export async function deleteTargetRow(db: Db, id: string): Promise<void> {
  await db.delete(programTargets).where(eq(programTargets.id, id))
}
