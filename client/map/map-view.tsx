// THE map container: every map in the app (the home map, mini-maps, the geometry editor) is a
// <MapView> with small layer components as children. MapContainer's props are fixed after
// mount, so later view changes go through useMap() inside children (see FitBounds).
import type { LatLngBoundsExpression } from 'leaflet'
import { useEffect, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { MapContainer, useMap } from 'react-leaflet'
import { BaseLayer } from './base-layer.tsx'
import { CAMBODIA_EXTENT } from './to-lat-lng.ts'

interface MapViewProps {
  children?: ReactNode
  /** Where the map opens; Cambodia when absent. */
  bounds?: LatLngBoundsExpression | undefined
  className?: string
  /** A small map on a detail page: no scroll-wheel zoom so the page scrolls past it. */
  isCompact?: boolean
  /** Accessible name of the map region. */
  label: string
  /**
   * Told whether the map shows only outlines (no basemap): a page that stacks its own notices (the
   * home map) says so among them; without it the map says so itself, at its top.
   */
  onBasemapFallback?: ((isFallback: boolean) => void) | undefined
}

export function MapView({ children, bounds, className, isCompact = false, label, onBasemapFallback }: MapViewProps) {
  return (
    <div className={['map-view', isCompact ? 'is-compact' : '', className ?? ''].join(' ').trim()} role="region" aria-label={label}>
      <MapContainer
        bounds={bounds ?? CAMBODIA_EXTENT}
        boundsOptions={{ padding: [8, 8], maxZoom: 16 }}
        // Quarter zoom steps: at whole steps a fitted area fills between half and all of the map
        // (Cambodia took 53 % of a desktop map's width); the buttons and keys still zoom by one.
        zoomSnap={0.25}
        // Without a basemap no layer sets a limit, and a zoom without end leaves an empty map.
        maxZoom={19}
        scrollWheelZoom={!isCompact}
        preferCanvas
        style={{ height: '100%', width: '100%' }}
      >
        <BaseLayer onFallback={onBasemapFallback} />
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
