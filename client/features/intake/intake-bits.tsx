// Small pieces the queue and a report's page share: the source badge and the sender.
import { useTranslation } from 'react-i18next'
import type { IntakeSender } from '../../../shared/intake.ts'
import type { IntakeSource } from '../../../shared/vocabularies.ts'
import { formatDate, formatNumber } from '../../lib/format.ts'

const SOURCE_ICON: Record<IntakeSource, string> = { web: '↗', telegram: '✈', sms: '✉' }

export function SourceBadge({ source }: { source: IntakeSource }) {
  const { t } = useTranslation()
  return (
    <span className={`badge intake-source intake-source-${source}`}>
      <span aria-hidden="true">{SOURCE_ICON[source]} </span>
      {t(`intake.source.${source}`)}
    </span>
  )
}

/** Who sent it, as the server lets this moderator see it (masked unless they agreed to be contacted). */
export function SenderFacts({ sender }: { sender: IntakeSender }) {
  const { t } = useTranslation()
  if (sender.erasedAt) return <p className="muted">{t('intake.sender.erased', { date: formatDate(sender.erasedAt) })}</p>
  const lines = [sender.name, sender.phone, sender.telegramUsername && `@${sender.telegramUsername.replace(/^@/, '')}`].filter(Boolean)
  return (
    <div className="intake-sender">
      {sender.userDisplayName && <p>{t('intake.sender.account', { name: sender.userDisplayName })}</p>}
      {lines.length > 0 ? (
        <p>
          {lines.map((line, index) => (
            <span key={index} className="intake-sender-line">
              {line}
            </span>
          ))}
        </p>
      ) : (
        !sender.userDisplayName && <p className="muted">{t('intake.anonymous')}</p>
      )}
      <p className="small">
        <span className={sender.mayContact ? 'badge badge-green' : 'badge'}>
          {sender.mayContact ? t('intake.sender.mayContact') : t('intake.sender.noContact')}
        </span>
        {sender.isMasked && lines.length > 0 && <span className="muted"> · {t('intake.sender.masked')}</span>}
      </p>
    </div>
  )
}

/** How far a possible duplicate is from the report, in space and time. */
export function CandidateDistance({ distanceKm, daysApart }: { distanceKm: number | null; daysApart: number }) {
  const { t } = useTranslation()
  const parts = [
    distanceKm === null ? null : t('intake.kmAway', { distance: formatNumber(distanceKm, distanceKm < 10 ? 1 : 0) }),
    Math.round(daysApart) === 0
      ? t('intake.sameDay')
      : Math.round(daysApart) === 1
        ? t('intake.oneDayApart')
        : t('intake.daysApart', { days: formatNumber(Math.round(daysApart)) }),
  ].filter(Boolean)
  return <>{parts.join(' · ')}</>
}
