// The bell's rules: whose notifications, in which words, which communities may be followed.
import type { Db } from '../../../db/open.ts'
import { describeNotification } from '../../../shared/notification-wording.ts'
import {
  type FollowState,
  type NotificationListQuery,
  type NotificationPreferences,
  type UpdateNotificationPreferencesBody,
} from '../../../shared/notifications.ts'
import { NOTIFICATION_KINDS, type LanguageCode } from '../../../shared/vocabularies.ts'
import { isLimitedToOwnCommunities, type Viewer } from '../../lib/policy.ts'
import { createCommunityNotFoundError, createNotificationNotFoundError } from './notifications.errors.ts'
import {
  deleteFollow,
  findPreferences,
  insertFollow,
  isFollowing,
  isLiveCommunity,
  listNotifications,
  markRead,
  updateUserLanguage,
  upsertKindPreferences,
  upsertSettings,
} from './notifications.queries.ts'

/** The viewer's notifications, worded in `lang` (their e-mail language by default). */
export async function listMyNotifications(db: Db, query: NotificationListQuery, viewer: Viewer) {
  const language: LanguageCode = query.lang ?? (await findPreferences(db, viewer.id)).settings?.language ?? 'km'
  const page = await listNotifications(db, viewer.id, query)
  return {
    items: page.items.map((item) => ({ ...item, ...describeNotification(item.kind, item.params, language) })),
    nextCursor: page.nextCursor,
  }
}

export async function markMyNotificationRead(db: Db, id: string, viewer: Viewer) {
  if (!(await markRead(db, viewer.id, id))) throw createNotificationNotFoundError(id)
}

/** Every kind, with its default (shown and e-mailed) where the user chose nothing. */
export async function findMyPreferences(db: Db, viewer: Viewer, isEmailEnabled: boolean): Promise<NotificationPreferences> {
  const { kinds, settings } = await findPreferences(db, viewer.id)
  return {
    kinds: NOTIFICATION_KINDS.map((kind) => kinds.find((row) => row.kind === kind) ?? { kind, inApp: true, email: true }),
    emailDelivery: settings?.emailDelivery ?? 'each',
    digestHour: settings?.digestHour ?? 7,
    language: settings?.language ?? 'km',
    isEmailEnabled,
  }
}

export async function updateMyPreferences(db: Db, body: UpdateNotificationPreferencesBody, viewer: Viewer, isEmailEnabled: boolean) {
  await db.transaction(async (tx) => {
    if (body.kinds) await upsertKindPreferences(tx, viewer.id, body.kinds)
    await upsertSettings(tx, viewer.id, body)
    if (body.language) await updateUserLanguage(tx, viewer.id, body.language)
  })
  return findMyPreferences(db, viewer, isEmailEnabled)
}

/** Any live community for staff and advocates; representatives follow their own communities only. */
async function requireFollowable(db: Db, communityId: string, viewer: Viewer) {
  const isVisible = !isLimitedToOwnCommunities(viewer) || viewer.communityIds.includes(communityId)
  if (!isVisible || !(await isLiveCommunity(db, communityId))) throw createCommunityNotFoundError(communityId)
}

export async function findFollowState(db: Db, communityId: string, viewer: Viewer): Promise<FollowState> {
  await requireFollowable(db, communityId, viewer)
  return { communityId, isFollowing: await isFollowing(db, viewer.id, communityId) }
}

export async function followCommunity(db: Db, communityId: string, viewer: Viewer): Promise<FollowState> {
  await db.transaction(async (tx) => {
    await requireFollowable(tx, communityId, viewer)
    await insertFollow(tx, viewer.id, communityId)
  })
  return { communityId, isFollowing: true }
}

/** Unfollowing needs no right to see the community: one may always stop hearing of it. */
export async function unfollowCommunity(db: Db, communityId: string, viewer: Viewer): Promise<FollowState> {
  await db.transaction((tx) => deleteFollow(tx, viewer.id, communityId))
  return { communityId, isFollowing: false }
}
