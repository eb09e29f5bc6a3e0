// All SQL of dossiers: the export jobs, and the records a dossier gathers (live rows only, narrowed
// by the viewer's scopes from policy.ts — what a role may not see never leaves the database).
import { and, asc, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm'
import { asGeoJson, asGeoJsonOrNull } from '../../../db/columns.ts'
import { queryRows, type Db } from '../../../db/open.ts'
import {
  adminAreas,
  caseCommunities,
  caseIncidents,
  caseParcels,
  casePeople,
  caseTeam,
  communities,
  concessions,
  evidence,
  exports,
  incidents,
  legalCases,
  parcels,
  people,
  users,
} from '../../../db/schema/index.ts'
import type { Bbox, MultiPolygonGeometry, PointGeometry } from '../../../shared/geo.ts'
import { ownCommunityScope, caseScope, evidenceScope, incidentScope, personScope, type Viewer } from '../../lib/policy.ts'

// ---- Export jobs -----------------------------------------------------------------------------

export type ExportRow = typeof exports.$inferSelect

export async function insertExport(db: Db, values: typeof exports.$inferInsert) {
  const [row] = await db.insert(exports).values(values).returning()
  return row!
}

export async function findExport(db: Db, id: string) {
  const [row] = await db.select().from(exports).where(eq(exports.id, id))
  return row
}

export async function updateExport(db: Db, id: string, changes: Partial<typeof exports.$inferInsert>) {
  await db.update(exports).set(changes).where(eq(exports.id, id))
}

/** The export's file was deleted (its row stays as the record). */
export async function markExportFileDeleted(db: Db, id: string) {
  await db
    .update(exports)
    .set({ fileDeletedAt: sql`now()` })
    .where(eq(exports.id, id))
}

/** Finished exports whose file is past its time and not yet deleted. */
export function findExpiredFiles(db: Db, now: Date) {
  return db
    .select({ id: exports.id })
    .from(exports)
    .where(and(isNull(exports.fileDeletedAt), lt(exports.expiresAt, now), or(eq(exports.status, 'done'), eq(exports.status, 'failed'))))
}

// ---- What a dossier gathers ------------------------------------------------------------------

const incidentRowScope = (viewer: Viewer) =>
  incidentScope(viewer, { communityId: incidents.communityId, isConfidential: incidents.isConfidential })

export async function findCaseForDossier(db: Db, id: string, viewer: Viewer) {
  const [row] = await db
    .select({
      id: legalCases.id,
      reference: legalCases.reference,
      title: legalCases.title,
      titleKm: legalCases.titleKm,
      kind: legalCases.kind,
      stage: legalCases.stage,
      forum: legalCases.forum,
      // The display name of the lead's account (the free-text names of before case teams stay out).
      leadLawyer: sql<string | null>`(SELECT u.display_name FROM ${caseTeam} ct JOIN ${users} u ON u.id = ct.user_id
        WHERE ct.case_id = ${legalCases.id} AND ct.role = 'lead')`,
      province: legalCases.province,
      summary: legalCases.summary,
      outcome: legalCases.outcome,
      openedOn: legalCases.openedOn,
      closedOn: legalCases.closedOn,
      privilegedNotes: legalCases.privilegedNotes,
    })
    .from(legalCases)
    .where(and(eq(legalCases.id, id), isNull(legalCases.deletedAt), caseScope(viewer, legalCases.id)))
  return row
}
export type DossierCaseRow = NonNullable<Awaited<ReturnType<typeof findCaseForDossier>>>

const communityColumns = {
  id: communities.id,
  name: communities.name,
  nameKm: communities.nameKm,
  kind: communities.kind,
  status: communities.status,
  province: communities.province,
  district: communities.district,
  commune: communities.commune,
  village: communities.village,
  households: communities.households,
  members: communities.members,
  description: communities.description,
  location: asGeoJson<PointGeometry>(communities.location),
  territory: asGeoJsonOrNull<MultiPolygonGeometry>(communities.territory),
  territoryAreaHa: communities.territoryAreaHa,
}

export function findCommunitiesForDossier(db: Db, where: SQL | undefined, viewer: Viewer) {
  return db
    .select(communityColumns)
    .from(communities)
    .where(and(isNull(communities.deletedAt), where, ownCommunityScope(viewer, communities.id)))
    .orderBy(asc(communities.name), asc(communities.id))
}
export type DossierCommunityRow = Awaited<ReturnType<typeof findCommunitiesForDossier>>[number]

export const communitiesOfCase = (caseId: string) =>
  inArray(communities.id, sql`(SELECT community_id FROM ${caseCommunities} WHERE case_id = ${caseId})`)

export const communityWithId = (communityId: string) => eq(communities.id, communityId)

export function findParcelsForDossier(db: Db, where: SQL) {
  return db
    .select({
      id: parcels.id,
      communityId: parcels.communityId,
      label: parcels.label,
      households: parcels.households,
      landUse: parcels.landUse,
      tenure: parcels.tenure,
      titleStatus: parcels.titleStatus,
      areaHa: parcels.areaHa,
      boundary: asGeoJson<MultiPolygonGeometry>(parcels.boundary),
    })
    .from(parcels)
    .where(and(isNull(parcels.deletedAt), where))
    .orderBy(asc(parcels.label), asc(parcels.id))
}

export const parcelsOfCase = (caseId: string) => inArray(parcels.id, sql`(SELECT parcel_id FROM ${caseParcels} WHERE case_id = ${caseId})`)

export const parcelsOfCommunity = (communityId: string) => eq(parcels.communityId, communityId)

export function findIncidentsForDossier(db: Db, where: SQL, viewer: Viewer) {
  return db
    .select({
      id: incidents.id,
      title: incidents.title,
      titleKm: incidents.titleKm,
      kind: incidents.kind,
      status: incidents.status,
      severity: incidents.severity,
      occurredAt: incidents.occurredAt,
      occurredPrecision: incidents.occurredPrecision,
      householdsAffected: incidents.householdsAffected,
      peopleAffected: incidents.peopleAffected,
      description: incidents.description,
      province: incidents.province,
      location: asGeoJson<PointGeometry>(incidents.location),
      affectedAreaHa: incidents.affectedAreaHa,
    })
    .from(incidents)
    .where(and(isNull(incidents.deletedAt), where, incidentRowScope(viewer)))
    .orderBy(asc(incidents.occurredAt), asc(incidents.id))
}

export const incidentsOfCase = (caseId: string) =>
  inArray(incidents.id, sql`(SELECT incident_id FROM ${caseIncidents} WHERE case_id = ${caseId})`)

export const incidentsOfCommunity = (communityId: string) => eq(incidents.communityId, communityId)

/** Concessions touching any of the given parcels or community territories. */
export function findConcessionsTouching(db: Db, parcelIds: string[], communityIds: string[]) {
  if (parcelIds.length === 0 && communityIds.length === 0) return Promise.resolve([])
  const touchesParcel = parcelIds.length
    ? sql`EXISTS (SELECT 1 FROM ${parcels} p WHERE p.id IN (${sql.join(
        parcelIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}) AND ST_Intersects(p.boundary, ${concessions.boundary}))`
    : sql`false`
  const touchesTerritory = communityIds.length
    ? sql`EXISTS (SELECT 1 FROM ${communities} c WHERE c.id IN (${sql.join(
        communityIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}) AND c.territory IS NOT NULL AND ST_Intersects(c.territory, ${concessions.boundary}))`
    : sql`false`
  return db
    .select({
      id: concessions.id,
      name: concessions.name,
      nameKm: concessions.nameKm,
      kind: concessions.kind,
      company: concessions.company,
      // Only mapped concessions can touch land: the boundary, and so the area, is known here.
      areaHa: sql<number>`${concessions.areaHa}`.mapWith(Number),
      boundary: asGeoJson<MultiPolygonGeometry>(concessions.boundary),
    })
    .from(concessions)
    .where(and(isNull(concessions.deletedAt), sql`${concessions.boundary} IS NOT NULL`, sql`(${touchesParcel} OR ${touchesTerritory})`))
    .orderBy(asc(concessions.name), asc(concessions.id))
}

/** People of a case with their role there; confidential ones only for roles that may see them. */
export function findCasePartiesForDossier(db: Db, caseId: string, viewer: Viewer) {
  return db
    .select({
      id: people.id,
      fullName: people.fullName,
      fullNameKm: people.fullNameKm,
      role: casePeople.role,
      description: people.description,
      phone: people.phone,
      email: people.email,
      address: people.address,
      isConfidential: people.isConfidential,
    })
    .from(casePeople)
    .innerJoin(people, eq(people.id, casePeople.personId))
    .where(and(eq(casePeople.caseId, caseId), isNull(people.deletedAt), personScope(viewer, people.isConfidential)))
    .orderBy(asc(casePeople.role), asc(people.fullName), asc(people.id))
}

/** People of a community (no role in a case: 'member'). */
export function findCommunityPeopleForDossier(db: Db, communityId: string, viewer: Viewer) {
  return db
    .select({
      id: people.id,
      fullName: people.fullName,
      fullNameKm: people.fullNameKm,
      role: sql<string>`'member'`,
      description: people.description,
      phone: people.phone,
      email: people.email,
      address: people.address,
      isConfidential: people.isConfidential,
    })
    .from(people)
    .where(and(eq(people.communityId, communityId), isNull(people.deletedAt), personScope(viewer, people.isConfidential)))
    .orderBy(asc(people.fullName), asc(people.id))
}
export type DossierPersonRow = Omit<Awaited<ReturnType<typeof findCasePartiesForDossier>>[number], 'role'> & { role: string }

/** Cases linked to a community, as the viewer may see them. */
export function findCasesOfCommunity(db: Db, communityId: string, viewer: Viewer) {
  return db
    .select({
      id: legalCases.id,
      reference: legalCases.reference,
      title: legalCases.title,
      titleKm: legalCases.titleKm,
      stage: legalCases.stage,
      openedOn: legalCases.openedOn,
    })
    .from(legalCases)
    .where(
      and(
        isNull(legalCases.deletedAt),
        caseScope(viewer, legalCases.id),
        inArray(legalCases.id, sql`(SELECT case_id FROM ${caseCommunities} WHERE community_id = ${communityId})`),
      ),
    )
    .orderBy(desc(legalCases.openedOn), asc(legalCases.id))
}

/** Live evidence attached to any of the given records, as the viewer may see it. */
export function findEvidenceForDossier(
  db: Db,
  attachedTo: { caseIds: string[]; incidentIds: string[]; parcelIds: string[]; communityIds: string[] },
  viewer: Viewer,
) {
  const clauses = [
    attachedTo.caseIds.length ? inArray(evidence.caseId, attachedTo.caseIds) : undefined,
    attachedTo.incidentIds.length ? inArray(evidence.incidentId, attachedTo.incidentIds) : undefined,
    attachedTo.parcelIds.length ? inArray(evidence.parcelId, attachedTo.parcelIds) : undefined,
    attachedTo.communityIds.length ? inArray(evidence.communityId, attachedTo.communityIds) : undefined,
  ].filter((clause) => clause !== undefined)
  if (clauses.length === 0) return Promise.resolve([])
  return db
    .select({
      id: evidence.id,
      sha256: evidence.sha256,
      sizeBytes: evidence.sizeBytes,
      mediaType: evidence.mediaType,
      originalFilename: evidence.originalFilename,
      title: evidence.title,
      description: evidence.description,
      capturedAt: evidence.capturedAt,
      capturedAtText: evidence.capturedAtText,
      capturedBy: evidence.capturedBy,
      location: asGeoJsonOrNull<PointGeometry>(evidence.location),
      isConfidential: evidence.isConfidential,
    })
    .from(evidence)
    .where(and(isNull(evidence.deletedAt), isNull(evidence.purgedAt), or(...clauses), evidenceScope(viewer, evidence)))
    .orderBy(asc(evidence.createdAt), asc(evidence.id))
}
export type DossierEvidenceRow = Awaited<ReturnType<typeof findEvidenceForDossier>>[number]

// ---- Places: Khmer names and the outlines drawn under the map ---------------------------------

export interface AdminOutline {
  level: number
  /** Only the part of the border inside the window, simplified to about a pixel. */
  outline: { type: 'MultiLineString'; coordinates: [number, number][][] }
}

/** The borders of the admin areas of these levels that cross the window. */
export function findAdminOutlines(db: Db, [west, south, east, north]: Bbox, levels: number[], toleranceDeg: number) {
  const window = sql`ST_MakeEnvelope(${west}, ${south}, ${east}, ${north}, 4326)`
  return queryRows<AdminOutline>(
    db,
    sql`SELECT level, outline FROM (
          SELECT level, ST_AsGeoJSON(ST_Multi(ST_CollectionExtract(
                   ST_Simplify(ST_Intersection(ST_Boundary(boundary), ${window}), ${toleranceDeg}), 2)), 6)::json AS outline
          FROM ${adminAreas}
          WHERE level IN (${sql.join(
            levels.map((level) => sql`${level}`),
            sql`, `,
          )}) AND boundary && ${window}
        ) clipped
        WHERE json_array_length(outline -> 'coordinates') > 0
        ORDER BY level DESC`,
  )
}

/** What names the subject of an export in its file name: the case reference, or the community's name (deleted ones too). */
export async function findDossierSubjectName(db: Db, target: string, id: string): Promise<string | undefined> {
  if (target === 'case') {
    const [row] = await db.select({ name: legalCases.reference }).from(legalCases).where(eq(legalCases.id, id))
    return row?.name
  }
  const [row] = await db.select({ name: communities.name }).from(communities).where(eq(communities.id, id))
  return row?.name
}
