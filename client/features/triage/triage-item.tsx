// One report in the triage queue: what happened, where (a small map), to whom, the photos sent
// with it, and the decisions its status allows (INCIDENT_TRANSITIONS): verify, dismiss with a
// reason, or open a legal case from it in one step.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { divIcon } from 'leaflet'
import { GeoJSON, Marker } from 'react-leaflet'
import { Link, useNavigate } from 'react-router'
import { ChangeIncidentStatusBody, INCIDENT_TRANSITIONS, type Incident } from '../../../shared/incidents.ts'
import { CASE_KINDS, type CaseKind, type IncidentStatus } from '../../../shared/vocabularies.ts'
import { CaseFromIncidentBody } from '../../../shared/cases.ts'
import { ConflictNotice } from '../../components/conflict-notice.tsx'
import { Field } from '../../components/field.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { reporterText } from '../../lib/reporter.ts'
import { isConflict } from '../../lib/api-client.ts'
import { formatDateTime, formatNumber, formatOccurred } from '../../lib/format.ts'
import { validate, type FieldErrors } from '../../lib/form-errors.ts'
import { MapView } from '../../map/map-view.tsx'
import { boundsOf, toLatLng } from '../../map/to-lat-lng.ts'
import { evidenceFileUrl, evidenceListQuery, evidenceThumbnailUrl } from '../../lib/evidence.ts'
import { caseStaffQuery, changeIncidentStatus, openCaseFromIncident, triageKey } from './api.ts'
import { localText } from '../../lib/reference-data.ts'
import { refreshCase } from '../../lib/cases.ts'

/** The decisions a report's status allows, in the order they are offered. */
export function triageActions(status: IncidentStatus): ('verify' | 'dismiss' | 'reopen' | 'openCase')[] {
  const allowed = INCIDENT_TRANSITIONS[status]
  const actions: ('verify' | 'dismiss' | 'reopen' | 'openCase')[] = []
  if (allowed.includes('verified')) actions.push('verify')
  // Opening a case verifies a reported incident; a dismissed one must come back to the queue first.
  if (status !== 'dismissed' && status !== 'resolved') actions.push('openCase')
  if (allowed.includes('dismissed')) actions.push('dismiss')
  if (allowed.includes('reported')) actions.push('reopen')
  return actions
}

export type TriageOutcome = { kind: 'verified' | 'dismissed' | 'reopened'; incident: Incident }

const SEVERITY_BADGE: Record<string, string> = {
  low: 'badge',
  medium: 'badge badge-amber',
  high: 'badge badge-red',
  critical: 'badge badge-red',
}

export function TriageItem({ incident, onDecided }: { incident: Incident; onDecided: (outcome: TriageOutcome) => void }) {
  const { t, i18n } = useTranslation()
  const queryClient = useQueryClient()
  const [panel, setPanel] = useState<'dismiss' | 'openCase' | null>(null)
  const title = localText(incident.title, incident.titleKm, i18n.language)
  const headingId = `triage-${incident.id}`

  const decide = useMutation({
    mutationFn: (body: ChangeIncidentStatusBody) => changeIncidentStatus(incident.id, body),
    onSuccess: async (updated) => {
      onDecided({
        kind: updated.status === 'verified' ? 'verified' : updated.status === 'dismissed' ? 'dismissed' : 'reopened',
        incident: updated,
      })
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: triageKey }),
        queryClient.invalidateQueries({ queryKey: ['incidents'] }),
      ])
    },
  })

  const place = [incident.village, incident.commune, incident.district, incident.province].filter(Boolean).join(', ')
  const actions = triageActions(incident.status)

  return (
    <article className="card triage-item" data-testid="triage-item" aria-labelledby={headingId}>
      <header className="triage-head">
        <h2 id={headingId} className="triage-title">
          <Link to={`/incidents/${incident.id}`}>{title}</Link>
        </h2>
        <p className="triage-badges">
          <span className="badge">{t(`vocab.incidentKind.${incident.kind}`)}</span>
          <span className={SEVERITY_BADGE[incident.severity]}>
            {t('triage.severity', { severity: t(`vocab.severity.${incident.severity}`) })}
          </span>
          {incident.status !== 'reported' && <span className="badge">{t(`vocab.incidentStatus.${incident.status}`)}</span>}
          {incident.isConfidential && <span className="badge badge-red">🔒 {t('common.state.confidential')}</span>}
        </p>
      </header>

      {incident.warnings && incident.warnings.length > 0 && (
        <div className="alert alert-warning triage-warnings" data-testid="triage-warnings">
          <p>
            <strong>{t('triage.warnings')}</strong>
          </p>
          <ul>
            {incident.warnings.map((warning) => (
              <li key={warning.code}>
                {t(`triage.warning.${warning.code}`, {
                  distance: formatNumber(Math.round(warning.distanceKm ?? 0)),
                  days: formatNumber(warning.days ?? 0),
                })}
              </li>
            ))}
          </ul>
        </div>
      )}

      <div className="triage-grid">
        <div className="triage-facts-col">
          <dl className="facts triage-facts">
            <dt>{t('triage.field.reported')}</dt>
            <dd>
              {formatDateTime(incident.createdAt)}
              {reporterText(incident, t) && <span className="muted"> · {reporterText(incident, t)}</span>}
            </dd>
            <dt>{t('triage.field.occurred')}</dt>
            <dd>{formatOccurred(incident.occurredAt, incident.occurredPrecision, { withTime: true })}</dd>
            <dt>{t('common.field.community')}</dt>
            <dd>
              {incident.communityId ? (
                <Link to={`/communities/${incident.communityId}`}>{incident.communityName}</Link>
              ) : (
                t('common.state.none')
              )}
            </dd>
            <dt>{t('triage.field.place')}</dt>
            <dd>{place || t('common.state.none')}</dd>
            <dt>{t('common.field.households')}</dt>
            <dd>
              {incident.householdsAffected === null ? t('common.state.none') : formatNumber(incident.householdsAffected)}
              {incident.peopleAffected !== null && (
                <span className="muted"> · {t('triage.people', { number: formatNumber(incident.peopleAffected) })}</span>
              )}
            </dd>
            <dt>{t('triage.field.perpetrator')}</dt>
            <dd>
              {t(`vocab.perpetratorKind.${incident.perpetratorKind}`)}
              {incident.perpetratorName && <span> · {incident.perpetratorName}</span>}
            </dd>
          </dl>
          {incident.description && <p className="triage-description prewrap">{incident.description}</p>}
          <TriagePhotos incidentId={incident.id} />
        </div>
        <LazyMount className="triage-map" placeholder={<div className="triage-map-placeholder" />}>
          <ReportMap incident={incident} label={t('triage.mapLabel', { title })} />
        </LazyMount>
      </div>

      {isConflict(decide.error) ? (
        <ConflictNotice
          onReload={() => {
            decide.reset()
            void queryClient.invalidateQueries({ queryKey: triageKey })
          }}
        />
      ) : (
        <ProblemMessage error={decide.error} />
      )}

      <div className="button-row triage-actions">
        {actions.includes('verify') && (
          <button
            type="button"
            className="button button-primary"
            disabled={decide.isPending}
            onClick={() => decide.mutate({ status: 'verified', version: incident.version })}
          >
            <span aria-hidden="true">✓ </span>
            {t('triage.action.verify')}
          </button>
        )}
        {actions.includes('openCase') && (
          <button
            type="button"
            className="button"
            aria-expanded={panel === 'openCase'}
            onClick={() => setPanel(panel === 'openCase' ? null : 'openCase')}
          >
            <span aria-hidden="true">⚖ </span>
            {t('triage.action.openCase')}
          </button>
        )}
        {actions.includes('dismiss') && (
          <button
            type="button"
            className="button button-danger"
            aria-expanded={panel === 'dismiss'}
            onClick={() => setPanel(panel === 'dismiss' ? null : 'dismiss')}
          >
            <span aria-hidden="true">✕ </span>
            {t('triage.action.dismiss')}
          </button>
        )}
        {actions.includes('reopen') && (
          <button
            type="button"
            className="button"
            disabled={decide.isPending}
            onClick={() => decide.mutate({ status: 'reported', version: incident.version })}
          >
            <span aria-hidden="true">↺ </span>
            {t('triage.action.reopen')}
          </button>
        )}
      </div>
      {incident.status === 'dismissed' && incident.dismissalReason && (
        <p className="small muted">{t('triage.dismissedBecause', { reason: incident.dismissalReason })}</p>
      )}

      {panel === 'dismiss' && (
        <DismissForm
          isPending={decide.isPending}
          onCancel={() => setPanel(null)}
          onDismiss={(reason) => decide.mutate({ status: 'dismissed', reason, version: incident.version })}
        />
      )}
      {panel === 'openCase' && <OpenCaseForm incident={incident} onCancel={() => setPanel(null)} />}
    </article>
  )
}

function DismissForm({
  onDismiss,
  onCancel,
  isPending,
}: {
  onDismiss: (reason: string) => void
  onCancel: () => void
  isPending: boolean
}) {
  const { t } = useTranslation()
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const checked = validate(ChangeIncidentStatusBody, { status: 'dismissed', reason: reason.trim() || undefined }, t)
    if (!checked.ok) {
      // The schema's own message is English; the missing reason is a required field.
      setErrors({ reason: t('common.error.fieldRequired') })
      return
    }
    setErrors({})
    onDismiss(checked.data.reason!)
  }
  return (
    <form className="case-subform triage-panel" onSubmit={submit} noValidate>
      <Field label={t('triage.dismiss.reason')} error={errors.reason} hint={t('triage.dismiss.hint')} required>
        <textarea value={reason} onChange={(event) => setReason(event.target.value)} rows={3} maxLength={2000} />
      </Field>
      <div className="button-row">
        <button type="submit" className="button button-danger" disabled={isPending}>
          {t('triage.dismiss.submit')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.action.cancel')}
        </button>
      </div>
    </form>
  )
}

function OpenCaseForm({ incident, onCancel }: { incident: Incident; onCancel: () => void }) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [kind, setKind] = useState<CaseKind | ''>('')
  const [title, setTitle] = useState(incident.title)
  const [leadUserId, setLeadUserId] = useState('')
  const staff = useQuery(caseStaffQuery())
  const [errors, setErrors] = useState<FieldErrors>({})
  const open = useMutation({
    mutationFn: (body: CaseFromIncidentBody) => openCaseFromIncident(incident.id, body),
    onSuccess: async (created) => {
      await Promise.all([
        refreshCase(queryClient, created.id),
        queryClient.invalidateQueries({ queryKey: triageKey }),
        queryClient.invalidateQueries({ queryKey: ['incidents'] }),
      ])
      void navigate(`/cases/${created.id}`)
    },
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    // A title left as the report's keeps the report's Khmer title too (the server copies both).
    const isOwnTitle = title.trim() !== incident.title
    const checked = validate(
      CaseFromIncidentBody,
      { kind: kind || undefined, title: isOwnTitle ? title : undefined, leadUserId: leadUserId || undefined },
      t,
    )
    if (!checked.ok || !kind) {
      // The schema says why in English when the kind is missing: here it is simply required.
      setErrors({ ...(checked.ok ? {} : checked.errors), ...(kind ? {} : { kind: t('common.error.fieldRequired') }) })
      return
    }
    setErrors({})
    open.mutate(checked.data)
  }
  return (
    <form className="case-subform triage-panel" onSubmit={submit} noValidate>
      <p className="small muted">{t('triage.openCase.explain')}</p>
      <div className="form-grid">
        <Field label={t('cases.field.kind')} error={errors.kind} required>
          <select value={kind} onChange={(event) => setKind(event.target.value as CaseKind | '')}>
            <option value="">{t('cases.edit.chooseKind')}</option>
            {CASE_KINDS.map((value) => (
              <option key={value} value={value}>
                {t(`vocab.caseKind.${value}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('cases.field.leadLawyer')} error={errors.leadUserId}>
          <select value={leadUserId} onChange={(event) => setLeadUserId(event.target.value)}>
            <option value="">{t('common.state.none')}</option>
            {staff.data?.items.map((account) => (
              <option key={account.id} value={account.id}>
                {account.displayName}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('triage.openCase.caseTitle')} error={errors.title} required className="span-2">
          <input value={title} onChange={(event) => setTitle(event.target.value)} maxLength={300} />
        </Field>
      </div>
      <ProblemMessage error={open.error} />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={open.isPending}>
          {open.isPending ? t('common.state.saving') : t('triage.openCase.submit')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.action.cancel')}
        </button>
      </div>
    </form>
  )
}

/** The photos sent with the report, as thumbnails; other files are counted. */
function TriagePhotos({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation()
  const evidence = useQuery(evidenceListQuery({ incidentId }))
  const items = evidence.data?.items ?? []
  if (items.length === 0) return null
  const photos = items.filter((item) => item.hasThumbnail)
  const others = items.length - photos.length
  return (
    <div className="triage-photos">
      {photos.length > 0 && (
        <ul aria-label={t('triage.photos')}>
          {photos.map((photo) => (
            <li key={photo.id}>
              <a href={evidenceFileUrl(photo.id)} download={photo.originalFilename ?? true} title={photo.title}>
                <img src={evidenceThumbnailUrl(photo.id)} alt={photo.title} loading="lazy" />
              </a>
            </li>
          ))}
        </ul>
      )}
      {others > 0 && <p className="small muted">{t('triage.otherFiles', { number: formatNumber(others) })}</p>}
    </div>
  )
}

/** Mounts its children once they scroll near the screen: ten small maps at once would be slow on a phone. */
export function LazyMount({ children, placeholder, className }: { children: ReactNode; placeholder: ReactNode; className?: string }) {
  const ref = useRef<HTMLDivElement>(null)
  const [isVisible, setVisible] = useState(typeof IntersectionObserver === 'undefined')
  useEffect(() => {
    if (isVisible || !ref.current) return
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setVisible(true)
      },
      { rootMargin: '200px' },
    )
    observer.observe(ref.current)
    return () => observer.disconnect()
  }, [isVisible])
  return (
    <div ref={ref} className={className}>
      {isVisible ? children : placeholder}
    </div>
  )
}

/** A marker (not a vector circle): it stays above the offline province outlines drawn later. */
const reportIcon = divIcon({ className: 'triage-marker', iconSize: [26, 26], html: '<span></span>' })

/** Degrees around the reported point: enough to see the villages and roads around it. */
const CONTEXT_DEG = 0.12

/** Where it happened, with its surroundings (a bare point would open at street level, empty offline). */
function ReportMap({ incident, label }: { incident: Incident; label: string }) {
  const [lng, lat] = incident.location.coordinates
  const around = boundsOf([
    incident.affectedArea,
    { type: 'Point', coordinates: [lng - CONTEXT_DEG, lat - CONTEXT_DEG] },
    { type: 'Point', coordinates: [lng + CONTEXT_DEG, lat + CONTEXT_DEG] },
  ])
  return (
    <MapView bounds={around} isCompact label={label}>
      {incident.affectedArea && (
        <GeoJSON data={incident.affectedArea} style={{ color: '#b91c1c', weight: 2, dashArray: '5 4', fillOpacity: 0.15 }} />
      )}
      <Marker position={toLatLng(incident.location.coordinates)} icon={reportIcon} keyboard={false} />
    </MapView>
  )
}
