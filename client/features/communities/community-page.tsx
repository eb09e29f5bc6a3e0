// One community: who they are (member counts, leader, network), where (point, territory and
// parcels on a mini-map), and everything linked to them — plans, incidents, legal cases, parcels,
// concessions over their land, evidence. Staff can edit or delete it and manage its plans.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { lazy, Suspense, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import type { Community } from '../../../shared/communities.ts'
import { useCan } from '../../lib/session.ts'
import { ConflictNotice } from '../../components/conflict-notice.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { FollowButton } from '../../components/notifications/follow-button.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { ApiError, isConflict } from '../../lib/api-client.ts'
import { formatDate, formatDateTime, formatHectares, formatNumber, formatOccurred } from '../../lib/format.ts'
import { ExportDossierButton } from '../../components/dossiers/export-dialog.tsx'
import { parcelStyle, territoryStyle } from '../../map/land-styles.ts'
import { MiniMap, type MiniMapShape } from '../../map/mini-map.tsx'
import {
  communityCasesQuery,
  networksQuery,
  communityIncidentsQuery,
  communityOverlapsQuery,
  communityParcelsQuery,
  deleteCommunity,
  networkMembersQuery,
} from './api.ts'
import { CommunityStatusBadge } from './community-bits.tsx'
import { CommunityPlans } from './community-plans.tsx'
import { ConfirmDelete } from '../../components/confirm-delete.tsx'
import { EvidenceSection } from '../../components/evidence/evidence-section.tsx'
import { MapLegend } from '../../map/map-legend.tsx'
import { communitiesKey, communityQuery, localName, localText, otherText, provinceName, useProvinces } from '../../lib/reference-data.ts'
import '../../components/records.css'
import { PageLoading, PageProblem } from '../../components/page-state.tsx'
import { BoundaryUnknownList } from '../../components/boundary-unknown-list.tsx'

// The committee (names, by role) comes with its own chunk and strings, only for those who may read it.
const CommitteeSection = lazy(async () => ({
  default: (await import('./committee-section.tsx')).CommitteeSection,
}))

export function CommunityPage() {
  const { id = '' } = useParams()
  const { t } = useTranslation()
  const { data: community, error, refetch } = useQuery(communityQuery(id))
  if (error)
    return (
      <PageProblem error={error} onRetry={() => void refetch()}>
        <Link to="/communities">{t('communities.list.title')}</Link>
      </PageProblem>
    )
  if (!community) return <PageLoading />
  return <CommunityDetail community={community} />
}

function CommunityDetail({ community }: { community: Community }) {
  const { t } = useTranslation()
  const can = useCan()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const provinces = useProvinces()
  const parcels = useQuery(communityParcelsQuery(community.id))
  const networks = useQuery(networksQuery())
  const network = networks.data?.find((candidate) => candidate.id === community.networkId)
  const other = otherText(community.name, community.nameKm)

  const remove = useMutation({
    mutationFn: () => deleteCommunity(community.id, community.version),
    onSuccess: () => {
      // Only the lists are refreshed: asking again for the deleted community would only get a 404.
      queryClient.removeQueries({ queryKey: [...communitiesKey, 'detail', community.id] })
      void queryClient.invalidateQueries({ queryKey: [...communitiesKey, 'list'] })
      void queryClient.invalidateQueries({ queryKey: [...communitiesKey, 'options'] })
      void queryClient.invalidateQueries({ queryKey: [...communitiesKey, 'networks'] })
      void navigate('/communities', { replace: true })
    },
  })

  const shapes: MiniMapShape[] = [
    ...(parcels.data?.items ?? []).map((parcel) => ({
      id: `parcel-${parcel.id}`,
      geometry: parcel.boundary,
      style: parcelStyle(parcel),
      title: parcel.label,
    })),
    { id: 'territory', geometry: community.territory, style: territoryStyle() },
    { id: 'location', geometry: community.location, style: { color: '#14532d', fillColor: '#16a34a', weight: 3, fillOpacity: 0.9 } },
  ]
  const hasParcels = (parcels.data?.items.length ?? 0) > 0

  return (
    <div className="page rec-communities rec-page">
      <PageHeader
        title={localName(community)}
        actions={
          <>
            <FollowButton communityId={community.id} />
            {can('activities.read') && (
              <Link to={`/activities?community=${community.id}`} className="button">
                {t('common.nav.activities')}
              </Link>
            )}
            <ExportDossierButton target="community" targetId={community.id} />
            {can('communities.write') && (
              <>
                <Link to={`/communities/${community.id}/edit`} className="button button-primary">
                  {t('common.action.edit')}
                </Link>
                <ConfirmDelete
                  question={t('communities.delete.question')}
                  consequence={t('communities.delete.consequence')}
                  onConfirm={() => remove.mutate()}
                  isBusy={remove.isPending}
                >
                  {remove.error && (
                    <DeleteProblem
                      error={remove.error}
                      onReload={() => void queryClient.invalidateQueries({ queryKey: [...communitiesKey, 'detail', community.id] })}
                    />
                  )}
                </ConfirmDelete>
              </>
            )}
          </>
        }
      >
        {other && <p className="muted rec-other-name-line">{other}</p>}
        <p className="rec-badges">
          <CommunityStatusBadge status={community.status} />
          <span className="badge">{t(`vocab.communityKind.${community.kind}`)}</span>
        </p>
      </PageHeader>

      <div className="rec-grid">
        <div className="rec-main">
          <section className="card" aria-labelledby="members-heading">
            <h2 id="members-heading">{t('communities.page.members')}</h2>
            <MemberCounts community={community} />
          </section>

          <section className="card" aria-labelledby="facts-heading">
            <h2 id="facts-heading">{t('communities.page.details')}</h2>
            <dl className="facts">
              <dt>{t('common.field.kind')}</dt>
              <dd>{t(`vocab.communityKind.${community.kind}`)}</dd>
              <dt>{t('common.field.status')}</dt>
              <dd>{t(`vocab.communityStatus.${community.status}`)}</dd>
              <dt>{t('communities.field.place')}</dt>
              <dd>{[community.village, community.commune, community.district].filter(Boolean).join(', ') || t('common.state.none')}</dd>
              <dt>{t('common.field.province')}</dt>
              <dd>{provinceName(community.province, provinces) ?? '—'}</dd>
              <dt>{t('communities.field.leaderName')}</dt>
              <dd>{community.leaderName ?? t('common.state.none')}</dd>
              {community.leaderPhone !== undefined && (
                <>
                  <dt>{t('communities.field.leaderPhone')}</dt>
                  <dd>
                    {community.leaderPhone ? (
                      <a href={`tel:${community.leaderPhone.replace(/\s/g, '')}`}>{community.leaderPhone}</a>
                    ) : (
                      t('common.state.none')
                    )}
                  </dd>
                </>
              )}
              <dt>{t('communities.field.establishedYear')}</dt>
              <dd>{community.establishedYear ?? t('common.state.none')}</dd>
              {community.intakeCode && (
                <>
                  <dt>{t('communities.field.intakeCode')}</dt>
                  <dd>
                    <span className="mono" data-testid="community-sms-code">
                      {community.intakeCode}
                    </span>
                    <span className="small muted"> · {t('communities.field.intakeCodeUse', { code: community.intakeCode })}</span>
                  </dd>
                </>
              )}
              {community.kind !== 'provincial_network' && (
                <>
                  <dt>{t('communities.field.network')}</dt>
                  <dd>
                    {/* Linked only when the reader may open it (a representative sees just their own communities). */}
                    {network ? (
                      <Link to={`/communities/${network.id}`}>{localName(network)}</Link>
                    ) : (
                      (community.networkName ?? t('common.state.none'))
                    )}
                  </dd>
                </>
              )}
              <dt>{t('communities.field.territoryHa')}</dt>
              <dd>
                {community.territoryAreaHa === null
                  ? t('communities.list.noTerritory')
                  : t('common.unit.ha', { value: formatHectares(community.territoryAreaHa) })}
              </dd>
              <dt>{t('common.field.updatedAt')}</dt>
              <dd>{formatDateTime(community.updatedAt)}</dd>
            </dl>
            {community.description && (
              <>
                <h3>{t('common.field.description')}</h3>
                <p className="rec-prose">{community.description}</p>
              </>
            )}
          </section>
        </div>

        <aside className="rec-side">
          <section className="card" aria-labelledby="map-heading">
            <h2 id="map-heading">{t('communities.page.map')}</h2>
            {/* The map fits its shapes once, when it opens: wait for the parcels so they are in view too. */}
            {parcels.isPending ? (
              <div className="map-view is-compact rec-map-placeholder" role="status">
                {t('common.state.loading')}
              </div>
            ) : (
              <MiniMap shapes={shapes} label={t('communities.page.mapLabel', { name: localName(community) })} />
            )}
            <MapLegend
              items={[
                { kind: 'point', label: t('communities.legend.location'), style: { color: '#14532d', fillColor: '#16a34a' } },
                ...(community.territory
                  ? [{ kind: 'area' as const, label: t('communities.legend.territory'), style: territoryStyle() }]
                  : []),
                ...(hasParcels
                  ? [
                      {
                        kind: 'area' as const,
                        label: t('communities.legend.parcels'),
                        style: parcelStyle({ tenure: 'communal_claim', titleStatus: 'applied' }),
                      },
                    ]
                  : []),
              ]}
            />
            {!community.territory && <p className="small muted">{t('communities.page.noTerritory')}</p>}
          </section>
        </aside>
      </div>

      {can('committee.read') && (
        <Suspense fallback={null}>
          <CommitteeSection communityId={community.id} />
        </Suspense>
      )}
      <CommunityPlans community={community} />
      <CommunityIncidents communityId={community.id} />
      <CommunityCases communityId={community.id} />
      <CommunityParcels communityId={community.id} />
      <CommunityConcessions communityId={community.id} />
      {community.kind === 'provincial_network' && <NetworkMembers networkId={community.id} />}
      <EvidenceSection target={{ communityId: community.id }} headingId="community-evidence" />
    </div>
  )
}

function DeleteProblem({ error, onReload }: { error: unknown; onReload: () => void }) {
  const { t } = useTranslation()
  if (error instanceof ApiError && error.code === 'communities.has_open_cases') {
    return (
      <p className="field-error" role="alert">
        {t('communities.delete.hasOpenCases')}
      </p>
    )
  }
  if (isConflict(error)) return <ConflictNotice onReload={onReload} />
  return <ProblemMessage error={error} />
}

function MemberCounts({ community }: { community: Community }) {
  const { t } = useTranslation()
  const share = (part: number | null) =>
    part !== null && community.members
      ? t('communities.page.share', { percent: formatNumber((part / community.members) * 100) })
      : undefined
  const tiles = [
    { key: 'households', label: t('common.field.households'), value: community.households, note: undefined },
    { key: 'members', label: t('communities.field.members'), value: community.members, note: undefined },
    { key: 'women', label: t('communities.field.womenMembers'), value: community.womenMembers, note: share(community.womenMembers) },
    { key: 'youth', label: t('communities.field.youthMembers'), value: community.youthMembers, note: share(community.youthMembers) },
  ]
  return (
    <dl className="rec-stats">
      {tiles.map((tile) => (
        <div key={tile.key} className="rec-stat">
          <dt>{tile.label}</dt>
          <dd>
            <span className="rec-stat-value">{formatNumber(tile.value)}</span>
            {tile.note && <span className="small muted">{tile.note}</span>}
          </dd>
        </div>
      ))}
    </dl>
  )
}

function RelatedSection({
  id,
  title,
  count,
  more,
  children,
}: {
  id: string
  title: string
  count?: number | undefined
  more?: { to: string; label: string } | undefined
  children: ReactNode
}) {
  return (
    <section className="card" aria-labelledby={id}>
      <div className="rec-section-heading">
        <h2 id={id}>
          {title}
          {count !== undefined && <span className="rec-count">{formatNumber(count)}</span>}
        </h2>
        {more && (
          <Link to={more.to} className="small">
            {more.label}
          </Link>
        )}
      </div>
      {children}
    </section>
  )
}

function Loading({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation()
  if (error) return <ProblemMessage error={error} onRetry={onRetry} />
  return (
    <p className="muted" role="status">
      {t('common.state.loading')}
    </p>
  )
}

function CommunityIncidents({ communityId }: { communityId: string }) {
  const { t } = useTranslation()
  const { data, error, refetch } = useQuery(communityIncidentsQuery(communityId))
  return (
    <RelatedSection
      id="community-incidents"
      title={t('communities.page.incidents')}
      more={
        data && data.items.length > 0 ? { to: `/incidents?community=${communityId}`, label: t('communities.page.allIncidents') } : undefined
      }
    >
      {!data ? (
        <Loading error={error} onRetry={() => void refetch()} />
      ) : data.items.length === 0 ? (
        <p className="empty">{t('communities.page.noIncidents')}</p>
      ) : (
        <ul className="rec-links">
          {data.items.map((incident) => (
            <li key={incident.id}>
              <Link to={`/incidents/${incident.id}`}>{localText(incident.title, incident.titleKm)}</Link>
              <span className="small muted">
                {formatOccurred(incident.occurredAt, incident.occurredPrecision)} · {t(`vocab.incidentKind.${incident.kind}`)}
              </span>
              <span className={`badge ${incident.status === 'reported' ? 'badge-amber' : ''}`}>
                {t(`vocab.incidentStatus.${incident.status}`)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </RelatedSection>
  )
}

function CommunityCases({ communityId }: { communityId: string }) {
  const { t } = useTranslation()
  const { data, error, refetch } = useQuery(communityCasesQuery(communityId))
  return (
    <RelatedSection id="community-cases" title={t('communities.page.cases')} count={data?.items.length}>
      {!data ? (
        <Loading error={error} onRetry={() => void refetch()} />
      ) : data.items.length === 0 ? (
        <p className="empty">{t('communities.page.noCases')}</p>
      ) : (
        <ul className="rec-links">
          {data.items.map((legalCase) => (
            <li key={legalCase.id}>
              <Link to={`/cases/${legalCase.id}`}>
                <span className="mono">{legalCase.reference}</span> {localText(legalCase.title, legalCase.titleKm)}
              </Link>
              <span className="small muted">{t('communities.page.openedOn', { date: formatDate(legalCase.openedOn) })}</span>
              <span className={`badge ${legalCase.stage === 'closed' ? '' : 'badge-amber'}`}>
                {t(`vocab.caseStage.${legalCase.stage}`)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </RelatedSection>
  )
}

function CommunityParcels({ communityId }: { communityId: string }) {
  const { t } = useTranslation()
  const { data, error, refetch } = useQuery(communityParcelsQuery(communityId))
  const totalHa = data?.items.reduce((sum, parcel) => sum + parcel.areaHa, 0) ?? 0
  const shown = data?.items.slice(0, 12) ?? []
  return (
    <RelatedSection
      id="community-parcels"
      title={t('communities.page.parcels')}
      count={data?.items.length}
      more={
        data && data.items.length > 0 ? { to: `/parcels?community=${communityId}`, label: t('communities.page.allParcels') } : undefined
      }
    >
      {!data ? (
        <Loading error={error} onRetry={() => void refetch()} />
      ) : data.items.length === 0 ? (
        <p className="empty">{t('communities.page.noParcels')}</p>
      ) : (
        <>
          <p className="small muted">{t('communities.page.parcelsTotal', { area: formatHectares(totalHa) })}</p>
          <ul className="rec-links">
            {shown.map((parcel) => (
              <li key={parcel.id}>
                <Link to={`/parcels/${parcel.id}`}>{parcel.label}</Link>
                <span className="small muted">
                  {t(`vocab.landUse.${parcel.landUse}`)} · {t(`vocab.tenure.${parcel.tenure}`)}
                </span>
                <span className="small">{t('common.unit.ha', { value: formatHectares(parcel.areaHa) })}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </RelatedSection>
  )
}

function CommunityConcessions({ communityId }: { communityId: string }) {
  const { t } = useTranslation()
  const { data } = useQuery(communityOverlapsQuery(communityId))
  // Nothing to say when nothing overlaps (or the territory is not mapped) and no concession known
  // only as a point is near: the section stays away.
  if (!data || (data.concessions.length === 0 && data.parcels.length === 0 && data.boundaryUnknown.length === 0)) return null
  const parcelConcessions = new Map<string, { name: string; overlapHa: number }>()
  for (const overlap of data.parcels) {
    const entry = parcelConcessions.get(overlap.concessionId) ?? { name: overlap.concessionName, overlapHa: 0 }
    entry.overlapHa += overlap.overlapHa
    parcelConcessions.set(overlap.concessionId, entry)
  }
  return (
    <RelatedSection
      id="community-overlaps"
      title={t('communities.page.concessions')}
      count={data.concessions.length || parcelConcessions.size || undefined}
    >
      {(data.concessions.length > 0 || parcelConcessions.size > 0) && (
        <ul className="rec-links">
          {data.concessions.map((overlap) => (
            <li key={overlap.concessionId}>
              <Link to={`/concessions/${overlap.concessionId}`}>{overlap.concessionName}</Link>
              <span className="small muted">
                {[t(`vocab.concessionKind.${overlap.kind}`), overlap.company].filter(Boolean).join(' · ')}
              </span>
              <span className="small">
                {t('communities.page.overlap', {
                  area: formatHectares(overlap.overlapHa),
                  percent: formatNumber(overlap.overlapPercent, 1),
                })}
              </span>
            </li>
          ))}
          {data.concessions.length === 0 &&
            [...parcelConcessions].map(([concessionId, entry]) => (
              <li key={concessionId}>
                <Link to={`/concessions/${concessionId}`}>{entry.name}</Link>
                <span className="small">{t('communities.page.overlapParcels', { area: formatHectares(entry.overlapHa) })}</span>
              </li>
            ))}
        </ul>
      )}
      <BoundaryUnknownList items={data.boundaryUnknown} of="territory" />
    </RelatedSection>
  )
}

function NetworkMembers({ networkId }: { networkId: string }) {
  const { t } = useTranslation()
  const { data, error, refetch } = useQuery(networkMembersQuery(networkId))
  return (
    <RelatedSection id="network-members" title={t('communities.page.networkMembers')} count={data?.items.length}>
      {!data ? (
        <Loading error={error} onRetry={() => void refetch()} />
      ) : data.items.length === 0 ? (
        <p className="empty">{t('communities.page.noNetworkMembers')}</p>
      ) : (
        <ul className="rec-links">
          {data.items.map((member) => (
            <li key={member.id}>
              <Link to={`/communities/${member.id}`}>{localName(member)}</Link>
              <span className="small muted">{t(`vocab.communityKind.${member.kind}`)}</span>
              <span className="small">{t('common.unit.households', { count: member.households ?? 0 })}</span>
            </li>
          ))}
        </ul>
      )}
    </RelatedSection>
  )
}
