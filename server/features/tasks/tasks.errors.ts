// The errors of tasks: a body that names an account, event or document the task may not point at (422).
import { AppError } from '../../lib/app-error.ts'

export const createAssigneeNotFoundError = (userId: string) =>
  new AppError('tasks.assignee_not_found', 422, `body.assigneeUserId: no account with id ${userId}`, [
    { field: 'body.assigneeUserId', message: 'does not exist' },
  ])

export const createAssigneeInactiveError = (userId: string) =>
  new AppError('tasks.assignee_inactive', 422, `body.assigneeUserId: the account ${userId} is deactivated`, [
    { field: 'body.assigneeUserId', message: 'is a deactivated account' },
  ])

export const createAssigneeNotStaffError = (userId: string) =>
  new AppError('tasks.assignee_not_staff', 422, `body.assigneeUserId: the account ${userId} is not legal staff or an admin`, [
    { field: 'body.assigneeUserId', message: 'must be legal staff or an admin' },
  ])

/** The event or document does not exist, was deleted, or belongs to another case. */
export const createLinkNotInCaseError = (field: 'body.eventId' | 'body.evidenceId', id: string, caseId: string) => {
  const what = field === 'body.eventId' ? 'event' : 'document'
  return new AppError(
    `tasks.${field === 'body.eventId' ? 'event' : 'evidence'}_not_in_case`,
    422,
    `${field}: no live ${what} ${id} in case ${caseId}`,
    [{ field, message: `must be a live ${what} of the same case` }],
  )
}
