// Form validation with the shared schemas, with messages in the user's language. The same Zod
// schema the server validates with runs in the browser first; its issue codes choose the words.
import type { TFunction } from 'i18next'
import type { z } from 'zod'
import { ApiError } from './api-client.ts'

export type FieldErrors = Record<string, string>

/** One localized message for a Zod issue. */
export function issueText(t: TFunction, issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? t('common.error.fieldRequired') : t('common.error.tooShort', { minimum: issue.minimum })
      if (issue.origin === 'array') return t('common.error.fieldRequired')
      return t('common.error.tooSmall', { minimum: issue.minimum })
    case 'too_big':
      return issue.origin === 'string'
        ? t('common.error.tooLong', { maximum: issue.maximum })
        : t('common.error.tooBig', { maximum: issue.maximum })
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null || issue.input === '') return t('common.error.fieldRequired')
      if (issue.expected === 'number') return t('common.error.notANumber')
      return t('common.error.fieldInvalid')
    case 'invalid_value':
      // A choice from a list left empty reads as "required", not "not valid".
      return issue.input === undefined || issue.input === '' ? t('common.error.fieldRequired') : t('common.error.fieldInvalid')
    case 'invalid_format':
      return issue.format.includes('date') ? t('common.error.notADate') : t('common.error.fieldInvalid')
    default:
      return t('common.error.fieldInvalid')
  }
}

/** Validates a form's values with a shared schema: the parsed body, or the errors by field path. */
export function validate<S extends z.ZodType>(
  schema: S,
  values: unknown,
  t: TFunction,
): { ok: true; data: z.output<S> } | { ok: false; errors: FieldErrors } {
  // reportInput: an empty field reads as "required" rather than "not valid".
  const result = schema.safeParse(values, { reportInput: true })
  if (result.success) return { ok: true, data: result.data }
  const errors: FieldErrors = {}
  for (const issue of result.error.issues) {
    const path = issue.path.join('.') || '_form'
    errors[path] ??= issueText(t, issue)
  }
  return { ok: false, errors }
}

/** A server 400/422's field issues, localized as "not valid" with the server's reason kept for support. */
export function serverFieldErrors(t: TFunction, error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) return {}
  const errors: FieldErrors = {}
  for (const [field, message] of Object.entries(error.fieldErrors)) {
    errors[field] = `${t('common.error.fieldInvalid')} (${message})`
  }
  return errors
}
