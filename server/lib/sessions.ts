// Server-side sessions: the cookie carries a random token; the database keeps only its SHA-256,
// so a leaked database backup cannot be replayed as logins.
import { createHash, randomBytes } from 'node:crypto'
import type { Db } from '../../db/open.ts'
import type { Viewer } from './policy.ts'
import {
  findSessionUser,
  insertSession,
  revokeSessionById,
  revokeSessionsOfUser,
  touchSession,
  updatePasswordHash,
} from './sessions.queries.ts'

export const SESSION_COOKIE = 'dey_session'

export interface SessionLimits {
  idleMinutes: number
  maxHours: number
}

const tokenId = (token: string) => createHash('sha256').update(token).digest('hex')

export async function createSession(db: Db, userId: string, limits: SessionLimits, client: { ip: string; userAgent: string | undefined }) {
  const token = randomBytes(32).toString('base64url')
  await insertSession(db, tokenId(token), userId, limits, client)
  return token
}

/** The signed-in user behind a session token, or undefined when it is unknown, expired, idle too long or revoked. */
export async function findViewerBySession(
  db: Db,
  token: string,
  limits: SessionLimits,
): Promise<(Viewer & { sessionId: string; mustChangePassword: boolean }) | undefined> {
  const id = tokenId(token)
  const row = await findSessionUser(db, id, limits)
  if (!row) return undefined
  // Writing on every request would serialise reads behind writes: a minute's precision is enough.
  if (Date.now() - row.lastSeenAt.getTime() > 60_000) await touchSession(db, id)
  return { ...row, communityIds: row.communityIds ?? [] }
}

export async function revokeSession(db: Db, token: string) {
  await revokeSessionById(db, tokenId(token))
}

/** Ends every session of a user: on password change (except the current one), deactivation, reset. */
export async function revokeUserSessions(db: Db, userId: string, keepToken?: string) {
  await revokeSessionsOfUser(db, userId, keepToken ? tokenId(keepToken) : undefined)
}

/**
 * Replaces a user's password (already hashed) and signs them out everywhere else: whoever knew
 * the old password loses access. Call inside the caller's transaction.
 */
export async function storeNewPassword(db: Db, userId: string, passwordHash: string, options: { mustChange: boolean; keepToken?: string }) {
  await updatePasswordHash(db, userId, passwordHash, options.mustChange)
  await revokeUserSessions(db, userId, options.keepToken)
}
