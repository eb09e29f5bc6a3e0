// Helpers of the forms that draw an area (parcel, concession).
import type { FieldErrors } from './form-errors.ts'

/** Field errors keyed by the form's fields: any issue inside the boundary counts for "boundary". */
export function byFormField(errors: FieldErrors): FieldErrors {
  const result: FieldErrors = {}
  for (const [path, message] of Object.entries(errors)) {
    const field = path.split(/[.[]/)[0] || '_form'
    result[field] ??= message
  }
  return result
}
