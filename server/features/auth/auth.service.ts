// Sign-in with lockout: after repeated failures an account waits, longer each time, so a
// password cannot be guessed online; the answer never reveals whether the login exists.
import type { Db } from '../../../db/open.ts'
import type { ChangePasswordBody, LoginBody } from '../../../shared/auth.ts'
import { recordAudit, type AuditContext } from '../../lib/audit.ts'
import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from '../../lib/passwords.ts'
import { createSession, storeNewPassword, type SessionLimits } from '../../lib/sessions.ts'
import { countFailedSignIn, findAccount, findAccountByLogin, recordSignIn, SIGN_IN_LOCKOUT } from './auth.queries.ts'
import { checkSignInSecondFactor } from './second-factor.service.ts'
import { createAccountLockedError, createInvalidLoginError, createSamePasswordError, createWrongPasswordError } from './auth.errors.ts'

export async function signIn(
  db: Db,
  body: LoginBody,
  limits: SessionLimits & { allowDemoAccounts: boolean },
  client: { ip: string; userAgent: string | undefined },
  audit: AuditContext,
  now: Date,
) {
  const login = body.login.toLowerCase()
  const user = await findAccountByLogin(db, login)
  const isLocked = user?.lockedUntil !== undefined && user.lockedUntil !== null && user.lockedUntil > new Date()
  // Always pay for one hash, so response time does not tell which logins exist.
  const isPasswordRight = await verifyPassword(body.password, user && !isLocked ? user.passwordHash : UNKNOWN_USER_HASH)

  // A demo account's password is in the README: in production it signs in nowhere.
  if (!user || !user.isActive || (user.isDemo && !limits.allowDemoAccounts)) {
    await recordAudit(db, audit, { action: 'login_failed', entity: 'users', details: { login: body.login.slice(0, 100) } })
    throw createInvalidLoginError()
  }
  if (isLocked) {
    await recordAudit(db, audit, { action: 'login_locked', entity: 'users', entityId: user.id })
    throw createAccountLockedError(user.lockedUntil!)
  }
  if (!isPasswordRight) {
    const failures = await countFailedSignIn(db, user.id, SIGN_IN_LOCKOUT)
    await recordAudit(db, audit, { action: 'login_failed', entity: 'users', entityId: user.id, details: { failures } })
    throw createInvalidLoginError()
  }
  // Only after the right password: a missing code's answer tells that the password was right.
  await checkSignInSecondFactor(db, user, body, now, audit)

  await recordSignIn(db, user.id)
  const token = await createSession(db, user.id, limits, client)
  await recordAudit(
    db,
    { ...audit, actorId: user.id, actorLabel: `${user.role}:${user.displayName}` },
    { action: 'login', entity: 'users', entityId: user.id },
  )
  return { token, userId: user.id }
}

export async function changePassword(db: Db, userId: string, body: ChangePasswordBody, currentToken: string) {
  const user = await findAccount(db, userId)
  if (!user || !(await verifyPassword(body.currentPassword, user.passwordHash))) {
    throw createWrongPasswordError()
  }
  if (body.newPassword === body.currentPassword) {
    throw createSamePasswordError()
  }
  const passwordHash = await hashPassword(body.newPassword)
  // This browser stays signed in; every other session of the user ends.
  await db.transaction((tx) => storeNewPassword(tx, userId, passwordHash, { mustChange: false, keepToken: currentToken }))
}
