// The errors of lib/geometry.ts.
import { AppError } from './app-error.ts'

/** An area PostGIS cannot use; `canRepair` adds how to have it repaired. */
export const createInvalidGeometryError = (field: string, reason: string, canRepair = false) => {
  const hint = canRepair ? ' (send ?repair=true to have it repaired with ST_MakeValid)' : ''
  return new AppError('geometry.invalid', 422, `${field}: invalid geometry: ${reason}${hint}`, [{ field, message: reason }])
}
