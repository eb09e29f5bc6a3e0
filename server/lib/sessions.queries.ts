// The SQL of lib/sessions.ts. Sessions are found by the SHA-256 of their token (`id`), never the token.
import { and, eq, gt, isNull, sql } from 'drizzle-orm'
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

/** Revokes every live session of a user but the one with id `keepId`, if given. */
export async function revokeSessionsOfUser(db: Db, userId: string, keepId?: string) {
  const keep = keepId ? sql` AND ${sessions.id} <> ${keepId}` : sql``
  await db.execute(
    sql`UPDATE ${sessions} SET revoked_at = now() WHERE ${sessions.userId} = ${userId} AND ${sessions.revokedAt} IS NULL${keep}`,
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
