// All SQL of case teams: the accounts a case can be assigned to, a case's team, and its changes.
// Every change of case_team is written to the audit trail by its row trigger.
import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import { caseTeam, users } from '../../../db/schema/index.ts'
import { CASE_STAFF_ROLES, type CaseTeamRole } from '../../../shared/case-team.ts'

/** Active legal staff and admins, by name: who a case or a task can be assigned to. */
export function findAssignableStaff(db: Db) {
  return db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(and(eq(users.isActive, true), inArray(users.role, [...CASE_STAFF_ROLES])))
    .orderBy(asc(users.displayName), asc(users.id))
}

/** The account as the team rules need it (any role, active or not), or undefined. */
export async function findTeamCandidate(db: Db, userId: string) {
  const [row] = await db.select({ id: users.id, role: users.role, isActive: users.isActive }).from(users).where(eq(users.id, userId))
  return row
}

export async function findTeamRole(db: Db, caseId: string, userId: string): Promise<CaseTeamRole | undefined> {
  const [row] = await db
    .select({ role: caseTeam.role })
    .from(caseTeam)
    .where(and(eq(caseTeam.caseId, caseId), eq(caseTeam.userId, userId)))
  return row?.role
}

/** Turns the case's current lead (if any, other than this account) into a member. */
export function demoteLead(db: Db, caseId: string) {
  return db
    .update(caseTeam)
    .set({ role: 'member' })
    .where(and(eq(caseTeam.caseId, caseId), eq(caseTeam.role, 'lead')))
}

/** Puts the account on the team in a role (changing its role when it is already on it). */
export function upsertTeamMember(db: Db, caseId: string, userId: string, role: CaseTeamRole, addedByUserId: string) {
  return db
    .insert(caseTeam)
    .values({ caseId, userId, role, addedByUserId })
    .onConflictDoUpdate({ target: [caseTeam.caseId, caseTeam.userId], set: { role } })
}

/** Adds the account as a member unless it is already on the team; true when it was added. */
export async function insertTeamMember(db: Db, caseId: string, userId: string, addedByUserId: string) {
  const rows = await db
    .insert(caseTeam)
    .values({ caseId, userId, role: 'member', addedByUserId })
    .onConflictDoNothing()
    .returning({ userId: caseTeam.userId })
  return rows.length > 0
}

/** Removes the account from the team; true when it was on it. */
export async function deleteTeamMember(db: Db, caseId: string, userId: string) {
  const rows = await db
    .delete(caseTeam)
    .where(and(eq(caseTeam.caseId, caseId), eq(caseTeam.userId, userId)))
    .returning({ userId: caseTeam.userId })
  return rows.length > 0
}
