// Writes of committee members: a live community the writer may act for, and optimistic concurrency.
import type { Db } from '../../../db/open.ts'
import { committeeMembers, communities } from '../../../db/schema/index.ts'
import type { CommitteeMemberListQuery, CreateCommitteeMemberBody, UpdateCommitteeMemberBody } from '../../../shared/committee-members.ts'
import { cambodianDate } from '../../../shared/dates.ts'
import { notFound } from '../../lib/app-error.ts'
import { createStaleVersionError } from '../../lib/concurrency.errors.ts'
import { requireVersion } from '../../lib/concurrency.ts'
import { canReportForCommunity, type Viewer } from '../../lib/policy.ts'
import { requireLive } from '../../lib/references.ts'
import { createForbiddenError } from '../../lib/security.errors.ts'
import { softDelete, updateIfVersion } from '../../lib/versioned-rows.queries.ts'
import { createDatesOutOfOrderError } from './committee-members.errors.ts'
import { findCommitteeMember, insertCommitteeMember, isCommunityVisible, listCommitteeMembers } from './committee-members.queries.ts'

/**
 * A community the viewer may not see answers 404, as if it did not exist (representatives see
 * their own). Someone whose role ends today (in Cambodia) no longer holds it.
 */
export async function listCommittee(db: Db, query: CommitteeMemberListQuery, viewer: Viewer) {
  if (!(await isCommunityVisible(db, query.community, viewer))) throw notFound('community', query.community)
  return listCommitteeMembers(db, query, viewer, cambodianDate(new Date()))
}

export async function requireCommitteeMember(db: Db, id: string, viewer?: Viewer) {
  const member = await findCommitteeMember(db, id, viewer)
  if (!member) throw notFound('committee_member', id)
  return member
}

export async function createCommitteeMember(db: Db, body: CreateCommitteeMemberBody, viewer: Viewer) {
  if (!canReportForCommunity(viewer, body.communityId)) {
    throw createForbiddenError('You may record committee members only for the communities you represent')
  }
  return db.transaction(async (tx) => {
    await requireLive(tx, communities, body.communityId, 'body.communityId', 'community')
    return requireCommitteeMember(tx, await insertCommitteeMember(tx, body))
  })
}

export async function updateCommitteeMember(db: Db, id: string, body: UpdateCommitteeMemberBody, expectedVersion: number, viewer: Viewer) {
  return db.transaction(async (tx) => {
    const current = await requireCommitteeMember(tx, id, viewer)
    const { version: _version, ...changes } = body
    // The body's own check sees only the dates it was sent; the stored one counts too.
    const startedOn = changes.startedOn !== undefined ? changes.startedOn : current.startedOn
    const endedOn = changes.endedOn !== undefined ? changes.endedOn : current.endedOn
    if (startedOn && endedOn && endedOn < startedOn) throw createDatesOutOfOrderError(startedOn, endedOn)
    if (!(await updateIfVersion(tx, committeeMembers, id, expectedVersion, changes))) {
      throw createStaleVersionError('committee_member', expectedVersion, current)
    }
    return requireCommitteeMember(tx, id)
  })
}

export async function deleteCommitteeMember(db: Db, id: string, expectedVersion: number | undefined, viewer: Viewer) {
  await db.transaction(async (tx) => {
    const current = await requireCommitteeMember(tx, id, viewer)
    requireVersion('committee_member', expectedVersion, current)
    await softDelete(tx, committeeMembers, id)
  })
}
