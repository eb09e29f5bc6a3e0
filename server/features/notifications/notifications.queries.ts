// SQL of the bell: a user's notifications, their preferences and the communities they follow.
import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import {
  communities,
  communityFollows,
  notificationPreferences,
  notificationSettings,
  notifications,
  users,
} from '../../../db/schema/index.ts'
import type { KindPreference, UpdateNotificationPreferencesBody } from '../../../shared/notifications.ts'
import type { EmailDelivery, LanguageCode } from '../../../shared/vocabularies.ts'
import { resolveSorting, toPage } from '../../lib/list-query.ts'

/** Kinds the user turned off in the app are not shown (they may still be e-mailed). */
const isShownInApp = sql`NOT EXISTS (SELECT 1 FROM ${notificationPreferences} p
  WHERE p.user_id = ${notifications.userId} AND p.kind = ${notifications.kind} AND p.in_app = false)`

const NEWEST_FIRST = '-createdAt'

/** A page of the user's notifications, newest first. */
export async function listNotifications(
  db: Db,
  userId: string,
  query: { limit: number; cursor?: string | undefined; unread?: boolean | undefined },
) {
  const sorting = resolveSorting(NEWEST_FIRST, query.cursor, { createdAt: notifications.createdAt }, notifications.id)
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      params: sql<Record<string, unknown>>`${notifications.params}`,
      link: notifications.link,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      cursorKey: sorting.cursorKey,
    })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isShownInApp, query.unread ? isNull(notifications.readAt) : undefined, sorting.after))
    .orderBy(...sorting.orderBy)
    .limit(query.limit + 1)
  return toPage(rows, query.limit, NEWEST_FIRST, sorting)
}

export async function countUnread(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), isShownInApp))
  return row?.count ?? 0
}

/** Marks one of the user's notifications read (a second time keeps the first time); false when it is not theirs. */
export async function markRead(db: Db, userId: string, id: string): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ id: notifications.id })
  return rows.length > 0
}

export async function markAllRead(db: Db, userId: string): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id })
  return rows.length
}

// ---- Preferences --------------------------------------------------------------------------

export async function findPreferences(db: Db, userId: string) {
  const kinds = await db
    .select({ kind: notificationPreferences.kind, inApp: notificationPreferences.inApp, email: notificationPreferences.email })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId))
  const [settings] = await db
    .select({
      emailDelivery: sql<EmailDelivery>`coalesce(${notificationSettings.emailDelivery}, 'each')`,
      digestHour: sql<number>`coalesce(${notificationSettings.digestHour}, 7)::int`,
      language: sql<LanguageCode>`${users.language}`,
    })
    .from(users)
    .leftJoin(notificationSettings, eq(notificationSettings.userId, users.id))
    .where(eq(users.id, userId))
  return { kinds, settings }
}

export async function upsertKindPreferences(db: Db, userId: string, kinds: readonly KindPreference[]) {
  if (kinds.length === 0) return
  await db
    .insert(notificationPreferences)
    .values(kinds.map((kind) => ({ userId, ...kind })))
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.kind],
      set: { inApp: sql`excluded.in_app`, email: sql`excluded.email` },
    })
}

export async function upsertSettings(
  db: Db,
  userId: string,
  body: Pick<UpdateNotificationPreferencesBody, 'emailDelivery' | 'digestHour'>,
) {
  const set = {
    ...(body.emailDelivery ? { emailDelivery: body.emailDelivery } : {}),
    ...(body.digestHour !== undefined ? { digestHour: body.digestHour } : {}),
  }
  if (Object.keys(set).length === 0) return
  await db
    .insert(notificationSettings)
    .values({ userId, ...set })
    .onConflictDoUpdate({ target: notificationSettings.userId, set: { ...set, updatedAt: sql`now()` } })
}

export async function updateUserLanguage(db: Db, userId: string, language: LanguageCode) {
  await db
    .update(users)
    .set({ language, updatedAt: sql`now()`, version: sql`${users.version} + 1` })
    .where(and(eq(users.id, userId), sql`${users.language} <> ${language}`))
}

// ---- Community follows --------------------------------------------------------------------

export function listFollows(db: Db, userId: string) {
  return db
    .select({ communityId: communities.id, name: communities.name, nameKm: communities.nameKm, followedAt: communityFollows.createdAt })
    .from(communityFollows)
    .innerJoin(communities, and(eq(communities.id, communityFollows.communityId), isNull(communities.deletedAt)))
    .where(eq(communityFollows.userId, userId))
    .orderBy(asc(communities.name), asc(communities.id))
}

export async function isFollowing(db: Db, userId: string, communityId: string): Promise<boolean> {
  const rows = await db
    .select({ userId: communityFollows.userId })
    .from(communityFollows)
    .where(and(eq(communityFollows.userId, userId), eq(communityFollows.communityId, communityId)))
  return rows.length > 0
}

export async function insertFollow(db: Db, userId: string, communityId: string) {
  await db.insert(communityFollows).values({ userId, communityId }).onConflictDoNothing()
}

export async function deleteFollow(db: Db, userId: string, communityId: string) {
  await db.delete(communityFollows).where(and(eq(communityFollows.userId, userId), eq(communityFollows.communityId, communityId)))
}

/** Is the community live? (Whether the viewer may see it is policy's: lib/policy.ts.) */
export async function isLiveCommunity(db: Db, communityId: string): Promise<boolean> {
  const rows = await db
    .select({ id: communities.id })
    .from(communities)
    .where(and(eq(communities.id, communityId), isNull(communities.deletedAt)))
  return rows.length > 0
}
