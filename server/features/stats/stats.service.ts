// Assembles /api/stats from the aggregate queries and the targets' progress, as the viewer may
// see them: every count is scoped by lib/policy.ts, and targets only for roles that may read them.
import type { Db } from '../../../db/open.ts'
import type { Stats, StatsQuery, Tally } from '../../../shared/stats.ts'
import { APP_TIME_ZONE } from '../../../shared/time.ts'
import {
  CASE_KINDS,
  CASE_STAGES,
  COMMUNITY_KINDS,
  COMMUNITY_STATUSES,
  INCIDENT_KINDS,
  INCIDENT_STATUSES,
} from '../../../shared/vocabularies.ts'
import { can, type Viewer } from '../../lib/policy.ts'
import { targetProgressOfYear } from '../targets/targets.service.ts'
import { countCases, countCommunities, countIncidents, measureLand, type GroupCount, type LandFigures } from './stats.queries.ts'

export async function computeStats(db: Db, query: StatsQuery, viewer: Viewer, now = new Date()): Promise<Stats> {
  const targetYear = yearOf(query.to, now)
  // One after another: a dashboard refreshing often should hold one pooled connection, not five.
  const incidents = await countIncidents(db, query, viewer)
  const communities = await countCommunities(db, query, viewer)
  const cases = await countCases(db, query, viewer)
  const land = await measureLand(db, query, viewer)
  // Absent (not empty) for roles that may not read targets: an empty list would claim there are none.
  const targets = can(viewer, 'targets.read') ? await targetProgressOfYear(db, targetYear) : undefined
  const totals = incidents.find((row) => row.dimension === 'total')
  return {
    period: { from: query.from ?? null, to: query.to ?? null, province: query.province ?? null, targetYear },
    incidents: {
      total: totalOf(incidents),
      byKind: inVocabularyOrder(incidents, 'kind', INCIDENT_KINDS),
      byStatus: inVocabularyOrder(incidents, 'status', INCIDENT_STATUSES),
      byProvince: mostFirst(incidents, 'province'),
      byMonth: tallies(incidents, 'month').sort((a, b) => a.key.localeCompare(b.key)),
      householdsAffected: totals?.households ?? 0,
      peopleAffected: totals?.people ?? 0,
    },
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
    },
    land: checkedLand(land),
    ...(targets && { targets }),
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

function mostFirst(rows: GroupCount[], dimension: string): Tally[] {
  return tallies(rows, dimension).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
}

/**
 * PGlite's PostGIS swallows GEOS errors: a failed union or intersection comes back as no row or a
 * NULL area instead of an error. Figures that cannot be trusted are an error, never a silent 0.
 */
function checkedLand(land: LandFigures | undefined): Stats['land'] {
  if (!land) throw new Error('stats: the land query returned no row (a PostGIS operation failed)')
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
  }
}
