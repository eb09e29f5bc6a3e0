import { AppError } from '../../lib/app-error.ts'
import { createForbiddenError } from '../../lib/security.errors.ts'

/** An edit that leaves the activity inconsistent (e.g. a new start after its end): 400 naming each field, as validation does. */
export const createInvalidActivityError = (issues: { path: string[]; message: string }[]) => {
  const errors = issues.map((issue) => ({ field: `body.${issue.path.join('.')}`, message: issue.message }))
  return new AppError('request.invalid', 400, errors.map((error) => `${error.field}: ${error.message}`).join('; '), errors)
}

export const createNotYourCommunityError = () => createForbiddenError('You may record activities only of the communities you represent')

export const createNotYourActivityError = () => createForbiddenError('You may change only the activities you recorded')
