// All SQL of user accounts (admin screens). Password hashes never leave this file's selects.
import { and, eq, ne, notInArray, sql } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import { userCommunities, users } from '../../../db/schema/index.ts'
import type { UserListQuery } from '../../../shared/users.ts'
import { matchesText, resolveSorting, toPage } from '../../lib/list-query.ts'

const userColumns = {
  id: users.id,
  email: users.email,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  phone: users.phone,
  communityIds: sql<string[]>`coalesce((SELECT array_agg(uc.community_id::text ORDER BY uc.community_id)
    FROM user_communities uc WHERE uc.user_id = ${users.id}), '{}')`,
  isActive: users.isActive,
  isDemo: users.isDemo,
  mustChangePassword: users.mustChangePassword,
  hasSecondFactor: sql<boolean>`EXISTS (SELECT 1 FROM user_second_factors f WHERE f.user_id = ${users.id} AND f.confirmed_at IS NOT NULL)`,
  lastLoginAt: users.lastLoginAt,
  lockedUntil: users.lockedUntil,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
  version: users.version,
}

export async function findUser(db: Db, id: string) {
  const [row] = await db.select(userColumns).from(users).where(eq(users.id, id))
  return row
}

const sortable = { displayName: users.displayName, email: users.email, createdAt: users.createdAt }

export async function listUsers(db: Db, query: UserListQuery) {
  const sorting = resolveSorting(query.sort, query.cursor, sortable, users.id)
  const rows = await db
    .select({ ...userColumns, cursorKey: sorting.cursorKey })
    .from(users)
    .where(
      and(
        query.role ? eq(users.role, query.role) : undefined,
        query.active ? eq(users.isActive, query.active === 'true') : undefined,
        matchesText(query.q, [users.displayName, users.email, users.username]),
        sorting.after,
      ),
    )
    .orderBy(...sorting.orderBy)
    .limit(query.limit + 1)
  return toPage(rows, query.limit, query.sort, sorting)
}

export async function insertUser(db: Db, values: typeof users.$inferInsert) {
  const [row] = await db.insert(users).values(values).returning({ id: users.id })
  return row!.id
}

/**
 * Makes the user's links exactly `communityIds`, touching only those that differ: the links that
 * stay keep their row (and their created_at), and the audit trail records only the difference.
 */
export async function setUserCommunities(db: Db, userId: string, communityIds: readonly string[]) {
  await db
    .delete(userCommunities)
    .where(
      and(eq(userCommunities.userId, userId), communityIds.length ? notInArray(userCommunities.communityId, [...communityIds]) : undefined),
    )
  if (communityIds.length)
    await db
      .insert(userCommunities)
      .values(communityIds.map((communityId) => ({ userId, communityId })))
      .onConflictDoNothing()
}

export async function findUserByLogin(db: Db, email: string, username: string | null | undefined) {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(
      sql`lower(${users.email}) = lower(${email}) OR (${username ?? null}::text IS NOT NULL AND lower(${users.username}) = lower(${username ?? null}))`,
    )
  return row
}

/** Applies the changes if the row is still at the expected version; false when it is not. */
export async function updateUserIfVersion(db: Db, id: string, expectedVersion: number, changes: Partial<typeof users.$inferInsert>) {
  const updated = await db
    .update(users)
    .set({ ...changes, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(users.id, id), eq(users.version, expectedVersion)))
    .returning({ id: users.id })
  return updated.length > 0
}

/** Another account registered with this phone number (E.164). */
export async function findOtherUserByPhone(db: Db, phone: string, exceptUserId?: string) {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.phone, phone), exceptUserId ? ne(users.id, exceptUserId) : undefined))
  return row
}
