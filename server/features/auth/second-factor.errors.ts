import { AppError } from '../../lib/app-error.ts'

export const createSecondFactorRequiredError = () =>
  new AppError(
    'auth.second_factor_required',
    401,
    'This account signs in in two steps: send the code from your authenticator app (code) or a recovery code (recoveryCode)',
  )

/** A wrong, expired or already used code; `field` is the one that was sent. */
export const createInvalidSecondFactorError = (field: 'body.code' | 'body.recoveryCode', status: 401 | 422) =>
  new AppError('auth.invalid_second_factor', status, `${field}: is wrong, expired or already used`, [
    { field, message: 'is wrong, expired or already used' },
  ])

export const createSecondFactorAlreadyEnrolledError = () =>
  new AppError('auth.second_factor_already_enrolled', 409, 'Two-step sign-in is already set up: turn it off first to set up a new one')

export const createSecondFactorNotStartedError = () =>
  new AppError('auth.second_factor_not_started', 409, 'Start the set-up first (POST /api/auth/second-factor/setup)')

export const createSecondFactorNotEnrolledError = () =>
  new AppError('auth.second_factor_not_enrolled', 409, 'Two-step sign-in is not set up')

export const createSecondFactorRequiredForRoleError = () =>
  new AppError(
    'auth.second_factor_required_for_role',
    403,
    'Your role requires two-step sign-in: it cannot be turned off (an admin can reset it)',
  )

export const createWrongPasswordForFactorError = () =>
  new AppError('auth.wrong_password', 422, 'body.password: is not your current password', [
    { field: 'body.password', message: 'is not your current password' },
  ])
