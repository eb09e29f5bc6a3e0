// How land is drawn on the parcel and concession pages and in the geometry editor: the SAME look
// as on the home map (client/features/map/styles.ts) — parcels filled by tenure and outlined by
// title status, concessions hatched by kind with a dashed outline, territories in green — so a
// shape reads the same everywhere. Concession hatches are SVG patterns: draw them with an SVG
// renderer and put <ConcessionPatterns/> in the page.
import type { PathOptions } from 'leaflet'
import type { ConcessionKind, Tenure, TitleStatus } from '../../shared/vocabularies.ts'
import {
  concessionPointStyle as homeConcessionPointStyle,
  concessionStyle as homeConcessionStyle,
  parcelStyle as homeParcelStyle,
  TENURE_COLORS,
  territoryStyle as homeTerritoryStyle,
} from './styles.ts'

export const TENURE_COLOURS: Record<Tenure, string> = TENURE_COLORS

export function parcelStyle(parcel: { tenure?: Tenure | undefined; titleStatus?: TitleStatus | undefined }): PathOptions {
  return homeParcelStyle({ tenure: parcel.tenure ?? 'unknown', titleStatus: parcel.titleStatus ?? 'none' })
}

export function concessionStyle(concession: { kind?: ConcessionKind | undefined } = {}): PathOptions {
  return homeConcessionStyle({ kind: concession.kind ?? 'other' })
}

/** A concession known only as a point (its boundary unknown): the home map's dashed ring. */
export function concessionPointStyle(concession: { kind?: ConcessionKind | undefined } = {}): PathOptions {
  return homeConcessionPointStyle({ kind: concession.kind ?? 'other' })
}

export function territoryStyle(): PathOptions {
  return homeTerritoryStyle()
}

/** A shape shown for reference only: fainter and thinner than the same shape on its own page. */
export function faint(style: PathOptions): PathOptions {
  const isPattern = typeof style.fillColor === 'string' && style.fillColor.startsWith('url(')
  return {
    ...style,
    opacity: 0.6,
    fillOpacity: isPattern ? 0.45 : Math.min(style.fillOpacity ?? 0.2, 0.12),
    weight: Math.min(style.weight ?? 2, 2),
  }
}
