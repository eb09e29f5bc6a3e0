// One concession: its facts, where its boundary comes from, the areas declared by different
// sources, and the community land it covers (territories and parcels) on a map and in figures.
// A concession known only as a point (no boundary published, issue 14) says so plainly: its point
// on the map, its declared areas, no mapped area and no overlaps measured, and for staff a way to
// map its boundary.
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useNavigate, useParams } from 'react-router'
import { CreateDeclaredAreaBody, type Concession, type DeclaredArea } from '../../../shared/concessions.ts'
import type { GeometryRepair } from '../../../shared/geo.ts'
import type { ConcessionOverlaps } from '../../../shared/overlaps.ts'
import { useCan } from '../../lib/session.ts'
import { Field } from '../../components/field.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { formatDate, formatDateTime, formatHectares, formatNumber } from '../../lib/format.ts'
import { validate, type FieldErrors } from '../../lib/form-errors.ts'
import { parseValidReason } from '../../map/geometry-checks.ts'
import { concessionPointStyle, concessionStyle, faint, parcelStyle, territoryStyle } from '../../map/land-styles.ts'
import { squareAround } from '../../map/to-lat-lng.ts'
import { LandMap, type LandShape, type LegendEntry } from '../../map/land-map.tsx'
import { OverlapFigures } from '../../components/overlap-figures.tsx'
import { communityQuery, localName, provinceName, provincesQuery, useCommunityName } from '../../lib/reference-data.ts'
import '../../components/land-records.css'
import { addDeclaredArea, concessionKeys, concessionOverlapsQuery, deleteConcession, removeDeclaredArea } from './api.ts'
import { declaredAreaBodyOf, differencePercent, emptyDeclaredArea, type DeclaredAreaForm } from './concession-format.ts'
import { concessionQuery, parcelQuery } from '../../lib/land-records.ts'
import { PageLoading, PageProblem } from '../../components/page-state.tsx'

/** Parcels drawn on the map at most (the list below has them all). */
const MAX_PARCELS_ON_MAP = 60

export function ConcessionPage() {
  const { id = '' } = useParams()
  const { t, i18n } = useTranslation()
  const can = useCan()
  const location = useLocation()
  const repairs = (location.state as { repairs?: GeometryRepair[] } | null)?.repairs ?? []
  const { data: concession, error, isPending } = useQuery(concessionQuery(id))
  const overlaps = useQuery(concessionOverlapsQuery(id))

  if (isPending) return <PageLoading />
  if (error || !concession) return <PageProblem error={error} />

  const name = localName(concession, i18n.language)
  const otherName = name === concession.name ? concession.nameKm : concession.name

  return (
    <div className="page land-page concession-page">
      <PageHeader
        title={name}
        actions={
          can('land.write') ? (
            <Link className="button" to={`/concessions/${concession.id}/edit`}>
              {t('common.action.edit')}
            </Link>
          ) : undefined
        }
      >
        <p className="subtitle">
          {otherName && <span lang={otherName === concession.nameKm ? 'km' : 'en'}>{otherName} · </span>}
          {t(`vocab.concessionKind.${concession.kind}`)}
          {concession.company && <> · {concession.company}</>}
        </p>
      </PageHeader>

      {!concession.boundary && <BoundaryUnknown concession={concession} canEdit={can('land.write')} />}

      {repairs.map((repair, index) => (
        <p key={index} className="alert alert-warning" role="status">
          {t('concessions.detail.repaired', { reason: t(`geometry.server.reason.${parseValidReason(repair.reason).reason}`) })}
        </p>
      ))}

      <div className="grid-2">
        <section className="card" aria-labelledby="concession-details">
          <h2 id="concession-details">{t('concessions.detail.details')}</h2>
          <ConcessionFacts concession={concession} />
        </section>
        <section className="card land-map-card" aria-labelledby="concession-map">
          <h2 id="concession-map">{t('concessions.detail.mapTitle')}</h2>
          <ConcessionMap concession={concession} overlaps={overlaps.data} />
        </section>
      </div>

      <section className="card" aria-labelledby="concession-overlaps">
        <h2 id="concession-overlaps">{t('concessions.detail.overlaps')}</h2>
        {overlaps.isPending ? (
          <p role="status">{t('common.state.loading')}</p>
        ) : overlaps.error ? (
          <ProblemMessage error={overlaps.error} onRetry={() => void overlaps.refetch()} />
        ) : (
          <OverlapList overlaps={overlaps.data} />
        )}
      </section>

      <div className="grid-2">
        <section className="card" aria-labelledby="concession-declared">
          <h2 id="concession-declared">{t('concessions.detail.declaredTitle')}</h2>
          <DeclaredAreas concession={concession} canEdit={can('land.write')} />
        </section>
        <section className="card" aria-labelledby="concession-provenance">
          <h2 id="concession-provenance">{t('concessions.detail.provenance')}</h2>
          <Provenance concession={concession} />
        </section>
      </div>

      {can('land.write') && <DeleteConcession concession={concession} />}
    </div>
  )
}

/** The notice of a concession known only as a point: what is known, what cannot be measured, and (staff) "Map the boundary". */
function BoundaryUnknown({ concession, canEdit }: { concession: Concession; canEdit: boolean }) {
  const { t } = useTranslation()
  const ha = (value: number) => t('common.unit.ha', { value: formatHectares(value) })
  return (
    <section className="alert alert-warning boundary-unknown" aria-labelledby="concession-boundary-unknown" data-testid="boundary-unknown">
      <h2 id="concession-boundary-unknown">{t('concessions.detail.boundaryUnknown')}</h2>
      <p>{t('concessions.detail.boundaryUnknownText')}</p>
      {concession.declaredAreas.length > 0 ? (
        <p>
          {t('concessions.detail.boundaryUnknownDeclared', {
            areas: concession.declaredAreas.map((area) => `${ha(area.areaHa)} (${area.source})`).join('; '),
          })}
        </p>
      ) : (
        <p>{t('concessions.detail.boundaryUnknownNoDeclared')}</p>
      )}
      <p>{t('concessions.detail.boundaryUnknownOverlaps')}</p>
      {canEdit && (
        <p className="button-row">
          <Link className="button button-primary" to={`/concessions/${concession.id}/edit#boundary`}>
            {t('concessions.detail.mapBoundary')}
          </Link>
        </p>
      )}
    </section>
  )
}

function ConcessionFacts({ concession }: { concession: Concession }) {
  const { t, i18n } = useTranslation()
  const { data: provinces } = useQuery(provincesQuery())
  const none = t('common.state.none')
  return (
    <dl className="facts land-facts">
      <dt>{t('concessions.field.kind')}</dt>
      <dd>{t(`vocab.concessionKind.${concession.kind}`)}</dd>
      <dt>{t('concessions.field.company')}</dt>
      <dd>{concession.company ?? none}</dd>
      <dt>{t('concessions.field.province')}</dt>
      <dd>{provinceName(concession.province, provinces, i18n.language) ?? none}</dd>
      <dt>{t('concessions.field.grantedOn')}</dt>
      <dd>{formatDate(concession.grantedOn)}</dd>
      <dt>{t('concessions.field.area')}</dt>
      <dd>
        {concession.areaHa === null ? t('concessions.detail.notMapped') : t('common.unit.ha', { value: formatHectares(concession.areaHa) })}
      </dd>
      <dt>{t('concessions.field.purpose')}</dt>
      <dd className="prewrap">{concession.purpose ?? none}</dd>
      <dt>{t('common.field.updatedAt')}</dt>
      <dd>{formatDateTime(concession.updatedAt)}</dd>
    </dl>
  )
}

function Provenance({ concession }: { concession: Concession }) {
  const { t } = useTranslation()
  if (!concession.boundarySource && !concession.sourceUrl && !concession.sourceDate)
    return <p className="empty">{t('concessions.detail.noProvenance')}</p>
  return (
    <>
      <p className="muted">{t('concessions.detail.provenanceIntro')}</p>
      <dl className="facts land-facts">
        <dt>{t('concessions.field.boundarySource')}</dt>
        <dd>{concession.boundarySource ?? t('common.state.none')}</dd>
        <dt>{t('concessions.field.sourceDate')}</dt>
        <dd>{formatDate(concession.sourceDate)}</dd>
        {concession.sourceUrl && (
          <>
            <dt>{t('concessions.field.sourceUrl')}</dt>
            <dd>
              <ExternalLink href={concession.sourceUrl} />
            </dd>
          </>
        )}
      </dl>
    </>
  )
}

/** A link out of the app: only http(s), opened apart, without sending who we are. */
function ExternalLink({ href, label }: { href: string; label?: string }) {
  if (!/^https?:\/\//i.test(href)) return <span className="mono">{href}</span>
  return (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="break-anywhere">
      {label ?? href}
    </a>
  )
}

function ConcessionMap({ concession, overlaps }: { concession: Concession; overlaps: ConcessionOverlaps | undefined }) {
  const { t, i18n } = useTranslation()
  const overlapped = useQueries({
    queries: (overlaps?.communities ?? [])
      .slice(0, MAX_PARCELS_ON_MAP)
      .map((overlap) => ({ ...communityQuery(overlap.communityId), retry: false })),
  })
  const parcels = useQueries({
    queries: (overlaps?.parcels ?? []).slice(0, MAX_PARCELS_ON_MAP).map((parcel) => ({ ...parcelQuery(parcel.parcelId), retry: false })),
  })
  const territories = overlapped.flatMap(({ data: community }) =>
    community?.territory ? [{ community, territory: community.territory }] : [],
  )
  // Known only as a point: its point, drawn as the home map draws it, the map opened wide enough
  // for land of its largest declared area to lie anywhere around it (5 km either way without one).
  const isPoint = !concession.boundary
  const ownStyle = isPoint ? concessionPointStyle(concession) : { ...concessionStyle(concession), weight: 3 }
  const largestDeclaredHa = Math.max(0, ...concession.declaredAreas.map((area) => area.areaHa))
  // 100 ha is a square kilometre.
  const reachKm = largestDeclaredHa > 0 ? Math.max(2, Math.sqrt(largestDeclaredHa / 100)) : 5
  const focus = concession.boundary ?? (concession.location && squareAround(concession.location.coordinates, reachKm))
  const title = localName(concession, i18n.language)
  const shapes: LandShape[] = [
    {
      id: concession.id,
      geometry: concession.boundary ?? concession.location,
      style: ownStyle,
      title: isPoint ? `${title} — ${t('concessions.detail.boundaryUnknown')}` : title,
    },
    ...territories.map(({ community, territory }) => ({
      id: community.id,
      geometry: territory,
      style: { ...territoryStyle(), fillOpacity: 0.15 },
      title: localName(community, i18n.language),
    })),
    ...parcels.flatMap(({ data }) => (data ? [{ id: data.id, geometry: data.boundary, style: parcelStyle(data), title: data.label }] : [])),
  ]
  const legend: LegendEntry[] = [
    isPoint
      ? { key: 'self', style: ownStyle, label: t('concessions.detail.legendPoint'), isPoint: true }
      : { key: 'self', style: ownStyle, label: t('concessions.detail.legendConcession') },
    ...(territories.length > 0 ? [{ key: 'territory', style: territoryStyle(), label: t('concessions.detail.legendTerritory') }] : []),
    ...(parcels.some(({ data }) => data)
      ? [{ key: 'parcel', style: faint(parcelStyle({})), label: t('concessions.detail.legendParcel') }]
      : []),
  ]
  return <LandMap shapes={shapes} label={t('concessions.detail.mapLabel')} legend={legend} focus={focus} />
}

function OverlapList({ overlaps }: { overlaps: ConcessionOverlaps }) {
  const { t } = useTranslation()
  const nameOf = useCommunityName()
  // Nothing measured is not "nothing overlaps": without a boundary nobody knows.
  if (!overlaps.concession.isBoundaryKnown) return <p className="empty">{t('concessions.detail.boundaryUnknownOverlaps')}</p>
  if (overlaps.communities.length === 0 && overlaps.parcels.length === 0)
    return <p className="empty">{t('concessions.detail.noOverlaps')}</p>
  return (
    <>
      <p className="muted">{t('concessions.detail.overlapsIntro')}</p>
      {overlaps.communities.length > 0 && (
        <>
          <h3>{t('concessions.detail.territories')}</h3>
          <ul className="overlap-list">
            {overlaps.communities.map((overlap) => (
              <li key={overlap.communityId}>
                <span>
                  <Link to={`/communities/${overlap.communityId}`}>{nameOf(overlap.communityId, overlap.communityName)}</Link>
                  <br />
                  <span className="small muted">{t('common.unit.ha', { value: formatHectares(overlap.territoryAreaHa) })}</span>
                </span>
                <OverlapFigures ha={overlap.overlapHa} percent={overlap.overlapPercent} of={t('concessions.detail.ofTerritory')} />
              </li>
            ))}
          </ul>
        </>
      )}
      {overlaps.parcels.length > 0 && (
        <>
          <h3>{t('concessions.detail.parcels')}</h3>
          <ul className="overlap-list">
            {overlaps.parcels.map((overlap) => (
              <li key={overlap.parcelId}>
                <span>
                  <Link to={`/parcels/${overlap.parcelId}`}>{overlap.parcelLabel}</Link>
                  <br />
                  <span className="small muted">{nameOf(overlap.communityId, overlap.communityName)}</span>
                </span>
                <OverlapFigures ha={overlap.overlapHa} percent={overlap.overlapPercent} of={t('concessions.detail.ofParcel')} />
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  )
}

function DeclaredAreas({ concession, canEdit }: { concession: Concession; canEdit: boolean }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [confirming, setConfirming] = useState<string | undefined>()
  const remove = useMutation({
    mutationFn: (areaId: string) => removeDeclaredArea(concession.id, areaId),
    onSuccess: async () => {
      setConfirming(undefined)
      await queryClient.invalidateQueries({ queryKey: concessionKeys.all })
    },
  })
  return (
    <>
      <p className="muted">
        {concession.areaHa === null
          ? t('concessions.detail.declaredIntroUnknown')
          : t('concessions.detail.declaredIntro', { mapped: t('common.unit.ha', { value: formatHectares(concession.areaHa) }) })}
      </p>
      {concession.declaredAreas.length === 0 ? (
        <p className="empty">{t('concessions.detail.noDeclared')}</p>
      ) : (
        <ul className="overlap-list declared-list">
          {concession.declaredAreas.map((area) => (
            <li key={area.id}>
              <span className="declared-source">
                {area.sourceUrl ? <ExternalLink href={area.sourceUrl} label={area.source} /> : area.source}
                <br />
                <span className="small muted">
                  {t('concessions.detail.statedOn')}: {formatDate(area.statedOn)}
                </span>
              </span>
              <span className="overlap-figures">
                <strong>{t('common.unit.ha', { value: formatHectares(area.areaHa) })}</strong>
                <span className="small muted">
                  {t('concessions.detail.difference')}: <Difference area={area} mappedHa={concession.areaHa} />
                </span>
                {canEdit &&
                  (confirming === area.id ? (
                    <span className="declared-confirm" role="alert">
                      <span className="small">{t('concessions.declared.confirmRemove')}</span>
                      <span className="button-row">
                        <button
                          type="button"
                          className="button button-danger"
                          onClick={() => remove.mutate(area.id)}
                          disabled={remove.isPending}
                        >
                          {t('concessions.declared.remove')}
                        </button>
                        <button type="button" className="button" onClick={() => setConfirming(undefined)}>
                          {t('common.action.cancel')}
                        </button>
                      </span>
                    </span>
                  ) : (
                    <button
                      type="button"
                      className="link-button small"
                      onClick={() => setConfirming(area.id)}
                      aria-label={t('concessions.declared.removeLabel', { source: area.source })}
                    >
                      {t('concessions.declared.remove')}
                    </button>
                  ))}
              </span>
            </li>
          ))}
        </ul>
      )}
      {remove.error && <ProblemMessage error={remove.error} />}
      {canEdit && <AddDeclaredArea concessionId={concession.id} />}
    </>
  )
}

function Difference({ area, mappedHa }: { area: DeclaredArea; mappedHa: number | null }) {
  const { t } = useTranslation()
  if (mappedHa === null) return <>{t('concessions.detail.notMapped')}</>
  const percent = differencePercent(area.areaHa, mappedHa)
  if (percent === undefined) return <>{t('common.state.none')}</>
  if (Math.abs(percent) < 0.5) return <>{t('concessions.detail.sameAsMap')}</>
  return (
    <>
      {t('concessions.detail.differenceValue', {
        sign: percent > 0 ? '+' : '−',
        percent: formatNumber(Math.abs(percent), Math.abs(percent) < 10 ? 1 : 0),
      })}
    </>
  )
}

function AddDeclaredArea({ concessionId }: { concessionId: string }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [isOpen, setOpen] = useState(false)
  const [form, setForm] = useState<DeclaredAreaForm>(emptyDeclaredArea)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [done, setDone] = useState(false)
  const add = useMutation({
    mutationFn: (body: CreateDeclaredAreaBody) => addDeclaredArea(concessionId, body),
    onSuccess: async () => {
      setForm(emptyDeclaredArea)
      setOpen(false)
      setDone(true)
      await queryClient.invalidateQueries({ queryKey: concessionKeys.all })
    },
  })
  const set = (key: keyof DeclaredAreaForm, value: string) => {
    setForm((previous) => ({ ...previous, [key]: value }))
    setErrors((previous) => ({ ...previous, [key]: '' }))
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const checked = validate(CreateDeclaredAreaBody, declaredAreaBodyOf(form), t)
    if (!checked.ok) return setErrors(checked.errors)
    add.mutate(checked.data)
  }
  if (!isOpen) {
    return (
      <div className="button-row">
        {done && (
          <p className="alert alert-success" role="status">
            {t('concessions.declared.added')}
          </p>
        )}
        <button
          type="button"
          className="button"
          onClick={() => {
            setOpen(true)
            setDone(false)
          }}
        >
          + {t('concessions.declared.add')}
        </button>
      </div>
    )
  }
  return (
    <form className="declared-form" onSubmit={submit} noValidate aria-labelledby="declared-add-title">
      <h3 id="declared-add-title">{t('concessions.declared.addTitle')}</h3>
      <div className="form-grid">
        <Field label={t('concessions.declared.areaHa')} error={errors.areaHa} required>
          <input type="text" inputMode="decimal" value={form.areaHa} onChange={(event) => set('areaHa', event.target.value)} />
        </Field>
        <Field label={t('concessions.declared.statedOn')} error={errors.statedOn}>
          <input type="date" value={form.statedOn} onChange={(event) => set('statedOn', event.target.value)} />
        </Field>
        <Field
          label={t('concessions.declared.source')}
          error={errors.source}
          hint={t('concessions.declared.sourceHint')}
          required
          className="span-2"
        >
          <input value={form.source} onChange={(event) => set('source', event.target.value)} maxLength={500} />
        </Field>
        <Field label={t('concessions.declared.sourceUrl')} error={errors.sourceUrl} className="span-2">
          <input
            type="url"
            inputMode="url"
            value={form.sourceUrl}
            onChange={(event) => set('sourceUrl', event.target.value)}
            placeholder="https://"
          />
        </Field>
      </div>
      {add.error && <ProblemMessage error={add.error} />}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={add.isPending}>
          {add.isPending ? t('common.state.saving') : t('common.action.add')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            setOpen(false)
            setErrors({})
          }}
        >
          {t('common.action.cancel')}
        </button>
      </div>
    </form>
  )
}

function DeleteConcession({ concession }: { concession: Concession }) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [isConfirming, setConfirming] = useState(false)
  const remove = useMutation({
    mutationFn: () => deleteConcession(concession.id, concession.version),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: concessionKeys.detail(concession.id) })
      await queryClient.invalidateQueries({ queryKey: concessionKeys.all })
      void navigate('/concessions')
    },
  })
  return (
    <div className="danger-zone">
      {remove.error && <ProblemMessage error={remove.error} />}
      {isConfirming ? (
        <div className="alert alert-warning" role="alert">
          <p>{t('concessions.delete.confirm')}</p>
          <div className="button-row">
            <button type="button" className="button button-danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
              {t('concessions.delete.confirmButton')}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              {t('common.action.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
          {t('concessions.delete.button')}
        </button>
      )}
    </div>
  )
}
