// All SQL of program targets. What counts towards a target is its rule (shared/targets.ts says
// what each field means): a rule compiles into one query that yields the records that count, each
// with the year it counted in and what it adds. Progress, the dashboard and the drill-down all
// read that one query, so they can never disagree about what counts.
import { and, eq, sql, type SQL } from 'drizzle-orm'
import { queryRows, type Db } from '../../../db/open.ts'
import { activities, activityCommunities, communities, communityPlans, programTargets } from '../../../db/schema/index.ts'
import {
  COUNTED_PLAN_STATUSES,
  hasYearlyConditions,
  type ActivitiesRule,
  type CommunitiesRule,
  type ParticipantsRule,
  type ProgramTargetListQuery,
  type TargetRecord,
  type TargetRecordsQuery,
  type TargetRule,
} from '../../../shared/targets.ts'
import { matchesText, resolveSorting, toPage } from '../../lib/list-query.ts'

/** Where and until when a rule counts: its plan period, cut at today (a Cambodian date), and one province or all. */
export interface CountingWindow {
  planStartYear: number
  planEndYear: number
  /** YYYY-MM-DD in Cambodia: nothing after this day counts. */
  today: string
  province?: string
}

const valuesOf = (values: readonly string[]) =>
  sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )

/** `column IN (values)`, or nothing when the rule leaves the field empty (empty means any). */
const isAnyOf = (column: SQL, values: readonly string[]) => (values.length ? sql`${column} IN (${valuesOf(values)})` : undefined)

function boundsOf(window: CountingWindow) {
  const todayYear = Number(window.today.slice(0, 4))
  const periodEnd = `${window.planEndYear}-12-31`
  return {
    firstYear: window.planStartYear,
    /** The last year anything can count in; before the plan began, less than firstYear (nothing counts). */
    lastYear: Math.min(window.planEndYear, todayYear),
    firstDay: `${window.planStartYear}-01-01`,
    lastDay: periodEnd < window.today ? periodEnd : window.today,
  }
}

/**
 * The records that count, as a SELECT of (kind, id, name, name_km, province, year, adds) to be
 * read as a subquery. Every value is a bound parameter.
 */
export function countedRecordsSql(rule: TargetRule, window: CountingWindow): SQL {
  switch (rule.count) {
    case 'communities':
      return hasYearlyConditions(rule) ? communitiesYearByYear(rule, window) : communitiesOnce(rule, window)
    case 'activities':
    case 'participants':
      return activityRecords(rule, window)
  }
}

/** Conditions on the community itself: live, of the kinds and statuses (as they are now), founded when the rule says. */
function communityConditions(rule: CommunitiesRule, window: CountingWindow): SQL {
  const { firstYear, lastYear } = boundsOf(window)
  const founded = {
    in_period: sql`c.established_year BETWEEN ${firstYear}::int AND ${lastYear}::int`,
    before_period: sql`(c.established_year IS NULL OR c.established_year < ${firstYear}::int)`,
    any: undefined,
  }[rule.founded]
  return and(
    sql`c.deleted_at IS NULL`,
    isAnyOf(sql`c.kind`, rule.kinds),
    isAnyOf(sql`c.status`, rule.statuses),
    founded,
    window.province === undefined ? undefined : sql`c.province = ${window.province}`,
  )!
}

/** Without yearly conditions: in the founding year, or the plan's first year for those founded before it. */
function communitiesOnce(rule: CommunitiesRule, window: CountingWindow): SQL {
  const { firstYear, lastYear } = boundsOf(window)
  const year = sql`greatest(coalesce(c.established_year::int, ${firstYear}::int), ${firstYear}::int)`
  return sql`SELECT 'community' AS kind, c.id, c.name, c.name_km, c.province, ${year} AS year, 1 AS adds
    FROM ${communities} c
    WHERE ${communityConditions(rule, window)} AND ${year} <= ${lastYear}::int`
}

/**
 * With yearly conditions: each year of the period up to this one is checked, and a community
 * counts once, in the first year it meets them. A year before its founding never counts (an
 * activity recorded against a community before it existed is a data slip, not strengthening).
 */
function communitiesYearByYear(rule: CommunitiesRule, window: CountingWindow): SQL {
  const { firstYear, lastYear, firstDay, lastDay } = boundsOf(window)
  const activityConditions = and(
    sql`a.deleted_at IS NULL`,
    sql`a.started_on BETWEEN ${firstDay}::date AND ${lastDay}::date`,
    isAnyOf(sql`a.kind`, rule.activityKinds),
    isAnyOf(sql`a.topic`, rule.activityTopics),
  )
  const busyYears =
    rule.minActivities > 0
      ? sql`JOIN (
          SELECT ac.community_id, extract(year FROM a.started_on)::int AS year
          FROM ${activityCommunities} ac JOIN ${activities} a ON a.id = ac.activity_id
          WHERE ${activityConditions}
          GROUP BY 1, 2
          HAVING count(*) >= ${rule.minActivities}::int
        ) busy ON busy.community_id = c.id AND busy.year = y.year`
      : sql``
  const plannedYears = rule.needsPlan
    ? sql`JOIN (
          SELECT DISTINCT p.community_id, p.year::int AS year
          FROM ${communityPlans} p
          WHERE p.deleted_at IS NULL AND p.status IN (${valuesOf(COUNTED_PLAN_STATUSES)})
            AND p.year BETWEEN ${firstYear}::int AND ${lastYear}::int
        ) planned ON planned.community_id = c.id AND planned.year = y.year`
    : sql``
  return sql`WITH years AS (SELECT generate_series(${firstYear}::int, ${lastYear}::int) AS year),
    qualifying AS (
      SELECT c.id, min(y.year) AS year
      FROM ${communities} c CROSS JOIN years y ${busyYears} ${plannedYears}
      WHERE ${communityConditions(rule, window)} AND y.year >= coalesce(c.established_year::int, y.year)
      GROUP BY c.id
    )
    SELECT 'community' AS kind, c.id, c.name, c.name_km, c.province, q.year, 1 AS adds
    FROM qualifying q JOIN ${communities} c ON c.id = q.id`
}

const PARTICIPANTS_OF = {
  all: sql`a.participants_women + a.participants_men`,
  women: sql`a.participants_women`,
  men: sql`a.participants_men`,
  youth: sql`a.participants_youth`,
}

/** Activities that began in the period; under a participants rule each adds its participants (none: it does not count). */
function activityRecords(rule: ActivitiesRule | ParticipantsRule, window: CountingWindow): SQL {
  const { firstDay, lastDay } = boundsOf(window)
  const adds = rule.count === 'participants' ? PARTICIPANTS_OF[rule.who] : sql`1`
  return sql`SELECT 'activity' AS kind, a.id, a.title AS name, NULL::text AS name_km, a.province,
      extract(year FROM a.started_on)::int AS year, (${adds})::int AS adds
    FROM ${activities} a
    WHERE ${and(
      sql`a.deleted_at IS NULL`,
      sql`a.started_on BETWEEN ${firstDay}::date AND ${lastDay}::date`,
      isAnyOf(sql`a.kind`, rule.activityKinds),
      isAnyOf(sql`a.topic`, rule.activityTopics),
      window.province === undefined ? undefined : sql`a.province = ${window.province}`,
      rule.count === 'participants' ? sql`${adds} > 0` : undefined,
    )}`
}

export interface CountedGroup {
  year: number
  province: string
  counted: number
}

/** What the rule counts, by year and province: all progress needs, in one round trip. */
export function countRecordsByYearAndProvince(db: Db, rule: TargetRule, window: CountingWindow): Promise<CountedGroup[]> {
  return queryRows<CountedGroup>(
    db,
    sql`SELECT r.year, r.province, sum(r.adds)::int AS counted
      FROM (${countedRecordsSql(rule, window)}) r
      GROUP BY r.year, r.province`,
  )
}

/**
 * By year as text: years are four digits, so their text sorts as the numbers do, and a forged
 * cursor's value is compared as text (no rows) rather than failing a cast (a 500).
 */
const recordSortable = { year: sql`r.year::text` }

/** The records that count, by year then id, a page at a time. */
export async function listCountedRecords(db: Db, rule: TargetRule, window: CountingWindow, query: TargetRecordsQuery) {
  const sorting = resolveSorting('year', query.cursor, recordSortable, sql`r.id`)
  const rows = await queryRows<Omit<TargetRecord, 'nameKm'> & { name_km: string | null }>(
    db,
    sql`SELECT r.kind, r.id, r.name, r.name_km, r.province, r.year, r.adds
      FROM (${countedRecordsSql(rule, window)}) r
      WHERE ${
        and(
          query.year === undefined ? undefined : sql`r.year = ${query.year}::int`,
          query.province === undefined ? undefined : sql`r.province = ${query.province}`,
          sorting.after,
        ) ?? sql`true`
      }
      ORDER BY ${sql.join(sorting.orderBy, sql`, `)}
      LIMIT ${query.limit + 1}`,
  )
  const records = rows.map(({ name_km: nameKm, ...row }) => ({ ...row, nameKm, cursorKey: String(row.year) }))
  return toPage(records, query.limit, 'year', sorting)
}

// ---- The targets themselves ----------------------------------------------------------------------

const targetColumns = {
  id: programTargets.id,
  code: programTargets.code,
  label: programTargets.label,
  labelKm: programTargets.labelKm,
  planStartYear: programTargets.planStartYear,
  planEndYear: programTargets.planEndYear,
  baseline: programTargets.baseline,
  target: programTargets.target,
  pace: programTargets.pace,
  milestones: programTargets.milestones,
  rule: programTargets.rule,
  createdAt: programTargets.createdAt,
  updatedAt: programTargets.updatedAt,
  version: programTargets.version,
}

export type TargetRow = NonNullable<Awaited<ReturnType<typeof findTarget>>>

export async function findTarget(db: Db, id: string) {
  const [row] = await db.select(targetColumns).from(programTargets).where(eq(programTargets.id, id))
  return row
}

const includesYear = (year: number | undefined) =>
  year === undefined ? undefined : sql`${year}::int BETWEEN ${programTargets.planStartYear} AND ${programTargets.planEndYear}`

/** Every target whose plan period includes `year` (all without it), by code (those without one last), then label. */
export function findTargetsOfYear(db: Db, year: number | undefined) {
  return db
    .select(targetColumns)
    .from(programTargets)
    .where(includesYear(year))
    .orderBy(sql`${programTargets.code} ASC NULLS LAST`, programTargets.label, programTargets.id)
}

/**
 * Code is optional; those without one sort as an empty code (first), so the sort column is never
 * NULL, as keyset pages need.
 */
const sortableCode = sql<string>`coalesce(${programTargets.code}, '')`
const sortable = { code: sortableCode, planStartYear: programTargets.planStartYear, createdAt: programTargets.createdAt }

export async function listTargets(db: Db, query: ProgramTargetListQuery) {
  const sorting = resolveSorting(query.sort, query.cursor, sortable, programTargets.id)
  const rows = await db
    .select({ ...targetColumns, cursorKey: sorting.key === 'code' ? sortableCode : sorting.cursorKey })
    .from(programTargets)
    .where(
      and(
        includesYear(query.year),
        matchesText(query.q, [programTargets.label, programTargets.labelKm, programTargets.code]),
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
  values: Partial<typeof programTargets.$inferInsert>,
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
