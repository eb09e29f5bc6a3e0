// Lawyer–client privileged notes. The server sends the field only to legal staff and admins; the
// page renders this section only when the field is in the answer, so no other role ever sees even
// its heading.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { UpdateCaseBody, type CaseDetail } from '../../../shared/cases.ts'
import { ConflictNotice } from '../../components/conflict-notice.tsx'
import { Field } from '../../components/field.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { isConflict } from '../../lib/api-client.ts'
import { validate, type FieldErrors } from '../../lib/form-errors.ts'
import { caseQuery, conflictCurrentCase, updateCase } from './api.ts'
import { refreshCase } from '../../lib/cases.ts'

/** Whether the server sent the privileged notes (present, even if null) to this viewer. */
export const hasPrivilegedNotes = (caseData: CaseDetail): caseData is CaseDetail & { privilegedNotes: string | null } =>
  Object.prototype.hasOwnProperty.call(caseData, 'privilegedNotes') && caseData.privilegedNotes !== undefined

export function PrivilegedNotes({ caseData, canEdit }: { caseData: CaseDetail & { privilegedNotes: string | null }; canEdit: boolean }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [draft, setDraft] = useState<string | null>(null)
  const [errors, setErrors] = useState<FieldErrors>({})
  const save = useMutation({
    mutationFn: (body: UpdateCaseBody) => updateCase(caseData.id, body),
    onSuccess: async (updated) => {
      queryClient.setQueryData(caseQuery(caseData.id).queryKey, updated)
      setDraft(null)
      await refreshCase(queryClient, caseData.id)
    },
  })
  const conflictCurrent = isConflict(save.error) ? conflictCurrentCase(save.error.body) : undefined

  const saveWith = (version: number) => {
    const checked = validate(UpdateCaseBody, { privilegedNotes: draft ?? '', version }, t)
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    save.mutate(checked.data)
  }

  return (
    <section className="card case-section privileged" data-testid="privileged-notes" aria-labelledby="case-privileged-heading">
      <h2 id="case-privileged-heading">
        <span aria-hidden="true">🔒 </span>
        {t('cases.privileged.title')}
      </h2>
      <p className="privileged-warning small">{t('cases.privileged.warning')}</p>
      {draft === null ? (
        <>
          {caseData.privilegedNotes ? (
            <p className="prewrap">{caseData.privilegedNotes}</p>
          ) : (
            <p className="muted">{t('cases.privileged.empty')}</p>
          )}
          {canEdit && (
            <button
              type="button"
              className="button"
              onClick={() => {
                save.reset()
                setDraft(caseData.privilegedNotes ?? '')
              }}
            >
              {t('common.action.edit')}
            </button>
          )}
        </>
      ) : (
        <form
          onSubmit={(event: FormEvent) => {
            event.preventDefault()
            saveWith(caseData.version)
          }}
          noValidate
        >
          <Field label={t('cases.privileged.title')} error={errors.privilegedNotes}>
            <textarea value={draft} onChange={(event) => setDraft(event.target.value)} rows={6} />
          </Field>
          {isConflict(save.error) ? (
            <ConflictNotice
              onReload={() => {
                save.reset()
                void refreshCase(queryClient, caseData.id)
              }}
              onOverwrite={conflictCurrent ? () => saveWith(conflictCurrent.version) : undefined}
            />
          ) : (
            <ProblemMessage error={save.error} />
          )}
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              {save.isPending ? t('common.state.saving') : t('common.action.save')}
            </button>
            <button type="button" className="button" onClick={() => setDraft(null)}>
              {t('common.action.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  )
}
