import type { FieldIssue } from '../../shared/errors.ts'

/** An expected failure, rendered as problem+json by the one error handler in app.ts. */
export class AppError extends Error {
  constructor(
    /** Dotted machine-readable code, e.g. `cases.not_found`; the client switches on it. */
    readonly code: string,
    readonly status: number,
    message: string,
    readonly errors?: FieldIssue[],
    /** Extra members for the problem body, e.g. the current row on a 409. */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const notFound = (entity: string, id: string) =>
  new AppError(`${entity}.not_found`, 404, `No ${entity.replace(/_/g, ' ')} with id ${id}`)
