// One incident: what happened, when, where (with its community on a mini-map), who reported it
// and from what source, its status history, the people involved, the legal cases it is part of
// and its evidence — each shown only to the roles the server sends it to.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import type { Incident } from '../../../shared/incidents.ts'
import { reporterText } from '../../lib/reporter.ts'
import { useCan, useMe } from '../../lib/session.ts'
import { ConflictNotice } from '../../components/conflict-notice.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { isConflict } from '../../lib/api-client.ts'
import { formatDate, formatDateTime, formatHectares, formatNumber, formatOccurred } from '../../lib/format.ts'
import { territoryStyle } from '../../map/land-styles.ts'
import { MiniMap, type MiniMapShape } from '../../map/mini-map.tsx'
import { ConfirmDelete } from '../../components/confirm-delete.tsx'
import { EvidenceSection } from '../../components/evidence/evidence-section.tsx'
import { MapLegend, type LegendItem } from '../../map/map-legend.tsx'
import { communityQuery, localName, localText, otherText, provinceName, useProvinces } from '../../lib/reference-data.ts'
import { deleteIncident, incidentCasesQuery, incidentHistoryQuery, incidentPeopleQuery, incidentQuery, incidentsKey } from './api.ts'
import { IncidentStatusBadge, SeverityBadge } from './incident-bits.tsx'
import { canEditIncident } from './incident-form.ts'
import '../../components/records.css'
import { PageLoading, PageProblem } from '../../components/page-state.tsx'

export const INCIDENT_POINT_STYLE = { color: '#7f1d1d', fillColor: '#dc2626', weight: 3, fillOpacity: 0.85 }
export const AFFECTED_AREA_STYLE = { color: '#b91c1c', weight: 2, dashArray: '6 4', fillColor: '#dc2626', fillOpacity: 0.15 }
const COMMUNITY_POINT_STYLE = { color: '#14532d', fillColor: '#16a34a', weight: 2, fillOpacity: 0.7 }

export function IncidentPage() {
  const { id = '' } = useParams()
  const { t } = useTranslation()
  const { data: incident, error, refetch } = useQuery(incidentQuery(id))
  if (error)
    return (
      <PageProblem error={error} onRetry={() => void refetch()}>
        <Link to="/incidents">{t('incidents.list.title')}</Link>
      </PageProblem>
    )
  if (!incident) return <PageLoading />
  return <IncidentDetail incident={incident} />
}

function IncidentDetail({ incident }: { incident: Incident }) {
  const { t } = useTranslation()
  const can = useCan()
  const { data: me } = useMe()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const provinces = useProvinces()
  const community = useQuery({ ...communityQuery(incident.communityId ?? ''), enabled: Boolean(incident.communityId) })
  const other = otherText(incident.title, incident.titleKm)
  const mayEdit = me ? canEditIncident(me, incident) : false
  const isOwnLockedReport = me?.role === 'community_rep' && incident.reportedByUserId === me.id && incident.status !== 'reported'

  const remove = useMutation({
    mutationFn: () => deleteIncident(incident.id, incident.version),
    onSuccess: () => {
      // Only the lists are refreshed: asking again for the deleted incident would only get a 404.
      queryClient.removeQueries({ queryKey: [...incidentsKey, 'detail', incident.id] })
      void queryClient.invalidateQueries({ queryKey: [...incidentsKey, 'list'] })
      void navigate('/incidents', { replace: true })
    },
  })

  const shapes: MiniMapShape[] = [
    ...(community.data
      ? [
          { id: 'territory', geometry: community.data.territory, style: territoryStyle() },
          { id: 'community', geometry: community.data.location, style: COMMUNITY_POINT_STYLE },
        ]
      : []),
    { id: 'area', geometry: incident.affectedArea, style: AFFECTED_AREA_STYLE },
    { id: 'incident', geometry: incident.location, style: INCIDENT_POINT_STYLE },
  ]
  const legend: LegendItem[] = [
    { kind: 'point', label: t('incidents.legend.incident'), style: INCIDENT_POINT_STYLE },
    ...(incident.affectedArea ? [{ kind: 'area' as const, label: t('incidents.legend.affectedArea'), style: AFFECTED_AREA_STYLE }] : []),
    ...(community.data ? [{ kind: 'point' as const, label: t('incidents.legend.community'), style: COMMUNITY_POINT_STYLE }] : []),
    ...(community.data?.territory ? [{ kind: 'area' as const, label: t('incidents.legend.territory'), style: territoryStyle() }] : []),
  ]

  return (
    <div className="page rec-page rec-incidents">
      <PageHeader
        title={localText(incident.title, incident.titleKm)}
        actions={
          <>
            {can('incidents.triage') && incident.status === 'reported' && (
              <Link to="/triage" className="button">
                {t('incidents.page.toTriage')}
              </Link>
            )}
            {mayEdit && (
              <Link to={`/incidents/${incident.id}/edit`} className="button button-primary">
                {t('common.action.edit')}
              </Link>
            )}
            {mayEdit && (
              <ConfirmDelete
                question={t('incidents.delete.question')}
                consequence={t('incidents.delete.consequence')}
                onConfirm={() => remove.mutate()}
                isBusy={remove.isPending}
              >
                {remove.error &&
                  (isConflict(remove.error) ? (
                    <ConflictNotice
                      onReload={() => void queryClient.invalidateQueries({ queryKey: [...incidentsKey, 'detail', incident.id] })}
                    />
                  ) : (
                    <ProblemMessage error={remove.error} />
                  ))}
              </ConfirmDelete>
            )}
          </>
        }
      >
        {other && <p className="muted rec-other-name-line">{other}</p>}
        <p className="rec-badges">
          <IncidentStatusBadge status={incident.status} />
          <span className="badge">
            <SeverityBadge severity={incident.severity} />
          </span>
          <span className="badge">{t(`vocab.incidentKind.${incident.kind}`)}</span>
          {incident.isConfidential && <span className="badge badge-red">{t('common.state.confidential')}</span>}
        </p>
      </PageHeader>

      {isOwnLockedReport && <p className="alert">{t('incidents.page.lockedReport')}</p>}
      {incident.status === 'dismissed' && incident.dismissalReason && (
        <div className="alert alert-warning">
          <p>
            <strong>{t('incidents.page.dismissedBecause')}</strong>
          </p>
          <p className="rec-prose">{incident.dismissalReason}</p>
        </div>
      )}

      <div className="rec-grid">
        <div className="rec-main">
          <section className="card" aria-labelledby="what-heading">
            <h2 id="what-heading">{t('incidents.page.what')}</h2>
            <dl className="facts">
              <dt>{t('common.field.kind')}</dt>
              <dd>{t(`vocab.incidentKind.${incident.kind}`)}</dd>
              <dt>{t('incidents.field.occurredAt')}</dt>
              <dd>{formatOccurred(incident.occurredAt, incident.occurredPrecision, { withTime: true })}</dd>
              <dt>{t('incidents.field.severity')}</dt>
              <dd>
                <SeverityBadge severity={incident.severity} />
              </dd>
              <dt>{t('incidents.field.perpetrator')}</dt>
              <dd>
                {incident.perpetratorName
                  ? t('incidents.page.perpetratorNamed', {
                      kind: t(`vocab.perpetratorKind.${incident.perpetratorKind}`),
                      name: incident.perpetratorName,
                    })
                  : t(`vocab.perpetratorKind.${incident.perpetratorKind}`)}
              </dd>
              <dt>{t('incidents.field.householdsAffected')}</dt>
              <dd>{formatNumber(incident.householdsAffected)}</dd>
              <dt>{t('incidents.field.peopleAffected')}</dt>
              <dd>{formatNumber(incident.peopleAffected)}</dd>
              {incident.affectedAreaHa !== null && (
                <>
                  <dt>{t('incidents.field.affectedArea')}</dt>
                  <dd>{t('common.unit.ha', { value: formatHectares(incident.affectedAreaHa) })}</dd>
                </>
              )}
            </dl>
            {incident.description && (
              <>
                <h3>{t('common.field.description')}</h3>
                <p className="rec-prose">{incident.description}</p>
              </>
            )}
          </section>

          <section className="card" aria-labelledby="where-heading">
            <h2 id="where-heading">{t('incidents.page.where')}</h2>
            <dl className="facts">
              <dt>{t('common.field.community')}</dt>
              <dd>
                {incident.communityId ? (
                  <Link to={`/communities/${incident.communityId}`}>
                    {community.data ? localName(community.data) : incident.communityName}
                  </Link>
                ) : (
                  t('common.state.none')
                )}
              </dd>
              <dt>{t('incidents.field.place')}</dt>
              <dd>{[incident.village, incident.commune, incident.district].filter(Boolean).join(', ') || t('common.state.none')}</dd>
              <dt>{t('common.field.province')}</dt>
              <dd>{provinceName(incident.province, provinces) ?? '—'}</dd>
              <dt>{t('incidents.field.coordinates')}</dt>
              <dd className="mono">
                {incident.location.coordinates[1].toFixed(5)}, {incident.location.coordinates[0].toFixed(5)}
              </dd>
            </dl>
          </section>

          <section className="card" aria-labelledby="source-heading">
            <h2 id="source-heading">{t('incidents.page.source')}</h2>
            <dl className="facts">
              <dt>{t('incidents.field.reportedBy')}</dt>
              <dd>{reporterText(incident, t) ?? t('common.state.none')}</dd>
              <dt>{t('incidents.field.reportedOn')}</dt>
              <dd>{formatDateTime(incident.createdAt)}</dd>
              {incident.sourceUrl && (
                <>
                  <dt>{t('incidents.field.sourceUrl')}</dt>
                  <dd>
                    {/^https?:\/\//i.test(incident.sourceUrl) ? (
                      <a href={incident.sourceUrl} target="_blank" rel="noreferrer noopener">
                        {incident.sourceUrl}
                      </a>
                    ) : (
                      incident.sourceUrl
                    )}
                  </dd>
                </>
              )}
              {incident.sourceDate && (
                <>
                  <dt>{t('incidents.field.sourceDate')}</dt>
                  <dd>{formatDate(incident.sourceDate)}</dd>
                </>
              )}
              {incident.verifiedAt && (
                <>
                  <dt>{t('incidents.field.verifiedAt')}</dt>
                  <dd>{formatDateTime(incident.verifiedAt)}</dd>
                </>
              )}
              <dt>{t('common.field.updatedAt')}</dt>
              <dd>{formatDateTime(incident.updatedAt)}</dd>
            </dl>
          </section>
        </div>

        <aside className="rec-side">
          <section className="card" aria-labelledby="map-heading">
            <h2 id="map-heading">{t('incidents.page.map')}</h2>
            {/* The map fits its shapes once, when it opens: wait for the community so it is in view too. */}
            {incident.communityId && community.isPending ? (
              <div className="map-view is-compact rec-map-placeholder" role="status">
                {t('common.state.loading')}
              </div>
            ) : (
              <MiniMap shapes={shapes} label={t('incidents.page.mapLabel', { title: localText(incident.title, incident.titleKm) })} />
            )}
            <MapLegend items={legend} />
          </section>
          {can('audit.read') && <StatusHistory incidentId={incident.id} />}
        </aside>
      </div>

      {can('people.read') && <PeopleInvolved incidentId={incident.id} />}
      {can('cases.details') && incident.communityId && <LinkedCases incidentId={incident.id} communityId={incident.communityId} />}
      <EvidenceSection target={{ incidentId: incident.id }} headingId="incident-evidence" />
    </div>
  )
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  )
}

function StatusHistory({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation()
  const { data, error } = useQuery(incidentHistoryQuery(incidentId))
  // The history is a help, not the record: if the audit log cannot be read, the page goes on without it.
  if (error || !data || data.length === 0) return null
  return (
    <Section id="history-heading" title={t('incidents.page.history')}>
      <ol className="rec-history">
        {data.map((change, index) => (
          <li key={`${change.at.toISOString()}-${index}`}>
            <p>
              <IncidentStatusBadge status={change.to} />{' '}
              <span className="small muted">
                {change.from
                  ? t('incidents.page.historyFrom', { status: t(`vocab.incidentStatus.${change.from}`) })
                  : t('incidents.page.historyCreated')}
              </span>
            </p>
            <p className="small">
              {formatDateTime(change.at)} ·{' '}
              {change.actorLabel === 'system' ? t('incidents.page.historySystem') : change.actorLabel.replace(/^[a-z_]+:/, '')}
            </p>
            {change.reason && <p className="small rec-prose">{change.reason}</p>}
          </li>
        ))}
      </ol>
    </Section>
  )
}

function PeopleInvolved({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation()
  const { data, error, refetch } = useQuery(incidentPeopleQuery(incidentId))
  return (
    <Section id="people-heading" title={t('incidents.page.people')}>
      {error && <ProblemMessage error={error} onRetry={() => void refetch()} />}
      {!data && !error && (
        <p className="muted" role="status">
          {t('common.state.loading')}
        </p>
      )}
      {data && data.items.length === 0 && <p className="empty">{t('incidents.page.noPeople')}</p>}
      {data && data.items.length > 0 && (
        <ul className="rec-links">
          {data.items.map((person) => (
            <li key={`${person.personId}-${person.role}`}>
              <span className="rec-row-title">{localText(person.fullName, person.fullNameKm)}</span>
              <span className="badge">{t(`vocab.partyRole.${person.role}`)}</span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  )
}

function LinkedCases({ incidentId, communityId }: { incidentId: string; communityId: string }) {
  const { t } = useTranslation()
  const { data, error, refetch } = useQuery(incidentCasesQuery(incidentId, communityId))
  return (
    <Section id="cases-heading" title={t('incidents.page.cases')}>
      {error && <ProblemMessage error={error} onRetry={() => void refetch()} />}
      {!data && !error && (
        <p className="muted" role="status">
          {t('common.state.loading')}
        </p>
      )}
      {data && data.length === 0 && <p className="empty">{t('incidents.page.noCases')}</p>}
      {data && data.length > 0 && (
        <ul className="rec-links">
          {data.map((legalCase) => (
            <li key={legalCase.id}>
              <Link to={`/cases/${legalCase.id}`}>
                <span className="mono">{legalCase.reference}</span> {localText(legalCase.title, legalCase.titleKm)}
              </Link>
              <span className="badge">{t(`vocab.caseStage.${legalCase.stage}`)}</span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  )
}
