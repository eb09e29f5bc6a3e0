import { AppError } from '../../lib/app-error.ts'

export const createDatesOutOfOrderError = (startedOn: string, endedOn: string) =>
  new AppError('committee_members.ended_before_started', 422, `body.endedOn: ${endedOn} is before they took the role (${startedOn})`, [
    { field: 'body.endedOn', message: `is before startedOn (${startedOn})` },
  ])
