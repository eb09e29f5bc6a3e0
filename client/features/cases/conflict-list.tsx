// Before a person joins a case: the other cases where the same or a similar name appears, and in
// which role, so that the lawyer can spot a conflict of interest before confirming.
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { formatNumber } from '../../lib/format.ts'
import { localText } from '../../lib/reference-data.ts'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { caseConflictsQuery } from './api.ts'
import { useDebounced } from './record-picker.tsx'

export function ConflictList({ caseId, personId, name }: { caseId: string; personId?: string; name?: string }) {
  const { t, i18n } = useTranslation()
  // A typed name is checked once typing pauses, not at every keystroke.
  const typed = useDebounced(name?.trim() ?? '')
  const check = personId ? { personId } : { name: typed }
  const conflicts = useQuery(caseConflictsQuery(caseId, check))
  if (!personId && (name?.trim().length ?? 0) < 2) return null
  return (
    <div className="case-conflicts" role="status" aria-live="polite">
      <h4>{t('cases.conflicts.title')}</h4>
      <ProblemMessage error={conflicts.error} />
      {conflicts.isPending ? (
        <p className="muted small">{t('cases.conflicts.checking')}</p>
      ) : conflicts.data?.items.length === 0 ? (
        <p className="muted small">{t('cases.conflicts.none')}</p>
      ) : (
        <>
          <p className="small">{t('cases.conflicts.intro')}</p>
          <ul className="conflict-list">
            {conflicts.data?.items.map((item) => (
              <li key={`${item.caseId}-${item.personId}-${item.role}-${item.source}`}>
                <Link to={`/cases/${item.caseId}`} className="mono">
                  {item.caseReference}
                </Link>{' '}
                {item.caseTitle} — <strong>{localText(item.fullName, item.fullNameKm, i18n.language)}</strong>,{' '}
                {t(`vocab.partyRole.${item.role}`)}
                {item.source === 'incident' && <> ({t('cases.conflicts.inIncident')})</>} ·{' '}
                <span className="muted">
                  {item.isSamePerson
                    ? t('cases.conflicts.samePerson')
                    : t('cases.conflicts.similar', { percent: `${formatNumber(Math.round(item.similarity * 100))}%` })}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}
