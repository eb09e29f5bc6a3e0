// Factories insert valid rows with defaults; a test overrides only what it is about.
import type { MultiPolygon, Polygon } from '../../shared/geo.ts'
import { squareAround } from './geo.ts'
import type { Db } from '../../db/open.ts'
import { activities, activityCommunities, committeeMembers, communities, parcels } from '../../db/schema/index.ts'

export async function makeCommunity(db: Db, overrides: Partial<typeof communities.$inferInsert> = {}) {
  const [row] = await db
    .insert(communities)
    .values({
      name: 'Test community',
      kind: 'land_community',
      province: 'Kampong Speu',
      location: { type: 'Point', coordinates: [104.3, 11.45] },
      ...overrides,
    })
    .returning({ id: communities.id })
  return row!
}

export async function makeParcel(
  db: Db,
  overrides: Partial<Omit<typeof parcels.$inferInsert, 'boundary'>> & { communityId: string; boundary?: Polygon | MultiPolygon },
) {
  const { boundary = squareAround([104.3, 11.45]), ...rest } = overrides
  const [row] = await db
    .insert(parcels)
    .values({ label: 'Test parcel', ...rest, boundary: boundary as MultiPolygon })
    .returning({ id: parcels.id })
  return row!
}

export async function makeCommitteeMember(db: Db, overrides: Partial<typeof committeeMembers.$inferInsert> & { communityId: string }) {
  const [row] = await db
    .insert(committeeMembers)
    .values({ name: 'Test member', sex: 'female', role: 'committee_member', ...overrides })
    .returning({ id: committeeMembers.id })
  return row!
}

/** An activity of the given communities (at least one), with its head counts. */
export async function makeActivity(db: Db, overrides: Partial<typeof activities.$inferInsert> & { communityIds: string[] }) {
  const { communityIds, ...values } = overrides
  const [row] = await db
    .insert(activities)
    .values({ kind: 'training', title: 'Test training', startedOn: '2026-03-10', province: 'Kampong Speu', ...values })
    .returning({ id: activities.id })
  await db.insert(activityCommunities).values(communityIds.map((communityId) => ({ activityId: row!.id, communityId })))
  return row!
}
