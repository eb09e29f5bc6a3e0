// The people in a case and their roles (client, plaintiff, defendant, witness…). Legal staff add
// a party by finding a person already known, or by recording a new one, in one form.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useDeferredValue, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { CaseDetail } from '../../../shared/cases.ts'
import { CreatePersonBody } from '../../../shared/people.ts'
import { PARTY_ROLES, type PartyRole } from '../../../shared/vocabularies.ts'
import { Field } from '../../components/field.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { serverFieldErrors, validate, type FieldErrors } from '../../lib/form-errors.ts'
import { createPerson, linkPerson, unlinkPerson, type PickOption } from './api.ts'
import { ConflictList } from './conflict-list.tsx'
import { RecordPicker } from './record-picker.tsx'
import { localText } from '../../lib/reference-data.ts'
import { refreshCase } from '../../lib/cases.ts'

type Person = NonNullable<CaseDetail['people']>[number]

/** One entry per person, with every role they have in the case. */
export function groupParties(people: readonly Person[]): { id: string; fullName: string; fullNameKm: string | null; roles: PartyRole[] }[] {
  const byId = new Map<string, { id: string; fullName: string; fullNameKm: string | null; roles: PartyRole[] }>()
  for (const person of people) {
    const entry = byId.get(person.id)
    if (entry) entry.roles.push(person.role)
    else byId.set(person.id, { id: person.id, fullName: person.fullName, fullNameKm: person.fullNameKm, roles: [person.role] })
  }
  return [...byId.values()]
}

export function PartiesSection({ caseData, people, canEdit }: { caseData: CaseDetail; people: readonly Person[]; canEdit: boolean }) {
  const { t, i18n } = useTranslation()
  const queryClient = useQueryClient()
  const [isAdding, setAdding] = useState(false)
  const remove = useMutation({
    mutationFn: ({ personId, role }: { personId: string; role: PartyRole }) => unlinkPerson(caseData.id, personId, role),
    onSuccess: () => refreshCase(queryClient, caseData.id),
  })
  const parties = groupParties(people)

  return (
    <section className="card case-section" aria-labelledby="case-parties-heading">
      <h2 id="case-parties-heading">{t('cases.parties.title')}</h2>
      <ProblemMessage error={remove.error} />
      {parties.length === 0 ? (
        <p className="muted">{t('cases.parties.none')}</p>
      ) : (
        <ul className="party-list">
          {parties.map((party) => {
            const name = localText(party.fullName, party.fullNameKm, i18n.language)
            const other = i18n.language === 'km' ? (party.fullNameKm ? party.fullName : null) : party.fullNameKm
            return (
              <li key={party.id}>
                <span className="party-name">
                  {name}
                  {other && (
                    <span className="muted small" lang={i18n.language === 'km' ? 'en' : 'km'}>
                      {' '}
                      · {other}
                    </span>
                  )}
                </span>
                <span className="party-roles">
                  {party.roles.map((role) => (
                    <span key={role} className="badge party-role">
                      {t(`vocab.partyRole.${role}`)}
                      {canEdit && (
                        <button
                          type="button"
                          className="badge-remove"
                          disabled={remove.isPending}
                          aria-label={t('cases.parties.remove', { name, role: t(`vocab.partyRole.${role}`) })}
                          title={t('cases.parties.remove', { name, role: t(`vocab.partyRole.${role}`) })}
                          onClick={() => {
                            if (window.confirm(t('cases.parties.remove', { name, role: t(`vocab.partyRole.${role}`) }) + '?'))
                              remove.mutate({ personId: party.id, role })
                          }}
                        >
                          ×
                        </button>
                      )}
                    </span>
                  ))}
                </span>
              </li>
            )
          })}
        </ul>
      )}
      {canEdit &&
        (isAdding ? (
          <AddPartyForm caseId={caseData.id} linkedIds={parties.map((p) => p.id)} onDone={() => setAdding(false)} />
        ) : (
          <button type="button" className="button" onClick={() => setAdding(true)}>
            <span aria-hidden="true">+ </span>
            {t('cases.parties.add')}
          </button>
        ))}
    </section>
  )
}

function AddPartyForm({ caseId, linkedIds, onDone }: { caseId: string; linkedIds: string[]; onDone: () => void }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [role, setRole] = useState<PartyRole>('client')
  const [mode, setMode] = useState<'find' | 'new'>('find')
  const [picked, setPicked] = useState<PickOption | null>(null)
  const [person, setPerson] = useState({ fullName: '', fullNameKm: '', description: '' })
  const [errors, setErrors] = useState<FieldErrors>({})
  // The conflict check follows the name being typed (the Khmer one when there is one).
  const typedName = useDeferredValue(person.fullNameKm.trim() || person.fullName)

  const add = useMutation({
    mutationFn: async () => {
      let personId = picked?.id
      if (mode === 'new') {
        const checked = validate(
          CreatePersonBody,
          {
            fullName: person.fullName,
            fullNameKm: person.fullNameKm.trim() || null,
            description: person.description,
          },
          t,
        )
        if (!checked.ok) {
          setErrors(checked.errors)
          return false
        }
        personId = (await createPerson(checked.data)).id
      }
      if (!personId) {
        setErrors({ person: t('cases.parties.pickFirst') })
        return false
      }
      await linkPerson(caseId, { personId, role })
      return true
    },
    onSuccess: async (isAdded) => {
      if (!isAdded) return
      await refreshCase(queryClient, caseId)
      onDone()
    },
    onError: (error) => setErrors(serverFieldErrors(t, error)),
  })

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setErrors({})
    add.mutate()
  }

  return (
    <form className="case-subform" onSubmit={submit} noValidate>
      <h3>{t('cases.parties.add')}</h3>
      <Field label={t('cases.parties.role')} required>
        <select value={role} onChange={(event) => setRole(event.target.value as PartyRole)}>
          {PARTY_ROLES.map((value) => (
            <option key={value} value={value}>
              {t(`vocab.partyRole.${value}`)}
            </option>
          ))}
        </select>
      </Field>
      <fieldset className="mode-switch">
        <legend>{t('cases.parties.who')}</legend>
        <label>
          <input type="radio" name="party-mode" checked={mode === 'find'} onChange={() => setMode('find')} />{' '}
          {t('cases.parties.findExisting')}
        </label>
        <label>
          <input type="radio" name="party-mode" checked={mode === 'new'} onChange={() => setMode('new')} /> {t('cases.parties.createNew')}
        </label>
      </fieldset>
      {mode === 'find' ? (
        <>
          {picked ? (
            <p className="case-picked">
              <strong>{picked.label}</strong>{' '}
              <button type="button" className="link-button" onClick={() => setPicked(null)}>
                {t('cases.parties.change')}
              </button>
            </p>
          ) : (
            <RecordPicker kind="person" label={t('cases.parties.findPerson')} excludeIds={[]} onPick={setPicked} />
          )}
          {errors.person && (
            <p className="field-error" role="alert">
              {errors.person}
            </p>
          )}
          {picked && linkedIds.includes(picked.id) && <p className="muted small">{t('cases.parties.alreadyParty')}</p>}
          {picked && <ConflictList caseId={caseId} personId={picked.id} />}
        </>
      ) : (
        <div className="form-grid">
          <Field label={t('cases.parties.fullName')} error={errors.fullName} required>
            <input
              value={person.fullName}
              onChange={(event) => setPerson({ ...person, fullName: event.target.value })}
              autoComplete="off"
            />
          </Field>
          <Field label={t('cases.parties.fullNameKm')} error={errors.fullNameKm}>
            <input
              lang="km"
              value={person.fullNameKm}
              onChange={(event) => setPerson({ ...person, fullNameKm: event.target.value })}
              autoComplete="off"
            />
          </Field>
          <Field
            label={t('cases.parties.description')}
            error={errors.description}
            hint={t('cases.parties.descriptionHint')}
            className="span-2"
          >
            <input value={person.description} onChange={(event) => setPerson({ ...person, description: event.target.value })} />
          </Field>
          <div className="span-2">
            <ConflictList caseId={caseId} name={typedName} />
          </div>
        </div>
      )}
      <ProblemMessage error={add.error} />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={add.isPending}>
          {add.isPending ? t('common.state.saving') : t('cases.parties.submit')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('common.action.cancel')}
        </button>
      </div>
    </form>
  )
}
