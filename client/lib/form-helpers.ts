// Helpers of the parcel and concession edit forms.
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

/** After a refused submit, the first field with an error gets the focus (the map section for the boundary). */
export function focusFirstError() {
  requestAnimationFrame(() => {
    const invalid = document.querySelector<HTMLElement>('[aria-invalid="true"], [data-field="boundary"]')
    if (!invalid) return
    if (invalid.dataset.field) invalid.closest('section')?.scrollIntoView({ block: 'start', behavior: 'smooth' })
    else invalid.focus()
  })
}
