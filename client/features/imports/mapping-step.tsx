// Step 3: the layer the features become records of, a column for each of its fields (guessed from
// the column names), a value for every feature where the file has no column (a concession's kind,
// a parcel's community), and whether invalid shapes are repaired. The server checks the mapping
// against the file; its 422 names the field, and the error shows next to it.
import { useQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { TARGET_FIELDS, type ConfigureImportBody, type ImportField, type ImportJob } from '../../../shared/import-jobs.ts'
import type { ImportLayer } from '../../../shared/imports.ts'
import { IMPORT_TARGETS, type ImportTarget } from '../../../shared/vocabularies.ts'
import { Field } from '../../components/field.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { ApiError } from '../../lib/api-client.ts'
import { communityOptionsQuery, localName } from '../../lib/reference-data.ts'
import { useConfigureImport } from './api.ts'
import { FIELD_VOCABULARIES, guessMapping } from './guess-mapping.ts'

/** The vocabulary labels of a field (vocab.<name>.<value>). */
const VOCABULARY_LABELS: Partial<Record<ImportTarget, Partial<Record<ImportField, string>>>> = {
  communities: { kind: 'communityKind', status: 'communityStatus' },
  concessions: { kind: 'concessionKind' },
  incidents: { kind: 'incidentKind' },
}

type Values = Partial<Record<ImportField, string>>

interface MappingStepProps {
  job: ImportJob
  layer: ImportLayer
  onSaved: () => void
}

export function MappingStep({ job, layer, onSaved }: MappingStepProps) {
  const { t, i18n } = useTranslation()
  const configure = useConfigureImport(job.id)
  const isSavedLayer = (job.options?.layer ?? layer.name) === layer.name
  const [target, setTarget] = useState<ImportTarget | ''>(job.target ?? '')
  const [mapping, setMapping] = useState<Values>(() =>
    job.target && job.mapping && isSavedLayer ? { ...job.mapping } : job.target ? guessMapping(layer.columns, job.target) : {},
  )
  const [guessed, setGuessed] = useState<Values>(() => (job.target && !job.mapping ? guessMapping(layer.columns, job.target) : {}))
  const [defaults, setDefaults] = useState<Values>(() => (isSavedLayer ? { ...job.options?.defaults } : {}))
  const [repair, setRepair] = useState(job.options?.repair ?? false)
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({})
  const communities = useQuery({ ...communityOptionsQuery(), enabled: target === 'parcels' || target === 'incidents' })

  const chooseTarget = (next: ImportTarget | '') => {
    setTarget(next)
    setLocalErrors({})
    configure.reset()
    const guess = next ? guessMapping(layer.columns, next) : {}
    setMapping(guess)
    setGuessed(guess)
    setDefaults({})
  }

  const serverErrors = configure.error instanceof ApiError ? configure.error.fieldErrors : {}
  const errorOf = (field: ImportField) =>
    localErrors[field] ?? serverText(serverErrors[`mapping.${field}`]) ?? serverText(serverErrors[`options.defaults.${field}`])
  function serverText(message: string | undefined) {
    if (!message) return undefined
    // The server explains in English; in Khmer the sentence says something is wrong, the detail follows.
    return i18n.language === 'en' ? message : `${t('common.error.fieldInvalid')} (${message})`
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!target) return
    const { fields, required } = TARGET_FIELDS[target]
    const missing = Object.fromEntries(
      required.filter((field) => !mapping[field] && !defaults[field]).map((field) => [field, t('common.error.fieldRequired')]),
    )
    setLocalErrors(missing)
    if (Object.keys(missing).length > 0) return
    const pick = (values: Values) =>
      Object.fromEntries(Object.entries(values).filter(([field, value]) => value && fields.includes(field as ImportField)))
    const body: ConfigureImportBody = {
      target,
      mapping: pick(mapping),
      options: { layer: layer.name, repair, defaults: pick(defaults) },
    }
    configure.mutate(body, { onSuccess: onSaved })
  }

  const fields = target ? TARGET_FIELDS[target] : undefined
  return (
    <form
      className="card import-step"
      onSubmit={submit}
      noValidate
      aria-busy={configure.isPending}
      aria-labelledby="import-mapping-heading"
    >
      <h2 id="import-mapping-heading">{t('imports.mapping.heading')}</h2>
      <Field label={t('imports.mapping.target')} hint={t('imports.mapping.targetHint')} required>
        <select value={target} onChange={(event) => chooseTarget(event.target.value as ImportTarget | '')}>
          <option value="">{t('imports.mapping.chooseTarget')}</option>
          {IMPORT_TARGETS.map((choice) => (
            <option key={choice} value={choice}>
              {t(`common.nav.${choice}`)}
            </option>
          ))}
        </select>
      </Field>

      {target && fields && (
        <fieldset className="import-fields">
          <legend>{t('imports.mapping.fields')}</legend>
          <p className="field-hint">{t('imports.mapping.fieldsHint')}</p>
          <div className="form-grid">
            {fields.fields.map((field) => {
              const label = t(`imports.mapping.field.${field}`)
              const vocabulary = FIELD_VOCABULARIES[target]?.[field]
              const hasDefault = Boolean(vocabulary) || field === 'community'
              return (
                <div key={field} className="import-field" data-field={field}>
                  <Field
                    label={
                      <>
                        {label}
                        {guessed[field] && guessed[field] === mapping[field] && (
                          <span className="badge import-guessed"> {t('imports.mapping.guessed')}</span>
                        )}
                      </>
                    }
                    hint={field === 'externalId' ? t('imports.mapping.externalIdHint') : undefined}
                    error={errorOf(field)}
                    required={fields.required.includes(field)}
                  >
                    <select
                      value={mapping[field] ?? ''}
                      onChange={(event) => setMapping({ ...mapping, [field]: event.target.value || undefined })}
                    >
                      <option value="">{t('imports.mapping.noColumn')}</option>
                      {layer.columns.map((column) => (
                        <option key={column.name} value={column.name}>
                          {column.name}
                        </option>
                      ))}
                    </select>
                  </Field>
                  {hasDefault && !mapping[field] && (
                    <Field label={t('imports.mapping.defaultFor', { field: label })} className="import-default">
                      <select
                        value={defaults[field] ?? ''}
                        onChange={(event) => setDefaults({ ...defaults, [field]: event.target.value || undefined })}
                      >
                        <option value="">{t('imports.mapping.noDefault')}</option>
                        {vocabulary
                          ? vocabulary.map((value) => (
                              <option key={value} value={value}>
                                {t(`vocab.${VOCABULARY_LABELS[target]?.[field]}.${value}`)}
                              </option>
                            ))
                          : (communities.data ?? []).map((community) => (
                              <option key={community.id} value={community.id}>
                                {localName(community, i18n.language)}
                              </option>
                            ))}
                      </select>
                    </Field>
                  )}
                </div>
              )
            })}
          </div>
        </fieldset>
      )}

      <label className="import-check">
        <input type="checkbox" checked={repair} onChange={(event) => setRepair(event.target.checked)} />{' '}
        <span>
          {t('imports.mapping.repair')}
          <span className="field-hint">{t('imports.mapping.repairHint')}</span>
        </span>
      </label>

      {configure.error && <ProblemMessage error={configure.error} />}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={!target || configure.isPending}>
          {configure.isPending ? t('imports.mapping.saving') : t('imports.mapping.save')}
        </button>
      </div>
    </form>
  )
}
