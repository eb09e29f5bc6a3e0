// Assembles /api/stats from the aggregate queries and the targets' progress, as the viewer may
// see them: every count is scoped by lib/policy.ts, and targets only for roles that may read them.
import { liftStatementTimeout, type Db } from '../../../db/open.ts'
import { cambodianDate } from '../../../shared/dates.ts'
import type { Stats, StatsQuery, Tally } from '../../../shared/stats.ts'
import { APP_TIME_ZONE } from '../../../shared/time.ts'
import {
  ACTIVITY_KINDS,
  CASE_KINDS,
  CASE_RESULTS,
  CASE_STAGES,
  COMMUNITY_KINDS,
  COMMUNITY_STATUSES,
  INCIDENT_KINDS,
  INCIDENT_STATUSES,
} from '../../../shared/vocabularies.ts'
import { can, tileScopeKey, type Viewer } from '../../lib/policy.ts'
import { versionsOf } from '../../lib/table-versions.ts'
import { listTargetProgress } from '../targets/targets.service.ts'
import {
  countActivities,
  countCases,
  countCommunities,
  countIncidents,
  countLeadership,
  landScope,
  landStaleSince,
  measureScopedLand,
  measureSecuredLand,
  refreshLandStats,
  sumLandFigures,
  type GroupCount,
  type LandFigures,
} from './stats.queries.ts'

/**
 * Stale grid cells a stats request recomputes before it reads: what a few edits touch (a parcel
 * one to four cells, a large concession a few dozen), so the next answer shows them. More than
 * that (a bulk import) is left to the background refresh, and the answer says how old it is.
 */
export const REQUEST_REFRESH_MAX_CELLS = 200
/** Stale cells the background refresh takes per transaction. */
export const BACKGROUND_REFRESH_MAX_CELLS = 50

/**
 * Every table /api/stats reads. A write to any of them bumps its counter in table_versions
 * (statement-level triggers, migrations 0012, 0017 and 0022), and so changes the cache key below. The
 * logs of stale land cells (land_stats_dirty_*) are not counted by version: every request's
 * refresh runs a DELETE on them, rows or not, which would change the key each time. What an
 * answer takes from them (how old its land figures are) is in the key itself (landStaleSince).
 */
export const STATS_TABLES = [
  'incidents',
  'communities',
  'user_communities',
  'legal_cases',
  'case_communities',
  'case_parcels',
  'parcels',
  'concessions',
  'land_stats_cells',
  'land_stats_communities',
  'community_plans',
  'program_targets',
  'activities',
  'activity_communities',
  'committee_members',
] as const

export interface StatsCache {
  get(key: string): Stats | undefined
  set(key: string, stats: Stats): void
}

/** The last answers, by key; the least recently used goes first. */
export function createStatsCache(maxEntries = 200): StatsCache {
  const entries = new Map<string, Stats>()
  return {
    get(key) {
      const entry = entries.get(key)
      if (entry) {
        entries.delete(key)
        entries.set(key, entry)
      }
      return entry
    },
    set(key, stats) {
      entries.set(key, stats)
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!)
    },
  }
}

/**
 * /api/stats, from `cache` while no table it reads has changed. Counting 100,000 incidents by
 * kind, status, province and month costs ~100 ms on PostgreSQL at every dashboard load, for
 * figures that change only when someone writes. The key holds the question, what the viewer may
 * see, the target year, today's date in Cambodia (targets' pace and who holds a committee role
 * move with the day, not with a write), and the versions of every table read; the versions live
 * in the database, so several server processes never serve an answer older than the data.
 */
export async function cachedStats(cache: StatsCache, db: Db, query: StatsQuery, viewer: Viewer, now = new Date()): Promise<Stats> {
  const isLandScoped = landScope(viewer) !== undefined
  // Recomputing stale land cells is a write (it bumps their tables' versions): before the key.
  if (!isLandScoped) await refreshLandStats(db, REQUEST_REFRESH_MAX_CELLS)
  const versions = await versionsOf(db, STATS_TABLES)
  const staleSince = await landStaleSince(db)
  const key = JSON.stringify([
    staleSince,
    query.from ?? null,
    query.to ?? null,
    query.province ?? null,
    yearOf(query.to, now),
    cambodianDate(now),
    tileScopeKey(viewer),
    Object.entries(versions),
  ])
  const hit = cache.get(key)
  // With no change waiting to be counted the land figures hold as of now, not only as of then.
  const isLandCurrent = isLandScoped || staleSince.every((since) => since === null)
  if (hit) return isLandCurrent ? { ...hit, period: { ...hit.period, landAsOf: now.toISOString() } } : hit
  const stats = await computeStats(db, query, viewer, now)
  cache.set(key, stats)
  return stats
}

export async function computeStats(db: Db, query: StatsQuery, viewer: Viewer, now = new Date()): Promise<Stats> {
  const targetYear = yearOf(query.to, now)
  // One after another: a dashboard refreshing often should hold one pooled connection, not five.
  const incidents = await countIncidents(db, query, viewer)
  const communities = await countCommunities(db, query, viewer)
  const cases = await countCases(db, query, viewer)
  const activities = await countActivities(db, query, viewer)
  const leadership = await countLeadership(db, query, viewer, cambodianDate(now))
  const land = await measureLand(db, query, viewer)
  // Absent (not empty) for roles that may not read targets: an empty list would claim there are none.
  const targets = can(viewer, 'targets.read')
    ? await listTargetProgress(db, { now, year: targetYear, province: query.province })
    : undefined
  const totals = incidents.find((row) => row.dimension === 'total')
  return {
    period: { from: query.from ?? null, to: query.to ?? null, province: query.province ?? null, targetYear, landAsOf: land.asOf },
    incidents: {
      total: totalOf(incidents),
      byKind: inVocabularyOrder(incidents, 'kind', INCIDENT_KINDS),
      byStatus: inVocabularyOrder(incidents, 'status', INCIDENT_STATUSES),
      byProvince: mostFirst(incidents, 'province'),
      byMonth: tallies(incidents, 'month').sort((a, b) => a.key.localeCompare(b.key)),
      householdsAffected: totals?.households ?? 0,
      peopleAffected: totals?.people ?? 0,
      byMonthKind: byMonthAndKind(incidents),
    },
    activities: {
      total: totalOf(activities),
      byKind: inVocabularyOrder(activities, 'kind', ACTIVITY_KINDS),
      participants: participantsOf(activities.find((row) => row.dimension === 'total')),
    },
    leadership,
    communities: {
      total: totalOf(communities),
      byKind: inVocabularyOrder(communities, 'kind', COMMUNITY_KINDS),
      byStatus: inVocabularyOrder(communities, 'status', COMMUNITY_STATUSES),
      byProvince: mostFirst(communities, 'province'),
    },
    cases: {
      total: totalOf(cases),
      byStage: inVocabularyOrder(cases, 'stage', CASE_STAGES),
      byKind: inVocabularyOrder(cases, 'kind', CASE_KINDS),
      byResult: inVocabularyOrder(cases, 'result', [...CASE_RESULTS, 'pending']),
    },
    land: checkedLand(land),
    ...(targets && { targets }),
  }
}

/**
 * Viewers who see every community read the precomputed figures after bringing them up to date;
 * a viewer limited to some communities gets them computed now, over those communities only.
 * Secured land is computed now for everyone: the precomputed cells do not hold it.
 */
async function measureLand(db: Db, query: StatsQuery, viewer: Viewer): Promise<MeasuredLand> {
  const scope = landScope(viewer)
  const secured = await measureSecuredLand(db, query, scope)
  if (scope) return { figures: await measureScopedLand(db, query, scope), secured, asOf: new Date().toISOString() }
  await refreshLandStats(db, REQUEST_REFRESH_MAX_CELLS)
  const { asOf, ...figures } = await sumLandFigures(db, query)
  return { figures, secured, asOf }
}

interface MeasuredLand {
  figures: LandFigures | undefined
  secured: Awaited<ReturnType<typeof measureSecuredLand>>
  asOf: string
}

/**
 * Brings the precomputed land figures up to date between requests (a scheduled job): stale cells
 * are recomputed in transactions of BACKGROUND_REFRESH_MAX_CELLS cells until none are left. A
 * refresh may outlast the request statement timeout (a bulk import), so it lifts it.
 */
export async function refreshAllLandStats(db: Db): Promise<void> {
  for (let remaining = 1; remaining > 0;) {
    remaining = await db.transaction(async (tx) => {
      await liftStatementTimeout(tx)
      return refreshLandStats(tx, BACKGROUND_REFRESH_MAX_CELLS)
    })
  }
}

/** The year of `to` as a day in Cambodia (a bare date is already one), else the current year there. */
export function yearOf(to: string | undefined, now: Date): number {
  if (to && /^\d{4}-\d{2}-\d{2}$/.test(to)) return Number(to.slice(0, 4))
  const instant = to ? new Date(to) : now
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: APP_TIME_ZONE, year: 'numeric' }).format(instant))
}

const totalOf = (rows: GroupCount[]) => rows.find((row) => row.dimension === 'total')?.count ?? 0

function tallies(rows: GroupCount[], dimension: string): Tally[] {
  return rows.filter((row) => row.dimension === dimension && row.key !== null).map((row) => ({ key: row.key!, count: row.count }))
}

function inVocabularyOrder(rows: GroupCount[], dimension: string, vocabulary: readonly string[]): Tally[] {
  const counts = new Map(tallies(rows, dimension).map((tally) => [tally.key, tally.count]))
  return vocabulary.map((key) => ({ key, count: counts.get(key) ?? 0 }))
}

/** Month by month, and within a month the kinds in vocabulary order. */
function byMonthAndKind(rows: (GroupCount & { month: string | null; kind: string | null })[]): Stats['incidents']['byMonthKind'] {
  const kindOrder = (kind: string) => (INCIDENT_KINDS as readonly string[]).indexOf(kind)
  return rows
    .filter((row) => row.dimension === 'month_kind' && row.month !== null && row.kind !== null)
    .map((row) => ({ month: row.month!, kind: row.kind!, count: row.count }))
    .sort((a, b) => a.month.localeCompare(b.month) || kindOrder(a.kind) - kindOrder(b.kind))
}

function participantsOf(total: { women: number; men: number; youth: number } | undefined): Stats['activities']['participants'] {
  const { women = 0, men = 0, youth = 0 } = total ?? {}
  return { women, men, youth, total: women + men }
}

function mostFirst(rows: GroupCount[], dimension: string): Tally[] {
  return tallies(rows, dimension).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
}

/**
 * PGlite's PostGIS swallows GEOS errors: a failed union or intersection comes back as no row or a
 * NULL area instead of an error. Figures that cannot be trusted are an error, never a silent 0.
 */
function checkedLand({ figures: land, secured }: MeasuredLand): Stats['land'] {
  if (!land || !secured) throw new Error('stats: the land query returned no row (a PostGIS operation failed)')
  const area = (ha: number | null, parts: number, what: string) => {
    if (parts > 0 && (ha === null || !Number.isFinite(ha))) throw new Error(`stats: the union of ${parts} ${what} has no area`)
    return ha ?? 0
  }
  const communityLandHa = area(land.communityLandHa, land.communityLandParts, 'community land parts')
  if (land.concessionOverlapHa === null) throw new Error('stats: the overlap of community land and concessions has no area')
  return {
    disputedHa: area(land.disputedHa, land.disputedParcels, 'disputed parcels'),
    disputedParcels: land.disputedParcels,
    communityLandHa,
    concessionOverlapHa: land.concessionOverlapHa,
    securedHa: area(secured.securedHa, secured.securedParcels, 'secured parcels'),
    securedParcels: secured.securedParcels,
  }
}
