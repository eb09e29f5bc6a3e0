// Server-side sessions: the cookie carries a random token; the database keeps only its SHA-256,
// so a leaked database backup cannot be replayed as logins.
import { createHash, randomBytes } from 'node:crypto'
import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { sessions, users } from '../../db/schema/index.ts'
import type { Viewer } from './policy.ts'

export const SESSION_COOKIE = 'dey_session'

export interface SessionLimits {
  idleMinutes: number
  maxHours: number
}

const tokenId = (token: string) => createHash('sha256').update(token).digest('hex')

export async function createSession(db: Db, userId: string, limits: SessionLimits, client: { ip: string; userAgent: string | undefined }) {
  const token = randomBytes(32).toString('base64url')
  await db.insert(sessions).values({
    id: tokenId(token),
    userId,
    expiresAt: sql`now() + make_interval(hours => ${limits.maxHours})`,
    ip: client.ip,
    userAgent: client.userAgent?.slice(0, 300),
  })
  return token
}

/** The signed-in user behind a session token, or undefined when it is unknown, expired, idle too long or revoked. */
export async function findViewerBySession(
  db: Db,
  token: string,
  limits: SessionLimits,
): Promise<(Viewer & { sessionId: string; mustChangePassword: boolean }) | undefined> {
  const id = tokenId(token)
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
  if (!row) return undefined
  // Writing on every request would serialise reads behind writes: a minute's precision is enough.
  if (Date.now() - row.lastSeenAt.getTime() > 60_000) {
    await db
      .update(sessions)
      .set({ lastSeenAt: sql`now()` })
      .where(eq(sessions.id, id))
  }
  return { ...row, communityIds: row.communityIds ?? [] }
}

export async function revokeSession(db: Db, token: string) {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.id, tokenId(token)), isNull(sessions.revokedAt)))
}

/** Ends every session of a user: on password change (except the current one), deactivation, reset. */
export async function revokeUserSessions(db: Db, userId: string, keepToken?: string) {
  const keep = keepToken ? sql` AND ${sessions.id} <> ${tokenId(keepToken)}` : sql``
  await db.execute(
    sql`UPDATE ${sessions} SET revoked_at = now() WHERE ${sessions.userId} = ${userId} AND ${sessions.revokedAt} IS NULL${keep}`,
  )
}

/**
 * Replaces a user's password (already hashed) and signs them out everywhere else: whoever knew
 * the old password loses access. Call inside the caller's transaction.
 */
export async function storeNewPassword(db: Db, userId: string, passwordHash: string, options: { mustChange: boolean; keepToken?: string }) {
  await db
    .update(users)
    .set({
      passwordHash,
      mustChangePassword: options.mustChange,
      failedLogins: 0,
      lockedUntil: null,
      passwordChangedAt: sql`now()`,
      version: sql`${users.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(users.id, userId))
  await revokeUserSessions(db, userId, options.keepToken)
}
