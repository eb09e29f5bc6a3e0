// Rules that span several queries: who may record for which communities, live references, the
// place an activity is given, and an activity saved with its communities in one transaction.
import type { Db } from '../../../db/open.ts'
import { activities, communities } from '../../../db/schema/index.ts'
import { activityInputIssues, type CreateActivityBody, type UpdateActivityBody } from '../../../shared/activities.ts'
import { completePlace, fillPlace, type PlaceNames } from '../../lib/admin-places.ts'
import { notFound } from '../../lib/app-error.ts'
import { createStaleVersionError } from '../../lib/concurrency.errors.ts'
import { requireVersion } from '../../lib/concurrency.ts'
import { checkPosition } from '../../lib/geometry.ts'
import type { GeometryRules } from '../../lib/geometry-rules.ts'
import { canEditActivity, canRecordActivityFor, type Viewer } from '../../lib/policy.ts'
import { requireLive } from '../../lib/references.ts'
import { softDelete, updateIfVersion } from '../../lib/versioned-rows.queries.ts'
import { createInvalidActivityError, createNotYourActivityError, createNotYourCommunityError } from './activities.errors.ts'
import { findActivity, findCommunityPlace, insertActivity, replaceActivityCommunities, type ActivityRow } from './activities.queries.ts'

export async function createActivity(db: Db, body: CreateActivityBody, rules: GeometryRules, viewer: Viewer) {
  if (!canRecordActivityFor(viewer, body.communityIds)) throw createNotYourCommunityError()
  if (body.location) checkPosition(body.location.coordinates, 'body.location', rules)
  return db.transaction(async (tx) => {
    await requireLiveCommunities(tx, body.communityIds)
    const { communityIds, location, ...fields } = body
    const id = await insertActivity(tx, {
      ...fields,
      ...(await placeOf(tx, body, communityIds[0]!)),
      location: location ?? null,
      createdByUserId: viewer.id,
    })
    await replaceActivityCommunities(tx, id, communityIds)
    return (await findActivity(tx, id, viewer))!
  })
}

/**
 * Applies the change to the activity as it is, after checking the whole as it would become (a
 * new start date must still come before the stored end). A new set of communities replaces the
 * old one; the activity's version moves either way.
 */
export async function updateActivity(
  db: Db,
  id: string,
  body: UpdateActivityBody,
  expectedVersion: number,
  rules: GeometryRules,
  viewer: Viewer,
) {
  if (body.location) checkPosition(body.location.coordinates, 'body.location', rules)
  return db.transaction(async (tx) => {
    const current = await requireEditable(tx, id, viewer)
    const { version: _version, communityIds, ...changes } = body
    if (communityIds && !canRecordActivityFor(viewer, communityIds)) throw createNotYourCommunityError()
    const issues = activityInputIssues({ ...inputOf(current), ...definedOnly(body) })
    if (issues.length > 0) throw createInvalidActivityError(issues)
    if (communityIds) await requireLiveCommunities(tx, communityIds)
    const isApplied = await updateIfVersion(tx, activities, id, expectedVersion, changes)
    if (!isApplied) throw createStaleVersionError('activity', expectedVersion, current)
    if (communityIds) await replaceActivityCommunities(tx, id, communityIds)
    return (await findActivity(tx, id, viewer))!
  })
}

export async function deleteActivity(db: Db, id: string, expectedVersion: number | undefined, viewer: Viewer) {
  await db.transaction(async (tx) => {
    const current = await requireEditable(tx, id, viewer)
    requireVersion('activity', expectedVersion, current)
    await softDelete(tx, activities, id)
  })
}

/** An activity the viewer may see: one they may not see answers 404, as if it did not exist. */
export async function requireActivity(db: Db, id: string, viewer: Viewer): Promise<ActivityRow> {
  const activity = await findActivity(db, id, viewer)
  if (!activity) throw notFound('activity', id)
  return activity
}

/** An activity the viewer may see (else 404) and change (else 403). */
async function requireEditable(db: Db, id: string, viewer: Viewer): Promise<ActivityRow> {
  const activity = await requireActivity(db, id, viewer)
  if (!canEditActivity(viewer, activity)) throw createNotYourActivityError()
  return activity
}

// One query at a time: a transaction is one connection.
async function requireLiveCommunities(db: Db, communityIds: readonly string[]) {
  for (const communityId of communityIds) await requireLive(db, communities, communityId, 'body.communityIds', 'community')
}

/** Province (and below) as given, else from the location, else from the first community. */
async function placeOf(db: Db, given: PlaceNames & { location?: { coordinates: readonly number[] } | null }, firstCommunityId: string) {
  const community = await findCommunityPlace(db, firstCommunityId)
  if (!community) throw new Error('a community checked in this transaction was not found')
  const [lng, lat] = given.location?.coordinates ?? []
  if (lng === undefined || lat === undefined) return fillPlace(given, community)
  // A typed province wins; else the point's, and the community's only for a point in no known province.
  return completePlace(db, [lng, lat], given, community)
}

/** The stored activity in the shape of an input, for re-checking it whole after an edit. */
function inputOf(activity: ActivityRow) {
  return {
    startedOn: activity.startedOn,
    endedOn: activity.endedOn,
    participantsWomen: activity.participants.women,
    participantsMen: activity.participants.men,
    participantsYouth: activity.participants.youth,
    communityIds: activity.communities.map((community) => community.id),
  }
}

const definedOnly = <T extends object>(body: T) =>
  Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as Partial<T>
