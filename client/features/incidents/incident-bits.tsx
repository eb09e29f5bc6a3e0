// Small pieces the incident screens share: status and severity badges. Each says its word; the
// colour and the severity bars only repeat it, so nothing depends on seeing colour.
import { useTranslation } from 'react-i18next'
import type { IncidentStatus, Severity } from '../../../shared/vocabularies.ts'
import { SEVERITIES } from '../../../shared/vocabularies.ts'

const STATUS_BADGE: Record<IncidentStatus, string> = {
  reported: 'badge-amber',
  verified: 'badge-red',
  ongoing: 'badge-red',
  resolved: 'badge-green',
  dismissed: '',
}

export function IncidentStatusBadge({ status }: { status: IncidentStatus }) {
  const { t } = useTranslation()
  return <span className={`badge ${STATUS_BADGE[status]}`}>{t(`vocab.incidentStatus.${status}`)}</span>
}

const SEVERITY_COLOUR: Record<Severity, string> = {
  low: '#4b5563',
  medium: '#b45309',
  high: '#c2410c',
  critical: '#b91c1c',
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useTranslation()
  const level = SEVERITIES.indexOf(severity) + 1
  return (
    <span className="rec-severity" style={{ color: SEVERITY_COLOUR[severity] }}>
      <span className="rec-severity-mark" aria-hidden="true">
        {SEVERITIES.map((value, index) => (
          <span key={value} className={index < level ? 'is-on' : undefined} />
        ))}
      </span>
      <span>{t(`vocab.severity.${severity}`)}</span>
    </span>
  )
}
