// The inputs for a date as precisely as it is known: a date and time for an exact day, a month
// and a year, a year alone, or nothing when the date is not known. The precision itself is chosen
// by the form around it (big buttons on the report form, a select on the edit form).
import { useTranslation } from 'react-i18next'
import { KHMER_MONTHS } from '../../shared/dates.ts'
import { dateFormat, toDateTimeLocalValue } from '../lib/format.ts'
import type { PreciseDateValues } from '../lib/precise-date.ts'
import { Field } from './field.tsx'
import './occurred-date.css'

interface OccurredDateInputsProps {
  values: PreciseDateValues
  onChange: (change: Partial<PreciseDateValues>) => void
  error?: string | undefined
  /** The label of the date-and-time input (an exact day). */
  dayLabel?: string
  dayHint?: string
}

const MONTHS = Array.from({ length: 12 }, (_, index) => index + 1)

export function OccurredDateInputs({ values, onChange, error, dayLabel, dayHint }: OccurredDateInputsProps) {
  const { t, i18n } = useTranslation()
  const now = new Date()
  const monthName = (month: number) =>
    i18n.language === 'km'
      ? KHMER_MONTHS[month - 1]!
      : dateFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, month - 1, 15)))
  const year = (
    <Field label={t('common.date.year')} error={error} required>
      <input
        type="text"
        inputMode="numeric"
        pattern="[0-9]*"
        maxLength={4}
        autoComplete="off"
        placeholder={String(now.getFullYear())}
        value={values.occurredYear}
        onChange={(event) => onChange({ occurredYear: event.target.value })}
      />
    </Field>
  )
  switch (values.occurredPrecision) {
    case 'day':
      return (
        <Field label={dayLabel ?? t('common.date.dayTime')} error={error} hint={dayHint} required>
          <input
            type="datetime-local"
            value={values.occurredAt}
            max={toDateTimeLocalValue(now)}
            onChange={(event) => onChange({ occurredAt: event.target.value })}
          />
        </Field>
      )
    case 'month':
      return (
        <div className="date-parts">
          <Field label={t('common.date.month')} required>
            <select value={values.occurredMonth} onChange={(event) => onChange({ occurredMonth: event.target.value })}>
              {MONTHS.map((month) => (
                <option key={month} value={String(month)}>
                  {monthName(month)}
                </option>
              ))}
            </select>
          </Field>
          {year}
        </div>
      )
    case 'year':
      return <div className="date-parts date-parts-year">{year}</div>
    case 'unknown':
      return <p className="field-hint date-unknown-hint">{t('common.date.unknownHint')}</p>
  }
}
