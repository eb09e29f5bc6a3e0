// The rules of a case's team: only active legal staff and admins, one lead, and a new lead moves
// the previous one to member in the same transaction. Every exported write opens one transaction.
import type { Db } from '../../../db/open.ts'
import type { Viewer } from '../../lib/policy.ts'
import { notFound } from '../../lib/app-error.ts'
import { CASE_STAFF_ROLES } from '../../../shared/case-team.ts'
import { lockLiveCase } from './cases.queries.ts'
import { requireCaseDetail } from './cases.service.ts'
import { deleteTeamMember, demoteLead, findTeamCandidate, findTeamRole, insertTeamMember, upsertTeamMember } from './case-team.queries.ts'
import { createNotCaseStaffError, createNotOnTeamError } from './case-team.errors.ts'

/**
 * Locks the live case (team changes of one case happen one after the other, so two leads set at
 * once cannot both demote "no lead" and collide on the one-lead index) and checks the account.
 */
async function prepareTeamChange(tx: Db, caseId: string, userId: string, field = 'body.userId') {
  if (!(await lockLiveCase(tx, caseId))) throw notFound('case', caseId)
  const account = await findTeamCandidate(tx, userId)
  if (!account) throw createNotCaseStaffError(userId, 'not_found', field)
  if (!(CASE_STAFF_ROLES as readonly string[]).includes(account.role)) throw createNotCaseStaffError(userId, 'role', field)
  if (!account.isActive) throw createNotCaseStaffError(userId, 'inactive', field)
}

/** Makes the account the lead; the previous lead stays on the team as a member. */
export async function setCaseLead(db: Db, caseId: string, userId: string, viewer: Viewer) {
  return db.transaction(async (tx) => {
    await putCaseLead(tx, caseId, userId, viewer)
    return requireCaseDetail(tx, caseId, viewer)
  })
}

/** setCaseLead inside the caller's transaction (opening a case from an incident names its lead too). */
export async function putCaseLead(tx: Db, caseId: string, userId: string, viewer: Viewer, field = 'body.userId') {
  await prepareTeamChange(tx, caseId, userId, field)
  if ((await findTeamRole(tx, caseId, userId)) !== 'lead') {
    await demoteLead(tx, caseId)
    await upsertTeamMember(tx, caseId, userId, 'lead', viewer.id)
  }
}

/** Adds the account as a member; an account already on the team keeps its role (isNew false). */
export async function addCaseMember(db: Db, caseId: string, userId: string, viewer: Viewer) {
  return db.transaction(async (tx) => {
    await prepareTeamChange(tx, caseId, userId)
    const isNew = await insertTeamMember(tx, caseId, userId, viewer.id)
    return { isNew, detail: await requireCaseDetail(tx, caseId, viewer) }
  })
}

/** Takes the account off the team (removing the lead leaves the case without one). */
export async function removeCaseMember(db: Db, caseId: string, userId: string) {
  await db.transaction(async (tx) => {
    if (!(await lockLiveCase(tx, caseId))) throw notFound('case', caseId)
    if (!(await deleteTeamMember(tx, caseId, userId))) throw createNotOnTeamError(caseId, userId)
  })
}
