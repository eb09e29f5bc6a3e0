// The SQL of lib/sessions.ts. Sessions are found by the SHA-256 of their token (`id`), never the token.
import { and, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { sessions, users } from '../../db/schema/index.ts'
import type { SessionLimits } from './sessions.ts'

export async function insertSession(
  db: Db,
  id: string,
  userId: string,
  limits: SessionLimits,
  client: { ip: string; userAgent: string | undefined },
) {
  await db.insert(sessions).values({
    id,
    userId,
    expiresAt: sql`now() + make_interval(hours => ${limits.maxHours})`,
    ip: client.ip,
    userAgent: client.userAgent?.slice(0, 300),
  })
}

/** The user of a live session: not revoked, not expired, not idle too long, of an active account. */
export async function findSessionUser(db: Db, id: string, limits: SessionLimits) {
  const [row] = await db
    .select({
      sessionId: sessions.id,
      lastSeenAt: sessions.lastSeenAt,
      id: users.id,
      role: users.role,
      displayName: users.displayName,
      mustChangePassword: users.mustChangePassword,
      isDemo: users.isDemo,
      hasSecondFactor: sql<boolean>`EXISTS (SELECT 1 FROM user_second_factors f WHERE f.user_id = ${users.id} AND f.confirmed_at IS NOT NULL)`,
      communityIds: sql<
        string[]
      >`coalesce((SELECT array_agg(uc.community_id::text) FROM user_communities uc WHERE uc.user_id = ${users.id}), '{}')`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, id),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql`now()`),
        gt(sessions.lastSeenAt, sql`now() - make_interval(mins => ${limits.idleMinutes})`),
        eq(users.isActive, true),
      ),
    )
  return row
}

export async function touchSession(db: Db, id: string) {
  await db
    .update(sessions)
    .set({ lastSeenAt: sql`now()` })
    .where(eq(sessions.id, id))
}

export async function revokeSessionById(db: Db, id: string) {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
}

/** Revokes every live session of a user but the one with id `keepId`, if given; returns how many ended. */
export async function revokeSessionsOfUser(db: Db, userId: string, keepId?: string): Promise<number> {
  const ended = await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql`now()`),
        keepId ? ne(sessions.id, keepId) : undefined,
      ),
    )
    .returning({ id: sessions.id })
  return ended.length
}

/** A user's live sessions (as findSessionUser counts them), the most recently used first. */
export async function findLiveSessionsOfUser(db: Db, userId: string, limits: SessionLimits) {
  return db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), liveSession(limits)))
    .orderBy(desc(sessions.lastSeenAt), desc(sessions.createdAt))
}

/** Revokes one live session if it is this user's; returns whether it was. */
export async function revokeSessionOfUser(db: Db, userId: string, id: string): Promise<boolean> {
  const ended = await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.id, id), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id })
  return ended.length > 0
}

function liveSession(limits: SessionLimits) {
  return and(
    isNull(sessions.revokedAt),
    gt(sessions.expiresAt, sql`now()`),
    gt(sessions.lastSeenAt, sql`now() - make_interval(mins => ${limits.idleMinutes})`),
  )
}

/** A new password hash, clearing failures and locks. */
export async function updatePasswordHash(db: Db, userId: string, passwordHash: string, mustChange: boolean) {
  await db
    .update(users)
    .set({
      passwordHash,
      mustChangePassword: mustChange,
      failedLogins: 0,
      lockedUntil: null,
      passwordChangedAt: sql`now()`,
      version: sql`${users.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(users.id, userId))
}
