// All SQL of parcels. A parcel's list row carries its community's name from the same SELECT.
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm'
import type { MultiPolygon } from '../../../shared/geo.ts'
import { asGeoJson } from '../../../db/columns.ts'
import type { Db } from '../../../db/open.ts'
import { communities, parcels } from '../../../db/schema/index.ts'
import type { ParcelListQuery } from '../../../shared/parcels.ts'
import { inBbox, isOneOf, matchesTextIn, resolveSorting, type TextSource, textMatchIds, toPage, withinDates } from '../../lib/list-query.ts'
import { findTextMatches } from '../../lib/list-query.queries.ts'
import { ownCommunityScope, type Viewer } from '../../lib/policy.ts'

const parcelColumns = {
  id: parcels.id,
  communityId: parcels.communityId,
  communityName: communities.name,
  label: parcels.label,
  holderName: parcels.holderName,
  households: parcels.households,
  landUse: parcels.landUse,
  tenure: parcels.tenure,
  titleStatus: parcels.titleStatus,
  notes: parcels.notes,
  boundary: asGeoJson<MultiPolygon>(parcels.boundary),
  areaHa: parcels.areaHa,
  createdAt: parcels.createdAt,
  updatedAt: parcels.updatedAt,
  version: parcels.version,
}

export type ParcelRow = Awaited<ReturnType<typeof findParcel>> & {}

function selectParcels<Extra extends Record<string, SQL> = Record<never, never>>(db: Db, extra?: Extra) {
  return db
    .select({ ...parcelColumns, ...(extra as Extra) })
    .from(parcels)
    .innerJoin(communities, eq(communities.id, parcels.communityId))
}

/** A live parcel the viewer may see (all of them when no viewer is given: internal checks). */
export async function findParcel(db: Db, id: string, viewer?: Viewer) {
  const [row] = await selectParcels(db).where(
    and(eq(parcels.id, id), isNull(parcels.deletedAt), viewer && ownCommunityScope(viewer, parcels.communityId)),
  )
  return row
}

const sortable = {
  label: parcels.label,
  areaHa: parcels.areaHa,
  createdAt: parcels.createdAt,
  updatedAt: parcels.updatedAt,
}

/** `q` searches the parcel's label and holder, and its community's names. */
const textSources: TextSource[] = [
  { ids: sql`SELECT ${parcels.id} FROM ${parcels}`, columns: [parcels.label, parcels.holderName] },
  {
    ids: sql`SELECT ${parcels.id} FROM ${parcels} JOIN ${communities} ON ${communities.id} = ${parcels.communityId}`,
    columns: [communities.name, communities.nameKm],
  },
]

export async function listParcels(db: Db, query: ParcelListQuery, viewer: Viewer) {
  const sorting = resolveSorting(query.sort, query.cursor, sortable, parcels.id)
  const matchedIds = await findTextMatches(db, textMatchIds(query.q, textSources))
  const rows = await selectParcels(db, { cursorKey: sorting.cursorKey })
    .where(
      and(
        isNull(parcels.deletedAt),
        ownCommunityScope(viewer, parcels.communityId),
        // A deleted community takes its parcels out of lists with it.
        isNull(communities.deletedAt),
        isOneOf(parcels.landUse, query.landUse),
        isOneOf(parcels.tenure, query.tenure),
        isOneOf(parcels.titleStatus, query.titleStatus),
        query.community ? eq(parcels.communityId, query.community) : undefined,
        query.province ? eq(communities.province, query.province) : undefined,
        withinDates(parcels.createdAt, query.from, query.to),
        matchesTextIn(query.q, parcels.id, textSources, matchedIds),
        inBbox(parcels.boundary, query.bbox),
        sorting.after,
      ),
    )
    .orderBy(...sorting.orderBy)
    .limit(query.limit + 1)
  return toPage(rows, query.limit, query.sort, sorting)
}

export async function insertParcel(db: Db, values: typeof parcels.$inferInsert) {
  const [row] = await db.insert(parcels).values(values).returning({ id: parcels.id })
  return row!.id
}
