// Where the case stands in the legal process, how it got there (the stage history the server
// records), and — for legal staff — moving it to another stage with a note saying why.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { UpdateCaseBody, type CaseDetail } from '../../../shared/cases.ts'
import { CASE_STAGES, type CaseStage } from '../../../shared/vocabularies.ts'
import { ConflictNotice } from '../../components/conflict-notice.tsx'
import { Field } from '../../components/field.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { isConflict } from '../../lib/api-client.ts'
import { formatDateTime } from '../../lib/format.ts'
import { validate, type FieldErrors } from '../../lib/form-errors.ts'
import { caseQuery, conflictCurrentCase, updateCase } from './api.ts'
import { StageBadge } from './case-bits.tsx'
import { refreshCase } from '../../lib/cases.ts'

export function StageSection({ caseData, canEdit }: { caseData: CaseDetail; canEdit: boolean }) {
  const { t } = useTranslation()
  const history = [...caseData.stageHistory].sort((a, b) => b.changedAt.getTime() - a.changedAt.getTime())
  const currentIndex = CASE_STAGES.indexOf(caseData.stage)
  return (
    <section className="card case-section" aria-labelledby="case-stage-heading">
      <h2 id="case-stage-heading">{t('cases.stage.title')}</h2>
      <ol className="stage-steps" aria-label={t('cases.stage.progress')}>
        {CASE_STAGES.map((stage, index) => (
          <li
            key={stage}
            className={index < currentIndex ? 'is-past' : index === currentIndex ? 'is-current' : undefined}
            aria-current={index === currentIndex ? 'step' : undefined}
          >
            <span className="stage-dot" aria-hidden="true">
              {index < currentIndex ? '✓' : index + 1}
            </span>
            <span className="stage-name">{t(`vocab.caseStage.${stage}`)}</span>
          </li>
        ))}
      </ol>
      {canEdit && <StageChangeForm caseData={caseData} />}
      <h3>{t('cases.stage.history')}</h3>
      {history.length === 0 ? (
        <p className="muted">{t('cases.stage.noHistory')}</p>
      ) : (
        <ol className="stage-history">
          {history.map((change) => (
            <li key={change.id}>
              <span className="stage-history-move">
                {change.fromStage ? <StageBadge stage={change.fromStage} /> : <span className="muted">{t('cases.stage.opened')}</span>}
                <span aria-hidden="true"> → </span>
                <span className="visually-hidden"> {t('cases.stage.to')} </span>
                <StageBadge stage={change.toStage} />
              </span>
              <span className="muted small">{formatDateTime(change.changedAt)}</span>
              {change.note && <span className="stage-note">{change.note}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}

function StageChangeForm({ caseData }: { caseData: CaseDetail }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const nextStage = CASE_STAGES[CASE_STAGES.indexOf(caseData.stage) + 1] ?? caseData.stage
  const [stage, setStage] = useState<CaseStage>(nextStage)
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [isDone, setDone] = useState(false)
  const change = useMutation({
    mutationFn: (body: UpdateCaseBody) => updateCase(caseData.id, body),
    onSuccess: async (updated) => {
      queryClient.setQueryData(caseQuery(caseData.id).queryKey, updated)
      setNote('')
      setDone(true)
      setStage(CASE_STAGES[CASE_STAGES.indexOf(updated.stage) + 1] ?? updated.stage)
      await refreshCase(queryClient, caseData.id)
    },
  })
  const conflictCurrent = isConflict(change.error) ? conflictCurrentCase(change.error.body) : undefined

  const save = (version: number) => {
    setErrors({})
    setDone(false)
    const checked = validate(UpdateCaseBody, { stage, stageNote: note, version }, t)
    if (checked.ok) change.mutate(checked.data)
    else setErrors(checked.errors)
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    save(caseData.version)
  }

  return (
    <form className="case-subform stage-form" onSubmit={submit} noValidate>
      <h3>{t('cases.stage.change')}</h3>
      <div className="form-grid">
        <Field label={t('cases.stage.newStage')} error={errors.stage} required>
          <select value={stage} onChange={(event) => setStage(event.target.value as CaseStage)}>
            {CASE_STAGES.map((value) => (
              <option key={value} value={value} disabled={value === caseData.stage}>
                {t(`vocab.caseStage.${value}`)}
                {value === caseData.stage ? ` (${t('cases.stage.current')})` : ''}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('cases.stage.note')} error={errors.stageNote} hint={t('cases.stage.noteHint')} className="span-2">
          <textarea value={note} onChange={(event) => setNote(event.target.value)} rows={2} />
        </Field>
      </div>
      {isConflict(change.error) ? (
        <ConflictNotice
          onReload={() => {
            change.reset()
            void refreshCase(queryClient, caseData.id)
          }}
          onOverwrite={conflictCurrent ? () => save(conflictCurrent.version) : undefined}
        />
      ) : (
        <ProblemMessage error={change.error} />
      )}
      {isDone && (
        <p className="alert alert-success" role="status">
          {t('cases.stage.changed')}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={change.isPending || stage === caseData.stage}>
        {change.isPending ? t('common.state.saving') : t('cases.stage.submit')}
      </button>
    </form>
  )
}
