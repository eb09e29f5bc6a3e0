// Record an activity, or edit one: what it was, when, which communities and groups took part, and
// how many people (women, men, and the youth among them), with the running total as they count.
// Representatives choose among their own communities only (the API lists no other). Checked with
// the shared schema and its cross-field rules before sending; the server's objections appear
// next to their fields; a 409 keeps the edits and lets the user load the current version.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { Activity, CreateActivityBody, UpdateActivityBody } from '../../../shared/activities.ts'
import { ACTIVITY_KINDS, ACTIVITY_TOPICS } from '../../../shared/vocabularies.ts'
import { ConflictNotice } from '../../components/conflict-notice.tsx'
import { Field } from '../../components/field.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { PageLoading, PageProblem } from '../../components/page-state.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { cambodiaDayKey } from '../../lib/days.ts'
import { useEditForm, type CreateVariables, type UpdateVariables } from '../../lib/edit-form.ts'
import type { FieldErrors } from '../../lib/form-errors.ts'
import { errorOf, notANumberWhenText, requiredWhenEmpty } from '../../lib/form-values.ts'
import { formatNumber } from '../../lib/format.ts'
import { communityOptionsQuery, localName, provinceName, useProvinces, type CommunityOption } from '../../lib/reference-data.ts'
import { activityQuery, activitySaved, createActivity, fetchActivity, updateActivity } from './api.ts'
import {
  activityBodyOf,
  activityChangesOf,
  activityValuesOf,
  crossFieldErrors,
  emptyActivityValues,
  participantsTotal,
  type ActivityFormValues,
} from './activity-form.ts'
import { registerActivitiesStrings } from './strings.ts'
import '../../components/records.css'
import './activities.css'

registerActivitiesStrings()

export function ActivityEditPage() {
  const { id } = useParams()
  const { data, error, refetch } = useQuery({ ...activityQuery(id ?? ''), enabled: Boolean(id) })
  if (!id) return <ActivityForm />
  if (error) return <PageProblem error={error} onRetry={() => void refetch()} />
  if (!data) return <PageLoading />
  return <ActivityForm key={id} activity={data} />
}

const NUMBER_FIELDS = ['participantsWomen', 'participantsMen', 'participantsYouth', 'costUsd']

function useSaveActivity() {
  const queryClient = useQueryClient()
  const create = useMutation({
    mutationFn: ({ body }: CreateVariables<unknown>) => createActivity(body as CreateActivityBody),
    onSuccess: (saved) => activitySaved(queryClient, saved),
  })
  const update = useMutation({
    mutationFn: ({ id, body }: UpdateVariables<unknown>) => updateActivity(id, body as UpdateActivityBody),
    onSuccess: (saved) => activitySaved(queryClient, saved),
  })
  return { create, update }
}

export function ActivityForm({ activity }: { activity?: Activity }) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const communities = useQuery(communityOptionsQuery())
  const { create, update } = useSaveActivity()
  const crossErrorsOf = (current: ActivityFormValues): FieldErrors => {
    const found = crossFieldErrors(current)
    const errors: FieldErrors = {}
    if (found.participantsYouth)
      errors.participantsYouth = t('activities.form.youthTooMany', { total: formatNumber(participantsTotal(current)) })
    if (found.endedOn) errors.endedOn = t('activities.form.endBeforeStart')
    return errors
  }
  const form = useEditForm<Activity, ActivityFormValues, Activity>({
    record: activity,
    valuesOf: (row) => (row ? activityValuesOf(row) : emptyActivityValues(cambodiaDayKey(new Date()))),
    bodyOf: (current, row) => (row ? activityChangesOf(current, row) : activityBodyOf(current, 'create')),
    createSchema: CreateActivityBody,
    updateSchema: UpdateActivityBody,
    rowSchema: Activity,
    fetchRow: fetchActivity,
    create,
    update,
    // An edit's body holds only what changed, so the rules across fields are checked on the whole form.
    checkValues: crossErrorsOf,
    refineErrors: (found, current) =>
      notANumberWhenText(
        requiredWhenEmpty(
          found,
          { kind: current.kind, startedOn: current.startedOn },
          ['kind', 'startedOn'],
          t('common.error.fieldRequired'),
        ),
        { participantsWomen: current.women, participantsMen: current.men, participantsYouth: current.youth, costUsd: current.costUsd },
        NUMBER_FIELDS,
        t('common.error.notANumber'),
      ),
    onSaved: (saved) => void navigate(`/activities/${saved.id}`),
    onUnchanged: (row) => void navigate(`/activities/${row.id}`),
  })
  const { base, isNew, values, setValues, errors, conflict, reload, overwrite, onSubmit, formRef, error, isSaving } = form

  // A representative of one community records for that community: chosen for them.
  const options = communities.data
  useEffect(() => {
    if (isNew && options?.length === 1)
      setValues((previous) => (previous.communityIds.length === 0 ? { ...previous, communityIds: [options[0]!.id] } : previous))
  }, [isNew, options, setValues])

  const set = <K extends keyof ActivityFormValues>(field: K, value: ActivityFormValues[K]) =>
    setValues((previous) => ({ ...previous, [field]: value }))
  const bind = (field: Exclude<keyof ActivityFormValues, 'communityIds'>) => ({
    value: values[field],
    onChange: (event: { target: { value: string } }) => set(field, event.target.value),
  })

  // The youth rule is told as soon as the counts break it, not only when saving.
  const liveErrors = crossErrorsOf(values)
  const hasErrors = Object.keys(errors).length > 0
  const otherProblem = error && !conflict && !hasErrors ? error : undefined
  const title = base ? t('activities.form.editTitle', { title: base.title }) : t('activities.form.newTitle')

  return (
    <div className="page rec-page-form activities-page">
      <PageHeader title={title}>
        <p className="muted">{t('activities.form.intro')}</p>
      </PageHeader>
      <form ref={formRef} onSubmit={onSubmit} noValidate className="rec-form" aria-label={title}>
        <section className="card">
          <div className="form-grid">
            <Field label={t('activities.field.kind')} error={errorOf(errors, 'kind')} required>
              <select {...bind('kind')}>
                <option value="">{t('activities.form.chooseKind')}</option>
                {ACTIVITY_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`vocab.activityKind.${kind}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('activities.field.topic')} error={errorOf(errors, 'topic')}>
              <select {...bind('topic')}>
                <option value="">{t('activities.form.noTopic')}</option>
                {ACTIVITY_TOPICS.map((topic) => (
                  <option key={topic} value={topic}>
                    {t(`vocab.activityTopic.${topic}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('activities.field.title')} error={errorOf(errors, 'title')} required className="span-2">
              <input type="text" autoComplete="off" maxLength={300} {...bind('title')} />
            </Field>
            <Field label={t('activities.field.startedOn')} error={errorOf(errors, 'startedOn')} required>
              <input type="date" {...bind('startedOn')} />
            </Field>
            <Field label={t('activities.field.endedOn')} error={errorOf(errors, 'endedOn') ?? liveErrors.endedOn}>
              <input type="date" min={values.startedOn || undefined} {...bind('endedOn')} />
            </Field>
          </div>
        </section>

        <CommunityChoices
          options={options}
          isLoading={communities.isPending}
          loadError={communities.error}
          onRetry={() => void communities.refetch()}
          chosen={values.communityIds}
          onChange={(communityIds) => set('communityIds', communityIds)}
          error={errorOf(errors, 'communityIds')}
        />

        <section className="card" aria-labelledby="activity-participants">
          <h2 id="activity-participants">{t('activities.field.participants')}</h2>
          <div className="activity-counts">
            <Field label={t('activities.field.women')} error={errorOf(errors, 'participantsWomen')}>
              <input type="number" inputMode="numeric" min={0} step={1} {...bind('women')} />
            </Field>
            <Field label={t('activities.field.men')} error={errorOf(errors, 'participantsMen')}>
              <input type="number" inputMode="numeric" min={0} step={1} {...bind('men')} />
            </Field>
            <Field label={t('activities.field.youth')} error={errorOf(errors, 'participantsYouth') ?? liveErrors.participantsYouth}>
              <input type="number" inputMode="numeric" min={0} step={1} {...bind('youth')} />
            </Field>
          </div>
          <p className="activity-total" aria-live="polite" data-testid="activity-total">
            {t('activities.form.totalLine', { total: formatNumber(participantsTotal(values)) })}
          </p>
        </section>

        <section className="card">
          <div className="form-grid">
            <Field label={t('activities.field.facilitators')} error={errorOf(errors, 'facilitators')}>
              <input type="text" autoComplete="off" maxLength={500} {...bind('facilitators')} />
            </Field>
            <Field label={t('activities.field.costUsd')} error={errorOf(errors, 'costUsd')}>
              <input type="number" inputMode="decimal" min={0} step={0.01} {...bind('costUsd')} />
            </Field>
            <Field label={t('activities.field.notes')} error={errorOf(errors, 'notes')} className="span-2">
              <textarea rows={4} {...bind('notes')} />
            </Field>
          </div>
        </section>

        <PlaceSection values={values} bind={bind} errors={errors} />

        <div className="rec-form-footer">
          {conflict && <ConflictNotice onReload={reload} onOverwrite={overwrite} />}
          {hasErrors && (
            <p className="alert alert-error" role="alert">
              {t('common.error.invalid')}
            </p>
          )}
          {otherProblem && <ProblemMessage error={otherProblem} />}
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={isSaving}>
              {isSaving ? t('common.state.saving') : t('activities.form.save')}
            </button>
            <Link to={base ? `/activities/${base.id}` : '/activities'} className="button">
              {t('common.action.cancel')}
            </Link>
          </div>
        </div>
      </form>
    </div>
  )
}

/** Above this many choices, a search box narrows the list (the chosen ones always stay in view). */
const FIND_FROM = 10

function CommunityChoices({
  options,
  isLoading,
  loadError,
  onRetry,
  chosen,
  onChange,
  error,
}: {
  options: CommunityOption[] | undefined
  isLoading: boolean
  loadError: unknown
  onRetry: () => void
  chosen: string[]
  onChange: (ids: string[]) => void
  error: string | undefined
}) {
  const { t } = useTranslation()
  const [find, setFind] = useState('')
  const needle = find.trim().toLowerCase()
  const shown = (options ?? []).filter(
    (option) =>
      !needle || chosen.includes(option.id) || option.name.toLowerCase().includes(needle) || (option.nameKm ?? '').includes(find.trim()),
  )
  const toggle = (id: string, isChecked: boolean) => onChange(isChecked ? [...chosen, id] : chosen.filter((other) => other !== id))
  return (
    <fieldset
      className={`card activity-communities ${error ? 'has-error' : ''}`}
      aria-describedby={error ? 'activity-communities-error' : undefined}
    >
      <legend>
        {t('activities.field.communities')}
        <span className="required-mark" aria-hidden="true">
          {' '}
          *
        </span>
      </legend>
      {isLoading && !loadError && <p className="muted">{t('common.state.loading')}</p>}
      <ProblemMessage error={loadError} onRetry={onRetry} />
      {options && options.length === 0 && <p className="empty">{t('activities.form.noCommunities')}</p>}
      {options && options.length > FIND_FROM && (
        <Field label={t('activities.form.findCommunity')}>
          <input type="search" value={find} onChange={(event) => setFind(event.target.value)} autoComplete="off" />
        </Field>
      )}
      <div className="choice-grid activity-community-grid">
        {shown.map((option) => (
          <label key={option.id}>
            <input type="checkbox" checked={chosen.includes(option.id)} onChange={(event) => toggle(option.id, event.target.checked)} />
            <span>{localName(option)}</span>
          </label>
        ))}
      </div>
      {error && (
        <p id="activity-communities-error" className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  )
}

type Bind = (field: 'province' | 'district' | 'commune' | 'village') => {
  value: string
  onChange: (event: { target: { value: string } }) => void
}

/** Where it took place, folded away: most activities happen in the community itself. */
function PlaceSection({ values, bind, errors }: { values: ActivityFormValues; bind: Bind; errors: FieldErrors }) {
  const { t } = useTranslation()
  const provinces = useProvinces()
  const hasPlace = Boolean(values.district || values.commune || values.village)
  const hasError = ['province', 'district', 'commune', 'village'].some((field) => errorOf(errors, field))
  return (
    <details className="card activity-place" open={hasPlace || hasError || undefined}>
      <summary>{t('activities.form.placeOptional')}</summary>
      <p className="field-hint">{t('activities.form.placeHint')}</p>
      <div className="form-grid">
        <Field label={t('common.field.province')} error={errorOf(errors, 'province')}>
          <select {...bind('province')}>
            <option value="">{t('activities.form.provinceFromCommunity')}</option>
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
      </div>
    </details>
  )
}
