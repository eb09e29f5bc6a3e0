// All SQL of sign-in that is not about sessions (those are in server/lib/sessions.ts).
import { eq, sql } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import { users } from '../../../db/schema/index.ts'

export interface LockoutRule {
  /** Failures allowed before the account waits. */
  freeAttempts: number
  firstLockMinutes: number
  maxLockMinutes: number
}

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
