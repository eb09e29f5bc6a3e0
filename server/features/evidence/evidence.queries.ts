// All SQL of evidence.
import { and, desc, eq, getTableColumns, isNull, ne, sql } from 'drizzle-orm'
import { asGeoJsonOrNull } from '../../../db/columns.ts'
import { queryRows, type Db } from '../../../db/open.ts'
import { activities, communities, evidence, incidents, legalCases, parcels } from '../../../db/schema/index.ts'
import { MAX_EVIDENCE_LIST, type EvidenceListQuery } from '../../../shared/evidence.ts'
import type { PointGeometry } from '../../../shared/geo.ts'
import { inBbox, resolveSorting, toPage } from '../../lib/list-query.ts'
import {
  activityScope,
  canSeeExactLocation,
  ownCommunityScope,
  caseScope,
  evidenceScope,
  incidentScope,
  type Viewer,
} from '../../lib/policy.ts'

const { location: _location, deletedAt: _deletedAt, ...plainColumns } = getTableColumns(evidence)
const evidenceColumns = { ...plainColumns, location: asGeoJsonOrNull<PointGeometry>(evidence.location) }

export type EvidenceRow = Awaited<ReturnType<typeof findEvidence>> & {}

const live = and(isNull(evidence.deletedAt), isNull(evidence.purgedAt))

/** A live (not deleted, not purged) evidence record the viewer may see; all when no viewer. */
export async function findEvidence(db: Db, id: string, viewer?: Viewer) {
  const [row] = await db
    .select(evidenceColumns)
    .from(evidence)
    .where(and(eq(evidence.id, id), live, viewer && evidenceScope(viewer, evidence)))
  return row
}

/** Any record, deleted or purged included (for the chain of custody), if the viewer may see it. */
export async function findEvidenceAnyState(db: Db, id: string, viewer: Viewer) {
  const [row] = await db
    .select({ id: evidence.id, sha256: evidence.sha256, uploadedByUserId: evidence.uploadedByUserId })
    .from(evidence)
    .where(and(eq(evidence.id, id), evidenceScope(viewer, evidence)))
  return row
}

export async function listEvidence(db: Db, query: EvidenceListQuery, viewer: Viewer) {
  return db
    .select(evidenceColumns)
    .from(evidence)
    .where(listConditions(query, viewer))
    .orderBy(desc(evidence.createdAt), evidence.id)
    .limit(query.limit ?? MAX_EVIDENCE_LIST)
}

/** The list's rows, shared with the GIS export's pages so that neither shows more than the other. */
function listConditions(query: EvidenceListQuery, viewer: Viewer) {
  return and(
    live,
    evidenceScope(viewer, evidence),
    query.incident ? eq(evidence.incidentId, query.incident) : undefined,
    query.case ? eq(evidence.caseId, query.case) : undefined,
    query.parcel ? eq(evidence.parcelId, query.parcel) : undefined,
    query.community ? eq(evidence.communityId, query.community) : undefined,
    query.activity ? eq(evidence.activityId, query.activity) : undefined,
    // A location search is an oracle for the location itself: none for roles that may not see it.
    query.bbox && !canSeeExactLocation(viewer) ? sql`false` : inBbox(evidence.location, query.bbox),
  )
}

/** The list's records a page at a time, newest first, past its cap: for exports of the whole list. */
export async function listEvidencePage(
  db: Db,
  query: EvidenceListQuery,
  viewer: Viewer,
  page: { limit: number; cursor?: string | undefined },
) {
  const sorting = resolveSorting('-createdAt', page.cursor, { createdAt: evidence.createdAt }, evidence.id)
  const rows = await db
    .select({ ...evidenceColumns, cursorKey: sorting.cursorKey })
    .from(evidence)
    .where(and(listConditions(query, viewer), sorting.after))
    .orderBy(...sorting.orderBy)
    .limit(page.limit + 1)
  return toPage(rows, page.limit, '-createdAt', sorting)
}

export async function insertEvidence(db: Db, values: typeof evidence.$inferInsert) {
  const [row] = await db.insert(evidence).values(values).returning({ id: evidence.id })
  return row!.id
}

/** Is a record of this kind live and visible to the viewer? (What evidence may be attached to.) */
export async function isAttachable(db: Db, kind: 'incident' | 'case' | 'parcel' | 'community' | 'activity', id: string, viewer: Viewer) {
  const rows = await (() => {
    switch (kind) {
      case 'incident':
        return db
          .select({ id: incidents.id })
          .from(incidents)
          .where(and(eq(incidents.id, id), isNull(incidents.deletedAt), incidentScope(viewer, incidents)))
      case 'case':
        return db
          .select({ id: legalCases.id })
          .from(legalCases)
          .where(and(eq(legalCases.id, id), isNull(legalCases.deletedAt), caseScope(viewer, legalCases.id)))
      case 'parcel':
        return db
          .select({ id: parcels.id })
          .from(parcels)
          .where(and(eq(parcels.id, id), isNull(parcels.deletedAt), ownCommunityScope(viewer, parcels.communityId)))
      case 'community':
        return db
          .select({ id: communities.id })
          .from(communities)
          .where(and(eq(communities.id, id), isNull(communities.deletedAt), ownCommunityScope(viewer, communities.id)))
      case 'activity':
        return db
          .select({ id: activities.id })
          .from(activities)
          .where(and(eq(activities.id, id), isNull(activities.deletedAt), activityScope(viewer, activities.id)))
    }
  })()
  return rows.length > 0
}

/** A record's blob and whether it is purged already, deleted or not. */
export async function findPurgeState(db: Db, id: string) {
  const [row] = await db.select({ sha256: evidence.sha256, purgedAt: evidence.purgedAt }).from(evidence).where(eq(evidence.id, id))
  return row
}

export async function markPurged(db: Db, id: string) {
  await db
    .update(evidence)
    .set({ purgedAt: sql`now()`, version: sql`${evidence.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(evidence.id, id), isNull(evidence.purgedAt)))
}

/** Deletes the photos of an intake report (a draft its sender abandoned); returns their blobs' hashes. */
export async function deleteEvidenceOfIntakeReport(db: Db, intakeReportId: string) {
  const rows = await db.delete(evidence).where(eq(evidence.intakeReportId, intakeReportId)).returning({ sha256: evidence.sha256 })
  return rows.map((row) => row.sha256)
}

/** Records other than this one that still need the blob (soft-deleted ones do: they may be restored). */
export async function countOtherReferences(db: Db, sha256: string, exceptId?: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(evidence)
    .where(and(eq(evidence.sha256, sha256), isNull(evidence.purgedAt), exceptId ? ne(evidence.id, exceptId) : undefined))
  return row!.n
}

export interface CustodyRow {
  id: number
  at: Date
  actorId: string | null
  actorLabel: string
  action: string
  sha256: string | null
  details: Record<string, unknown> | null
}

/** The audit entries about one evidence record, oldest first: its chain of custody. */
export async function findCustody(db: Db, id: string) {
  const rows = await queryRows<CustodyRow & { at: Date | string }>(
    db,
    sql`
    SELECT id::int, at, actor_id AS "actorId", actor_label AS "actorLabel", action,
      coalesce(changes -> 'after' ->> 'sha256', changes ->> 'sha256') AS sha256, changes AS details
    FROM audit_log WHERE entity = 'evidence' AND entity_id = ${id} ORDER BY id`,
  )
  return rows.map((row) => ({ ...row, at: new Date(row.at) }))
}
