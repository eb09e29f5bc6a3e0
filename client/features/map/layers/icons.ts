// Marker icons as L.divIcon (Leaflet's default image icons break in bundles). Each is built once
// per look and reused. The inner element carries the data-testid the end-to-end tests look for.
import L from 'leaflet'
import type { IncidentKind, IncidentStatus, Severity } from '../../../../shared/vocabularies.ts'
import { clusterSize, COMMUNITY_COLOR, COMMUNITY_MARKER_SIZE, incidentStyle, shapeSvg } from '../../../map/styles.ts'

const cache = new Map<string, L.DivIcon>()

function cached(key: string, build: () => L.DivIcon): L.DivIcon {
  let icon = cache.get(key)
  if (!icon) {
    icon = build()
    cache.set(key, icon)
  }
  return icon
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

export function incidentIcon(kind: IncidentKind, severity: Severity, status: IncidentStatus, isSelected: boolean): L.DivIcon {
  return cached(`incident|${kind}|${severity}|${status}|${isSelected}`, () => {
    const style = incidentStyle(kind, severity, status)
    // Room for the selection ring around the shape.
    const box = style.size + 8
    return L.divIcon({
      className: 'map-divicon',
      iconSize: [box, box],
      iconAnchor: [box / 2, box / 2],
      html: `<div class="incident-marker${isSelected ? ' is-selected' : ''}" data-testid="incident-marker" data-kind="${kind}" data-severity="${severity}" style="opacity:${style.opacity}">${shapeSvg(style.shape, style.size, style.color, '#fff', style.strokeWidth)}</div>`,
    })
  })
}

/** A numbered bubble for records grouped by the server (or, for incidents, close together on screen). */
export function clusterIcon(count: number, color: string, label: string, testId = 'incident-cluster'): L.DivIcon {
  return cached(`cluster|${count}|${color}|${label}|${testId}`, () => {
    const size = clusterSize(count)
    return L.divIcon({
      className: 'map-divicon',
      iconSize: [size, size],
      iconAnchor: [size / 2, size / 2],
      html: `<div class="incident-cluster" data-testid="${testId}" style="width:${size}px;height:${size}px;background:${color}"><span>${escapeHtml(label)}</span></div>`,
    })
  })
}

/** A parcel cell's count, written in the middle of the cell. */
export function cellLabelIcon(label: string): L.DivIcon {
  return cached(`cell|${label}`, () =>
    L.divIcon({
      className: 'map-divicon',
      iconSize: [0, 0],
      html: `<div class="parcel-cell-label" data-testid="parcel-cell">${escapeHtml(label)}</div>`,
    }),
  )
}

export function communityIcon(isSelected: boolean): L.DivIcon {
  return cached(`community|${isSelected}`, () => {
    const size = COMMUNITY_MARKER_SIZE + (isSelected ? 6 : 0)
    return L.divIcon({
      className: 'map-divicon',
      iconSize: [size, size],
      iconAnchor: [size / 2, size / 2],
      html: `<div class="community-marker${isSelected ? ' is-selected' : ''}" data-testid="community-marker">${shapeSvg('house', size, COMMUNITY_COLOR, '#fff', 2)}</div>`,
    })
  })
}

/**
 * A name written on the map, centred on its point or beside it (a community's, right of its
 * house). Drawn as a non-interactive marker in the tooltip pane, above the markers, instead of a
 * permanent Leaflet tooltip: a tooltip measures itself on the page when added, a forced layout per
 * label, which froze the map for up to a second as a district's names appeared.
 */
export function nameLabelIcon(name: string, className: string, placement: 'centre' | 'right' = 'centre'): L.DivIcon {
  return cached(`name|${className}|${placement}|${name}`, () =>
    L.divIcon({
      className: 'map-divicon',
      iconSize: [0, 0],
      html: `<div class="map-name-label is-${placement} ${className}">${escapeHtml(name)}</div>`,
    }),
  )
}

/** A photo's thumbnail where it was taken; a document glyph when there is no thumbnail. */
export function evidenceIcon(thumbnailUrl: string | null, isSelected: boolean): L.DivIcon {
  return cached(`evidence|${thumbnailUrl}|${isSelected}`, () => {
    const size = isSelected ? 48 : 38
    const inner = thumbnailUrl
      ? `<img src="${escapeHtml(thumbnailUrl)}" alt="" loading="lazy" decoding="async" width="${size - 6}" height="${size - 6}">`
      : '<span class="evidence-glyph" aria-hidden="true">📄</span>'
    return L.divIcon({
      className: 'map-divicon',
      iconSize: [size, size],
      // A pin: the photo sits above the point it was taken at.
      iconAnchor: [size / 2, size + 6],
      html: `<div class="evidence-marker${isSelected ? ' is-selected' : ''}" data-testid="evidence-marker" style="width:${size}px;height:${size}px">${inner}</div>`,
    })
  })
}
