// How each kind of thing looks on the home map: pure functions of a record, so the map, the
// legend and the tests agree. Colour is never the only signal: incidents also differ by SHAPE
// (one per group of kinds) and SIZE (severity), parcels by outline (title status), concessions by
// a hatched fill and a dashed outline, communities by a house marker.
import type { PathOptions } from 'leaflet'
import {
  CONCESSION_KINDS,
  INCIDENT_KINDS,
  SEVERITIES,
  TENURES,
  TITLE_STATUSES,
  type ConcessionKind,
  type IncidentKind,
  type IncidentStatus,
  type Severity,
  type Tenure,
  type TitleStatus,
} from '../../shared/vocabularies.ts'

// ---- Incidents --------------------------------------------------------------------------------

export type MarkerShape = 'triangle' | 'square' | 'diamond' | 'circle'

/** Kinds of incident that look alike (same shape), each group with its own shape. */
export const INCIDENT_GROUPS = {
  eviction: { shape: 'triangle', kinds: ['forced_eviction', 'eviction_threat', 'demolition'] },
  land: { shape: 'square', kinds: ['land_grabbing', 'encroachment', 'fencing', 'crop_destruction'] },
  violence: { shape: 'diamond', kinds: ['violence', 'intimidation', 'arrest'] },
  legal: { shape: 'circle', kinds: ['legal_harassment', 'other'] },
} as const satisfies Record<string, { shape: MarkerShape; kinds: readonly IncidentKind[] }>

export type IncidentGroup = keyof typeof INCIDENT_GROUPS

/** One colour per kind, chosen to stay apart from each other and from the basemap's greens. */
export const INCIDENT_COLORS: Record<IncidentKind, string> = {
  forced_eviction: '#c62828',
  eviction_threat: '#ef6c00',
  demolition: '#6d1b1b',
  land_grabbing: '#6a1b9a',
  encroachment: '#d81b60',
  fencing: '#795548',
  crop_destruction: '#9e9d24',
  violence: '#212121',
  intimidation: '#1565c0',
  arrest: '#00838f',
  legal_harassment: '#5c6bc0',
  other: '#757575',
}

/** Marker side in CSS pixels by severity: bigger is worse. */
export const SEVERITY_SIZES: Record<Severity, number> = { low: 18, medium: 22, high: 28, critical: 34 }

export const SEVERITY_RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 }

export function incidentGroupOf(kind: IncidentKind): IncidentGroup {
  for (const [group, { kinds }] of Object.entries(INCIDENT_GROUPS) as [IncidentGroup, { kinds: readonly IncidentKind[] }][]) {
    if (kinds.includes(kind)) return group
  }
  return 'legal'
}

export interface IncidentStyle {
  group: IncidentGroup
  shape: MarkerShape
  color: string
  /** Side of the marker's box, CSS pixels. */
  size: number
  /** White halo around the shape; thicker for critical incidents. */
  strokeWidth: number
  /** Resolved and dismissed incidents are drawn faded: history, not a current threat. */
  opacity: number
}

export function incidentStyle(kind: IncidentKind, severity: Severity, status?: IncidentStatus): IncidentStyle {
  const group = incidentGroupOf(kind)
  return {
    group,
    shape: INCIDENT_GROUPS[group].shape,
    color: INCIDENT_COLORS[kind] ?? INCIDENT_COLORS.other,
    size: SEVERITY_SIZES[severity] ?? SEVERITY_SIZES.medium,
    strokeWidth: severity === 'critical' ? 2.5 : 1.5,
    opacity: status === 'resolved' || status === 'dismissed' ? 0.5 : 1,
  }
}

/** The SVG drawing of a marker shape inside a `size`×`size` box. */
export function shapeSvg(shape: MarkerShape | 'house', size: number, fill: string, stroke = '#fff', strokeWidth = 1.5): string {
  const s = size
  const m = strokeWidth + 0.5
  const attrs = `fill="${fill}" stroke="${stroke}" stroke-width="${strokeWidth}" stroke-linejoin="round"`
  let body: string
  switch (shape) {
    case 'triangle':
      body = `<polygon points="${s / 2},${m} ${s - m},${s - m} ${m},${s - m}" ${attrs}/>`
      break
    case 'square':
      body = `<rect x="${m + 1}" y="${m + 1}" width="${s - 2 * m - 2}" height="${s - 2 * m - 2}" rx="1.5" ${attrs}/>`
      break
    case 'diamond':
      body = `<polygon points="${s / 2},${m} ${s - m},${s / 2} ${s / 2},${s - m} ${m},${s / 2}" ${attrs}/>`
      break
    case 'house':
      body = `<polygon points="${s / 2},${m} ${s - m},${s * 0.45} ${s - m - 1},${s - m} ${m + 1},${s - m} ${m},${s * 0.45}" ${attrs}/>`
      break
    default:
      body = `<circle cx="${s / 2}" cy="${s / 2}" r="${s / 2 - m}" ${attrs}/>`
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${s}" height="${s}" viewBox="0 0 ${s} ${s}" aria-hidden="true" focusable="false">${body}</svg>`
}

// ---- Incident clusters -------------------------------------------------------------------------

/** A cluster bubble grows with the number of incidents in it (log scale, 30…56 px). */
export function clusterSize(count: number): number {
  return Math.round(Math.min(56, 30 + Math.log2(Math.max(1, count)) * 4))
}

/** A cluster takes the colour of the worst severity inside it. */
export const CLUSTER_COLORS: Record<Severity, string> = { low: '#546e7a', medium: '#ef6c00', high: '#c62828', critical: '#6d1b1b' }

export function clusterColor(maxSeverityRank: number): string {
  const severity = SEVERITIES[Math.max(0, Math.min(SEVERITIES.length - 1, maxSeverityRank - 1))]!
  return CLUSTER_COLORS[severity]
}

// ---- Parcels ----------------------------------------------------------------------------------

/** Fill colour by tenure: titled (blue), held (teal), communal (greens), state (oranges), unknown (grey). */
export const TENURE_COLORS: Record<Tenure, string> = {
  private_title: '#1d4ed8',
  possession_right: '#0f766e',
  communal_land_title: '#15803d',
  communal_claim: '#84cc16',
  state_public: '#d97706',
  state_private: '#c2410c',
  unknown: '#9ca3af',
}

/** The outline tells the title status without colour: solid registered, dashed applied, dotted none, red dash-dot disputed. */
export const TITLE_STATUS_LINES: Record<TitleStatus, { dashArray: string | undefined; weight: number; color?: string }> = {
  registered: { dashArray: undefined, weight: 2.5 },
  applied: { dashArray: '8 5', weight: 2 },
  none: { dashArray: '2 4', weight: 1.5 },
  disputed: { dashArray: '10 4 2 4', weight: 3, color: '#b91c1c' },
}

// One object per look: the map styles each of a district's tens of thousands of parcels on every
// new view, and the canvas groups them by style.
const parcelStyles = new Map<string, PathOptions>()

export function parcelStyle(parcel: { tenure: Tenure; titleStatus: TitleStatus }, isSelected = false): PathOptions {
  const key = `${parcel.tenure}|${parcel.titleStatus}|${isSelected}`
  let style = parcelStyles.get(key)
  if (style) return style
  const fill = TENURE_COLORS[parcel.tenure] ?? TENURE_COLORS.unknown
  const line = TITLE_STATUS_LINES[parcel.titleStatus] ?? TITLE_STATUS_LINES.none
  style = Object.freeze({
    color: line.color ?? darken(fill),
    weight: isSelected ? line.weight + 2 : line.weight,
    dashArray: line.dashArray,
    fillColor: fill,
    fillOpacity: isSelected ? 0.55 : 0.35,
    opacity: 1,
    lineCap: 'butt',
  } satisfies PathOptions)
  parcelStyles.set(key, style)
  return style
}

/**
 * A parcel cell (zoomed out, the server sums the parcels of a square): teal where nothing is
 * disputed, turning red as the disputed share of its area grows; its count is written on it.
 */
export function parcelCellStyle(disputedShare: number): PathOptions {
  const share = Math.max(0, Math.min(1, Number.isFinite(disputedShare) ? disputedShare : 0))
  return {
    color: share > 0 ? TITLE_STATUS_LINES.disputed.color : darken(TENURE_COLORS.possession_right),
    weight: share > 0 ? 1.5 : 1,
    dashArray: undefined,
    fillColor: mix(TENURE_COLORS.possession_right, '#b91c1c', share),
    fillOpacity: 0.3 + share * 0.3,
    opacity: 0.8,
  }
}

/** A colour between two #rrggbb colours (0: the first, 1: the second). */
export function mix(from: string, to: string, amount: number): string {
  const a = Number.parseInt(from.slice(1), 16)
  const b = Number.parseInt(to.slice(1), 16)
  const channel = (shift: number) => Math.round(((a >> shift) & 0xff) * (1 - amount) + ((b >> shift) & 0xff) * amount)
  return `#${[16, 8, 0].map((shift) => channel(shift).toString(16).padStart(2, '0')).join('')}`
}

// ---- Concessions ------------------------------------------------------------------------------

export const CONCESSION_COLORS: Record<ConcessionKind, string> = {
  elc: '#9a3412',
  slc: '#a16207',
  mining: '#44403c',
  hydropower: '#0369a1',
  protected_area: '#166534',
  other: '#6b7280',
}

/** The hatching differs by kind too (angle, cross-hatch), not only its colour. */
export const CONCESSION_HATCH: Record<ConcessionKind, { angle: number; isCrossed: boolean }> = {
  elc: { angle: 45, isCrossed: false },
  slc: { angle: -45, isCrossed: false },
  mining: { angle: 45, isCrossed: true },
  hydropower: { angle: 0, isCrossed: false },
  protected_area: { angle: 90, isCrossed: false },
  other: { angle: 0, isCrossed: true },
}

/** The id of the hatch pattern of a kind (drawn by <ConcessionPatterns/>). */
export const concessionPatternId = (kind: ConcessionKind) => `dey-hatch-${kind}`

/** Hatched fill (an SVG pattern: the layer uses an SVG renderer) and a dashed outline. */
export function concessionStyle(concession: { kind: ConcessionKind }, isSelected = false): PathOptions {
  const color = CONCESSION_COLORS[concession.kind] ?? CONCESSION_COLORS.other
  return {
    color,
    weight: isSelected ? 4 : 2.5,
    dashArray: '12 6',
    lineCap: 'butt',
    fillColor: `url(#${concessionPatternId(concession.kind)})`,
    fillOpacity: 1,
    opacity: 0.95,
  }
}

/**
 * A concession known only as a point (a source published where, not its boundary): a small ring in
 * the kind's colour with a short dash and a faint plain fill, so it never reads as a shape of that
 * size; no boundary is guessed from the point and the declared area.
 */
export function concessionPointStyle(concession: { kind: ConcessionKind }, isSelected = false): PathOptions {
  const color = CONCESSION_COLORS[concession.kind] ?? CONCESSION_COLORS.other
  return {
    color,
    weight: isSelected ? 4 : 2.5,
    dashArray: '4 3',
    lineCap: 'butt',
    fillColor: color,
    fillOpacity: isSelected ? 0.35 : 0.15,
    opacity: 1,
  }
}

/** The class of a point-only concession's ring (a path option Leaflet reads only when it adds the path). */
export const CONCESSION_POINT_CLASS = 'concession-point'

/** The radius of a point-only concession's ring, CSS pixels: a marker's size, whatever the declared area. */
export const CONCESSION_POINT_RADIUS = 9

/** Company names are drawn on the map from this zoom: before, labels would cover each other. */
export const CONCESSION_LABEL_MIN_ZOOM = 9

// ---- Communities ------------------------------------------------------------------------------

export const COMMUNITY_COLOR = '#14532d'
export const COMMUNITY_MARKER_SIZE = 24

/** Photos grouped at a lower zoom: a neutral slate, apart from incidents' severities and communities' green. */
export const EVIDENCE_CLUSTER_COLOR = '#334155'

export function territoryStyle(isSelected = false): PathOptions {
  return {
    color: COMMUNITY_COLOR,
    weight: isSelected ? 4 : 2,
    dashArray: undefined,
    fillColor: '#22c55e',
    fillOpacity: isSelected ? 0.25 : 0.12,
    opacity: 0.9,
  }
}

// ---- Every value has a look ------------------------------------------------------------------

/** For the legend: every value of each vocabulary, in vocabulary order. */
export const LEGEND_VALUES = {
  incidentKinds: INCIDENT_KINDS,
  severities: SEVERITIES,
  tenures: TENURES,
  titleStatuses: TITLE_STATUSES,
  concessionKinds: CONCESSION_KINDS,
}

/** A darker shade of a #rrggbb colour, for outlines. */
export function darken(hex: string, amount = 0.35): string {
  const value = Number.parseInt(hex.slice(1), 16)
  const channel = (shift: number) => Math.round(((value >> shift) & 0xff) * (1 - amount))
  return `#${[16, 8, 0].map((shift) => channel(shift).toString(16).padStart(2, '0')).join('')}`
}
