// Province, district, commune and village of a place, with a button that fills them in from the
// point (the admin areas containing it). The community and incident forms both use it.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Field } from './field.tsx'
import type { FieldErrors } from '../lib/form-errors.ts'
import { errorOf, numberOrNull } from '../lib/form-values.ts'
import { placeOfPoint, provinceName, useProvinces } from '../lib/reference-data.ts'

export interface PlaceValues {
  province: string
  district: string
  commune: string
  village: string
}

interface PlaceFieldsProps {
  values: PlaceValues & { lon: string; lat: string }
  onChange: (change: Partial<PlaceValues>) => void
  errors: FieldErrors
  isProvinceRequired?: boolean
  /** Under the fill button: how the place is found. */
  hint: string
  /** The empty choice of the province list. */
  emptyProvinceLabel: string
}

export function PlaceFields({ values, onChange, errors, isProvinceRequired = false, hint, emptyProvinceLabel }: PlaceFieldsProps) {
  const { t } = useTranslation()
  const provinces = useProvinces()
  const [state, setState] = useState<'idle' | 'looking' | 'failed'>('idle')

  const fillFromPoint = async () => {
    const lon = numberOrNull(values.lon)
    const lat = numberOrNull(values.lat)
    if (lon === null || lat === null || !Number.isFinite(lon) || !Number.isFinite(lat)) return setState('failed')
    setState('looking')
    try {
      const place = await placeOfPoint([lon, lat])
      if (!place.province) return setState('failed')
      onChange({ province: place.province, district: place.district ?? '', commune: place.commune ?? '' })
      setState('idle')
    } catch {
      setState('failed')
    }
  }
  const bind = (field: keyof PlaceValues) => ({
    value: values[field],
    onChange: (event: { target: { value: string } }) => onChange({ [field]: event.target.value }),
  })

  return (
    <>
      <div className="span-2 rec-place-fill">
        <button type="button" className="button" onClick={() => void fillFromPoint()} disabled={state === 'looking'}>
          {state === 'looking' ? t('common.state.loading') : t('common.place.fill')}
        </button>
        {state === 'failed' && (
          <p className="field-error" role="alert">
            {t('common.place.fillFailed')}
          </p>
        )}
        <p className="field-hint">{hint}</p>
      </div>
      <Field label={t('common.field.province')} error={errorOf(errors, 'province')} required={isProvinceRequired}>
        <select {...bind('province')}>
          <option value="">{emptyProvinceLabel}</option>
          {values.province && !provinces.some((province) => province.name === values.province) && (
            <option value={values.province}>{values.province}</option>
          )}
          {provinces.map((province) => (
            <option key={province.name} value={province.name}>
              {provinceName(province.name, provinces) ?? '—'}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('common.field.district')} error={errorOf(errors, 'district')}>
        <input type="text" autoComplete="off" {...bind('district')} />
      </Field>
      <Field label={t('common.field.commune')} error={errorOf(errors, 'commune')}>
        <input type="text" autoComplete="off" {...bind('commune')} />
      </Field>
      <Field label={t('common.field.village')} error={errorOf(errors, 'village')}>
        <input type="text" autoComplete="off" {...bind('village')} />
      </Field>
    </>
  )
}
