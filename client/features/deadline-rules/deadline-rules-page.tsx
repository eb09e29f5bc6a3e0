// Admin → Deadline rules: the list, a form to add or change one (names, titles and legal basis in
// English and Khmer, trigger kind, case kinds, days and how they count, source address, active),
// and deleting after a confirmation. The form validates with the server's own schema.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { CreateDeadlineRuleBody, type DeadlineRule } from '../../../shared/deadline-rules.ts'
import {
  CASE_EVENT_KINDS,
  CASE_KINDS,
  DEADLINE_DAY_COUNTS,
  type CaseEventKind,
  type CaseKind,
  type DeadlineDayCount,
} from '../../../shared/vocabularies.ts'
import { Field } from '../../components/field.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { serverFieldErrors, validate, type FieldErrors } from '../../lib/form-errors.ts'
import { createDeadlineRule, deadlineRulesQuery, deleteDeadlineRule, updateDeadlineRule } from './api.ts'

interface FormValues {
  name: string
  nameKm: string
  triggerKind: CaseEventKind
  caseKinds: CaseKind[]
  days: string
  dayCount: DeadlineDayCount
  deadlineTitle: string
  deadlineTitleKm: string
  legalBasis: string
  legalBasisKm: string
  sourceUrl: string
  isActive: boolean
}

const emptyValues: FormValues = {
  name: '',
  nameKm: '',
  triggerKind: 'judgment',
  caseKinds: [],
  days: '',
  dayCount: 'calendar_days',
  deadlineTitle: '',
  deadlineTitleKm: '',
  legalBasis: '',
  legalBasisKm: '',
  sourceUrl: '',
  isActive: true,
}

const valuesOf = (rule: DeadlineRule): FormValues => ({
  name: rule.name,
  nameKm: rule.nameKm ?? '',
  triggerKind: rule.triggerKind,
  caseKinds: [...rule.caseKinds],
  days: String(rule.days),
  dayCount: rule.dayCount,
  deadlineTitle: rule.deadlineTitle,
  deadlineTitleKm: rule.deadlineTitleKm ?? '',
  legalBasis: rule.legalBasis,
  legalBasisKm: rule.legalBasisKm ?? '',
  sourceUrl: rule.sourceUrl ?? '',
  isActive: rule.isActive,
})

export function DeadlineRulesPage() {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const rules = useQuery(deadlineRulesQuery())
  const [editing, setEditing] = useState<'new' | DeadlineRule>()
  const [notice, setNotice] = useState<string>()
  const [confirming, setConfirming] = useState<DeadlineRule>()

  const remove = useMutation({
    mutationFn: (rule: DeadlineRule) => deleteDeadlineRule(rule.id, rule.version),
    onSuccess: async (_result, rule) => {
      setConfirming(undefined)
      setNotice(t('deadlineRules.deleted', { name: rule.name }))
      await queryClient.invalidateQueries({ queryKey: ['deadline-rules'] })
    },
  })

  const closeForm = (savedName?: string) => {
    setEditing(undefined)
    if (savedName) setNotice(t('deadlineRules.saved', { name: savedName }))
  }

  return (
    <div className="page deadline-rules-page">
      <PageHeader
        title={t('deadlineRules.title')}
        actions={
          !editing && (
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                setNotice(undefined)
                setEditing('new')
              }}
            >
              + {t('deadlineRules.newRule')}
            </button>
          )
        }
      >
        <p className="muted">{t('deadlineRules.intro')}</p>
      </PageHeader>

      {notice && (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      )}
      {editing && (
        <RuleForm
          key={editing === 'new' ? 'new' : `${editing.id}:${editing.version}`}
          rule={editing === 'new' ? undefined : editing}
          onDone={closeForm}
        />
      )}

      {!editing && (
        <section className="card" aria-labelledby="deadline-rules-heading">
          <h2 id="deadline-rules-heading" className="visually-hidden">
            {t('deadlineRules.title')}
          </h2>
          <ProblemMessage error={rules.error} onRetry={() => void rules.refetch()} />
          {rules.isPending && <p className="muted">{t('common.state.loading')}</p>}
          {rules.data?.length === 0 && <p className="empty">{t('deadlineRules.empty')}</p>}
          <ProblemMessage error={remove.error} />
          <ul className="template-list" data-testid="deadline-rules">
            {rules.data?.map((rule) => (
              <li key={rule.id} className="card">
                <div>
                  <strong>{rule.name}</strong>
                  {rule.nameKm && <span lang="km"> · {rule.nameKm}</span>}
                  {!rule.isActive && <span className="badge"> {t('deadlineRules.inactive')}</span>}
                  <br />
                  <span className="small">
                    {t('deadlineRules.summary', {
                      days: rule.days,
                      dayCount: t(`vocab.deadlineDayCount.${rule.dayCount}`),
                      trigger: t(`vocab.caseEventKind.${rule.triggerKind}`),
                    })}{' '}
                    ·{' '}
                    {rule.caseKinds.length === 0
                      ? t('deadlineRules.allKinds')
                      : rule.caseKinds.map((kind) => t(`vocab.caseKind.${kind}`)).join(', ')}
                  </span>
                  <br />
                  <span className="small muted">{rule.legalBasis}</span>
                </div>
                {confirming?.id === rule.id ? (
                  <div className="row-actions" role="group">
                    <p className="small">{t('deadlineRules.confirmDelete', { name: rule.name })}</p>
                    <button type="button" className="button button-danger" disabled={remove.isPending} onClick={() => remove.mutate(rule)}>
                      {t('common.action.delete')}
                    </button>
                    <button type="button" className="button" onClick={() => setConfirming(undefined)}>
                      {t('common.action.cancel')}
                    </button>
                  </div>
                ) : (
                  <div className="row-actions">
                    <button
                      type="button"
                      className="button"
                      aria-label={`${t('common.action.edit')}: ${rule.name}`}
                      onClick={() => {
                        setNotice(undefined)
                        setEditing(rule)
                      }}
                    >
                      {t('common.action.edit')}
                    </button>
                    <button
                      type="button"
                      className="button"
                      aria-label={`${t('common.action.delete')}: ${rule.name}`}
                      onClick={() => setConfirming(rule)}
                    >
                      {t('common.action.delete')}
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  )
}

function RuleForm({ rule, onDone }: { rule?: DeadlineRule; onDone: (savedName?: string) => void }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [values, setValues] = useState<FormValues>(rule ? valuesOf(rule) : emptyValues)
  const [errors, setErrors] = useState<FieldErrors>({})
  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) => setValues((current) => ({ ...current, [key]: value }))

  const save = useMutation({
    mutationFn: (body: CreateDeadlineRuleBody) =>
      rule ? updateDeadlineRule(rule.id, { ...body, version: rule.version }) : createDeadlineRule(body),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['deadline-rules'] })
      onDone(saved.name)
    },
    onError: (error) => setErrors(serverFieldErrors(t, error)),
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const checked = validate(CreateDeadlineRuleBody, { ...values, days: values.days.trim() === '' ? undefined : Number(values.days) }, t)
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    save.mutate(checked.data)
  }
  const toggleKind = (kind: CaseKind) =>
    set('caseKinds', values.caseKinds.includes(kind) ? values.caseKinds.filter((k) => k !== kind) : [...values.caseKinds, kind])

  return (
    <form className="card deadline-rule-form" onSubmit={submit} noValidate aria-label={rule ? rule.name : t('deadlineRules.newRule')}>
      <h2>{rule ? rule.name : t('deadlineRules.newRule')}</h2>
      <div className="form-grid">
        <Field label={t('deadlineRules.name')} required error={errors.name}>
          <input className="input" value={values.name} maxLength={200} onChange={(event) => set('name', event.target.value)} />
        </Field>
        <Field label={t('deadlineRules.nameKm')} error={errors.nameKm}>
          <input
            className="input"
            lang="km"
            value={values.nameKm}
            maxLength={200}
            onChange={(event) => set('nameKm', event.target.value)}
          />
        </Field>
        <Field label={t('deadlineRules.triggerKind')} required error={errors.triggerKind}>
          <select
            className="input"
            value={values.triggerKind}
            onChange={(event) => set('triggerKind', event.target.value as CaseEventKind)}
          >
            {CASE_EVENT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`vocab.caseEventKind.${kind}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('deadlineRules.days')} required error={errors.days}>
          <input
            className="input"
            type="number"
            inputMode="numeric"
            min={1}
            max={3650}
            value={values.days}
            onChange={(event) => set('days', event.target.value)}
          />
        </Field>
        <Field label={t('deadlineRules.dayCount')} required hint={t('deadlineRules.dayCountHint')} error={errors.dayCount}>
          <select className="input" value={values.dayCount} onChange={(event) => set('dayCount', event.target.value as DeadlineDayCount)}>
            {DEADLINE_DAY_COUNTS.map((count) => (
              <option key={count} value={count}>
                {t(`vocab.deadlineDayCount.${count}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <fieldset className="field">
        <legend>{t('deadlineRules.caseKinds')}</legend>
        <p className="small muted">{t('deadlineRules.caseKindsHint')}</p>
        {CASE_KINDS.map((kind) => (
          <label key={kind} className="checkbox">
            <input type="checkbox" checked={values.caseKinds.includes(kind)} onChange={() => toggleKind(kind)} />{' '}
            {t(`vocab.caseKind.${kind}`)}
          </label>
        ))}
        {errors.caseKinds && <p className="field-error">{errors.caseKinds}</p>}
      </fieldset>
      <div className="form-grid">
        <Field label={t('deadlineRules.deadlineTitle')} required error={errors.deadlineTitle}>
          <input
            className="input"
            value={values.deadlineTitle}
            maxLength={300}
            onChange={(event) => set('deadlineTitle', event.target.value)}
          />
        </Field>
        <Field label={t('deadlineRules.deadlineTitleKm')} error={errors.deadlineTitleKm}>
          <input
            className="input"
            lang="km"
            value={values.deadlineTitleKm}
            maxLength={300}
            onChange={(event) => set('deadlineTitleKm', event.target.value)}
          />
        </Field>
      </div>
      <Field label={t('deadlineRules.legalBasis')} required hint={t('deadlineRules.legalBasisHint')} error={errors.legalBasis}>
        <textarea className="input" rows={3} value={values.legalBasis} onChange={(event) => set('legalBasis', event.target.value)} />
      </Field>
      <Field label={t('deadlineRules.legalBasisKm')} error={errors.legalBasisKm}>
        <textarea
          className="input"
          lang="km"
          rows={3}
          value={values.legalBasisKm}
          onChange={(event) => set('legalBasisKm', event.target.value)}
        />
      </Field>
      <Field label={t('deadlineRules.sourceUrl')} error={errors.sourceUrl}>
        <input className="input" type="url" value={values.sourceUrl} onChange={(event) => set('sourceUrl', event.target.value)} />
      </Field>
      <label className="checkbox">
        <input type="checkbox" checked={values.isActive} onChange={(event) => set('isActive', event.target.checked)} />{' '}
        {t('deadlineRules.isActive')}
      </label>
      <ProblemMessage error={save.error} />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? t('common.state.saving') : t('common.action.save')}
        </button>
        <button type="button" className="button" onClick={() => onDone()}>
          {t('common.action.cancel')}
        </button>
      </div>
    </form>
  )
}
