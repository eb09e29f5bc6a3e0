// The errors of lib/references.ts: a request names a row that does not exist or was deleted (422).
import { AppError } from './app-error.ts'

export const createReferenceNotFoundError = (entity: string, field: string, id: string) =>
  new AppError(`${entity}.not_found`, 422, `${field}: no ${entity.replace(/_/g, ' ')} with id ${id}`, [
    { field, message: 'does not exist' },
  ])

export const createReferenceDeletedError = (entity: string, field: string, id: string) =>
  new AppError(`${entity}.deleted`, 422, `${field}: the ${entity.replace(/_/g, ' ')} ${id} has been deleted`, [
    { field, message: 'has been deleted' },
  ])
