import { AppError } from '../../lib/app-error.ts'

export const createInvalidLoginError = () => new AppError('auth.invalid_login', 401, 'Wrong login or password')

export const createAccountLockedError = (lockedUntil: Date) => {
  const minutes = Math.ceil((lockedUntil.getTime() - Date.now()) / 60_000)
  return new AppError(
    'auth.locked',
    429,
    `Too many failed sign-ins: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
    undefined,
    {
      retryAfterSeconds: Math.ceil((lockedUntil.getTime() - Date.now()) / 1000),
    },
  )
}

export const createTooManyAttemptsError = (after: string, ttlMs: number) =>
  new AppError('auth.too_many_attempts', 429, `Too many sign-in attempts from this address: try again in ${after}`, undefined, {
    retryAfterSeconds: Math.ceil(ttlMs / 1000),
  })

export const createWrongPasswordError = () =>
  new AppError('auth.wrong_password', 422, 'body.currentPassword: is not your current password', [
    { field: 'body.currentPassword', message: 'is not your current password' },
  ])

export const createSamePasswordError = () =>
  new AppError('auth.same_password', 422, 'body.newPassword: must differ from the current password', [
    { field: 'body.newPassword', message: 'must differ from the current password' },
  ])

export const createSessionNotFoundError = (id: string) =>
  new AppError('auth.session_not_found', 404, `None of your live sessions has the id ${id.slice(0, 12)}…`)
