// Open a new legal case, or edit one. The shared Create/UpdateCaseBody schemas check the form
// before it is sent; an edit sends only what changed, with the version it started from, and a
// 409 keeps the user's edits while they review what someone else saved.
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { CaseDetail, CreateCaseBody, UpdateCaseBody } from '../../../shared/cases.ts'
import { CASE_KINDS, CASE_RESULTS, CASE_STAGES, type CaseKind, type CaseResult, type CaseStage } from '../../../shared/vocabularies.ts'
import { useCan } from '../../lib/session.ts'
import { ConflictNotice } from '../../components/conflict-notice.tsx'
import { Field } from '../../components/field.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { isConflict } from '../../lib/api-client.ts'
import { useEditForm } from '../../lib/edit-form.ts'
import { caseQuery, useCreateCase, useUpdateCase } from './api.ts'
import { cambodiaDayKey } from '../../lib/days.ts'
import type { PickOption } from './api.ts'
import { RecordPicker } from './record-picker.tsx'
import './cases.css'
import { localText } from '../../lib/reference-data.ts'
import { PageLoading, PageProblem } from '../../components/page-state.tsx'

export interface CaseFormValues {
  title: string
  titleKm: string
  kind: CaseKind | ''
  stage: CaseStage
  stageNote: string
  forum: string
  province: string
  summary: string
  privilegedNotes: string
  outcome: string
  /** Empty while the case is pending. */
  result: CaseResult | ''
  openedOn: string
  closedOn: string
}

export function valuesOf(row: CaseDetail | undefined): CaseFormValues {
  return {
    title: row?.title ?? '',
    titleKm: row?.titleKm ?? '',
    kind: row?.kind ?? '',
    stage: row?.stage ?? 'intake',
    stageNote: '',
    forum: row?.forum ?? '',
    province: row?.province ?? '',
    summary: row?.summary ?? '',
    privilegedNotes: row?.privilegedNotes ?? '',
    outcome: row?.outcome ?? '',
    result: row?.result ?? '',
    openedOn: row?.openedOn ?? cambodiaDayKey(new Date()),
    closedOn: row?.closedOn ?? '',
  }
}

/** The body to send: for a new case every filled field; for an edit only the fields that changed. */
export function bodyOf(values: CaseFormValues, original: CaseDetail | undefined, withPrivilegedNotes: boolean): Record<string, unknown> {
  const all: Record<string, unknown> = {
    title: values.title,
    titleKm: values.titleKm.trim() || null,
    kind: values.kind || undefined,
    stage: values.stage,
    forum: values.forum,
    province: values.province.trim() || null,
    summary: values.summary,
    outcome: values.outcome,
    result: values.result || null,
    openedOn: values.openedOn || undefined,
    closedOn: values.closedOn || null,
    ...(withPrivilegedNotes ? { privilegedNotes: values.privilegedNotes } : {}),
  }
  if (!original) {
    return Object.fromEntries(Object.entries(all).filter(([, value]) => value !== '' && value !== null && value !== undefined))
  }
  const before = valuesOf(original)
  const changed = Object.fromEntries(
    Object.entries(all).filter(([key]) => before[key as keyof CaseFormValues] !== values[key as keyof CaseFormValues]),
  )
  if (changed.stage !== undefined && values.stageNote.trim()) changed.stageNote = values.stageNote
  return changed
}

export function CaseEditPage() {
  const { id } = useParams()
  const existing = useQuery({ ...caseQuery(id ?? ''), enabled: Boolean(id) })
  if (id && existing.isPending) return <PageLoading />
  if (id && existing.error) return <PageProblem error={existing.error} onRetry={() => void existing.refetch()} />
  return <CaseForm key={id ?? 'new'} original={id ? existing.data : undefined} />
}

function CaseForm({ original: loaded }: { original: CaseDetail | undefined }) {
  const { t, i18n } = useTranslation()
  const can = useCan()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [community, setCommunity] = useState<PickOption | null>(null)
  // The field exists for this viewer only if the server sent it (editing) or, for a new case,
  // if the role writes cases: the roles that write cases are the ones that read privileged notes.
  const withPrivilegedNotes = loaded ? loaded.privilegedNotes !== undefined : can('cases.write')
  const {
    // What the edits are based on: the loaded case, or the current one after "load the current version".
    base: original,
    isNew,
    values,
    setValues,
    errors,
    conflict,
    reload,
    overwrite,
    onSubmit,
    formRef,
    error,
    isSaving,
  } = useEditForm<CaseDetail, CaseFormValues, CaseDetail>({
    record: loaded,
    valuesOf,
    // For a new case every filled field; for an edit only the fields that changed.
    bodyOf: (current, row) => bodyOf(current, row, withPrivilegedNotes),
    createSchema: CreateCaseBody,
    updateSchema: UpdateCaseBody,
    rowSchema: CaseDetail,
    create: useCreateCase(community?.id),
    update: useUpdateCase(),
    // A missing choice of a vocabulary reads "not valid" from the schema: here it is simply required.
    refineErrors: (found, current) => ({ ...found, ...(found.kind && !current.kind ? { kind: t('common.error.fieldRequired') } : {}) }),
    // Send the wire form (ISO dates as text), not the parsed one.
    sendsInput: true,
    onSaved: (saved) => void navigate(`/cases/${saved.id}`),
    onUnchanged: (row) => void navigate(`/cases/${row.id}`),
    onReload: (current) => queryClient.setQueryData(caseQuery(current.id).queryKey, current),
  })

  const set = (field: keyof CaseFormValues) => (event: { target: { value: string } }) =>
    setValues({ ...values, [field]: event.target.value })
  const isStageChanged = original !== undefined && values.stage !== original.stage

  return (
    <div className="page page-narrow case-edit">
      <p className="breadcrumb">
        <Link to={original ? `/cases/${original.id}` : '/cases'}>← {original ? original.reference : t('cases.list.title')}</Link>
      </p>
      <PageHeader
        title={
          original
            ? t('cases.edit.editTitle', { title: localText(original.title, original.titleKm, i18n.language) })
            : t('cases.edit.newTitle')
        }
      />
      <form ref={formRef} onSubmit={onSubmit} noValidate className="card">
        {Object.keys(errors).length > 0 && (
          <p className="alert alert-error" role="alert">
            {t('common.error.invalid')}
          </p>
        )}
        <div className="form-grid">
          <Field label={t('cases.field.title')} error={errors.title} required className="span-2">
            <input value={values.title} onChange={set('title')} maxLength={300} />
          </Field>
          <Field label={t('cases.field.titleKm')} error={errors.titleKm} className="span-2">
            <input lang="km" value={values.titleKm} onChange={set('titleKm')} maxLength={300} />
          </Field>
          <Field label={t('cases.field.kind')} error={errors.kind} required>
            <select value={values.kind} onChange={set('kind')}>
              <option value="">{t('cases.edit.chooseKind')}</option>
              {CASE_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`vocab.caseKind.${kind}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('cases.field.stage')} error={errors.stage} required>
            <select value={values.stage} onChange={set('stage')}>
              {CASE_STAGES.map((stage) => (
                <option key={stage} value={stage}>
                  {t(`vocab.caseStage.${stage}`)}
                </option>
              ))}
            </select>
          </Field>
          {isStageChanged && (
            <Field label={t('cases.stage.note')} error={errors.stageNote} hint={t('cases.stage.noteHint')} className="span-2">
              <textarea value={values.stageNote} onChange={set('stageNote')} rows={2} />
            </Field>
          )}
          <Field label={t('cases.field.forum')} error={errors.forum} hint={t('cases.edit.forumHint')}>
            <input value={values.forum} onChange={set('forum')} maxLength={300} />
          </Field>
          <Field label={t('common.field.province')} error={errors.province}>
            <input value={values.province} onChange={set('province')} maxLength={120} />
          </Field>
          <Field label={t('cases.field.openedOn')} error={errors.openedOn} required={!isNew}>
            <input type="date" value={values.openedOn} onChange={set('openedOn')} />
          </Field>
          {!isNew && (
            <Field label={t('cases.field.closedOn')} error={errors.closedOn}>
              <input type="date" value={values.closedOn} onChange={set('closedOn')} />
            </Field>
          )}
          {isNew && (
            <div className="span-2">
              {community ? (
                <p className="case-picked">
                  {t('common.field.community')}: <strong>{community.label}</strong>{' '}
                  <button type="button" className="link-button" onClick={() => setCommunity(null)}>
                    {t('cases.parties.change')}
                  </button>
                </p>
              ) : (
                <RecordPicker kind="community" label={t('cases.edit.community')} onPick={setCommunity} />
              )}
            </div>
          )}
          <Field label={t('cases.field.summary')} error={errors.summary} className="span-2">
            <textarea value={values.summary} onChange={set('summary')} rows={5} />
          </Field>
          {!isNew && (
            <Field label={t('cases.field.result')} error={errors.result}>
              <select value={values.result} onChange={set('result')}>
                <option value="">{t('cases.field.resultPending')}</option>
                {CASE_RESULTS.map((result) => (
                  <option key={result} value={result}>
                    {t(`vocab.caseResult.${result}`)}
                  </option>
                ))}
              </select>
            </Field>
          )}
          {!isNew && (
            <Field label={t('cases.field.outcome')} error={errors.outcome} className="span-2">
              <textarea value={values.outcome} onChange={set('outcome')} rows={3} />
            </Field>
          )}
          {withPrivilegedNotes && (
            <Field
              label={`🔒 ${t('cases.privileged.title')}`}
              error={errors.privilegedNotes}
              hint={t('cases.privileged.warning')}
              className="span-2 privileged-field"
            >
              <textarea value={values.privilegedNotes} onChange={set('privilegedNotes')} rows={5} />
            </Field>
          )}
        </div>
        {conflict ? <ConflictNotice onReload={reload} onOverwrite={overwrite} /> : !isConflict(error) && <ProblemMessage error={error} />}
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={isSaving}>
            {isSaving ? t('common.state.saving') : isNew ? t('cases.edit.create') : t('common.action.save')}
          </button>
          <Link to={original ? `/cases/${original.id}` : '/cases'} className="button">
            {t('common.action.cancel')}
          </Link>
        </div>
      </form>
    </div>
  )
}
