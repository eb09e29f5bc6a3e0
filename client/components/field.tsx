// A labelled form control with its error next to it. Every input in the app goes through this,
// so every input has a label, and the error is tied to it for screen readers.
import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

interface FieldProps {
  label: ReactNode
  error?: string | undefined
  hint?: ReactNode
  required?: boolean
  /** One input, select or textarea: it receives id, aria-invalid and aria-describedby. */
  children: ReactElement<Record<string, unknown>>
  className?: string
}

export function Field({ label, error, hint, required, children, className }: FieldProps) {
  const { t } = useTranslation()
  const id = useId()
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = error ? `${id}-error` : undefined
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined
  const control = isValidElement(children)
    ? cloneElement(children, {
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy,
        required: required || undefined,
      })
    : children
  return (
    <div className={['field', error ? 'has-error' : '', className ?? ''].join(' ').trim()}>
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="required-mark" aria-hidden="true" title={t('common.state.required')}>
            {' '}
            *
          </span>
        )}
      </label>
      {control}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
