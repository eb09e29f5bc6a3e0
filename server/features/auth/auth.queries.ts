// All SQL of sign-in that is not about sessions (those are in server/lib/sessions.ts).
import { eq, or, sql } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import { users } from '../../../db/schema/index.ts'

export interface LockoutRule {
  /** Failures allowed before the account waits. */
  freeAttempts: number
  firstLockMinutes: number
  maxLockMinutes: number
}

/** Failures allowed before the account waits; each further failure doubles the wait, up to an hour. */
export const SIGN_IN_LOCKOUT: LockoutRule = { freeAttempts: 5, firstLockMinutes: 1, maxLockMinutes: 60 }

/**
 * Counts one more failed sign-in and locks the account once the free attempts are used up, the
 * wait doubling with each further failure. One UPDATE reads and writes the counter, so parallel
 * guesses each count: a read in JavaScript followed by a write would let them overwrite each other.
 * Returns the number of failures so far.
 */
export async function countFailedSignIn(db: Db, userId: string, rule: LockoutRule): Promise<number> {
  // In SET, `failed_logins` is the value before this update.
  const failures = sql`${users.failedLogins} + 1`
  const [row] = await db
    .update(users)
    .set({
      failedLogins: failures,
      lockedUntil: sql`CASE WHEN ${failures} >= ${rule.freeAttempts}
        THEN now() + make_interval(mins => LEAST(${rule.maxLockMinutes}, ${rule.firstLockMinutes} * power(2, ${failures} - ${rule.freeAttempts}))::int)
        ELSE ${users.lockedUntil} END`,
    })
    .where(eq(users.id, userId))
    .returning({ failedLogins: users.failedLogins })
  return row?.failedLogins ?? 0
}

/** The account (with its password hash) whose e-mail or username is this login, lower-cased. */
export async function findAccountByLogin(db: Db, login: string) {
  const [user] = await db
    .select()
    .from(users)
    .where(or(sql`lower(${users.email}) = ${login}`, sql`lower(${users.username}) = ${login}`))
  return user
}

export async function findAccount(db: Db, userId: string) {
  const [user] = await db.select().from(users).where(eq(users.id, userId))
  return user
}

/** A successful sign-in clears the failure count and any lock. */
export async function recordSignIn(db: Db, userId: string) {
  await db
    .update(users)
    .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: sql`now()` })
    .where(eq(users.id, userId))
}
