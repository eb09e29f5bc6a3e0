// All SQL of incidents and the people involved in them.
import { and, eq, isNull, ne, sql, type SQL } from 'drizzle-orm'
import type { PgInsertValue } from 'drizzle-orm/pg-core'
import { asGeoJson, asGeoJsonOrNull } from '../../../db/columns.ts'
import type { Db } from '../../../db/open.ts'
import { communities, evidence, incidentPeople, incidents, people, users } from '../../../db/schema/index.ts'
import type { MultiPolygon, Point } from '../../../shared/geo.ts'
import type { IncidentListQuery } from '../../../shared/incidents.ts'
import type { IncidentStatus, PartyRole } from '../../../shared/vocabularies.ts'
import { inBbox, isOneOf, matchesTextIn, resolveSorting, type TextSource, textMatchIds, toPage, withinDates } from '../../lib/list-query.ts'
import { findTextMatches } from '../../lib/list-query.queries.ts'
import { incidentScope, personScope, type Viewer } from '../../lib/policy.ts'

const incidentColumns = {
  id: incidents.id,
  communityId: incidents.communityId,
  // A deleted community keeps its name on its incidents: the history stays readable.
  communityName: communities.name,
  title: incidents.title,
  titleKm: incidents.titleKm,
  kind: incidents.kind,
  status: incidents.status,
  severity: incidents.severity,
  perpetratorKind: incidents.perpetratorKind,
  perpetratorName: incidents.perpetratorName,
  occurredAt: incidents.occurredAt,
  occurredPrecision: incidents.occurredPrecision,
  householdsAffected: incidents.householdsAffected,
  peopleAffected: incidents.peopleAffected,
  description: incidents.description,
  province: incidents.province,
  district: incidents.district,
  commune: incidents.commune,
  village: incidents.village,
  location: asGeoJson<Point>(incidents.location),
  affectedArea: asGeoJsonOrNull<MultiPolygon>(incidents.affectedArea),
  affectedAreaHa: incidents.affectedAreaHa,
  isConfidential: incidents.isConfidential,
  dismissalReason: incidents.dismissalReason,
  verifiedAt: incidents.verifiedAt,
  reportedBy: incidents.reportedBy,
  reportedByUserId: incidents.reportedByUserId,
  // The filing account's name: a report from the app has no typed "reported by" (masked with the id).
  reportedByName: sql<string | null>`(SELECT ${users.displayName} FROM ${users} WHERE ${users.id} = ${incidents.reportedByUserId})`,
  sourceUrl: incidents.sourceUrl,
  sourceDate: incidents.sourceDate,
  createdAt: incidents.createdAt,
  updatedAt: incidents.updatedAt,
  version: incidents.version,
}

/** The columns a move to this status sets. */
export function statusColumns(status: IncidentStatus, reason: string | undefined) {
  return {
    status,
    // The DB requires a reason while dismissed; any other status has none.
    dismissalReason: status === 'dismissed' ? reason! : null,
    // Back in the triage queue means no longer verified; verifying again stamps a new time.
    ...(status === 'verified' ? { verifiedAt: sql`now()` } : {}),
    ...(status === 'reported' ? { verifiedAt: null } : {}),
  }
}

export type IncidentRow = NonNullable<Awaited<ReturnType<typeof findIncident>>>

/** The community name comes in the same SELECT: a list of 500 incidents is one query. */
function selectIncidents<Extra extends Record<string, SQL> = Record<never, never>>(db: Db, extra?: Extra) {
  return db
    .select({ ...incidentColumns, ...(extra as Extra) })
    .from(incidents)
    .leftJoin(communities, eq(communities.id, incidents.communityId))
}

/** The incident scope of a viewer: the same rows in every list, map and look-up. */
const incidentRowScope = (viewer: Viewer) =>
  incidentScope(viewer, { communityId: incidents.communityId, isConfidential: incidents.isConfidential })

/** A live incident the viewer may see (any live one when no viewer is given: internal checks). */
export async function findIncident(db: Db, id: string, viewer?: Viewer) {
  const [row] = await selectIncidents(db).where(and(eq(incidents.id, id), isNull(incidents.deletedAt), viewer && incidentRowScope(viewer)))
  return row
}

const sortable = {
  occurredAt: incidents.occurredAt,
  createdAt: incidents.createdAt,
  updatedAt: incidents.updatedAt,
}

/** `q` searches the incident's titles, description and perpetrator, and its community's names. */
const textSources: TextSource[] = [
  {
    ids: sql`SELECT ${incidents.id} FROM ${incidents}`,
    columns: [incidents.title, incidents.titleKm, incidents.description, incidents.perpetratorName],
  },
  {
    ids: sql`SELECT ${incidents.id} FROM ${incidents} JOIN ${communities} ON ${communities.id} = ${incidents.communityId}`,
    columns: [communities.name, communities.nameKm],
  },
]

/**
 * What the sanity warnings (shared/sanity.ts) are computed from, on the geography (km, days): the
 * distance to the community's territory (0 inside it) or, without one, its point; to the farthest
 * photo's EXIF position; and how long before the reported date the oldest photo was taken.
 */
const sanityFigureColumns = {
  communityDistanceKm: sql<number | null>`(ST_Distance(${incidents.location}::geography,
    coalesce(${communities.territory}, ${communities.location})::geography) / 1000)::float8`,
  photoDistanceKm: sql<number | null>`(SELECT max(ST_Distance(${evidence.location}::geography, ${incidents.location}::geography)) / 1000
    FROM ${evidence} WHERE ${evidence.incidentId} = ${incidents.id} AND ${evidence.purgedAt} IS NULL)::float8`,
  photoAgeDays: sql<number | null>`(SELECT max(extract(epoch FROM ${incidents.occurredAt} - ${evidence.capturedAt})) / 86400
    FROM ${evidence} WHERE ${evidence.incidentId} = ${incidents.id} AND ${evidence.purgedAt} IS NULL)::float8`,
}
const noSanityFigures: typeof sanityFigureColumns = {
  communityDistanceKm: sql<null>`NULL::float8`,
  photoDistanceKm: sql<null>`NULL::float8`,
  photoAgeDays: sql<null>`NULL::float8`,
}

/** `withSanityFigures`: the rows carry what the triage card's warnings are computed from. */
export async function listIncidents(db: Db, query: IncidentListQuery, viewer: Viewer, { withSanityFigures = false } = {}) {
  const sorting = resolveSorting(query.sort, query.cursor, sortable, incidents.id)
  const matchedIds = await findTextMatches(db, textMatchIds(query.q, textSources))
  const rows = await selectIncidents(db, {
    cursorKey: sorting.cursorKey,
    ...(withSanityFigures ? sanityFigureColumns : noSanityFigures),
  })
    .where(
      and(
        isNull(incidents.deletedAt),
        incidentRowScope(viewer),
        isOneOf(incidents.kind, query.kind),
        isOneOf(incidents.status, query.status),
        isOneOf(incidents.severity, query.severity),
        isOneOf(incidents.perpetratorKind, query.perpetratorKind),
        query.community ? eq(incidents.communityId, query.community) : undefined,
        query.province ? eq(incidents.province, query.province) : undefined,
        query.confidential !== undefined ? eq(incidents.isConfidential, query.confidential) : undefined,
        occurredWithin(query.from, query.to),
        matchesTextIn(query.q, incidents.id, textSources, matchedIds),
        inBbox(incidents.location, query.bbox),
        withinRadius(query.near, query.radiusM),
        sorting.after,
      ),
    )
    .orderBy(...sorting.orderBy)
    .limit(query.limit + 1)
  return toPage(rows, query.limit, query.sort, sorting)
}

/**
 * The date range filter. A month or a year matches by its stored first moment (May 2013 is inside
 * from=2013-05-01, not inside from=2013-05-15): simple, index-friendly, and what the list sorts on.
 * An unknown date is stored as the report's time, which says nothing about when it happened: such
 * incidents match no range, so a filtered list never shows them as if they happened on that day.
 */
function occurredWithin(from: string | undefined, to: string | undefined): SQL | undefined {
  if (!from && !to) return undefined
  return and(withinDates(incidents.occurredAt, from, to), ne(incidents.occurredPrecision, 'unknown'))
}

/** Distance in metres on the WGS 84 ellipsoid: degrees of longitude shrink away from the equator. */
function withinRadius(near: readonly [number, number] | undefined, radiusM: number | undefined): SQL | undefined {
  if (!near || radiusM === undefined) return undefined
  const [lng, lat] = near
  return sql`ST_DWithin(${incidents.location}::geography, ST_SetSRID(ST_MakePoint(${lng}, ${lat}), 4326)::geography, ${radiusM})`
}

/** The new incident's id; undefined when another report with the same clientReportId was stored first. */
export async function insertIncident(db: Db, values: PgInsertValue<typeof incidents>): Promise<string | undefined> {
  const [row] = await db
    .insert(incidents)
    .values(values)
    .onConflictDoNothing({ target: incidents.clientReportId })
    .returning({ id: incidents.id })
  return row?.id
}

/** Who filed the report a device named `clientReportId`, deleted or not (undefined when there is none). */
export async function findByClientReportId(db: Db, clientReportId: string) {
  const [row] = await db
    .select({ id: incidents.id, reportedByUserId: incidents.reportedByUserId, deletedAt: incidents.deletedAt })
    .from(incidents)
    .where(eq(incidents.clientReportId, clientReportId))
  return row
}

// ---- People involved --------------------------------------------------------------------------

const incidentPersonColumns = {
  personId: people.id,
  fullName: people.fullName,
  fullNameKm: people.fullNameKm,
  role: incidentPeople.role,
  linkedAt: incidentPeople.createdAt,
}

/**
 * Deleted people drop out of the list; their link rows stay, as nothing is erased. Confidential
 * people are listed only to the roles that may see them.
 */
export async function listIncidentPeople(db: Db, incidentId: string, viewer: Viewer) {
  return db
    .select(incidentPersonColumns)
    .from(incidentPeople)
    .innerJoin(people, eq(people.id, incidentPeople.personId))
    .where(and(eq(incidentPeople.incidentId, incidentId), isNull(people.deletedAt), personScope(viewer, people.isConfidential)))
    .orderBy(people.fullName, incidentPeople.role, people.id)
}

export async function findIncidentPerson(db: Db, incidentId: string, personId: string, role: PartyRole) {
  const [row] = await db
    .select(incidentPersonColumns)
    .from(incidentPeople)
    .innerJoin(people, eq(people.id, incidentPeople.personId))
    .where(and(eq(incidentPeople.incidentId, incidentId), eq(incidentPeople.personId, personId), eq(incidentPeople.role, role)))
  return row
}

/** True when a new link was made; false when the person already had this role in the incident. */
export async function linkIncidentPerson(db: Db, incidentId: string, personId: string, role: PartyRole) {
  const rows = await db
    .insert(incidentPeople)
    .values({ incidentId, personId, role })
    .onConflictDoNothing()
    .returning({ personId: incidentPeople.personId })
  return rows.length === 1
}

/** Removes the person's link in `role`, or in every role; returns how many links went. */
export async function unlinkIncidentPerson(db: Db, incidentId: string, personId: string, role: PartyRole | undefined) {
  const rows = await db
    .delete(incidentPeople)
    .where(
      and(
        eq(incidentPeople.incidentId, incidentId),
        eq(incidentPeople.personId, personId),
        role ? eq(incidentPeople.role, role) : undefined,
      ),
    )
    .returning({ personId: incidentPeople.personId })
  return rows.length
}
