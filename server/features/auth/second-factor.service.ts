// Two-step sign-in: setting up a TOTP authenticator, its recovery codes, turning it off, an admin's
// reset, and checking the second step at sign-in. The secret and the codes never reach the audit
// trail: enrolment, regeneration, disabling, resets and recovery-code use are recorded as explicit
// entries that name only the event.
import type { Db } from '../../../db/open.ts'
import type { DisableSecondFactorBody, LoginBody, SecondFactorStatus, SecondFactorSetup } from '../../../shared/auth.ts'
import { notFound } from '../../lib/app-error.ts'
import { recordAudit, type AuditContext } from '../../lib/audit.ts'
import { verifyPassword } from '../../lib/passwords.ts'
import { revokeUserSessions, type SecondFactorRule } from '../../lib/sessions.ts'
import { countFailedSignIn, findAccount, SIGN_IN_LOCKOUT } from './auth.queries.ts'
import { createAccountLockedError } from './auth.errors.ts'
import {
  createInvalidSecondFactorError,
  createSecondFactorAlreadyEnrolledError,
  createSecondFactorNotEnrolledError,
  createSecondFactorNotStartedError,
  createSecondFactorRequiredError,
  createSecondFactorRequiredForRoleError,
  createWrongPasswordForFactorError,
} from './second-factor.errors.ts'
import {
  claimTotpStep,
  countUnusedRecoveryCodes,
  deleteSecondFactor,
  findSecondFactor,
  replaceRecoveryCodes,
  upsertPendingSecondFactor,
  useRecoveryCode,
} from './second-factor.queries.ts'
import { matchingTotpStep, newRecoveryCodes, newTotpSecret, qrSvgOf, recoveryCodeHash, totpUri } from './totp.ts'

type Account = NonNullable<Awaited<ReturnType<typeof findAccount>>>

/** Whether the account's role requires a second factor (demo accounts, whose passwords are published, never do). */
export const isSecondFactorRequired = (user: Pick<Account, 'role' | 'isDemo'>, rule: SecondFactorRule) =>
  !user.isDemo && rule.twoFactorRoles.includes(user.role)

async function requireAccount(db: Db, userId: string) {
  const user = await findAccount(db, userId)
  if (!user) throw notFound('user', userId)
  return user
}

export async function secondFactorStatus(db: Db, userId: string, rule: SecondFactorRule): Promise<SecondFactorStatus> {
  const user = await requireAccount(db, userId)
  const factor = await findSecondFactor(db, userId)
  const isEnrolled = factor?.confirmedAt != null
  return {
    isEnrolled,
    enrolledAt: factor?.confirmedAt ?? null,
    recoveryCodesLeft: isEnrolled ? await countUnusedRecoveryCodes(db, userId) : 0,
    isRequired: isSecondFactorRequired(user, rule),
  }
}

/** A new secret waiting for its first code; an earlier unconfirmed one is replaced. */
export async function startSecondFactorSetup(db: Db, userId: string): Promise<SecondFactorSetup> {
  const user = await requireAccount(db, userId)
  if ((await findSecondFactor(db, userId))?.confirmedAt) throw createSecondFactorAlreadyEnrolledError()
  const secret = newTotpSecret()
  await upsertPendingSecondFactor(db, userId, secret)
  const uri = totpUri(secret, user.email ?? user.username ?? user.displayName)
  return { secret, uri, qrSvg: await qrSvgOf(uri) }
}

/** The first code proves the app holds the secret: the factor counts from now; recovery codes are returned this once. */
export async function confirmSecondFactor(db: Db, userId: string, code: string, now: Date, audit: AuditContext) {
  const factor = await findSecondFactor(db, userId)
  if (!factor) throw createSecondFactorNotStartedError()
  if (factor.confirmedAt) throw createSecondFactorAlreadyEnrolledError()
  const step = matchingTotpStep(factor.totpSecret, code, now)
  const recoveryCodes = newRecoveryCodes()
  const isConfirmed =
    step !== undefined &&
    (await db.transaction(async (tx) => {
      if (!(await claimTotpStep(tx, userId, step, { confirm: true }))) return false
      await replaceRecoveryCodes(
        tx,
        userId,
        recoveryCodes.map((recoveryCode) => recoveryCodeHash(userId, recoveryCode)),
      )
      return true
    }))
  if (!isConfirmed) throw createInvalidSecondFactorError('body.code', 422)
  await recordAudit(db, audit, { action: 'second_factor_enrolled', entity: 'users', entityId: userId })
  return { recoveryCodes }
}

/** New recovery codes (the old ones stop working), after a current code from the app. */
export async function regenerateRecoveryCodes(db: Db, userId: string, code: string, now: Date, audit: AuditContext) {
  await requireCurrentCode(db, userId, code, now, audit)
  const recoveryCodes = newRecoveryCodes()
  await db.transaction((tx) =>
    replaceRecoveryCodes(
      tx,
      userId,
      recoveryCodes.map((recoveryCode) => recoveryCodeHash(userId, recoveryCode)),
    ),
  )
  await recordAudit(db, audit, { action: 'second_factor_recovery_codes_regenerated', entity: 'users', entityId: userId })
  return { recoveryCodes }
}

/** Turns the factor off with the password and a current code; never for a role that requires one. */
export async function disableSecondFactor(
  db: Db,
  userId: string,
  body: DisableSecondFactorBody,
  rule: SecondFactorRule,
  now: Date,
  audit: AuditContext,
) {
  const user = await requireAccount(db, userId)
  if (isSecondFactorRequired(user, rule)) throw createSecondFactorRequiredForRoleError()
  if (!(await verifyPassword(body.password, user.passwordHash))) throw createWrongPasswordForFactorError()
  await requireCurrentCode(db, userId, body.code, now, audit)
  await db.transaction((tx) => deleteSecondFactor(tx, userId))
  await recordAudit(db, audit, { action: 'second_factor_disabled', entity: 'users', entityId: userId })
}

/**
 * An admin removes a user's lost factor and recovery codes and ends all their sessions: the user
 * signs in with their password alone and, if their role requires one, sets up a new factor.
 */
export async function resetSecondFactor(db: Db, userId: string, audit: AuditContext) {
  await requireAccount(db, userId)
  const { removed, sessionsEnded } = await db.transaction(async (tx) => ({
    removed: await deleteSecondFactor(tx, userId),
    sessionsEnded: await revokeUserSessions(tx, userId),
  }))
  await recordAudit(db, audit, { action: 'second_factor_reset', entity: 'users', entityId: userId, details: { removed, sessionsEnded } })
}

/**
 * The second step of a sign-in whose password was right. Without a factor it passes; with one it
 * needs a fresh code (each 30-second step is accepted once) or an unused recovery code. A wrong one
 * counts as a failed sign-in, so the lockout also stops guessing codes.
 */
export async function checkSignInSecondFactor(db: Db, user: Account, body: LoginBody, now: Date, audit: AuditContext) {
  const factor = await findSecondFactor(db, user.id)
  if (!factor?.confirmedAt) return
  if (body.code === undefined && body.recoveryCode === undefined) throw createSecondFactorRequiredError()
  if (body.code !== undefined) {
    const step = matchingTotpStep(factor.totpSecret, body.code, now)
    if (step !== undefined && (await claimTotpStep(db, user.id, step, { confirm: false }))) return
    await countWrongCode(db, user.id, audit, 'login_failed')
    throw createInvalidSecondFactorError('body.code', 401)
  }
  if (await useRecoveryCode(db, user.id, recoveryCodeHash(user.id, body.recoveryCode!))) {
    const left = await countUnusedRecoveryCodes(db, user.id)
    await recordAudit(
      db,
      { ...audit, actorId: user.id, actorLabel: `${user.role}:${user.displayName}` },
      { action: 'recovery_code_used', entity: 'users', entityId: user.id, details: { recoveryCodesLeft: left } },
    )
    return
  }
  await countWrongCode(db, user.id, audit, 'login_failed')
  throw createInvalidSecondFactorError('body.recoveryCode', 401)
}

/**
 * A current code from the app, for changes a stolen session alone must not make. Wrong codes count
 * toward the account's lockout, which also stops this check while it lasts: without that, a
 * session could try all million codes in minutes.
 */
async function requireCurrentCode(db: Db, userId: string, code: string, now: Date, audit: AuditContext) {
  const user = await requireAccount(db, userId)
  if (user.lockedUntil && user.lockedUntil > new Date()) throw createAccountLockedError(user.lockedUntil)
  const factor = await findSecondFactor(db, userId)
  if (!factor?.confirmedAt) throw createSecondFactorNotEnrolledError()
  const step = matchingTotpStep(factor.totpSecret, code, now)
  if (step !== undefined && (await claimTotpStep(db, userId, step, { confirm: false }))) return
  await countWrongCode(db, userId, audit, 'second_factor_failed')
  throw createInvalidSecondFactorError('body.code', 422)
}

/** A wrong code at sign-in is a failed sign-in (`login_failed`); elsewhere, `second_factor_failed`. */
async function countWrongCode(db: Db, userId: string, audit: AuditContext, action: 'login_failed' | 'second_factor_failed') {
  const failures = await countFailedSignIn(db, userId, SIGN_IN_LOCKOUT)
  await recordAudit(db, audit, { action, entity: 'users', entityId: userId, details: { failures, step: 'second_factor' } })
}
