// A community's committee on its page: who holds which role now (name, role, sex, youth), the
// former members behind a toggle, and — for those who may — adding a member, correcting one, or
// ending their membership (an "Until" date: the row stays, for the history and the counts of
// women in leadership). Loaded as its own chunk, with its strings, so the community page stays lean.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { CommitteeMember, CreateCommitteeMemberBody, UpdateCommitteeMemberBody } from '../../../shared/committee-members.ts'
import { COMMITTEE_ROLES, SEXES } from '../../../shared/vocabularies.ts'
import { ConfirmDelete } from '../../components/confirm-delete.tsx'
import { ConflictNotice } from '../../components/conflict-notice.tsx'
import { Field } from '../../components/field.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { api } from '../../lib/api-client.ts'
import { cambodiaDayKey } from '../../lib/days.ts'
import { useEditForm, type CreateVariables, type UpdateVariables } from '../../lib/edit-form.ts'
import { changedFields, errorOf, requiredWhenEmpty } from '../../lib/form-values.ts'
import { formatDate } from '../../lib/format.ts'
import { registerChunkStrings } from '../../lib/chunk-strings.ts'
import { useCan } from '../../lib/session.ts'
import { committeeKey, committeeQuery, createCommitteeMember, deleteCommitteeMember, updateCommitteeMember } from './committee-api.ts'
import { committeeMessages } from './committee-messages.ts'
import './committee.css'

registerChunkStrings('committee', committeeMessages)

/** What is being edited: a new member, or one of the list (to end their membership, Until is prefilled). */
type Editing = { member?: CommitteeMember; isEnding?: boolean } | undefined

export function CommitteeSection({ communityId }: { communityId: string }) {
  const { t } = useTranslation()
  const can = useCan()
  const [showFormer, setShowFormer] = useState(false)
  const [editing, setEditing] = useState<Editing>()
  const current = useQuery(committeeQuery(communityId, false))
  const everyone = useQuery({ ...committeeQuery(communityId, true), enabled: showFormer })
  const currentIds = new Set(current.data?.items.map((member) => member.id))
  const former = (everyone.data?.items ?? []).filter((member) => !currentIds.has(member.id))
  const mayWrite = can('committee.write')
  const rowProps = {
    mayWrite,
    onEdit: (member: CommitteeMember) => setEditing({ member }),
    onEnd: (member: CommitteeMember) => setEditing({ member, isEnding: true }),
  }

  return (
    <section className="card committee" aria-labelledby="community-committee">
      <div className="rec-section-heading">
        <h2 id="community-committee">{t('committee.title')}</h2>
        {mayWrite && !editing && (
          <button type="button" className="button" onClick={() => setEditing({})}>
            + {t('committee.add')}
          </button>
        )}
      </div>
      {editing && (
        <MemberForm
          key={editing.member?.id ?? 'new'}
          communityId={communityId}
          member={editing.member}
          isEnding={editing.isEnding ?? false}
          onDone={() => setEditing(undefined)}
        />
      )}
      <ProblemMessage error={current.error} onRetry={() => void current.refetch()} />
      {current.data && current.data.items.length === 0 && <p className="empty">{t('committee.empty')}</p>}
      {current.data && current.data.items.length > 0 && (
        <ul className="rec-links committee-list" aria-label={t('committee.title')}>
          {current.data.items.map((member) => (
            <MemberRow key={member.id} member={member} {...rowProps} />
          ))}
        </ul>
      )}
      <button type="button" className="link-button committee-toggle" aria-expanded={showFormer} onClick={() => setShowFormer(!showFormer)}>
        {showFormer ? t('committee.hideFormer') : t('committee.showFormer')}
      </button>
      {showFormer && (
        <>
          <h3>{t('committee.former')}</h3>
          <ProblemMessage error={everyone.error} onRetry={() => void everyone.refetch()} />
          {everyone.data && former.length === 0 && <p className="empty">{t('committee.empty')}</p>}
          {former.length > 0 && (
            <ul className="rec-links committee-list" aria-label={t('committee.former')}>
              {former.map((member) => (
                <MemberRow key={member.id} member={member} {...rowProps} isFormer />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  )
}

function MemberRow({
  member,
  mayWrite,
  isFormer = false,
  onEdit,
  onEnd,
}: {
  member: CommitteeMember
  mayWrite: boolean
  isFormer?: boolean
  onEdit: (member: CommitteeMember) => void
  onEnd: (member: CommitteeMember) => void
}) {
  const { t } = useTranslation()
  const period =
    member.startedOn && member.endedOn
      ? t('committee.period', { from: formatDate(member.startedOn), to: formatDate(member.endedOn) })
      : member.endedOn
        ? formatDate(member.endedOn)
        : member.startedOn
          ? t('committee.sinceDate', { date: formatDate(member.startedOn) })
          : undefined
  return (
    <li data-testid="committee-member">
      <strong>{member.name}</strong>
      <span className="small">
        {t(`vocab.committeeRole.${member.role}`)} · {t(`vocab.sex.${member.sex}`)}
        {member.isYouth && <span className="badge badge-green committee-youth">{t('committee.youthBadge')}</span>}
      </span>
      {period && <span className="small muted">{period}</span>}
      {mayWrite && (
        <span className="button-row committee-actions">
          <button type="button" className="button" onClick={() => onEdit(member)} aria-label={`${t('common.action.edit')}: ${member.name}`}>
            {t('common.action.edit')}
          </button>
          {!isFormer && (
            <button type="button" className="button" onClick={() => onEnd(member)}>
              {t('committee.endMembership')}
            </button>
          )}
        </span>
      )}
    </li>
  )
}

interface MemberValues {
  name: string
  role: string
  sex: string
  isYouth: boolean
  startedOn: string
  endedOn: string
}

const valuesOf = (member: CommitteeMember | undefined): MemberValues => ({
  name: member?.name ?? '',
  role: member?.role ?? '',
  sex: member?.sex ?? '',
  isYouth: member?.isYouth ?? false,
  startedOn: member?.startedOn ?? '',
  endedOn: member?.endedOn ?? '',
})

const bodyOf = (values: MemberValues) => ({
  name: values.name.trim(),
  role: values.role || undefined,
  sex: values.sex || undefined,
  isYouth: values.isYouth,
  startedOn: values.startedOn || null,
  endedOn: values.endedOn || null,
})

function MemberForm({
  communityId,
  member,
  isEnding,
  onDone,
}: {
  communityId: string
  member: CommitteeMember | undefined
  isEnding: boolean
  onDone: () => void
}) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const refresh = () => queryClient.invalidateQueries({ queryKey: [...committeeKey, communityId] })
  const create = useMutation({
    mutationFn: ({ body }: CreateVariables<unknown>) => createCommitteeMember(body as CreateCommitteeMemberBody),
    onSuccess: refresh,
  })
  const update = useMutation({
    mutationFn: ({ id, body }: UpdateVariables<unknown>) => updateCommitteeMember(id, body as UpdateCommitteeMemberBody),
    onSuccess: refresh,
  })
  const remove = useMutation({
    mutationFn: (row: CommitteeMember) => deleteCommitteeMember(row.id, row.version),
    onSuccess: async () => {
      await refresh()
      onDone()
    },
  })
  const form = useEditForm<CommitteeMember, MemberValues, CommitteeMember>({
    record: member,
    valuesOf: (row) => {
      const values = valuesOf(row)
      return isEnding && row === member && !values.endedOn ? { ...values, endedOn: cambodiaDayKey(new Date()) } : values
    },
    bodyOf: (current, row) => (row ? changedFields(bodyOf(current), bodyOf(valuesOf(row))) : { communityId, ...bodyOf(current) }),
    createSchema: CreateCommitteeMemberBody,
    updateSchema: UpdateCommitteeMemberBody,
    rowSchema: CommitteeMember,
    fetchRow: (id) => api(`/api/committee-members/${id}`, CommitteeMember),
    create,
    update,
    refineErrors: (found, current) => requiredWhenEmpty(found, { ...current }, ['role', 'sex'], t('common.error.fieldRequired')),
    onSaved: onDone,
    onUnchanged: onDone,
  })
  const { base, values, setValues, errors, conflict, reload, overwrite, onSubmit, formRef, error, isSaving } = form
  const set = (field: Exclude<keyof MemberValues, 'isYouth'>) => ({
    value: values[field],
    onChange: (event: { target: { value: string } }) => setValues((previous) => ({ ...previous, [field]: event.target.value })),
  })
  const title = base ? t('committee.editTitle', { name: base.name }) : t('committee.add')
  const hasErrors = Object.keys(errors).length > 0

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="committee-form" aria-label={title}>
      <h3>{title}</h3>
      <div className="form-grid">
        <Field label={t('committee.field.name')} error={errorOf(errors, 'name')} required>
          <input type="text" autoComplete="off" maxLength={200} {...set('name')} />
        </Field>
        <Field label={t('committee.field.role')} error={errorOf(errors, 'role')} required>
          <select {...set('role')}>
            <option value="">{t('committee.chooseRole')}</option>
            {COMMITTEE_ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`vocab.committeeRole.${role}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('committee.field.sex')} error={errorOf(errors, 'sex')} required>
          <select {...set('sex')}>
            <option value="">{t('committee.chooseSex')}</option>
            {SEXES.map((sex) => (
              <option key={sex} value={sex}>
                {t(`vocab.sex.${sex}`)}
              </option>
            ))}
          </select>
        </Field>
        <label className="committee-check">
          <input
            type="checkbox"
            checked={values.isYouth}
            onChange={(event) => setValues((previous) => ({ ...previous, isYouth: event.target.checked }))}
          />
          <span>{t('committee.field.youth')}</span>
        </label>
        <Field label={t('committee.field.since')} error={errorOf(errors, 'startedOn')}>
          <input type="date" {...set('startedOn')} />
        </Field>
        <Field label={t('committee.field.until')} error={errorOf(errors, 'endedOn')}>
          <input type="date" min={values.startedOn || undefined} {...set('endedOn')} />
        </Field>
      </div>
      {conflict && <ConflictNotice onReload={reload} onOverwrite={overwrite} />}
      {hasErrors && (
        <p className="alert alert-error" role="alert">
          {t('common.error.invalid')}
        </p>
      )}
      {error && !conflict && !hasErrors && <ProblemMessage error={error} />}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={isSaving}>
          {isSaving ? t('common.state.saving') : t('committee.save')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('common.action.cancel')}
        </button>
        {base && (
          <ConfirmDelete
            question={t('committee.delete.question')}
            consequence={t('committee.delete.consequence')}
            onConfirm={() => remove.mutate(base)}
            isBusy={remove.isPending}
          >
            {remove.error && <ProblemMessage error={remove.error} />}
          </ConfirmDelete>
        )}
      </div>
    </form>
  )
}
