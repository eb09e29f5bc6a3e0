// Rules of public report links: a fresh unguessable slug, a live community, versioned edits, and
// closing (which keeps the link and its reports; its page then says it is closed).
import type { Db } from '../../../db/open.ts'
import type { CreateIntakeLinkBody, UpdateIntakeLinkBody } from '../../../shared/intake.ts'
import { notFound } from '../../lib/app-error.ts'
import { createStaleVersionError } from '../../lib/concurrency.errors.ts'
import { createInvalidFieldError } from '../evidence/evidence.errors.ts'
import { findIntakeLink, insertIntakeLink, isLiveCommunity, updateIntakeLinkIfVersion } from './intake-links.queries.ts'
import { newLinkSlug } from './intake.service.ts'

export async function createIntakeLink(db: Db, body: CreateIntakeLinkBody, createdByUserId: string) {
  return db.transaction(async (tx) => {
    if (body.communityId && !(await isLiveCommunity(tx, body.communityId))) {
      throw createInvalidFieldError('body.communityId', 'no community with this id', 'community.not_found', 422)
    }
    // 59 bits of slug: a clash is all but impossible, and a second draw settles it.
    for (let attempt = 0; attempt < 5; attempt++) {
      const id = await insertIntakeLink(tx, {
        slug: newLinkSlug(),
        title: body.title,
        titleKm: body.titleKm ?? null,
        communityId: body.communityId ?? null,
        hourlyLimit: body.hourlyLimit,
        createdByUserId,
      })
      if (id) return (await findIntakeLink(tx, id))!
    }
    throw new Error('could not find a free link slug in 5 attempts')
  })
}

export async function updateIntakeLink(db: Db, id: string, body: UpdateIntakeLinkBody, expectedVersion: number) {
  return db.transaction(async (tx) => {
    const current = await findIntakeLink(tx, id)
    if (!current) throw notFound('intake_link', id)
    const { version: _version, isOpen, ...changes } = body
    // Closing a closed link keeps the moment it was first closed.
    const closedAt = isOpen === undefined ? {} : { closedAt: isOpen ? null : (current.closedAt ?? new Date()) }
    if (!(await updateIntakeLinkIfVersion(tx, id, expectedVersion, { ...changes, ...closedAt }))) {
      throw createStaleVersionError('intake_link', expectedVersion, current)
    }
    return (await findIntakeLink(tx, id))!
  })
}
