// The public report form: the signed-in report form's controls (kind buttons, the date as
// precisely as known, the map or "use my location", photos), plus the sender's optional name and
// phone and whether they may be contacted. What is typed is kept on the phone as it is typed.
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { INTAKE_MAX_PHOTOS } from '../../../shared/intake.ts'
import { DATE_PRECISIONS, INCIDENT_KINDS } from '../../../shared/vocabularies.ts'
import { Field } from '../../components/field.tsx'
import { OccurredDateInputs } from '../../components/occurred-date-inputs.tsx'
import type { FieldErrors } from '../../lib/form-errors.ts'
import type { PreciseDateValues } from '../../lib/precise-date.ts'
import { ChoiceGroup } from '../../components/report-form/choice-group.tsx'
import { FilePicker } from '../../components/report-form/file-picker.tsx'
import { LocationPicker } from '../../components/report-form/location-picker.tsx'
import { newId, toStoredFile, type DraftFile } from '../../lib/outbox/outbox-db.ts'
import { publicOutbox } from './public-outbox.ts'
import { acceptPhotos, checkPublicReport, hasPublicContent, initialPublicValues, type PublicValues } from './public-values.ts'

/** Writes the draft after each change, one write at a time, the last change last. */
function useDraftAutosave(slug: string, values: PublicValues, files: DraftFile[], isReady: boolean, isQueued: { current: boolean }) {
  const chain = useRef<Promise<unknown>>(Promise.resolve())
  useEffect(() => {
    if (!isReady || isQueued.current) return
    chain.current = chain.current.then(() => {
      if (isQueued.current) return undefined
      return (hasPublicContent(values, files.length) ? publicOutbox.saveDraft(slug, values, files) : publicOutbox.clearDraft(slug)).catch(
        () => undefined,
      )
    })
  }, [slug, values, files, isReady, isQueued])
}

export function PublicReportForm({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation()
  const language = i18n.language === 'km' ? 'km' : 'en'
  const [values, setValues] = useState<PublicValues>(() => initialPublicValues())
  const [files, setFiles] = useState<DraftFile[]>([])
  const [errors, setErrors] = useState<FieldErrors>({})
  const [fileProblems, setFileProblems] = useState<string[]>([])
  const [isReady, setReady] = useState(false)
  const [isRestored, setRestored] = useState(false)
  const [isSaving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState<string | null>(null)
  const isQueued = useRef(false)
  const formRef = useRef<HTMLFormElement>(null)
  const [focusRequest, setFocusRequest] = useState(0)

  useEffect(() => {
    let isLive = true
    publicOutbox.loadDraft<PublicValues>(slug).then(
      (draft) => {
        if (!isLive) return
        if (draft) {
          setValues({ ...initialPublicValues(), ...draft.values })
          setFiles(draft.files)
          setRestored(hasPublicContent(draft.values, draft.files.length))
        }
        setReady(true)
      },
      () => isLive && setReady(true),
    )
    return () => {
      isLive = false
    }
  }, [slug])
  useDraftAutosave(slug, values, files, isReady, isQueued)

  useEffect(() => {
    if (focusRequest === 0) return
    const target = formRef.current?.querySelector<HTMLElement>(
      '.has-error input, .has-error select, .has-error textarea, .has-error button',
    )
    target?.focus()
    target?.scrollIntoView({ block: 'center' })
  }, [focusRequest])

  const set = <K extends keyof PublicValues>(key: K, value: PublicValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }))
    setErrors(({ [key]: _removed, ...rest }) => rest)
  }
  const setDate = (change: Partial<PreciseDateValues>) => {
    setValues((current) => ({ ...current, ...change }))
    setErrors(({ occurredAt: _removed, ...rest }) => rest)
  }
  const addFiles = (chosen: File[]) => {
    const { accepted, problems } = acceptPhotos(chosen, files.length, t)
    setFiles((current) => [...current, ...accepted.map((file) => toStoredFile(file, newId()))])
    setFileProblems(problems)
  }
  const startOver = () => {
    if (!window.confirm(t('report.startOverConfirm'))) return
    setValues(initialPublicValues())
    setFiles([])
    setErrors({})
    setFileProblems([])
    setRestored(false)
    void publicOutbox.clearDraft(slug).catch(() => undefined)
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (isSaving) return
    const checked = checkPublicReport(values, { t, language })
    if (!checked.ok) {
      setErrors(checked.errors)
      setFocusRequest((n) => n + 1)
      return
    }
    setErrors({})
    setSaving(true)
    setSaveError(null)
    try {
      isQueued.current = true
      await publicOutbox.add({ slug, body: checked.body, values, label: t(`vocab.incidentKind.${values.kind}`), files })
    } catch (error) {
      isQueued.current = false
      setSaveError(t('report.error.saveFailed', { reason: error instanceof Error ? error.message : String(error) }))
      setSaving(false)
    }
  }

  if (!isReady)
    return (
      <p className="page-loading" role="status">
        <span className="spinner" aria-hidden="true" />
      </p>
    )

  return (
    <>
      {isRestored && (
        <div className="alert alert-success report-restored">
          <p>{t('report.restored')}</p>
          <button type="button" className="link-button" onClick={startOver}>
            {t('report.startOver')}
          </button>
        </div>
      )}
      <form ref={formRef} className="report-form" data-testid="public-report-form" noValidate onSubmit={submit}>
        <ChoiceGroup
          legend={t('report.kind')}
          name="kind"
          options={INCIDENT_KINDS}
          value={values.kind}
          onChange={(kind) => set('kind', kind)}
          labelOf={(kind) => t(`vocab.incidentKind.${kind}`)}
          error={errors.kind}
          required
          className="kind-choices"
        />

        <Field label={t('report.description')} hint={t('report.descriptionHint')} error={errors.description} required>
          <textarea rows={4} maxLength={5000} value={values.description} onChange={(event) => set('description', event.target.value)} />
        </Field>

        <fieldset className="occurred-field">
          <legend>{t('report.occurredAt')}</legend>
          <ChoiceGroup
            legend={t('common.date.precision')}
            name="occurredPrecision"
            options={DATE_PRECISIONS}
            value={values.occurredPrecision}
            onChange={(precision) => setDate({ occurredPrecision: precision })}
            labelOf={(precision) => t(`vocab.datePrecision.${precision}`)}
            className="precision-choices"
          />
          <OccurredDateInputs values={values} onChange={setDate} error={errors.occurredAt} />
        </fieldset>

        <LocationPicker
          value={values.location}
          onChange={(location) => set('location', location)}
          error={errors.location}
          required={false}
        />

        <FilePicker
          files={files}
          onAdd={addFiles}
          onRemove={(id) => setFiles((current) => current.filter((file) => file.id !== id))}
          problems={fileProblems}
          accept="image/*"
          label={t('publicReport.photos')}
          hint={t('publicReport.photosHint', { max: INTAKE_MAX_PHOTOS })}
        />

        <fieldset className="public-report-sender">
          <legend>{t('publicReport.aboutYou')}</legend>
          <Field label={t('publicReport.name')} error={errors.senderName}>
            <input
              type="text"
              value={values.senderName}
              maxLength={200}
              autoComplete="name"
              onChange={(event) => set('senderName', event.target.value)}
            />
          </Field>
          <Field label={t('publicReport.phone')} error={errors.phone}>
            <input
              type="tel"
              inputMode="tel"
              value={values.phone}
              maxLength={40}
              autoComplete="tel"
              onChange={(event) => set('phone', event.target.value)}
            />
          </Field>
          <label className="public-report-check">
            <input type="checkbox" checked={values.mayContact} onChange={(event) => set('mayContact', event.target.checked)} />
            <span>
              {t('publicReport.mayContact')}
              <span className="field-hint">{t('publicReport.mayContactHint')}</span>
            </span>
          </label>
        </fieldset>

        {/* The honeypot: people never see or reach it; form-filling robots fill it in. */}
        <div className="public-report-trap" aria-hidden="true">
          <label>
            {t('publicReport.website')}
            <input
              type="text"
              name="website"
              tabIndex={-1}
              autoComplete="off"
              value={values.website}
              onChange={(event) => set('website', event.target.value)}
            />
          </label>
        </div>

        {Object.keys(errors).length > 0 && (
          <p className="alert alert-error" role="alert">
            {t('report.error.summary')}
          </p>
        )}
        {saveError && (
          <p className="alert alert-error" role="alert">
            {saveError}
          </p>
        )}
        <button
          type="submit"
          className="button button-primary button-large report-submit"
          disabled={isSaving}
          aria-busy={isSaving || undefined}
        >
          {t('report.submit')}
        </button>
      </form>
    </>
  )
}
