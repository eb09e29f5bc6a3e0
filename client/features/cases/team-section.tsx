// Who works on the case: the lead lawyer and the team members, all accounts. Legal staff and
// admins (cases.write) change the lead, add and remove members; everyone else reads the list.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { CaseDetail } from '../../../shared/cases.ts'
import { Field } from '../../components/field.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { refreshCase } from '../../lib/cases.ts'
import { addCaseMember, caseQuery, caseStaffQuery, removeCaseMember, setCaseLead } from './api.ts'

type Team = NonNullable<CaseDetail['team']>

export function TeamSection({ caseData, team, canEdit }: { caseData: CaseDetail; team: Team; canEdit: boolean }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const saved = async (detail?: CaseDetail) => {
    if (detail) queryClient.setQueryData(caseQuery(detail.id).queryKey, detail)
    await refreshCase(queryClient, caseData.id)
  }
  const remove = useMutation({ mutationFn: (userId: string) => removeCaseMember(caseData.id, userId), onSuccess: () => saved() })
  const makeLead = useMutation({ mutationFn: (userId: string) => setCaseLead(caseData.id, userId), onSuccess: saved })

  return (
    <section className="card case-section" aria-labelledby="case-team-heading">
      <h2 id="case-team-heading">{t('cases.team.title')}</h2>
      {caseData.formerLeadLawyerName && (
        <p className="muted small case-former-lead">
          {t('cases.team.formerLead', { name: caseData.formerLeadLawyerName })}
          {canEdit && !caseData.lead && <> {t('cases.team.formerLeadHint')}</>}
        </p>
      )}
      <ProblemMessage error={remove.error ?? makeLead.error} />
      {team.length === 0 ? (
        <p className="muted">{t('cases.team.none')}</p>
      ) : (
        <ul className="party-list team-list">
          {team.map((member) => (
            <li key={member.userId}>
              <span className="party-name">{member.displayName}</span>
              <span className="party-roles">
                <span className="badge party-role">{t(`vocab.caseTeamRole.${member.role}`)}</span>
                {canEdit && member.role === 'member' && (
                  <button
                    type="button"
                    className="link-button"
                    disabled={makeLead.isPending}
                    onClick={() => makeLead.mutate(member.userId)}
                  >
                    {t('cases.team.makeLead')}
                  </button>
                )}
                {canEdit && (
                  <button
                    type="button"
                    className="badge-remove"
                    disabled={remove.isPending}
                    aria-label={t('cases.team.remove', { name: member.displayName })}
                    title={t('cases.team.remove', { name: member.displayName })}
                    onClick={() => {
                      if (window.confirm(t('cases.team.confirmRemove', { name: member.displayName }))) remove.mutate(member.userId)
                    }}
                  >
                    ×
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {canEdit && <AddToTeamForm caseId={caseData.id} team={team} onSaved={saved} />}
    </section>
  )
}

function AddToTeamForm({ caseId, team, onSaved }: { caseId: string; team: Team; onSaved: (detail: CaseDetail) => Promise<void> }) {
  const { t } = useTranslation()
  const staff = useQuery(caseStaffQuery())
  const [userId, setUserId] = useState('')
  const add = useMutation({
    mutationFn: ({ asLead }: { asLead: boolean }) => (asLead ? setCaseLead(caseId, userId) : addCaseMember(caseId, userId)),
    onSuccess: async (detail) => {
      setUserId('')
      await onSaved(detail)
    },
  })
  const leadId = team.find((member) => member.role === 'lead')?.userId
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (userId) add.mutate({ asLead: false })
  }
  return (
    <form className="case-subform team-form" onSubmit={submit}>
      <Field label={t('cases.team.account')}>
        <select value={userId} onChange={(event) => setUserId(event.target.value)}>
          <option value="">{t('cases.team.chooseAccount')}</option>
          {staff.data?.items
            .filter((account) => account.id !== leadId)
            .map((account) => (
              <option key={account.id} value={account.id}>
                {account.displayName}
              </option>
            ))}
        </select>
      </Field>
      <ProblemMessage error={staff.error ?? add.error} />
      <div className="button-row">
        <button
          type="button"
          className="button button-primary"
          disabled={!userId || add.isPending}
          onClick={() => add.mutate({ asLead: true })}
        >
          {t('cases.team.makeLead')}
        </button>
        <button type="submit" className="button" disabled={!userId || add.isPending || team.some((member) => member.userId === userId)}>
          {t('cases.team.addMember')}
        </button>
      </div>
    </form>
  )
}
