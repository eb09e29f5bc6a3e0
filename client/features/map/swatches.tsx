// Small drawings for the legend and the layer switches, made by the same style functions as the
// map, so they always match it. Decorative: the text next to them says what they mean.
import type { ConcessionKind, IncidentKind, Severity, Tenure, TitleStatus } from '../../../shared/vocabularies.ts'
import {
  clusterColor,
  COMMUNITY_COLOR,
  CONCESSION_COLORS,
  concessionPatternId,
  concessionPointStyle,
  INCIDENT_GROUPS,
  incidentStyle,
  parcelCellStyle,
  parcelStyle,
  shapeSvg,
  SEVERITY_SIZES,
  territoryStyle,
  type IncidentGroup,
  type MarkerShape,
} from '../../map/styles.ts'

function Svg({ html, className }: { html: string; className?: string }) {
  // Our own static SVG strings (styles.ts), never user input.
  return <span className={['swatch', className ?? ''].join(' ').trim()} aria-hidden="true" dangerouslySetInnerHTML={{ __html: html }} />
}

export const IncidentSwatch = ({ kind, severity = 'high' }: { kind: IncidentKind; severity?: Severity }) => {
  const style = incidentStyle(kind, severity)
  return <Svg html={shapeSvg(style.shape, 20, style.color, '#fff', style.strokeWidth)} />
}

export const GroupSwatch = ({ group }: { group: IncidentGroup }) => (
  <Svg html={shapeSvg(INCIDENT_GROUPS[group].shape as MarkerShape, 20, '#4b5563')} />
)

export const SeveritySwatch = ({ severity }: { severity: Severity }) => (
  <Svg className="swatch-severity" html={shapeSvg('circle', SEVERITY_SIZES[severity], '#4b5563')} />
)

export const FadedSwatch = () => (
  <span
    className="swatch"
    aria-hidden="true"
    style={{ opacity: 0.5 }}
    dangerouslySetInnerHTML={{ __html: shapeSvg('triangle', 20, '#c62828') }}
  />
)

export const ClusterSwatch = () => (
  <span className="swatch swatch-cluster" aria-hidden="true" style={{ background: clusterColor(3) }}>
    12
  </span>
)

export const CommunitySwatch = () => <Svg html={shapeSvg('house', 22, COMMUNITY_COLOR, '#fff', 2)} />

const polygonSvg = (fill: string, stroke: string, weight: number, dashArray: string | undefined, fillOpacity: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="26" height="18" viewBox="0 0 26 18" aria-hidden="true" focusable="false"><rect x="2" y="2" width="22" height="14" fill="${fill}" fill-opacity="${fillOpacity}" stroke="${stroke}" stroke-width="${weight}"${dashArray ? ` stroke-dasharray="${dashArray}"` : ''}/></svg>`

/** A parcel cell (zoomed out): `disputedShare` 0 … 1, as on the map. */
export const ParcelCellSwatch = ({ disputedShare }: { disputedShare: number }) => {
  const style = parcelCellStyle(disputedShare)
  return <Svg html={polygonSvg(style.fillColor!, style.color!, 1.5, undefined, style.fillOpacity!)} />
}

export const TerritorySwatch = () => {
  const style = territoryStyle()
  return <Svg html={polygonSvg(style.fillColor!, style.color!, 2, undefined, style.fillOpacity!)} />
}

export const TenureSwatch = ({ tenure }: { tenure: Tenure }) => {
  const style = parcelStyle({ tenure, titleStatus: 'registered' })
  return <Svg html={polygonSvg(style.fillColor!, style.color!, 1.5, undefined, 0.6)} />
}

export const TitleStatusSwatch = ({ titleStatus }: { titleStatus: TitleStatus }) => {
  const style = parcelStyle({ tenure: 'unknown', titleStatus })
  return (
    <Svg
      html={polygonSvg(
        '#ffffff',
        titleStatus === 'disputed' ? style.color! : '#374151',
        style.weight!,
        style.dashArray as string | undefined,
        1,
      )}
    />
  )
}

export const ConcessionSwatch = ({ kind }: { kind: ConcessionKind }) => (
  <Svg html={polygonSvg(`url(#${concessionPatternId(kind)})`, CONCESSION_COLORS[kind], 2, '5 3', 1)} />
)

/** A concession known only as a point: the dashed ring the map draws. */
export const ConcessionPointSwatch = ({ kind }: { kind: ConcessionKind }) => {
  const style = concessionPointStyle({ kind })
  return (
    <Svg
      html={`<svg xmlns="http://www.w3.org/2000/svg" width="22" height="22" viewBox="0 0 22 22" aria-hidden="true" focusable="false"><circle cx="11" cy="11" r="8" fill="${style.fillColor}" fill-opacity="${style.fillOpacity}" stroke="${style.color}" stroke-width="${style.weight}" stroke-dasharray="${style.dashArray as string}"/></svg>`}
    />
  )
}

export const EvidenceSwatch = () => (
  <span className="swatch swatch-photo" aria-hidden="true">
    📷
  </span>
)
