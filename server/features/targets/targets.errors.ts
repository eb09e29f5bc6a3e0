import { AppError } from '../../lib/app-error.ts'

/**
 * An edit that leaves the target inconsistent (a baseline above the target, a milestone outside a
 * shortened period): 400 naming each field, as validation of a new target does.
 */
export const createInvalidTargetError = (issues: { path: string[]; message: string }[]) => {
  const errors = issues.map((issue) => ({ field: fieldOf(issue.path), message: issue.message }))
  return new AppError('request.invalid', 400, errors.map((error) => `${error.field}: ${error.message}`).join('; '), errors)
}

/** ['milestones', '0', 'year'] → "body.milestones[0].year", as the validation errors write it. */
const fieldOf = (path: string[]) => path.reduce((field, part) => (/^\d+$/.test(part) ? `${field}[${part}]` : `${field}.${part}`), 'body')
