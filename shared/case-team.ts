// Who works on a legal case: a lead lawyer and team members, all accounts of legal staff or
// admins. External counsel are people (case_people, role external_counsel), not accounts.
import { z } from 'zod'
import { Uuid } from './common.ts'
import { CASE_TEAM_ROLES } from './vocabularies.ts'

export const CaseTeamRole = z.enum(CASE_TEAM_ROLES)
export type CaseTeamRole = z.infer<typeof CaseTeamRole>

/** The roles whose accounts may be on a case's team (and be assigned tasks). */
export const CASE_STAFF_ROLES = ['legal', 'admin'] as const

/** An account a case (or a task) can be assigned to: active, legal staff or admin. */
export const CaseStaffMember = z.object({ id: Uuid, displayName: z.string() })
export type CaseStaffMember = z.infer<typeof CaseStaffMember>

export const CaseStaffList = z.object({ items: z.array(CaseStaffMember) })
export type CaseStaffList = z.infer<typeof CaseStaffList>

/** One member of a case's team: the lead first, then members by name. */
export const CaseTeamMember = z.object({ userId: Uuid, displayName: z.string(), role: CaseTeamRole })
export type CaseTeamMember = z.infer<typeof CaseTeamMember>

/** Makes the account the case's lead; a previous lead stays on the team as a member. */
export const SetCaseLeadBody = z.object({ userId: Uuid })
export type SetCaseLeadBody = z.infer<typeof SetCaseLeadBody>

/** Adds the account to the team as a member (an account already on the team keeps its role). */
export const AddCaseMemberBody = z.object({ userId: Uuid })
export type AddCaseMemberBody = z.infer<typeof AddCaseMemberBody>

export const CaseTeamParams = z.object({ id: Uuid, userId: Uuid })
