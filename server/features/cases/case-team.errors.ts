import { AppError } from '../../lib/app-error.ts'

/** Only active accounts of legal staff and admins work on cases; the reason names what is wrong. */
export const createNotCaseStaffError = (userId: string, reason: 'not_found' | 'inactive' | 'role', field = 'body.userId') => {
  const message = {
    not_found: 'is not an account',
    inactive: 'is a deactivated account',
    role: 'is not legal staff or an admin (only they can be on a case team)',
  }[reason]
  return new AppError('case_team.not_case_staff', 422, `${field}: ${userId} ${message}`, [{ field, message }], {
    reason,
  })
}

export const createNotOnTeamError = (caseId: string, userId: string) =>
  new AppError('case_team.not_member', 404, `The account ${userId} is not on the team of case ${caseId}`)
