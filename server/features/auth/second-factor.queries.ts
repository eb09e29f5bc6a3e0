// All SQL of two-step sign-in: a user's TOTP factor and their one-time recovery codes.
import { and, eq, isNull, or, lt, sql } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import { userRecoveryCodes, userSecondFactors } from '../../../db/schema/index.ts'

export async function findSecondFactor(db: Db, userId: string) {
  const [row] = await db.select().from(userSecondFactors).where(eq(userSecondFactors.userId, userId))
  return row
}

/** A new unconfirmed secret, replacing an earlier unconfirmed one (never a confirmed one). */
export async function upsertPendingSecondFactor(db: Db, userId: string, totpSecret: string) {
  await db
    .insert(userSecondFactors)
    .values({ userId, totpSecret })
    .onConflictDoUpdate({
      target: userSecondFactors.userId,
      set: { totpSecret, confirmedAt: null, lastUsedStep: null, createdAt: sql`now()` },
      setWhere: isNull(userSecondFactors.confirmedAt),
    })
}

/**
 * Records `step` as the last one used, only if it is later than the last one: one UPDATE, so two
 * requests with the same code cannot both pass. Returns whether the step was accepted.
 */
export async function claimTotpStep(db: Db, userId: string, step: number, options: { confirm: boolean }): Promise<boolean> {
  const rows = await db
    .update(userSecondFactors)
    .set({ lastUsedStep: step, ...(options.confirm ? { confirmedAt: sql`now()` } : {}) })
    .where(
      and(
        eq(userSecondFactors.userId, userId),
        or(isNull(userSecondFactors.lastUsedStep), lt(userSecondFactors.lastUsedStep, step)),
        options.confirm ? isNull(userSecondFactors.confirmedAt) : sql`${userSecondFactors.confirmedAt} IS NOT NULL`,
      ),
    )
    .returning({ userId: userSecondFactors.userId })
  return rows.length > 0
}

export async function deleteSecondFactor(db: Db, userId: string): Promise<boolean> {
  await db.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId))
  const rows = await db
    .delete(userSecondFactors)
    .where(eq(userSecondFactors.userId, userId))
    .returning({ userId: userSecondFactors.userId })
  return rows.length > 0
}

/** Replaces all of a user's recovery codes with these hashes. */
export async function replaceRecoveryCodes(db: Db, userId: string, codeHashes: string[]) {
  await db.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId))
  await db.insert(userRecoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash })))
}

/** Marks an unused code used, in one UPDATE (a code works once even under parallel requests). */
export async function useRecoveryCode(db: Db, userId: string, codeHash: string): Promise<boolean> {
  const rows = await db
    .update(userRecoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(userRecoveryCodes.userId, userId), eq(userRecoveryCodes.codeHash, codeHash), isNull(userRecoveryCodes.usedAt)))
    .returning({ id: userRecoveryCodes.id })
  return rows.length > 0
}

export async function countUnusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(userRecoveryCodes)
    .where(and(eq(userRecoveryCodes.userId, userId), isNull(userRecoveryCodes.usedAt)))
  return row?.count ?? 0
}
