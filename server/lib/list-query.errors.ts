// The errors of lib/list-query.ts.
import { AppError } from './app-error.ts'

/** A list's query string asks for something the list cannot do (a sort, a cursor). */
export const createInvalidListQueryError = (field: string, message: string) =>
  new AppError('request.invalid', 400, `${field}: ${message}`, [{ field, message }])
