// The errors of access control (lib/security.ts), also thrown by features that check a row's rules.
import { AppError } from './app-error.ts'

export const createAuthRequiredError = () => new AppError('auth.required', 401, 'Sign in to use this')

export const createForbiddenError = (message = 'Your role does not allow this') => new AppError('auth.forbidden', 403, message)

export const createPasswordChangeRequiredError = () =>
  new AppError('auth.password_change_required', 403, 'Choose a new password before going on')

export const createSecondFactorEnrolmentRequiredError = () =>
  new AppError('auth.second_factor_enrolment_required', 403, 'Your role requires two-step sign-in: set it up before going on')

export const createCrossSiteError = () => new AppError('auth.cross_site', 403, 'This request comes from another site and was refused')

export const createRouteNotFoundError = (method: string, url: string) =>
  new AppError('route.not_found', 404, `No route ${method} ${url.split('?')[0]}`)
