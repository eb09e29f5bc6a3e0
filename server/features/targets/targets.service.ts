// Program targets: versioned edits checked as a whole, physical deletes, and progress with pace
// counted from the records as of "today" in Cambodia (the app's clock, so tests can set it).
import type { Db } from '../../../db/open.ts'
import { cambodiaClock } from '../../../shared/dates.ts'
import {
  expectedBy,
  paceOf,
  targetInputIssues,
  TargetRule,
  yearPointOf,
  type CreateProgramTargetBody,
  type ProgramTarget,
  type ProgramTargetListQuery,
  type TargetProgress,
  type TargetRecordsQuery,
  type UpdateProgramTargetBody,
} from '../../../shared/targets.ts'
import { notFound } from '../../lib/app-error.ts'
import { createStaleVersionError } from '../../lib/concurrency.errors.ts'
import { requireVersion } from '../../lib/concurrency.ts'
import { createInvalidTargetError } from './targets.errors.ts'
import {
  countRecordsByYearAndProvince,
  deleteTargetRow,
  findTarget,
  findTargetsOfYear,
  insertTarget,
  listCountedRecords,
  listTargets,
  updateTargetIfVersion,
  type CountedGroup,
  type CountingWindow,
  type TargetRow,
} from './targets.queries.ts'

export interface ProgressOptions {
  now: Date
  /** Count only this province's records; expected and status are then null (targets are national). */
  province?: string
}

const pad = (n: number) => String(n).padStart(2, '0')

/** The day `now` falls on in Cambodia, YYYY-MM-DD. */
function cambodianDayOf(now: Date): string {
  const { year, month, day } = cambodiaClock(now)
  return `${year}-${pad(month)}-${pad(day)}`
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10

/** Rules are stored as they were sent; parsing fills fields a later version of the rule added. */
const ruleOf = (row: TargetRow) => TargetRule.parse(row.rule)

function windowOf(row: TargetRow, options: ProgressOptions): CountingWindow {
  return { planStartYear: row.planStartYear, planEndYear: row.planEndYear, today: cambodianDayOf(options.now), province: options.province }
}

/** Progress from what the rule counted by year and province (see TargetProgress in shared/targets.ts). */
export function progressOf(target: TargetRow, groups: CountedGroup[], today: string, isOneProvince: boolean): TargetProgress {
  const point = yearPointOf(today)
  const counted = groups.reduce((sum, group) => sum + group.counted, 0)
  // The baseline is a national figure: one province's progress is what was counted there.
  const baseline = isOneProvince ? 0 : target.baseline
  const done = baseline + counted
  const byYear: TargetProgress['byYear'] = []
  let cumulative = baseline
  for (let year = target.planStartYear; year <= Math.min(target.planEndYear, point.year); year++) {
    const countedInYear = groups.filter((group) => group.year === year).reduce((sum, group) => sum + group.counted, 0)
    cumulative += countedInYear
    const endOfYear = year === point.year ? point : { year, fraction: 1 }
    byYear.push({ year, counted: countedInYear, cumulative, expected: oneDecimal(expectedBy(target, endOfYear)) })
  }
  const byProvinceMap = new Map<string, number>()
  for (const group of groups) byProvinceMap.set(group.province, (byProvinceMap.get(group.province) ?? 0) + group.counted)
  const byProvince = [...byProvinceMap]
    .map(([province, countedThere]) => ({ province, counted: countedThere }))
    .sort((a, b) => b.counted - a.counted || a.province.localeCompare(b.province))
  return {
    asOf: today,
    counted,
    done,
    percent: oneDecimal((done / target.target) * 100),
    expected: isOneProvince ? null : oneDecimal(expectedBy(target, point)),
    status: isOneProvince ? null : paceOf(target, done, point),
    byYear,
    byProvince,
  }
}

async function withProgress(db: Db, row: TargetRow, options: ProgressOptions): Promise<ProgramTarget> {
  const rule = ruleOf(row)
  const window = windowOf(row, options)
  const groups = await countRecordsByYearAndProvince(db, rule, window)
  return { ...row, rule, progress: progressOf(row, groups, window.today, options.province !== undefined) }
}

async function requireTarget(db: Db, id: string) {
  const row = await findTarget(db, id)
  if (!row) throw notFound('program_target', id)
  return row
}

export async function getTarget(db: Db, id: string, options: ProgressOptions) {
  return withProgress(db, await requireTarget(db, id), options)
}

export async function listTargetsWithProgress(db: Db, query: ProgramTargetListQuery, now: Date) {
  const page = await listTargets(db, query)
  const items: ProgramTarget[] = []
  for (const row of page.items) items.push(await withProgress(db, row, { now, province: query.province }))
  return { items, nextCursor: page.nextCursor }
}

/**
 * Every target whose plan period includes `year` (all without it) with its progress, ordered by
 * code then label: for the features that report on targets (the dashboard, the yearly report).
 */
export async function listTargetProgress(db: Db, options: ProgressOptions & { year?: number }): Promise<ProgramTarget[]> {
  const rows = await findTargetsOfYear(db, options.year)
  const targets: ProgramTarget[] = []
  // One after another: a dashboard load should hold one pooled connection, not one per target.
  for (const row of rows) targets.push(await withProgress(db, row, options))
  return targets
}

/** The records that count towards a target (the drill-down), a page at a time. */
export async function listTargetRecords(db: Db, id: string, query: TargetRecordsQuery, now: Date) {
  const row = await requireTarget(db, id)
  return listCountedRecords(db, ruleOf(row), windowOf(row, { now }), query)
}

export async function createTarget(db: Db, body: CreateProgramTargetBody, now: Date) {
  return db.transaction(async (tx) => {
    const id = await insertTarget(tx, body)
    return withProgress(tx, await requireTarget(tx, id), { now })
  })
}

export async function updateTarget(db: Db, id: string, body: UpdateProgramTargetBody, expectedVersion: number, now: Date) {
  return db.transaction(async (tx) => {
    const current = await requireTarget(tx, id)
    const { version: _version, ...changes } = body
    // Each field was checked alone; together with what stays they must still make a valid target.
    const issues = targetInputIssues({ ...current, rule: ruleOf(current), ...changes })
    if (issues.length) throw createInvalidTargetError(issues)
    if (!(await updateTargetIfVersion(tx, id, expectedVersion, changes))) {
      throw createStaleVersionError('program_target', expectedVersion, await withProgress(tx, current, { now }))
    }
    return withProgress(tx, await requireTarget(tx, id), { now })
  })
}

/**
 * Targets are configuration, not records of what happened (their progress is always recounted
 * from the data), and the table has no deletedAt: a mistaken target is removed for good.
 */
export async function deleteTarget(db: Db, id: string, expectedVersion: number | undefined) {
  await db.transaction(async (tx) => {
    const current = await requireTarget(tx, id)
    requireVersion('program_target', expectedVersion, current)
    await deleteTargetRow(tx, id)
  })
}
