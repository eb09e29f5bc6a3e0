// Who may see and do what: THE one place access rules live. Routes name a permission in their
// config (checked before validation by the authorize hook in lib/security.ts, which also refuses
// to start with an API route that names none); queries narrow rows with the row scopes below
// (`…Scope`: SQL conditions, used in *.queries.ts only); routes drop the fields a role may not see
// with the field masks below (`mask…`, applied in *.routes.ts only). See the table in README.md.
// Only SQL fragments (row-scope conditions) are built here; statements run in *.queries.ts.
import { inArray, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import type { ExportLayer } from '../../shared/exports.ts'
import type { Permission } from '../../shared/permissions.ts'
import type { TileLayer } from '../../shared/tiles.ts'
import type { UserRole } from '../../shared/vocabularies.ts'

export type { Permission }

export interface Viewer {
  id: string
  role: UserRole
  displayName: string
  /** For community representatives: the communities they represent (and may see). */
  communityIds: readonly string[]
}

const ALL: readonly UserRole[] = ['community_rep', 'advocate', 'legal', 'admin']
const STAFF: readonly UserRole[] = ['legal', 'admin']

/** Route-level permissions. `public` needs no session; every other one needs a signed-in user with a listed role. */
export const PERMISSIONS = {
  public: [],
  signed_in: ALL,
  'admin_areas.read': ALL,
  'communities.read': ALL,
  'communities.write': STAFF,
  'land.read': ALL,
  'land.write': STAFF,
  'incidents.read': ALL,
  'incidents.create': ALL,
  /** Community representatives only for their own reports until verified (checked per row). */
  'incidents.edit': ['community_rep', 'legal', 'admin'],
  'incidents.triage': STAFF,
  /** Community representatives see their own communities' cases, as a summary. */
  'cases.read': ALL,
  'cases.details': ['advocate', 'legal', 'admin'],
  'cases.write': STAFF,
  'people.read': ['advocate', 'legal', 'admin'],
  'people.write': STAFF,
  'calendar.read': ['advocate', 'legal', 'admin'],
  'stats.read': ['advocate', 'legal', 'admin'],
  /** The strategic plan's targets with their progress and the records that count (no personal data). */
  'targets.read': ['advocate', 'legal', 'admin'],
  'targets.write': ['admin'],
  'users.manage': ['admin'],
  'audit.read': ['legal', 'admin'],
  'audit.verify': ['admin'],
  /** Community representatives for their own communities' records; advocates non-confidential ones. */
  'evidence.read': ALL,
  'evidence.upload': ALL,
  'evidence.edit': STAFF,
  'evidence.purge': ['admin'],
  'evidence.verify': ['admin'],
  /** Not a route: exact GPS positions of evidence (advocates get the files without them). */
  'evidence.locations': ['community_rep', 'legal', 'admin'],
  /** Case and community dossiers (ZIP + PDF); what goes in is still limited by the role's field rules. */
  'dossiers.export': ['advocate', 'legal', 'admin'],
  /** Not a route: storing an area larger than its kind's plausible size (?allowLargeArea=true). */
  'geometry.override': ['admin'],
  /** Bringing GIS files into the layers staff edit (bulk: not subject to the per-report rate limit). */
  'imports.run': STAFF,
  /** Undoing a whole import hides or restores many records at once. */
  'imports.undo': ['admin'],
  /** "My work": the legal team's day (my cases, tasks, hearings and deadlines). */
  'work.read': STAFF,
  'tasks.write': STAFF,
  'deadline_rules.read': STAFF,
  'deadline_rules.manage': ['admin'],
  /** The bell and its settings: every signed-in user gets notifications for what they may see. */
  'notifications.read': ALL,
  /** Managing one's own calendar feed URL (the feed itself is read with its secret token). */
  'calendar.feed': ['advocate', 'legal', 'admin'],
  'templates.read': STAFF,
  'templates.manage': ['admin'],
  /** Filling a template from a case and saving the letter to the case as evidence. */
  'documents.generate': STAFF,
  /**
   * The queue of reports from people without an account (public links, Telegram, SMS). Staff only,
   * not representatives: a report may be about the representative, and its sender must stay
   * unknown to the village (see README, "Reports from outside").
   */
  'intake.moderate': STAFF,
  /** Making, closing and printing public report links. */
  'intake.links': STAFF,
  /** Trainings, meetings and other activities: representatives their own communities' (checked per row). */
  'activities.read': ALL,
  'activities.write': ALL,
  /**
   * Communities' committee members by name: representatives their own communities'. Advocates get
   * counts only (dashboard, report): leaders of land communities are targets of intimidation.
   */
  'committee.read': ['community_rep', 'legal', 'admin'],
  'committee.write': ['community_rep', 'legal', 'admin'],
  /** The yearly program report (HTML, PDF, XLSX, CSV): figures only, no personal or privileged data. */
  'program_report.read': ['advocate', 'legal', 'admin'],
} as const satisfies Record<Permission, readonly UserRole[]>

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every API route names one; start-up (lib/security.ts) refuses an API route that does not. */
    permission?: Permission
  }
}

export function can(viewer: Viewer | undefined, permission: Permission): boolean {
  if (permission === 'public') return true
  return viewer !== undefined && (PERMISSIONS[permission] as readonly UserRole[]).includes(viewer.role)
}

// ---- What a role may see inside the records it may read ---------------------------------------

/** Phone numbers, e-mail and addresses of people and community leaders. */
export const canSeeContacts = (viewer: Viewer) => viewer.role === 'legal' || viewer.role === 'admin'
/** Lawyer–client privileged notes on cases. */
export const canSeePrivilegedNotes = (viewer: Viewer) => viewer.role === 'legal' || viewer.role === 'admin'
/** Confidential incidents and people. Community representatives see their own communities' incidents. */
export const canSeeConfidential = (viewer: Viewer) => viewer.role === 'legal' || viewer.role === 'admin'
export const isLimitedToOwnCommunities = (viewer: Viewer) => viewer.role === 'community_rep'

/** Copies a row without the named fields: absent from the response, not nulled. */
export function omitFields<T extends object, K extends keyof T>(row: T, fields: readonly K[]): Omit<T, K> {
  const copy = { ...row }
  for (const field of fields) delete copy[field]
  return copy
}

// ---- Row scopes for queries: undefined means "no restriction" -----------------------------------

/** Rows that belong to one of the viewer's communities (for community representatives). */
export function ownCommunityScope(viewer: Viewer, communityId: PgColumn): SQL | undefined {
  return isLimitedToOwnCommunities(viewer) ? inArray(communityId, [...viewer.communityIds]) : undefined
}

/** Incidents: representatives see their communities'; advocates all but confidential ones. */
export function incidentScope(viewer: Viewer, columns: { communityId: PgColumn; isConfidential: PgColumn }): SQL | undefined {
  if (isLimitedToOwnCommunities(viewer)) return ownCommunityScope(viewer, columns.communityId)
  return canSeeConfidential(viewer) ? undefined : sql`${columns.isConfidential} = false`
}

/** People: confidential people only for legal staff and admins. */
export function personScope(viewer: Viewer, isConfidential: PgColumn): SQL | undefined {
  return canSeeConfidential(viewer) ? undefined : sql`${isConfidential} = false`
}

/** Cases: representatives see the cases linked to one of their communities. */
export function caseScope(viewer: Viewer, caseId: SQLWrapper): SQL | undefined {
  if (!isLimitedToOwnCommunities(viewer)) return undefined
  if (viewer.communityIds.length === 0) return sql`false`
  return sql`EXISTS (SELECT 1 FROM case_communities cc WHERE cc.case_id = ${caseId}
    AND cc.community_id IN (${sql.join(
      viewer.communityIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )}))`
}

/** Activities: representatives see those that involved at least one of their communities. */
export function activityScope(viewer: Viewer, activityId: SQLWrapper): SQL | undefined {
  if (!isLimitedToOwnCommunities(viewer)) return undefined
  if (viewer.communityIds.length === 0) return sql`false`
  return sql`EXISTS (SELECT 1 FROM activity_communities ac WHERE ac.activity_id = ${activityId}
    AND ac.community_id IN (${sql.join(
      viewer.communityIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )}))`
}

// ---- Fields each role may see in a record it may read (absent, not null, when hidden) ----------

/** Community leaders' phone numbers are contacts. */
export function maskCommunity<T extends { leaderPhone?: unknown }>(viewer: Viewer, row: T) {
  return canSeeContacts(viewer) ? row : omitFields(row, ['leaderPhone'])
}

/** People's phone, e-mail and address are contacts. */
export function maskPerson<T extends { phone?: unknown; email?: unknown; address?: unknown }>(viewer: Viewer, row: T) {
  return canSeeContacts(viewer) ? row : omitFields(row, ['phone', 'email', 'address'])
}

/**
 * Cases: privileged notes for legal staff and admins only; community representatives get the
 * summary — no parties, parcels or incident links, no team and no former free-text lead. The
 * summary keeps the lead lawyer's display name (`lead`): a community should know who its lawyer
 * is, and it is a name, not a contact; the other team members stay with the legal team.
 */
export function maskCase<
  T extends {
    privilegedNotes?: unknown
    people?: unknown
    parcels?: unknown
    incidents?: unknown
    team?: unknown
    formerLeadLawyerName?: unknown
  },
>(viewer: Viewer, row: T) {
  if (isLimitedToOwnCommunities(viewer))
    return omitFields(row, ['privilegedNotes', 'people', 'parcels', 'incidents', 'team', 'formerLeadLawyerName'])
  return canSeePrivilegedNotes(viewer) ? row : omitFields(row, ['privilegedNotes'])
}

// ---- Incidents: reporting and editing (community representatives act on their own reports) ----

/** Community representatives report only for one of their communities; other roles for any (or none). */
export function canReportForCommunity(viewer: Viewer, communityId: string | null | undefined): boolean {
  if (!isLimitedToOwnCommunities(viewer)) return true
  return communityId != null && viewer.communityIds.includes(communityId)
}

/** Representatives edit their own reports only, while still awaiting triage; legal staff and admins any. */
export function canEditIncident(viewer: Viewer, incident: { reportedByUserId?: string | null; status: string }): boolean {
  if (isLimitedToOwnCommunities(viewer)) return incident.reportedByUserId === viewer.id && incident.status === 'reported'
  return can(viewer, 'incidents.edit')
}

// ---- Activities: representatives record their own communities' and edit what they recorded ----

/** Community representatives record activities of their own communities only (every one named); other roles any. */
export function canRecordActivityFor(viewer: Viewer, communityIds: readonly string[]): boolean {
  if (!isLimitedToOwnCommunities(viewer)) return true
  return communityIds.every((id) => viewer.communityIds.includes(id))
}

/** Representatives change only the activities they recorded; staff any. */
export function canEditActivity(viewer: Viewer, activity: { createdByUserId: string | null }): boolean {
  if (isLimitedToOwnCommunities(viewer)) return activity.createdByUserId === viewer.id
  return can(viewer, 'activities.write')
}

/** The account that filed a report, like a contact, is known only to legal staff, admins and its author. */
export function maskIncident<T extends { reportedByUserId?: string | null; reportedByName?: string | null }>(viewer: Viewer, row: T) {
  return canSeeContacts(viewer) || (row.reportedByUserId != null && row.reportedByUserId === viewer.id)
    ? row
    : omitFields(row, ['reportedByUserId', 'reportedByName'])
}

/**
 * Another community's parcel overlapping a parcel the viewer may see: a community representative
 * learns that their land is contested and by how much (ids and areas), not whose claim it is —
 * its label and community name are absent.
 */
export function maskOverlappingParcel<T extends { communityId: string; parcelLabel?: unknown; communityName?: unknown }>(
  viewer: Viewer,
  row: T,
) {
  return isLimitedToOwnCommunities(viewer) && !viewer.communityIds.includes(row.communityId)
    ? omitFields(row, ['parcelLabel', 'communityName'])
    : row
}

// ---- Evidence ------------------------------------------------------------------------------

/**
 * Exact locations (GPS in photos, evidence points): legal staff, admins and community
 * representatives (it is their own land, their own photos). Advocates — outside partners — get
 * evidence without the point, and images with the GPS EXIF removed, always.
 */
export const canSeeExactLocation = (viewer: Viewer) => can(viewer, 'evidence.locations')

/**
 * Evidence is visible when the record it is attached to is, with two limits:
 * - community representatives see the non-confidential evidence of their communities' incidents,
 *   parcels, community records and activities. Of a case linked to their community they see only the files
 *   they gave themselves: a case is theirs as a summary only, and its file (witness statements,
 *   the lawyers' documents) stays with the legal team;
 * - advocates see neither confidential evidence nor evidence on confidential incidents.
 * Neither ever sees a photo still waiting in the intake queue (sent from outside, not yet accepted),
 * even if someone cleared its confidential flag. Legal staff and admins see all.
 */
export function evidenceScope(
  viewer: Viewer,
  columns: {
    isConfidential: PgColumn
    incidentId: PgColumn
    caseId: PgColumn
    parcelId: PgColumn
    communityId: PgColumn
    intakeReportId: PgColumn
    activityId: PgColumn
    uploadedByUserId: PgColumn
  },
): SQL | undefined {
  if (isLimitedToOwnCommunities(viewer)) {
    if (viewer.communityIds.length === 0) return sql`false`
    const ids = sql.join(
      viewer.communityIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )
    return sql`(${columns.isConfidential} = false AND ${columns.intakeReportId} IS NULL AND (${columns.communityId} IN (${ids})
      OR ${columns.incidentId} IN (SELECT i.id FROM incidents i WHERE i.community_id IN (${ids}))
      OR ${columns.parcelId} IN (SELECT p.id FROM parcels p WHERE p.community_id IN (${ids}))
      OR ${columns.activityId} IN (SELECT ac.activity_id FROM activity_communities ac WHERE ac.community_id IN (${ids}))
      OR (${columns.uploadedByUserId} = ${viewer.id}::uuid
        AND ${columns.caseId} IN (SELECT cc.case_id FROM case_communities cc WHERE cc.community_id IN (${ids})))))`
  }
  if (canSeeConfidential(viewer)) return undefined
  return sql`(${columns.isConfidential} = false AND ${columns.intakeReportId} IS NULL AND (${columns.incidentId} IS NULL
    OR ${columns.incidentId} IN (SELECT i.id FROM incidents i WHERE i.is_confidential = false)))`
}

/**
 * The evidence fields a viewer may not see, by their names in the API and in the database (the
 * audit trail's copies of the row): the exact location, and who uploaded it (like a report's
 * author, known only to legal staff, admins and the uploader).
 */
function hiddenEvidenceFields(viewer: Viewer, uploadedByUserId: unknown) {
  const hidden: { field: 'location' | 'uploadedByUserId'; column: string }[] = []
  if (!canSeeExactLocation(viewer)) hidden.push({ field: 'location', column: 'location' })
  if (!canSeeContacts(viewer) && uploadedByUserId !== viewer.id) hidden.push({ field: 'uploadedByUserId', column: 'uploaded_by_user_id' })
  return hidden
}

/** Evidence fields: the location only for roles that may see exact locations; the uploader as above. */
export function maskEvidence<T extends { location?: unknown; uploadedByUserId?: unknown }>(viewer: Viewer, row: T) {
  return omitFields(
    row,
    hiddenEvidenceFields(viewer, row.uploadedByUserId).map((hidden) => hidden.field),
  )
}

/**
 * An entry of an evidence record's chain of custody (an audit entry), masked as the record is:
 * the row copies in `before`/`after` lose the fields the viewer may not see, and who acted is
 * shown as a role only to viewers who may not see contacts (unless it was the viewer).
 */
export function maskCustodyEntry<T extends { actorId: string | null; actorLabel: string; details: Record<string, unknown> | null }>(
  viewer: Viewer,
  entry: T,
  uploadedByUserId: string | null,
): T {
  const hidden = hiddenEvidenceFields(viewer, uploadedByUserId).map((field) => field.column)
  const maskRow = (row: unknown) => (row && typeof row === 'object' ? omitFields(row as Record<string, unknown>, hidden) : row)
  const details = entry.details && {
    ...entry.details,
    ...('before' in entry.details ? { before: maskRow(entry.details.before) } : {}),
    ...('after' in entry.details ? { after: maskRow(entry.details.after) } : {}),
  }
  const isActorHidden = !canSeeContacts(viewer) && entry.actorId !== viewer.id
  return {
    ...entry,
    details,
    ...(isActorHidden ? { actorId: null, actorLabel: entry.actorLabel.split(':')[0] ?? 'system' } : {}),
  }
}

// ---- Map tiles -----------------------------------------------------------------------------

/**
 * The permission each vector-tile layer needs: that of the records it draws. Evidence tiles place
 * photos at their exact positions, so they need `evidence.locations` (advocates get 403, not an
 * empty tile: an empty tile would say "no evidence here"). The rows inside are narrowed by the
 * same `…Scope` as the lists.
 */
export const TILE_LAYER_PERMISSIONS: Record<TileLayer, Permission> = {
  incidents: 'incidents.read',
  communities: 'communities.read',
  territories: 'communities.read',
  parcels: 'land.read',
  concessions: 'land.read',
  evidence: 'evidence.locations',
  'admin-areas': 'admin_areas.read',
}

export const canSeeTileLayer = (viewer: Viewer, layer: TileLayer) => can(viewer, TILE_LAYER_PERMISSIONS[layer])

/**
 * Who sees the same rows in a tile: all legal staff alike, all admins alike, all advocates alike;
 * a representative by their own communities (and uploads). Part of a tile's ETag.
 */
export function tileScopeKey(viewer: Viewer): string {
  return isLimitedToOwnCommunities(viewer) ? `${viewer.role}:${viewer.id}:${[...viewer.communityIds].sort().join(',')}` : viewer.role
}

// ---- GIS exports ---------------------------------------------------------------------------

/**
 * The permission each layer's export (`/api/<layer>/export.<format>`) needs: that of its list,
 * except evidence, whose export is a map of exact positions and so needs `evidence.locations`,
 * as its map tiles do. The rows inside are the list's own, with its scopes and masks.
 */
export const EXPORT_LAYER_PERMISSIONS: Record<ExportLayer, Permission> = {
  communities: 'communities.read',
  parcels: 'land.read',
  concessions: 'land.read',
  incidents: 'incidents.read',
  evidence: 'evidence.locations',
  'admin-areas': 'admin_areas.read',
}
