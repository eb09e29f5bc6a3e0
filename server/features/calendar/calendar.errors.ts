import { AppError } from '../../lib/app-error.ts'

export const createInvalidWindowError = (message: string) =>
  new AppError('request.invalid', 400, `querystring.to: ${message}`, [{ field: 'querystring.to', message }])
