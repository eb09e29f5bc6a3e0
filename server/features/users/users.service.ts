import type { Db } from '../../../db/open.ts'
import { communities } from '../../../db/schema/index.ts'
import type { CreateUserBody, UpdateUserBody } from '../../../shared/users.ts'
import { notFound } from '../../lib/app-error.ts'
import { createStaleVersionError } from '../../lib/concurrency.errors.ts'
import { hashPassword, temporaryPassword } from '../../lib/passwords.ts'
import { requireLive } from '../../lib/references.ts'
import { revokeUserSessions, storeNewPassword } from '../../lib/sessions.ts'
import { normalizePhone } from '../intake/intake.service.ts'
import { findOtherUserByPhone, findUser, findUserByLogin, insertUser, setUserCommunities, updateUserIfVersion } from './users.queries.ts'
import {
  createCommunitiesRequiredError,
  createDuplicatePhoneError,
  createDuplicateUserError,
  createInvalidPhoneError,
} from './users.errors.ts'

/** Creates an account; without a password, a temporary one is returned once and must be changed at first sign-in. */
export async function createUser(db: Db, body: CreateUserBody) {
  const temporary = body.password ? undefined : temporaryPassword()
  const passwordHash = await hashPassword(body.password ?? temporary!)
  return db.transaction(async (tx) => {
    if (await findUserByLogin(tx, body.email, body.username)) {
      throw createDuplicateUserError()
    }
    await requireCommunities(tx, body.role, body.communityIds)
    const phone = await registrablePhone(tx, body.phone)
    const id = await insertUser(tx, {
      email: body.email,
      username: body.username ?? null,
      displayName: body.displayName,
      role: body.role,
      phone: phone ?? null,
      passwordHash,
      mustChangePassword: temporary !== undefined,
    })
    await setUserCommunities(tx, id, body.communityIds)
    return { user: (await findUser(tx, id))!, ...(temporary ? { temporaryPassword: temporary } : {}) }
  })
}

export async function updateUser(db: Db, id: string, body: UpdateUserBody, expectedVersion: number) {
  return db.transaction(async (tx) => {
    const current = await findUser(tx, id)
    if (!current) throw notFound('user', id)
    const role = body.role ?? current.role
    const communityIds = body.communityIds ?? current.communityIds
    await requireCommunities(tx, role, communityIds)
    const { version: _version, communityIds: _communityIds, phone: _phone, ...rest } = body
    const phone = await registrablePhone(tx, body.phone, id)
    const changes = { ...rest, ...(phone !== undefined ? { phone } : {}) }
    if (!(await updateUserIfVersion(tx, id, expectedVersion, changes))) throw createStaleVersionError('user', expectedVersion, current)
    if (body.communityIds) await setUserCommunities(tx, id, role === 'community_rep' ? body.communityIds : [])
    // A deactivated account, or one whose role changed, signs in again with its new rights.
    if (body.isActive === false || (body.role && body.role !== current.role)) await revokeUserSessions(tx, id)
    return (await findUser(tx, id))!
  })
}

export async function resetPassword(db: Db, id: string) {
  const temporary = temporaryPassword()
  const passwordHash = await hashPassword(temporary)
  return db.transaction(async (tx) => {
    const current = await findUser(tx, id)
    if (!current) throw notFound('user', id)
    await storeNewPassword(tx, id, passwordHash, { mustChange: true })
    return { user: (await findUser(tx, id))!, temporaryPassword: temporary }
  })
}

async function requireCommunities(db: Db, role: string, communityIds: readonly string[]) {
  if (role === 'community_rep' && communityIds.length === 0) {
    throw createCommunitiesRequiredError()
  }
  for (const [index, communityId] of communityIds.entries()) {
    await requireLive(db, communities, communityId, `body.communityIds[${index}]`, 'community')
  }
}

/**
 * The number as stored (E.164), null to clear it, undefined to leave it: SMS reports from it are
 * linked to this account, so it must be a real mobile number and nobody else's.
 */
async function registrablePhone(db: Db, typed: string | null | undefined, userId?: string) {
  if (typed === undefined || typed === null) return typed
  const phone = normalizePhone(typed)
  if (!phone || !/^\+[1-9]\d{6,14}$/.test(phone)) throw createInvalidPhoneError()
  if (await findOtherUserByPhone(db, phone, userId)) throw createDuplicatePhoneError()
  return phone
}
