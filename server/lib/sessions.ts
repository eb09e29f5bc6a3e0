// Server-side sessions: the cookie carries a random token; the database keeps only its SHA-256,
// so a leaked database backup cannot be replayed as logins.
import { createHash, randomBytes } from 'node:crypto'
import type { Db } from '../../db/open.ts'
import type { UserRole } from '../../shared/vocabularies.ts'
import type { Viewer } from './policy.ts'
import {
  findLiveSessionsOfUser,
  findSessionUser,
  insertSession,
  revokeSessionById,
  revokeSessionOfUser,
  revokeSessionsOfUser,
  touchSession,
  updatePasswordHash,
} from './sessions.queries.ts'

export const SESSION_COOKIE = 'dey_session'

export interface SessionLimits {
  idleMinutes: number
  maxHours: number
}

/** Who must set up two-step sign-in before doing anything else (lib/security.ts enforces it). */
export interface SecondFactorRule {
  /** Roles that must have a second factor; demo accounts (published passwords, never in production) are exempt. */
  twoFactorRoles: readonly UserRole[]
}

/** The fields a session adds to its user. */
export interface SessionFlags {
  sessionId: string
  mustChangePassword: boolean
  /** The role requires a second factor and the user has none yet. */
  mustEnrolSecondFactor: boolean
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
  limits: SessionLimits & Partial<SecondFactorRule>,
): Promise<(Viewer & SessionFlags) | undefined> {
  const id = tokenId(token)
  const row = await findSessionUser(db, id, limits)
  if (!row) return undefined
  // Writing on every request would serialise reads behind writes: a minute's precision is enough.
  if (Date.now() - row.lastSeenAt.getTime() > 60_000) await touchSession(db, id)
  const { isDemo, hasSecondFactor, lastSeenAt: _lastSeenAt, ...viewer } = row
  const mustEnrolSecondFactor = !isDemo && !hasSecondFactor && (limits.twoFactorRoles ?? []).includes(row.role)
  return { ...viewer, communityIds: row.communityIds ?? [], mustEnrolSecondFactor }
}

/** A user's live sessions, marking the current one. */
export async function listUserSessions(db: Db, userId: string, limits: SessionLimits, currentId: string) {
  const rows = await findLiveSessionsOfUser(db, userId, limits)
  return rows.map((row) => ({ ...row, isCurrent: row.id === currentId }))
}

/** Ends one of a user's sessions by its id; false when it is not theirs or already ended. */
export function endUserSession(db: Db, userId: string, sessionId: string) {
  return revokeSessionOfUser(db, userId, sessionId)
}

export async function revokeSession(db: Db, token: string) {
  await revokeSessionById(db, tokenId(token))
}

/** Ends every session of a user: on password change (except the current one), deactivation, reset. */
export async function revokeUserSessions(db: Db, userId: string, keepToken?: string): Promise<number> {
  return revokeSessionsOfUser(db, userId, keepToken ? tokenId(keepToken) : undefined)
}

/**
 * Replaces a user's password (already hashed) and signs them out everywhere else: whoever knew
 * the old password loses access. Call inside the caller's transaction.
 */
export async function storeNewPassword(db: Db, userId: string, passwordHash: string, options: { mustChange: boolean; keepToken?: string }) {
  await updatePasswordHash(db, userId, passwordHash, options.mustChange)
  await revokeUserSessions(db, userId, options.keepToken)
}
