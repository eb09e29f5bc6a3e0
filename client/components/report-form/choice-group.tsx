// A question answered with big buttons: a radio group in the design system's .choice-grid.
// On a phone one tap picks the answer; a keyboard moves between the choices with the arrows.
import { useId, type ReactNode } from 'react'

interface ChoiceGroupProps<V extends string> {
  legend: ReactNode
  name: string
  options: readonly V[]
  value: V | ''
  onChange: (value: V) => void
  labelOf: (value: V) => string
  error?: string | undefined
  required?: boolean
  className?: string
}

export function ChoiceGroup<V extends string>({
  legend,
  name,
  options,
  value,
  onChange,
  labelOf,
  error,
  required,
  className,
}: ChoiceGroupProps<V>) {
  const id = useId()
  const errorId = `${id}-error`
  return (
    <fieldset
      className={['field', 'choice-field', error ? 'has-error' : '', className ?? ''].join(' ').trim()}
      aria-describedby={error ? errorId : undefined}
    >
      <legend>
        {legend}
        {required && (
          <span className="required-mark" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </legend>
      <div className="choice-grid">
        {options.map((option) => (
          <label key={option}>
            <input type="radio" name={`${name}-${id}`} value={option} checked={value === option} onChange={() => onChange(option)} />
            <span>{labelOf(option)}</span>
          </label>
        ))}
      </div>
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  )
}
