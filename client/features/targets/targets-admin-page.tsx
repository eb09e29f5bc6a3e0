// Admin → Program targets: the list with each target's progress, a form to add or change one
// (plan period, baseline, pace or yearly milestones, and the rule of what counts), and deleting
// after a confirmation. The form checks with the server's own schema first.
import './targets.css'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { TFunction } from 'i18next'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { CreateProgramTargetBody, TARGET_PRESETS, type ProgramTarget } from '../../../shared/targets.ts'
import { APP_TIME_ZONE } from '../../../shared/time.ts'
import { TARGET_INDICATORS, TARGET_PACES, type TargetIndicator, type TargetPace } from '../../../shared/vocabularies.ts'
import { Field } from '../../components/field.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { formatNumber } from '../../lib/format.ts'
import { issueText, serverFieldErrors, type FieldErrors } from '../../lib/form-errors.ts'
import { currentLanguage } from '../../lib/i18n.ts'
import { localText } from '../../lib/reference-data.ts'
import { createTarget, deleteTarget, targetListQuery, targetsKey, updateTarget } from './api.ts'
import { RuleEditor } from './rule-editor.tsx'
import { registerTargetsStrings } from './strings.ts'
import {
  newTargetValues,
  planYears,
  ruleDraftOf,
  spreadEvenly,
  targetBodyOf,
  targetValuesOf,
  type TargetFormValues,
} from './target-form-values.ts'

registerTargetsStrings()

/** This year in Cambodia. */
const thisYear = () => Number(new Intl.DateTimeFormat('en-CA', { timeZone: APP_TIME_ZONE, year: 'numeric' }).format(new Date()))

export function TargetsAdminPage() {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const targets = useQuery(targetListQuery())
  const [editing, setEditing] = useState<'new' | ProgramTarget>()
  const [notice, setNotice] = useState<string>()
  const [confirming, setConfirming] = useState<ProgramTarget>()
  const language = currentLanguage()

  const remove = useMutation({
    mutationFn: (target: ProgramTarget) => deleteTarget(target.id, target.version),
    onSuccess: async (_result, target) => {
      setConfirming(undefined)
      setNotice(t('targets.admin.deleted', { label: target.label }))
      await queryClient.invalidateQueries({ queryKey: targetsKey })
    },
  })

  const closeForm = (savedLabel?: string) => {
    setEditing(undefined)
    if (savedLabel) setNotice(t('targets.admin.saved', { label: savedLabel }))
  }
  const open = (target: 'new' | ProgramTarget) => {
    setNotice(undefined)
    setConfirming(undefined)
    setEditing(target)
  }

  return (
    <div className="page targets-admin-page">
      <PageHeader
        title={t('targets.admin.title')}
        actions={
          !editing && (
            <button type="button" className="button button-primary" onClick={() => open('new')}>
              {t('targets.admin.add')}
            </button>
          )
        }
      >
        <p className="muted">{t('targets.admin.intro')}</p>
      </PageHeader>

      {notice && (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      )}
      {editing && (
        <TargetForm
          key={editing === 'new' ? 'new' : `${editing.id}:${editing.version}`}
          target={editing === 'new' ? undefined : editing}
          onDone={closeForm}
        />
      )}

      {!editing && (
        <section className="card" aria-labelledby="targets-heading">
          <h2 id="targets-heading" className="visually-hidden">
            {t('targets.admin.title')}
          </h2>
          <ProblemMessage error={targets.error} onRetry={() => void targets.refetch()} />
          <ProblemMessage error={remove.error} />
          {targets.isPending && <p className="muted">{t('common.state.loading')}</p>}
          {targets.data?.length === 0 && <p className="empty">{t('targets.admin.empty')}</p>}
          {targets.data && targets.data.length > 0 && (
            <div className="table-wrap">
              <table className="data-table targets-table">
                <thead>
                  <tr>
                    <th scope="col">{t('targets.admin.code')}</th>
                    <th scope="col">{t('targets.admin.label')}</th>
                    <th scope="col">{t('targets.admin.period')}</th>
                    <th scope="col" className="number">
                      {t('targets.admin.target')}
                    </th>
                    <th scope="col" className="number">
                      {t('targets.admin.done')}
                    </th>
                    <th scope="col">{t('targets.admin.status')}</th>
                    <th scope="col">{t('targets.admin.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {targets.data.map((target) => (
                    <tr key={target.id}>
                      <td data-label={t('targets.admin.code')}>{target.code ?? '—'}</td>
                      <th scope="row">
                        <Link to={`/targets/${target.id}`}>{localText(target.label, target.labelKm, language)}</Link>
                      </th>
                      <td data-label={t('targets.admin.period')}>
                        {target.planStartYear}–{target.planEndYear}
                      </td>
                      <td className="number" data-label={t('targets.admin.target')}>
                        {formatNumber(target.target)}
                      </td>
                      <td className="number" data-label={t('targets.admin.done')}>
                        {formatNumber(target.progress.done)}
                      </td>
                      <td data-label={t('targets.admin.status')}>
                        {target.progress.status ? t(`vocab.paceStatus.${target.progress.status}`) : t('targets.admin.noStatus')}
                      </td>
                      <td>
                        {confirming?.id === target.id ? (
                          <div className="row-actions" role="group" aria-label={t('targets.admin.deleteOf', { label: target.label })}>
                            <p className="small">{t('targets.admin.confirmDelete', { label: target.label })}</p>
                            <button
                              type="button"
                              className="button button-danger"
                              disabled={remove.isPending}
                              onClick={() => remove.mutate(target)}
                            >
                              {t('targets.admin.deleteConfirm')}
                            </button>
                            <button type="button" className="button" onClick={() => setConfirming(undefined)}>
                              {t('targets.admin.cancel')}
                            </button>
                          </div>
                        ) : (
                          <div className="row-actions">
                            <button
                              type="button"
                              className="button"
                              aria-label={t('targets.admin.editOf', { label: target.label })}
                              onClick={() => open(target)}
                            >
                              {t('targets.admin.edit')}
                            </button>
                            <button
                              type="button"
                              className="button"
                              aria-label={t('targets.admin.deleteOf', { label: target.label })}
                              onClick={() => setConfirming(target)}
                            >
                              {t('targets.admin.delete')}
                            </button>
                          </div>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </div>
  )
}

/** The schema's checks, in the reader's language; the checks across fields get their own words. */
function checkTarget(
  values: TargetFormValues,
  t: TFunction,
): { ok: true; data: CreateProgramTargetBody } | { ok: false; errors: FieldErrors } {
  const result = CreateProgramTargetBody.safeParse(targetBodyOf(values), { reportInput: true })
  if (result.success) return { ok: true, data: result.data }
  const errors: FieldErrors = {}
  for (const issue of result.error.issues) {
    const path = issue.path.join('.') || '_form'
    const isAcrossFields = issue.code === 'custom'
    const field = isAcrossFields && path.startsWith('milestones') ? 'milestones' : path
    errors[field] ??= isAcrossFields ? acrossFieldsText(field, t) : issueText(t, issue)
  }
  return { ok: false, errors }
}

function acrossFieldsText(field: string, t: TFunction) {
  if (field === 'planEndYear') return t('targets.form.errors.endBeforeStart')
  if (field === 'baseline') return t('targets.form.errors.baselineBelowTarget')
  if (field === 'milestones') return t('targets.form.errors.milestones')
  return t('common.error.fieldInvalid')
}

const FIELDS_SHOWN = ['code', 'label', 'labelKm', 'planStartYear', 'planEndYear', 'target', 'baseline', 'pace']

function TargetForm({ target, onDone }: { target?: ProgramTarget; onDone: (savedLabel?: string) => void }) {
  const { t } = useTranslation()
  const language = currentLanguage()
  const queryClient = useQueryClient()
  const [values, setValues] = useState<TargetFormValues>(() => (target ? targetValuesOf(target) : newTargetValues(thisYear())))
  const [preset, setPreset] = useState<TargetIndicator | ''>('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const set = <K extends keyof TargetFormValues>(key: K, value: TargetFormValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }))
  const years = planYears(values)

  const save = useMutation({
    mutationFn: (body: CreateProgramTargetBody) =>
      target ? updateTarget(target.id, { ...body, version: target.version }) : createTarget(body),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: targetsKey })
      onDone(saved.label)
    },
    onError: (error) => setErrors(serverFieldErrors(t, error)),
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const checked = checkTarget(values, t)
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    save.mutate(checked.data)
  }
  const startFrom = (indicator: TargetIndicator | '') => {
    setPreset(indicator)
    if (!indicator) return
    const chosen = TARGET_PRESETS[indicator]
    setValues((current) => ({ ...current, label: chosen.label, labelKm: chosen.labelKm, rule: ruleDraftOf(chosen.rule) }))
  }
  const spread = () => {
    const goal = Number(values.target)
    if (!values.target.trim() || !Number.isFinite(goal)) {
      setErrors((current) => ({ ...current, target: t('common.error.fieldRequired') }))
      return
    }
    set('milestones', spreadEvenly(years, Number(values.baseline) || 0, goal))
  }
  const milestoneError = Object.entries(errors).find(([path]) => path === 'milestones' || path.startsWith('milestones.'))?.[1]
  const otherErrors = Object.entries(errors).filter(
    ([path]) => !FIELDS_SHOWN.includes(path) && !path.startsWith('milestones') && !path.startsWith('rule.'),
  )
  const title = target ? localText(target.label, target.labelKm, language) : t('targets.form.newTitle')

  return (
    <form className="card target-form" onSubmit={submit} noValidate aria-label={title}>
      <h2>{title}</h2>
      <Field label={t('targets.form.startFrom')}>
        <select className="input" value={preset} onChange={(event) => startFrom(event.target.value as TargetIndicator | '')}>
          <option value="">{t('targets.form.startFromNone')}</option>
          {TARGET_INDICATORS.map((indicator) => (
            <option key={indicator} value={indicator}>
              {language === 'km' ? TARGET_PRESETS[indicator].labelKm : TARGET_PRESETS[indicator].label}
            </option>
          ))}
        </select>
      </Field>
      <div className="form-grid">
        <Field label={t('targets.form.code')} error={errors.code}>
          <input className="input" value={values.code} maxLength={20} onChange={(event) => set('code', event.target.value)} />
        </Field>
        <Field label={t('targets.form.label')} error={errors.label}>
          <input className="input" value={values.label} maxLength={200} onChange={(event) => set('label', event.target.value)} />
        </Field>
        <Field label={t('targets.form.labelKm')} error={errors.labelKm}>
          <input
            className="input"
            lang="km"
            value={values.labelKm}
            maxLength={200}
            onChange={(event) => set('labelKm', event.target.value)}
          />
        </Field>
      </div>
      <div className="form-grid">
        <Field label={t('targets.form.firstYear')} error={errors.planStartYear}>
          <input
            className="input"
            type="number"
            inputMode="numeric"
            min={1990}
            max={2100}
            value={values.planStartYear}
            onChange={(event) => set('planStartYear', event.target.value)}
          />
        </Field>
        <Field label={t('targets.form.lastYear')} error={errors.planEndYear}>
          <input
            className="input"
            type="number"
            inputMode="numeric"
            min={1990}
            max={2100}
            value={values.planEndYear}
            onChange={(event) => set('planEndYear', event.target.value)}
          />
        </Field>
        <Field label={t('targets.form.target')} error={errors.target}>
          <input
            className="input"
            type="number"
            inputMode="numeric"
            min={1}
            value={values.target}
            onChange={(event) => set('target', event.target.value)}
          />
        </Field>
        <Field label={t('targets.form.baseline')} hint={t('targets.form.baselineHint')} error={errors.baseline}>
          <input
            className="input"
            type="number"
            inputMode="numeric"
            min={0}
            value={values.baseline}
            onChange={(event) => set('baseline', event.target.value)}
          />
        </Field>
        <Field label={t('targets.form.pace')} error={errors.pace}>
          <select className="input" value={values.pace} onChange={(event) => set('pace', event.target.value as TargetPace)}>
            {TARGET_PACES.map((pace) => (
              <option key={pace} value={pace}>
                {t(`vocab.targetPace.${pace}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {values.pace === 'milestones' && (
        <fieldset className="target-milestones">
          <legend>{t('targets.form.milestones')}</legend>
          <p className="small muted">{t('targets.form.milestonesHint')}</p>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('targets.form.milestoneYear')}</th>
                <th scope="col">{t('targets.form.milestoneValue')}</th>
              </tr>
            </thead>
            <tbody>
              {years.map((year) => (
                <tr key={year}>
                  <th scope="row">{year}</th>
                  <td>
                    <input
                      className="input"
                      type="number"
                      inputMode="numeric"
                      min={0}
                      aria-label={t('targets.form.milestone', { year })}
                      value={values.milestones[String(year)] ?? ''}
                      onChange={(event) => set('milestones', { ...values.milestones, [String(year)]: event.target.value })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" className="button" onClick={spread}>
            {t('targets.form.spread')}
          </button>
          {milestoneError && (
            <p className="field-error" role="alert">
              {milestoneError}
            </p>
          )}
        </fieldset>
      )}
      <RuleEditor draft={values.rule} onChange={(rule) => set('rule', rule)} errors={errors} />
      {otherErrors.length > 0 && (
        <p className="field-error" role="alert">
          {otherErrors.map(([path, message]) => `${path}: ${message}`).join(' · ')}
        </p>
      )}
      <ProblemMessage error={save.error} />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? t('targets.form.saving') : t('targets.form.save')}
        </button>
        <button type="button" className="button" onClick={() => onDone()}>
          {t('targets.form.cancel')}
        </button>
      </div>
    </form>
  )
}
