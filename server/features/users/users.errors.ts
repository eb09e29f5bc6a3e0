import { AppError } from '../../lib/app-error.ts'

export const createDuplicateUserError = () => new AppError('users.duplicate', 409, 'An account with this e-mail or username already exists')

export const createCommunitiesRequiredError = () =>
  new AppError('users.communities_required', 422, 'body.communityIds: a community representative needs at least one community', [
    { field: 'body.communityIds', message: 'needs at least one community for a community representative' },
  ])
