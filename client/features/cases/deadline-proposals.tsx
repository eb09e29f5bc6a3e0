// After an event is recorded: the deadlines the rules compute from it (GET …/deadline-proposals),
// each with its day, weekday and legal basis. The lawyer may move the day (public holidays are
// set each year by sub-decree and are not counted) and adds it, or not: nothing is written until
// they do. And on a deadline computed from a rule, the rule and its legal basis.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CaseEvent } from '../../../shared/cases.ts'
import { deadlineInstant, DeadlineProposalList, isWeekend, weekdayOf, type DeadlineProposal } from '../../../shared/deadline-rules.ts'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { api } from '../../lib/api-client.ts'
import { refreshCase } from '../../lib/cases.ts'
import { formatDate } from '../../lib/format.ts'
import { createCaseEvent } from './api.ts'

export const deadlineProposalsQuery = (caseId: string, eventId: string) =>
  queryOptions({
    queryKey: ['cases', caseId, 'events', eventId, 'deadline-proposals'],
    queryFn: ({ signal }) => api(`/api/cases/${caseId}/events/${eventId}/deadline-proposals`, DeadlineProposalList, { signal }),
    select: (list) => list.items.filter((proposal) => proposal.confirmedEventId === null),
    staleTime: 0,
  })

/** The proposals for a just-recorded event; renders nothing when no rule applies. */
export function DeadlineProposals({ caseId, eventId }: { caseId: string; eventId: string }) {
  const { t } = useTranslation()
  const proposals = useQuery(deadlineProposalsQuery(caseId, eventId))
  const [settled, setSettled] = useState<string[]>([])
  const open = proposals.data?.filter((proposal) => !settled.includes(proposal.ruleId)) ?? []
  if (proposals.error) return <ProblemMessage error={proposals.error} />
  if (open.length === 0) return null
  return (
    <section className="deadline-proposals" aria-labelledby={`deadline-proposals-${eventId}`} data-testid="deadline-proposals">
      <h4 id={`deadline-proposals-${eventId}`}>{t('cases.deadlines.proposedTitle')}</h4>
      <ul className="event-list">
        {open.map((proposal) => (
          <ProposalItem
            key={proposal.ruleId}
            caseId={caseId}
            proposal={proposal}
            onSettled={() => setSettled((done) => [...done, proposal.ruleId])}
          />
        ))}
      </ul>
    </section>
  )
}

function ProposalItem({ caseId, proposal, onSettled }: { caseId: string; proposal: DeadlineProposal; onSettled: () => void }) {
  const { t, i18n } = useTranslation()
  const queryClient = useQueryClient()
  const [dueOn, setDueOn] = useState(proposal.dueOn)
  const isKhmer = i18n.language === 'km'
  const title = (isKhmer && proposal.titleKm) || proposal.title
  const legalBasis = (isKhmer && proposal.legalBasisKm) || proposal.legalBasis
  const ruleName = (isKhmer && proposal.ruleNameKm) || proposal.ruleName
  const add = useMutation({
    mutationFn: () =>
      createCaseEvent(caseId, {
        kind: 'deadline',
        title,
        startsAt: deadlineInstant(dueOn),
        isDone: false,
        deadlineRuleId: proposal.ruleId,
        triggerEventId: proposal.triggerEventId,
      }),
    onSuccess: async () => {
      onSettled()
      await refreshCase(queryClient, caseId)
    },
  })
  const isValidDay = /^\d{4}-\d{2}-\d{2}$/.test(dueOn)
  return (
    <li className="event-item event-deadline deadline-proposal">
      <p className="event-title">{title}</p>
      <p className="event-when">
        <strong>
          {t(`cases.deadlines.weekday.${weekdayOf(proposal.dueOn)}`)} {formatDate(deadlineInstant(proposal.dueOn))}
        </strong>{' '}
        ·{' '}
        {t('cases.deadlines.computed', {
          days: proposal.days,
          dayCount: t(`vocab.deadlineDayCount.${proposal.dayCount}`),
          from: formatDate(deadlineInstant(proposal.triggerOn)),
        })}
      </p>
      {isWeekend(proposal.dueOn) && <p className="small field-error">{t('cases.deadlines.weekend')}</p>}
      <p className="small">
        {t('cases.deadlines.rule', { name: ruleName })} — {legalBasis}
        {proposal.sourceUrl && (
          <>
            {' '}
            <a href={proposal.sourceUrl} target="_blank" rel="noreferrer noopener">
              {t('cases.deadlines.source')}
            </a>
          </>
        )}
      </p>
      <label className="field">
        <span className="field-label">{t('cases.deadlines.dueOn')}</span>
        <input type="date" value={dueOn} onChange={(event) => setDueOn(event.target.value)} />
        <span className="field-hint small muted">{t('cases.deadlines.holidaysHint')}</span>
      </label>
      <ProblemMessage error={add.error} />
      <div className="button-row">
        <button type="button" className="button button-primary" disabled={add.isPending || !isValidDay} onClick={() => add.mutate()}>
          {add.isPending ? t('common.state.saving') : t('cases.deadlines.add')}
        </button>
        <button type="button" className="button" onClick={onSettled}>
          {t('cases.deadlines.notNow')}
        </button>
      </div>
    </li>
  )
}

/** On a deadline computed from a rule: which rule, and the law it cites. */
export function ComputedFrom({ event }: { event: CaseEvent }) {
  const { t, i18n } = useTranslation()
  const rule = event.deadlineRule
  if (!rule) return null
  const isKhmer = i18n.language === 'km'
  return (
    <p className="small muted event-rule">
      {t('cases.deadlines.computedFrom', { name: (isKhmer && rule.nameKm) || rule.name })} —{' '}
      {(isKhmer && rule.legalBasisKm) || rule.legalBasis}
      {rule.sourceUrl && (
        <>
          {' '}
          <a href={rule.sourceUrl} target="_blank" rel="noreferrer noopener">
            {t('cases.deadlines.source')}
          </a>
        </>
      )}
    </p>
  )
}
