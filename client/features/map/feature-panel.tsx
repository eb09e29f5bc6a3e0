// The side panel (a drawer at the bottom on phones) for what was clicked on the map: the record
// fetched by id (a tile carries only what draws it), its summary in the reader's language, and a
// link to its page.
import { useQuery } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { problemText } from '../../components/problem-message.tsx'
import { formatDate, formatDateTime, formatHectares, formatNumber, formatOccurred } from '../../lib/format.ts'
import { placeAtQuery, recordQuery, thumbnailUrl, type MapRecord } from './api.ts'
import { type Selection } from './selection.ts'
import { CommunitySwatch, ConcessionPointSwatch, ConcessionSwatch, EvidenceSwatch, IncidentSwatch, TenureSwatch } from './swatches.tsx'
import { localName, localText, provinceName, useCommunityName, useProvinces } from '../../lib/reference-data.ts'

interface Props {
  selection: Selection
  onClose: () => void
  ref?: React.Ref<HTMLElement>
}

type LoadedRecord = { [L in keyof MapRecord]: { layer: L; record: MapRecord[L] } }[keyof MapRecord]

type Fact = [label: string, value: string | null | undefined | false]

export function FeaturePanel({ selection, onClose, ref }: Props) {
  const { t, i18n } = useTranslation()
  const headingRef = useRef<HTMLHeadingElement>(null)
  const language = i18n.language

  // The panel takes the focus when it opens on something new, and gives it back (to the marker
  // that opened it) when it closes. Escape closes it.
  const returnFocusTo = useRef<Element | null>(null)
  useEffect(() => {
    if (document.activeElement && document.activeElement !== headingRef.current && document.activeElement !== document.body) {
      returnFocusTo.current = document.activeElement
    }
    headingRef.current?.focus()
  }, [selection.layer, selection.id])
  useEffect(
    () => () => {
      const target = returnFocusTo.current
      if (target instanceof HTMLElement && target.isConnected) target.focus({ preventScroll: true })
    },
    [],
  )
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [onClose])

  const record = useQuery(recordQuery(selection.layer, selection.id))
  const loaded = record.data ? ({ layer: selection.layer, record: record.data } as LoadedRecord) : undefined

  // Records store their place and their community's name in English: in Khmer the panel names
  // what has a Khmer name in Khmer (the province from the list, the district and commune from the
  // boundaries at the record's point, the community from the list of communities).
  const isKhmer = language === 'km'
  const provinces = useProvinces()
  const communityName = useCommunityName()
  const at = isKhmer && (loaded?.layer === 'incidents' || loaded?.layer === 'communities') ? loaded.record.location?.coordinates : undefined
  const areasAt = useQuery(placeAtQuery(at)).data
  const areaName = (name: string | null | undefined, level: 2 | 3) => {
    if (!name || !isKhmer) return name
    const area = areasAt?.find((candidate) => candidate.level === level && candidate.name.toLowerCase() === name.toLowerCase())
    return area?.nameKm ?? name
  }

  const ha = (value: number | null | undefined) =>
    value === null || value === undefined ? null : t('common.unit.ha', { value: formatHectares(value) })
  const count = (value: number | null | undefined) => (value === null || value === undefined ? null : formatNumber(value))
  const place = (village: string | null, commune: string | null, district: string | null, province: string | null) =>
    [village, areaName(commune, 3), areaName(district, 2), provinceName(province, provinces, language)].filter(Boolean).join(', ') || null

  let swatch: React.JSX.Element | undefined
  let title = selection.title
  let badges: string[] = []
  let facts: Fact[] = []
  let link: { to: string; label: string } | undefined
  let image: React.JSX.Element | undefined
  /** A caveat the reader must not miss (a concession whose boundary is unknown). */
  let note: string | undefined

  switch (loaded?.layer) {
    case 'incidents': {
      const p = loaded.record
      swatch = <IncidentSwatch kind={p.kind} severity={p.severity} />
      title = localText(p.title, p.titleKm, language)
      badges = [
        t(`vocab.incidentKind.${p.kind}`),
        t(`vocab.incidentStatus.${p.status}`),
        ...(p.isConfidential ? [t('common.state.confidential')] : []),
      ]
      facts = [
        [t('map.panel.occurredAt'), formatOccurred(p.occurredAt, p.occurredPrecision)],
        [t('map.panel.severity'), t(`vocab.severity.${p.severity}`)],
        [t('map.panel.community'), communityName(p.communityId, p.communityName)],
        [t('map.panel.householdsAffected'), count(p.householdsAffected)],
        [t('map.panel.peopleAffected'), count(p.peopleAffected)],
        [t('map.panel.affectedArea'), ha(p.affectedAreaHa)],
        [t('map.panel.perpetrator'), [t(`vocab.perpetratorKind.${p.perpetratorKind}`), p.perpetratorName].filter(Boolean).join(': ')],
        [t('map.panel.place'), place(p.village, p.commune, p.district, p.province)],
      ]
      link = { to: `/incidents/${p.id}`, label: t('map.panel.open.incidents') }
      break
    }
    case 'communities': {
      const p = loaded.record
      swatch = <CommunitySwatch />
      title = localName(p, language)
      badges = [t(`vocab.communityKind.${p.kind}`), t(`vocab.communityStatus.${p.status}`)]
      facts = [
        [t('map.panel.households'), count(p.households)],
        [t('map.panel.members'), count(p.members)],
        [t('map.panel.territory'), ha(p.territoryAreaHa)],
        [t('map.panel.place'), place(p.village, p.commune, p.district, p.province)],
      ]
      link = { to: `/communities/${p.id}`, label: t('map.panel.open.communities') }
      break
    }
    case 'parcels': {
      const p = loaded.record
      swatch = <TenureSwatch tenure={p.tenure} />
      title = p.label
      badges = [t(`vocab.tenure.${p.tenure}`), t(`vocab.titleStatus.${p.titleStatus}`)]
      facts = [
        [t('map.panel.community'), communityName(p.communityId, p.communityName)],
        [t('map.panel.area'), ha(p.areaHa)],
        [t('map.panel.landUse'), t(`vocab.landUse.${p.landUse}`)],
        [t('map.panel.households'), count(p.households)],
        [t('map.panel.holder'), p.holderName],
      ]
      link = { to: `/parcels/${p.id}`, label: t('map.panel.open.parcels') }
      break
    }
    case 'concessions': {
      const p = loaded.record
      const isBoundaryKnown = p.boundary !== null
      swatch = isBoundaryKnown ? <ConcessionSwatch kind={p.kind} /> : <ConcessionPointSwatch kind={p.kind} />
      title = localName(p, language)
      badges = [t(`vocab.concessionKind.${p.kind}`), ...(isBoundaryKnown ? [] : [t('map.panel.boundaryUnknown')])]
      const declared = p.declaredAreas[0]
      if (!isBoundaryKnown) {
        // The largest figure, as the map's tooltip gives it.
        const largest = Math.max(...p.declaredAreas.map((area) => area.areaHa))
        note = p.declaredAreas.length > 0 ? t('map.boundaryUnknown.declared', { area: ha(largest) }) : t('map.boundaryUnknown.noDeclared')
      }
      facts = [
        [t('map.panel.company'), p.company],
        [t('map.panel.area'), ha(p.areaHa)],
        [t('map.panel.declaredArea'), declared && `${ha(declared.areaHa)} (${declared.source})`],
        [t('map.panel.grantedOn'), p.grantedOn && formatDate(p.grantedOn)],
        [t('common.field.province'), provinceName(p.province, provinces, language)],
      ]
      link = { to: `/concessions/${p.id}`, label: t('map.panel.open.concessions') }
      break
    }
    case 'evidence': {
      const p = loaded.record
      swatch = <EvidenceSwatch />
      title = p.title
      badges = p.isConfidential ? [t('common.state.confidential')] : []
      facts = [
        [t('map.panel.capturedAt'), p.capturedAt ? formatDateTime(p.capturedAt) : null],
        [t('map.panel.capturedBy'), p.capturedBy],
        [t('map.panel.camera'), [p.cameraMake, p.cameraModel].filter(Boolean).join(' ') || null],
      ]
      if (p.hasThumbnail)
        image = <img className="map-panel-photo" src={thumbnailUrl(p.id)} alt={t('map.panel.photoAlt', { title: p.title })} />
      link = p.incidentId
        ? { to: `/incidents/${p.incidentId}`, label: t('map.panel.openRecord.incident') }
        : p.caseId
          ? { to: `/cases/${p.caseId}`, label: t('map.panel.openRecord.case') }
          : p.parcelId
            ? { to: `/parcels/${p.parcelId}`, label: t('map.panel.openRecord.parcel') }
            : p.communityId
              ? { to: `/communities/${p.communityId}`, label: t('map.panel.openRecord.community') }
              : undefined
      break
    }
    case undefined:
      break
  }

  const shown = facts.filter((fact): fact is [string, string] => Boolean(fact[1]))
  return (
    <section ref={ref} className="map-panel" data-testid="map-panel" aria-label={t('map.panel.label')}>
      <header className="map-panel-header">
        <p className="map-panel-type">
          {swatch} {t(`map.panel.type.${selection.layer}`)}
        </p>
        <button type="button" className="map-panel-close" onClick={onClose} aria-label={t('map.panel.close')} title={t('map.panel.close')}>
          <span aria-hidden="true">✕</span>
        </button>
      </header>
      <h2 ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      {record.isPending && (
        <p className="field-hint" role="status">
          {t('map.panel.loading')}
        </p>
      )}
      {record.isError && (
        <p className="field-error" role="alert">
          {problemText(t, record.error)}{' '}
          <button type="button" className="link-button" onClick={() => void record.refetch()}>
            {t('common.action.retry')}
          </button>
        </p>
      )}
      {badges.length > 0 && (
        <p className="map-panel-badges">
          {badges.map((badge) => (
            <span key={badge} className="badge">
              {badge}
            </span>
          ))}
        </p>
      )}
      {note && (
        <p className="alert alert-warning map-panel-note" data-testid="map-panel-note">
          {note}
        </p>
      )}
      {image}
      {shown.length > 0 && (
        <dl className="facts">
          {shown.map(([label, value]) => (
            <div key={label} className="facts-row">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {link && (
        <Link className="button button-primary map-panel-link" to={link.to}>
          {link.label}
        </Link>
      )}
    </section>
  )
}
