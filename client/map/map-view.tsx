// THE map container: every map in the app (the home map, mini-maps, the geometry editor) is a
// <MapView> with small layer components as children. MapContainer's props are fixed after
// mount, so later view changes go through useMap() inside children (see FitBounds).
import type { LatLngBoundsExpression } from 'leaflet'
import { useEffect, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { MapContainer, useMap } from 'react-leaflet'
import { BaseLayer } from './base-layer.tsx'
import { CAMBODIA_BOUNDS } from './to-lat-lng.ts'

interface MapViewProps {
  children?: ReactNode
  /** Where the map opens; Cambodia when absent. */
  bounds?: LatLngBoundsExpression | undefined
  className?: string
  /** A small map on a detail page: no scroll-wheel zoom so the page scrolls past it. */
  isCompact?: boolean
  /** Accessible name of the map region. */
  label: string
}

export function MapView({ children, bounds, className, isCompact = false, label }: MapViewProps) {
  return (
    <div className={['map-view', isCompact ? 'is-compact' : '', className ?? ''].join(' ').trim()} role="region" aria-label={label}>
      <MapContainer
        bounds={bounds ?? CAMBODIA_BOUNDS}
        boundsOptions={{ padding: [16, 16], maxZoom: 16 }}
        scrollWheelZoom={!isCompact}
        preferCanvas
        style={{ height: '100%', width: '100%' }}
      >
        <BaseLayer />
        <LocalizedZoomControl />
        {children}
      </MapContainer>
    </div>
  )
}

/** Leaflet titles its zoom buttons in English: give them the user's language. */
function LocalizedZoomControl() {
  const { t } = useTranslation()
  const map = useMap()
  useEffect(() => {
    const container = map.getContainer()
    for (const [selector, label] of [
      ['.leaflet-control-zoom-in', t('common.map.zoomIn')],
      ['.leaflet-control-zoom-out', t('common.map.zoomOut')],
    ] as const) {
      const button = container.querySelector(selector)
      button?.setAttribute('title', label)
      button?.setAttribute('aria-label', label)
    }
  }, [map, t])
  return null
}

/** Moves the map to new bounds when they change (MapContainer only reads `bounds` once). */
export function FitBounds({ bounds, maxZoom = 16 }: { bounds: LatLngBoundsExpression | undefined; maxZoom?: number }) {
  const map = useMap()
  const key = JSON.stringify(bounds)
  useEffect(() => {
    // Not animated: data arriving refits the map, often just as the user leaves it (a form's
    // other choice, a save), and Leaflet's zoom animation then ends on a map already removed
    // ("_leaflet_pos" of undefined).
    if (bounds) map.fitBounds(bounds, { padding: [16, 16], maxZoom, animate: false })
    // eslint-disable-next-line react-hooks/exhaustive-deps -- key stands for bounds (a new array each render)
  }, [map, key, maxZoom])
  return null
}
