// One parcel: its facts, a map with the land overlapping it, and the overlaps with their area.
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useNavigate, useParams } from 'react-router'
import type { GeometryRepair } from '../../../shared/geo.ts'
import type { ParcelConflicts } from '../../../shared/overlaps.ts'
import type { Parcel } from '../../../shared/parcels.ts'
import { useCan } from '../../lib/session.ts'
import { PageHeader } from '../../components/page-header.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { formatDateTime, formatHectares, formatNumber } from '../../lib/format.ts'
import { parseValidReason } from '../../map/geometry-checks.ts'
import { concessionStyle, faint, parcelStyle } from '../../map/land-styles.ts'
import { deleteParcel, parcelConflictsQuery, parcelKeys } from './api.ts'
import { LandMap, type LandShape, type LegendEntry } from '../../map/land-map.tsx'
import { OverlapFigures } from '../../components/overlap-figures.tsx'
import { TenureLabel, TitleStatusBadge } from './tenure-label.tsx'
import { useCommunityName } from '../../lib/reference-data.ts'
import '../../components/land-records.css'
import { concessionQuery, parcelQuery } from '../../lib/land-records.ts'
import { PageLoading, PageProblem } from '../../components/page-state.tsx'
import { BoundaryUnknownList } from '../../components/boundary-unknown-list.tsx'

export function ParcelPage() {
  const { id = '' } = useParams()
  const { t } = useTranslation()
  const can = useCan()
  const location = useLocation()
  const repairs = (location.state as { repairs?: GeometryRepair[] } | null)?.repairs ?? []
  const { data: parcel, error, isPending } = useQuery(parcelQuery(id))
  const conflicts = useQuery(parcelConflictsQuery(id))
  const nameOf = useCommunityName()

  if (isPending) return <PageLoading />
  if (error || !parcel) return <PageProblem error={error} />

  return (
    <div className="page land-page parcel-page">
      <PageHeader
        title={parcel.label}
        actions={
          can('land.write') ? (
            <Link className="button" to={`/parcels/${parcel.id}/edit`}>
              {t('common.action.edit')}
            </Link>
          ) : undefined
        }
      >
        <p className="subtitle">
          <Link to={`/communities/${parcel.communityId}`}>{nameOf(parcel.communityId, parcel.communityName)}</Link>
          {' · '}
          {t('common.unit.ha', { value: formatHectares(parcel.areaHa) })}
        </p>
      </PageHeader>

      {repairs.map((repair, index) => (
        <p key={index} className="alert alert-warning" role="status">
          {t('parcels.detail.repaired', { reason: t(`geometry.server.reason.${parseValidReason(repair.reason).reason}`) })}
        </p>
      ))}

      <div className="grid-2">
        <section className="card" aria-labelledby="parcel-details">
          <h2 id="parcel-details">{t('parcels.detail.details')}</h2>
          <ParcelFacts parcel={parcel} />
        </section>
        <section className="card land-map-card" aria-labelledby="parcel-map">
          <h2 id="parcel-map">{t('parcels.detail.mapTitle')}</h2>
          <ParcelMap parcel={parcel} conflicts={conflicts.data} />
        </section>
      </div>

      <section className="card" aria-labelledby="parcel-conflicts">
        <h2 id="parcel-conflicts">{t('parcels.detail.conflicts')}</h2>
        {conflicts.isPending ? (
          <p role="status">{t('common.state.loading')}</p>
        ) : conflicts.error ? (
          <ProblemMessage error={conflicts.error} onRetry={() => void conflicts.refetch()} />
        ) : (
          <ConflictList conflicts={conflicts.data} />
        )}
      </section>

      {can('land.write') && <DeleteParcel parcel={parcel} />}
    </div>
  )
}

function ParcelFacts({ parcel }: { parcel: Parcel }) {
  const { t } = useTranslation()
  const nameOf = useCommunityName()
  const text = (value: string | null | undefined) => (value ? value : t('common.state.none'))
  return (
    <dl className="facts land-facts">
      <dt>{t('parcels.field.community')}</dt>
      <dd>
        <Link to={`/communities/${parcel.communityId}`}>{nameOf(parcel.communityId, parcel.communityName)}</Link>
      </dd>
      <dt>{t('parcels.field.area')}</dt>
      <dd>{t('common.unit.ha', { value: formatHectares(parcel.areaHa) })}</dd>
      <dt>{t('parcels.field.tenure')}</dt>
      <dd>
        <TenureLabel tenure={parcel.tenure} />
      </dd>
      <dt>{t('parcels.field.titleStatus')}</dt>
      <dd>
        <TitleStatusBadge status={parcel.titleStatus} />
      </dd>
      <dt>{t('parcels.field.landUse')}</dt>
      <dd>{t(`vocab.landUse.${parcel.landUse}`)}</dd>
      {parcel.holderName !== undefined && (
        <>
          <dt>{t('parcels.field.holderName')}</dt>
          <dd>{text(parcel.holderName)}</dd>
        </>
      )}
      {parcel.households !== undefined && (
        <>
          <dt>{t('parcels.field.households')}</dt>
          <dd>{parcel.households === null ? t('common.state.none') : formatNumber(parcel.households)}</dd>
        </>
      )}
      {parcel.notes !== undefined && (
        <>
          <dt>{t('parcels.field.notes')}</dt>
          <dd className="prewrap">{text(parcel.notes)}</dd>
        </>
      )}
      <dt>{t('common.field.updatedAt')}</dt>
      <dd>{formatDateTime(parcel.updatedAt)}</dd>
      <dt>{t('common.field.createdAt')}</dt>
      <dd>{formatDateTime(parcel.createdAt)}</dd>
    </dl>
  )
}

function ParcelMap({ parcel, conflicts }: { parcel: Parcel; conflicts: ParcelConflicts | undefined }) {
  const { t } = useTranslation()
  // The overlapping land's shapes: concessions for everyone; other parcels where the role may see them.
  const concessions = useQueries({
    queries: (conflicts?.concessions ?? []).map((concession) => ({ ...concessionQuery(concession.concessionId), retry: false })),
  })
  const otherParcels = useQueries({
    // Another community's parcel comes without its label when the role may not open it: not fetched.
    queries: (conflicts?.parcels ?? [])
      .filter((other) => other.parcelLabel !== undefined)
      .map((other) => ({ ...parcelQuery(other.parcelId), retry: false })),
  })
  const ownStyle = { ...parcelStyle(parcel), weight: 3, fillOpacity: 0.45 }
  const shapes: LandShape[] = [
    ...otherParcels.flatMap(({ data }) =>
      data ? [{ id: data.id, geometry: data.boundary, style: faint(parcelStyle(data)), title: data.label }] : [],
    ),
    ...concessions.flatMap(({ data }) =>
      data
        ? [
            {
              id: data.id,
              geometry: data.boundary,
              style: concessionStyle(data),
              title: data.company ? `${data.name} (${data.company})` : data.name,
            },
          ]
        : [],
    ),
    { id: parcel.id, geometry: parcel.boundary, style: ownStyle, title: parcel.label },
  ]
  const legend: LegendEntry[] = [
    {
      key: 'self',
      style: ownStyle,
      label: (
        <>
          {t('parcels.detail.legendParcel')} — {t(`vocab.tenure.${parcel.tenure}`)}, {t(`vocab.titleStatus.${parcel.titleStatus}`)}
        </>
      ),
    },
    ...[...new Set(concessions.flatMap(({ data }) => (data ? [data.kind] : [])))].map((kind) => ({
      key: `concession-${kind}`,
      style: concessionStyle({ kind }),
      label: (
        <>
          {t('parcels.detail.legendConcession')} — {t(`vocab.concessionKind.${kind}`)}
        </>
      ),
    })),
    ...(otherParcels.some(({ data }) => data)
      ? [{ key: 'other', style: faint(parcelStyle({})), label: t('parcels.detail.legendOtherParcel') }]
      : []),
  ]
  return <LandMap shapes={shapes} label={t('parcels.detail.mapLabel')} legend={legend} focus={parcel.boundary} />
}

function ConflictList({ conflicts }: { conflicts: ParcelConflicts }) {
  const { t } = useTranslation()
  const nameOf = useCommunityName()
  if (conflicts.concessions.length === 0 && conflicts.parcels.length === 0)
    return (
      <>
        <p className="empty">{t('parcels.detail.noConflicts')}</p>
        <BoundaryUnknownList items={conflicts.boundaryUnknown} of="parcel" />
      </>
    )
  return (
    <>
      <p className="muted">{t('parcels.detail.conflictsIntro')}</p>
      {conflicts.concessions.length > 0 && (
        <>
          <h3>{t('parcels.detail.concessions')}</h3>
          <ul className="overlap-list">
            {conflicts.concessions.map((concession) => (
              <li key={concession.concessionId}>
                <span>
                  <Link to={`/concessions/${concession.concessionId}`}>{concession.concessionName}</Link>
                  <br />
                  <span className="small muted">
                    {t(`vocab.concessionKind.${concession.kind}`)}
                    {concession.company && <> · {concession.company}</>}
                  </span>
                </span>
                <OverlapFigures ha={concession.overlapHa} percent={concession.overlapPercent} of={t('parcels.detail.percentOf')} />
              </li>
            ))}
          </ul>
        </>
      )}
      {conflicts.parcels.length > 0 && (
        <>
          <h3>{t('parcels.detail.parcels')}</h3>
          <ul className="overlap-list">
            {conflicts.parcels.map((other) => (
              <li key={other.parcelId}>
                <span>
                  {other.parcelLabel ? (
                    <Link to={`/parcels/${other.parcelId}`}>{other.parcelLabel}</Link>
                  ) : (
                    t('parcels.detail.otherCommunity')
                  )}
                  {other.communityName && (
                    <>
                      <br />
                      <span className="small muted">{nameOf(other.communityId, other.communityName)}</span>
                    </>
                  )}
                </span>
                <OverlapFigures ha={other.overlapHa} percent={other.overlapPercent} of={t('parcels.detail.percentOf')} />
              </li>
            ))}
          </ul>
        </>
      )}
      <BoundaryUnknownList items={conflicts.boundaryUnknown} of="parcel" />
    </>
  )
}

function DeleteParcel({ parcel }: { parcel: Parcel }) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [isConfirming, setConfirming] = useState(false)
  const remove = useMutation({
    mutationFn: () => deleteParcel(parcel.id, parcel.version),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: parcelKeys.detail(parcel.id) })
      await queryClient.invalidateQueries({ queryKey: parcelKeys.all })
      void navigate('/parcels')
    },
  })
  return (
    <div className="danger-zone">
      {remove.error && <ProblemMessage error={remove.error} />}
      {isConfirming ? (
        <div className="alert alert-warning" role="alert">
          <p>{t('parcels.delete.confirm')}</p>
          <div className="button-row">
            <button type="button" className="button button-danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
              {t('parcels.delete.confirmButton')}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              {t('common.action.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
          {t('parcels.delete.button')}
        </button>
      )}
    </div>
  )
}
