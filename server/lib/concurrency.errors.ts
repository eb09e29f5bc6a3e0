// The errors of lib/concurrency.ts (optimistic concurrency).
import { AppError } from './app-error.ts'

export const createVersionRequiredError = () =>
  new AppError('version.required', 428, 'body.version: send the version this change is based on (body "version" or an If-Match header)', [
    { field: 'body.version', message: 'is required' },
  ])

export const createInvalidIfMatchError = () =>
  new AppError('request.invalid', 400, 'header.if-match: must be the version in quotes, e.g. "3"', [
    { field: 'header.if-match', message: 'must be the version in quotes, e.g. "3"' },
  ])

/** 409 with the row as it is now, so the client can show what changed. */
export const createStaleVersionError = (entity: string, expected: number, current: { version: number }) =>
  new AppError(
    `${entity}.version_conflict`,
    409,
    `Someone else changed this ${entity.replace(/_/g, ' ')} (version ${current.version}, your change was based on ${expected}); reload and review`,
    undefined,
    { current },
  )

/** The same error, carrying `current` in place of the row it had. */
export const createConflictWithCurrentError = (error: AppError, current: unknown) =>
  new AppError(error.code, error.status, error.message, error.errors, { ...error.extra, current })
