// The decisions on a report from outside. Each carries the report's version: when someone else
// decided first (or changed it), the server answers 409 and the moderator reloads the report.
import { useMutation, useQuery, useQueryClient, type UseMutationResult } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { AcceptIntakeBody, RejectIntakeBody, type IntakeDecision, type IntakeReport } from '../../../shared/intake.ts'
import { INCIDENT_KINDS, SEVERITIES, type IncidentKind, type Severity } from '../../../shared/vocabularies.ts'
import { ConfirmDelete } from '../../components/confirm-delete.tsx'
import { ConflictNotice } from '../../components/conflict-notice.tsx'
import { Field } from '../../components/field.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { ApiError } from '../../lib/api-client.ts'
import { serverFieldErrors, validate, type FieldErrors } from '../../lib/form-errors.ts'
import { errorOf, pointFrom } from '../../lib/form-values.ts'
import { communityOptionsQuery, localName, localText } from '../../lib/reference-data.ts'
import { LocationPicker } from '../../map/location-picker.tsx'
import { acceptIntakeReport, eraseIntakeSender, intakeReportQuery, mergeIntakeReport, refreshIntake, rejectIntakeReport } from './api.ts'
import { acceptValuesOf, incidentIdFrom, type AcceptValues } from './intake-values.ts'
import { CandidateDistance } from './intake-bits.tsx'

interface DecisionProps {
  report: IntakeReport
  onDecided: (decision: IntakeDecision) => void
}

/** The mutation every decision uses: on success the queue and incidents refresh. */
function useDecision<V>(run: (variables: V) => Promise<IntakeDecision>, onDecided: (decision: IntakeDecision) => void) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: run,
    onSuccess: async (decision) => {
      onDecided(decision)
      await refreshIntake(queryClient)
    },
  })
}

/** A 409 (decided by someone else, or changed meanwhile): reload the report; else the problem itself. */
function DecisionProblem({ mutation, reportId }: { mutation: Pick<UseMutationResult, 'error' | 'reset'>; reportId: string }) {
  const queryClient = useQueryClient()
  if (mutation.error instanceof ApiError && mutation.error.status === 409)
    return (
      <ConflictNotice
        onReload={() => {
          mutation.reset()
          void queryClient.invalidateQueries({ queryKey: intakeReportQuery(reportId).queryKey })
          void refreshIntake(queryClient)
        }}
      />
    )
  return <ProblemMessage error={mutation.error} />
}

export function AcceptForm({ report, onDecided, onCancel }: DecisionProps & { onCancel: () => void }) {
  const { t, i18n } = useTranslation()
  const [values, setValues] = useState<AcceptValues>(() => acceptValuesOf(report))
  const [errors, setErrors] = useState<FieldErrors>({})
  const communities = useQuery(communityOptionsQuery())
  const accept = useDecision((body: AcceptIntakeBody) => acceptIntakeReport(report.id, body), onDecided)
  const set = <K extends keyof AcceptValues>(key: K, value: AcceptValues[K]) => setValues((current) => ({ ...current, [key]: value }))

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const location = report.location ? undefined : (pointFrom(values.lon, values.lat) ?? undefined)
    const checked = validate(
      AcceptIntakeBody,
      {
        title: values.title,
        titleKm: values.titleKm.trim() || undefined,
        kind: values.kind || undefined,
        communityId: values.communityId || undefined,
        severity: values.severity,
        isConfidential: values.isConfidential,
        location,
        version: report.version,
      },
      t,
    )
    // An incident needs a kind and a place: the report's, or the moderator's.
    const missing: FieldErrors = {
      ...(values.kind ? {} : { kind: t('common.error.fieldRequired') }),
      ...(report.location || location ? {} : { location: t('common.error.fieldRequired') }),
    }
    if (!checked.ok || Object.keys(missing).length > 0) {
      setErrors({ ...(checked.ok ? {} : checked.errors), ...missing })
      return
    }
    setErrors({})
    accept.mutate(checked.data, { onError: (error) => setErrors(serverFieldErrors(t, error)) })
  }

  const chosenCommunity = communities.data?.find((community) => community.id === values.communityId)
  return (
    <form className="card intake-panel" onSubmit={submit} noValidate aria-labelledby="intake-accept-title">
      <h2 id="intake-accept-title">{t('intake.action.accept')}</h2>
      <p className="small muted">{t('intake.accept.explain')}</p>
      <div className="form-grid">
        <Field label={t('incidents.field.title')} error={errors.title} required className="span-2">
          <input value={values.title} onChange={(event) => set('title', event.target.value)} maxLength={300} />
        </Field>
        <Field label={t('incidents.field.titleKm')} error={errors.titleKm} className="span-2">
          <input value={values.titleKm} onChange={(event) => set('titleKm', event.target.value)} maxLength={300} lang="km" />
        </Field>
        <Field label={t('common.field.kind')} error={errors.kind} required>
          <select value={values.kind} onChange={(event) => set('kind', event.target.value as IncidentKind | '')}>
            <option value="">—</option>
            {INCIDENT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`vocab.incidentKind.${kind}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('common.field.community')} error={errors.communityId}>
          <select value={values.communityId} onChange={(event) => set('communityId', event.target.value)}>
            <option value="">{t('incidents.edit.noCommunity')}</option>
            {values.communityId && !chosenCommunity && (
              <option value={values.communityId}>{report.communityName ?? values.communityId}</option>
            )}
            {communities.data?.map((community) => (
              <option key={community.id} value={community.id}>
                {localName(community, i18n.language)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('incidents.field.severity')} error={errors.severity}>
          <select value={values.severity} onChange={(event) => set('severity', event.target.value as Severity)}>
            {SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {t(`vocab.severity.${severity}`)}
              </option>
            ))}
          </select>
        </Field>
        <div className="field intake-check">
          <label>
            <input type="checkbox" checked={values.isConfidential} onChange={(event) => set('isConfidential', event.target.checked)} />{' '}
            {t('incidents.field.isConfidential')}
          </label>
          <p className="field-hint">{t('incidents.edit.confidentialHint')}</p>
        </div>
      </div>
      {!report.location && (
        <LocationPicker
          label={t('incidents.edit.locationLabel')}
          lon={values.lon}
          lat={values.lat}
          onChange={(lon, lat) => setValues((current) => ({ ...current, lon, lat }))}
          required
          lonError={errorOf(errors, 'location.coordinates.0')}
          latError={errorOf(errors, 'location.coordinates.1')}
          error={errors.location ?? errors['location.coordinates']}
          reference={chosenCommunity?.location ? [{ id: chosenCommunity.id, geometry: chosenCommunity.location }] : []}
        />
      )}
      <DecisionProblem mutation={accept} reportId={report.id} />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={accept.isPending}>
          {accept.isPending ? t('common.state.saving') : t('intake.accept.submit')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.action.cancel')}
        </button>
      </div>
    </form>
  )
}

const OTHER = 'other'

export function MergeForm({ report, onDecided, onCancel }: DecisionProps & { onCancel: () => void }) {
  const { t } = useTranslation()
  const [choice, setChoice] = useState(report.candidates[0]?.id ?? OTHER)
  const [pasted, setPasted] = useState('')
  const [error, setError] = useState<string>()
  const merge = useDecision((incidentId: string) => mergeIntakeReport(report.id, { incidentId, version: report.version }), onDecided)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const incidentId = choice === OTHER ? incidentIdFrom(pasted) : choice
    if (!incidentId) {
      setError(pasted.trim() ? t('intake.merge.invalid') : t('common.error.fieldRequired'))
      return
    }
    setError(undefined)
    merge.mutate(incidentId)
  }

  return (
    <form className="card intake-panel" onSubmit={submit} noValidate aria-labelledby="intake-merge-title">
      <h2 id="intake-merge-title">{t('intake.action.merge')}</h2>
      <p className="small muted">{t('intake.merge.explain')}</p>
      <fieldset className="intake-choices">
        <legend className="visually-hidden">{t('intake.candidates')}</legend>
        {report.candidates.map((candidate) => (
          <label key={candidate.id} className="intake-choice">
            <input
              type="radio"
              name="merge-into"
              value={candidate.id}
              checked={choice === candidate.id}
              onChange={() => setChoice(candidate.id)}
            />
            <span>
              {localText(candidate.title, candidate.titleKm)}
              <span className="small muted">
                {' '}
                · <CandidateDistance distanceKm={candidate.distanceKm} daysApart={candidate.daysApart} /> ·{' '}
                <Link to={`/incidents/${candidate.id}`} target="_blank" rel="noreferrer">
                  {t('common.action.open')}
                </Link>
              </span>
            </span>
          </label>
        ))}
        <label className="intake-choice">
          <input type="radio" name="merge-into" value={OTHER} checked={choice === OTHER} onChange={() => setChoice(OTHER)} />
          <span>{t('intake.merge.other')}</span>
        </label>
      </fieldset>
      {choice === OTHER && (
        <Field label={t('intake.merge.otherField')} error={error} required>
          <input value={pasted} onChange={(event) => setPasted(event.target.value)} autoComplete="off" spellCheck={false} />
        </Field>
      )}
      <DecisionProblem mutation={merge} reportId={report.id} />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={merge.isPending}>
          {merge.isPending ? t('common.state.saving') : t('intake.merge.submit')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.action.cancel')}
        </button>
      </div>
    </form>
  )
}

export function RejectForm({ report, onDecided, onCancel }: DecisionProps & { onCancel: () => void }) {
  const { t } = useTranslation()
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string>()
  const reject = useDecision((text: string) => rejectIntakeReport(report.id, { reason: text, version: report.version }), onDecided)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const checked = validate(RejectIntakeBody, { reason, version: report.version }, t)
    if (!checked.ok) {
      setError(checked.errors.reason ?? t('common.error.fieldInvalid'))
      return
    }
    setError(undefined)
    reject.mutate(checked.data.reason)
  }
  return (
    <form className="card intake-panel" onSubmit={submit} noValidate aria-labelledby="intake-reject-title">
      <h2 id="intake-reject-title">{t('intake.action.reject')}</h2>
      <Field label={t('intake.reject.reason')} hint={t('intake.reject.hint')} error={error} required>
        <textarea value={reason} onChange={(event) => setReason(event.target.value)} rows={3} maxLength={1000} />
      </Field>
      <DecisionProblem mutation={reject} reportId={report.id} />
      <div className="button-row">
        <button type="submit" className="button button-danger" disabled={reject.isPending}>
          {reject.isPending ? t('common.state.saving') : t('intake.reject.submit')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.action.cancel')}
        </button>
      </div>
    </form>
  )
}

/** A sender's request to be forgotten: their name, phone and Telegram ids go; the report stays. */
export function EraseSender({ report, onDecided }: DecisionProps) {
  const { t } = useTranslation()
  const erase = useDecision(() => eraseIntakeSender(report.id, report.version), onDecided)
  return (
    <div className="intake-erase">
      <ConfirmDelete
        label={t('intake.action.erase')}
        question={t('intake.erase.title')}
        consequence={t('intake.erase.body')}
        confirmLabel={t('intake.erase.confirm')}
        busyLabel={t('common.state.saving')}
        isBusy={erase.isPending}
        onConfirm={() => erase.mutate(undefined)}
      >
        <DecisionProblem mutation={erase} reportId={report.id} />
      </ConfirmDelete>
    </div>
  )
}
