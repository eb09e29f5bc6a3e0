// A community's annual plans: what they set out to do each year and how far they got. Staff add
// and edit plans here, on the community's page, with the same validation and conflict handling
// as every other form.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { CommunityPlan, CreateCommunityPlanBody, UpdateCommunityPlanBody, type Community } from '../../../shared/communities.ts'
import { PLAN_STATUSES } from '../../../shared/vocabularies.ts'
import { useCan } from '../../lib/session.ts'
import { ConflictNotice } from '../../components/conflict-notice.tsx'
import { Field } from '../../components/field.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { api } from '../../lib/api-client.ts'
import { formatDateTime, formatNumber } from '../../lib/format.ts'
import { serverFieldErrors, validate, type FieldErrors } from '../../lib/form-errors.ts'
import { communityPlansQuery, createPlan, deletePlan, updatePlan } from './api.ts'
import { PlanStatusBadge } from './community-bits.tsx'
import { ConfirmDelete } from '../../components/confirm-delete.tsx'
import { currentRowOf } from '../../lib/conflict.ts'
import { changedFields, notANumberWhenText, numberOrNull, textOrNull } from '../../lib/form-values.ts'
import { communitiesKey } from '../../lib/reference-data.ts'

export function CommunityPlans({ community }: { community: Community }) {
  const { t } = useTranslation()
  const can = useCan()
  const { data, error, refetch } = useQuery(communityPlansQuery(community.id))
  /** 'new', a plan's id, or null when no form is open. */
  const [editing, setEditing] = useState<string | null>(null)
  const canWrite = can('communities.write')
  const years = new Set(data?.items.map((plan) => plan.year))

  return (
    <section className="card" aria-labelledby="community-plans">
      <div className="rec-section-heading">
        <h2 id="community-plans">
          {t('communities.plans.title')}
          {data && <span className="rec-count">{formatNumber(data.items.length)}</span>}
        </h2>
        {canWrite && editing !== 'new' && (
          <button type="button" className="button" onClick={() => setEditing('new')}>
            + {t('communities.plans.add')}
          </button>
        )}
      </div>
      {editing === 'new' && <PlanForm communityId={community.id} takenYears={years} onDone={() => setEditing(null)} />}
      {error && <ProblemMessage error={error} onRetry={() => void refetch()} />}
      {!data && !error && (
        <p className="muted" role="status">
          {t('common.state.loading')}
        </p>
      )}
      {data && data.items.length === 0 && editing !== 'new' && <p className="empty">{t('communities.plans.empty')}</p>}
      {data && data.items.length > 0 && (
        <ul className="rec-plans">
          {data.items.map((plan) =>
            editing === plan.id ? (
              <li key={plan.id} className="rec-plan">
                <PlanForm communityId={community.id} plan={plan} takenYears={years} onDone={() => setEditing(null)} />
              </li>
            ) : (
              <li key={plan.id} className="rec-plan">
                <div className="rec-plan-head">
                  <h3>{t('communities.plans.yearTitle', { year: plan.year })}</h3>
                  <PlanStatusBadge status={plan.status} />
                  {canWrite && editing === null && (
                    <button type="button" className="link-button rec-plan-edit" onClick={() => setEditing(plan.id)}>
                      {t('communities.plans.editYear', { year: plan.year })}
                    </button>
                  )}
                </div>
                <dl className="rec-plan-text">
                  <PlanText label={t('communities.plans.priorities')} text={plan.priorities} />
                  <PlanText label={t('communities.plans.goals')} text={plan.goals} />
                  <PlanText label={t('communities.plans.actions')} text={plan.actions} />
                </dl>
                <p className="small muted">{t('communities.plans.updated', { date: formatDateTime(plan.updatedAt) })}</p>
              </li>
            ),
          )}
        </ul>
      )}
    </section>
  )
}

function PlanText({ label, text }: { label: string; text: string | null }) {
  if (!text) return null
  return (
    <>
      <dt>{label}</dt>
      <dd className="rec-prose">{text}</dd>
    </>
  )
}

interface PlanValues {
  year: string
  status: string
  priorities: string
  goals: string
  actions: string
}

const valuesOf = (plan: CommunityPlan): PlanValues => ({
  year: String(plan.year),
  status: plan.status,
  priorities: plan.priorities ?? '',
  goals: plan.goals ?? '',
  actions: plan.actions ?? '',
})

const bodyOf = (values: PlanValues) => ({
  year: numberOrNull(values.year) ?? undefined,
  status: values.status,
  priorities: textOrNull(values.priorities),
  goals: textOrNull(values.goals),
  actions: textOrNull(values.actions),
})

const thisYear = () => Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Phnom_Penh' }).format(new Date()))

function PlanForm({
  communityId,
  plan,
  takenYears,
  onDone,
}: {
  communityId: string
  plan?: CommunityPlan
  takenYears: Set<number>
  onDone: () => void
}) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [base, setBase] = useState(plan)
  const [values, setValues] = useState<PlanValues>(() =>
    plan ? valuesOf(plan) : { year: String(thisYear()), status: 'draft', priorities: '', goals: '', actions: '' },
  )
  const [errors, setErrors] = useState<FieldErrors>({})
  const [conflict, setConflict] = useState<CommunityPlan | undefined>()
  const set = (field: keyof PlanValues) => (event: { target: { value: string } }) =>
    setValues((previous) => ({ ...previous, [field]: event.target.value }))

  const save = useMutation({
    mutationFn: (request: { create: CreateCommunityPlanBody } | { update: UpdateCommunityPlanBody }) =>
      'create' in request ? createPlan(request.create) : updatePlan(base!.id, request.update),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: [...communitiesKey, 'detail', communityId, 'plans'] })
      onDone()
    },
    onError: async (error) => {
      const current = base && (await currentRowOf(error, CommunityPlan, () => api(`/api/community-plans/${base.id}`, CommunityPlan)))
      if (current) return setConflict(current)
      setErrors(serverFieldErrors(t, error))
    },
  })

  /** Validates with the shared schema, then saves; `version` is the current one when saving over a conflict. */
  const trySave = (version?: number) => {
    setErrors({})
    setConflict(undefined)
    if (!base) {
      const checked = validate(CreateCommunityPlanBody, { communityId, ...bodyOf(values) }, t)
      return checked.ok
        ? save.mutate({ create: checked.data })
        : setErrors(notANumberWhenText(checked.errors, { ...values }, ['year'], t('common.error.notANumber')))
    }
    const changes = changedFields(bodyOf(values), bodyOf(valuesOf(base)))
    if (Object.keys(changes).length === 0) return onDone()
    const checked = validate(UpdateCommunityPlanBody, { ...changes, version: version ?? base.version }, t)
    return checked.ok
      ? save.mutate({ update: checked.data })
      : setErrors(notANumberWhenText(checked.errors, { ...values }, ['year'], t('common.error.notANumber')))
  }

  const remove = useMutation({
    mutationFn: () => deletePlan(base!.id, base!.version),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: [...communitiesKey, 'detail', communityId, 'plans'] })
      onDone()
    },
  })

  const submit = (event: FormEvent) => {
    event.preventDefault()
    trySave()
  }
  const yearNumber = numberOrNull(values.year)
  const isYearTaken = yearNumber !== null && yearNumber !== base?.year && takenYears.has(yearNumber)
  const serverError = save.error && !conflict && Object.keys(errors).length === 0 ? save.error : undefined

  return (
    <form
      className="rec-plan-form"
      onSubmit={submit}
      noValidate
      aria-label={base ? t('communities.plans.editYear', { year: base.year }) : t('communities.plans.add')}
    >
      <h3>{base ? t('communities.plans.editYear', { year: base.year }) : t('communities.plans.add')}</h3>
      {conflict && (
        <ConflictNotice
          onReload={() => {
            setBase(conflict)
            setValues(valuesOf(conflict))
            setConflict(undefined)
          }}
          onOverwrite={() => trySave(conflict.version)}
        />
      )}
      <div className="form-grid">
        <Field
          label={t('communities.plans.year')}
          error={errors.year}
          required
          hint={isYearTaken ? t('communities.plans.yearTaken') : undefined}
        >
          <input type="text" inputMode="numeric" value={values.year} onChange={set('year')} maxLength={4} />
        </Field>
        <Field label={t('common.field.status')} error={errors.status} required>
          <select value={values.status} onChange={set('status')}>
            {PLAN_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`vocab.planStatus.${status}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('communities.plans.priorities')} error={errors.priorities} className="span-2">
          <textarea value={values.priorities} onChange={set('priorities')} rows={3} />
        </Field>
        <Field label={t('communities.plans.goals')} error={errors.goals} className="span-2">
          <textarea value={values.goals} onChange={set('goals')} rows={3} />
        </Field>
        <Field label={t('communities.plans.actions')} error={errors.actions} className="span-2">
          <textarea value={values.actions} onChange={set('actions')} rows={3} />
        </Field>
      </div>
      {Object.keys(errors).length > 0 && (
        <p className="field-error" role="alert">
          {t('common.error.invalid')}
        </p>
      )}
      {serverError && <ProblemMessage error={serverError} />}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? t('common.state.saving') : t('common.action.save')}
        </button>
        <button type="button" className="button" onClick={onDone} disabled={save.isPending}>
          {t('common.action.cancel')}
        </button>
        {base && (
          <ConfirmDelete
            question={t('communities.plans.deleteQuestion', { year: base.year })}
            consequence={t('communities.plans.deleteConsequence')}
            onConfirm={() => remove.mutate()}
            isBusy={remove.isPending}
          >
            {remove.error && <ProblemMessage error={remove.error} />}
          </ConfirmDelete>
        )}
      </div>
    </form>
  )
}
