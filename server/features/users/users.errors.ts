import { AppError } from '../../lib/app-error.ts'

export const createDuplicateUserError = () => new AppError('users.duplicate', 409, 'An account with this e-mail or username already exists')

export const createCommunitiesRequiredError = () =>
  new AppError('users.communities_required', 422, 'body.communityIds: a community representative needs at least one community', [
    { field: 'body.communityIds', message: 'needs at least one community for a community representative' },
  ])

export const createDuplicatePhoneError = () =>
  new AppError('users.duplicate_phone', 409, 'body.phone: this number is already registered to another account', [
    { field: 'body.phone', message: 'is already registered to another account' },
  ])

export const createInvalidPhoneError = () =>
  new AppError('users.invalid_phone', 422, 'body.phone: is not a phone number that can receive SMS', [
    { field: 'body.phone', message: 'is not a phone number that can receive SMS (e.g. 012 345 678 or +855 12 345 678)' },
  ])
