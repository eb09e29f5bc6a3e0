// The basemap: the configured tiles (OpenStreetMap by default), or — with no tile URL, no
// internet, or tiles failing — Cambodia's province outlines from the app's own database, so the
// map still shows where things are; zoomed in, the districts' and communes' outlines and names in
// view too (inside a province the province outlines alone left a blank map).
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import L from 'leaflet'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { GeoJSON, Marker, TileLayer, useMap, useMapEvents } from 'react-leaflet'
import { AdminAreaFeatures } from '../../shared/admin-areas.ts'
import { api } from '../lib/api-client.ts'
import { useClientConfig, useMe } from '../lib/session.ts'
import { currentLanguage } from '../lib/i18n.ts'
import { useIsOnline } from '../lib/online.ts'
import { localName } from '../lib/reference-data.ts'
import { MyPlacesLayer } from './my-places-layer.tsx'
import { savedBasemap } from './offline-basemap.ts'
import { provinceOutlinesQuery } from './province-outlines.ts'
import './base-layer.css'

/** After this many tile errors in a row the basemap is considered unreachable. */
const FAILED_TILES_BEFORE_FALLBACK = 4
const OUTLINE_PANE = 'province-outlines'
/** Districts and communes: above the provinces' fill, under every layer of records. */
const ADMIN_PANE = 'admin-outlines'

/**
 * From which zoom districts (level 2) and communes (level 3) are drawn: about where a province
 * (districts) or a district (communes) fills the view, and no more than a few hundred are in view.
 */
export const ADMIN_LEVEL_MIN_ZOOM = { 2: 8.5, 3: 10.5 } as const

/**
 * `onFallback` is told whether only outlines are shown; given, the map leaves saying so to the page
 * (the home map stacks its notices in one place).
 */
export function BaseLayer({ onFallback }: { onFallback?: ((isFallback: boolean) => void) | undefined }) {
  const { data: config } = useClientConfig()
  const { data: me } = useMe()
  const isOnline = useIsOnline()
  const [failedTiles, setFailedTiles] = useState(0)
  // A map saved on the phone for offline use (offline-basemap.ts): its tiles come from the
  // service worker's copy. Offline the settings may not load: the saved map says where it came from.
  const saved = useMemo(() => (me ? savedBasemap(me.id, config ? (config.tileUrl ?? '') : undefined) : undefined), [me, config])
  const tileUrl = config ? config.tileUrl : saved?.template
  const attribution = config ? config.tileAttribution : saved?.attribution
  const canLoadTiles = isOnline || saved !== undefined
  const hasBasemap = Boolean(tileUrl) && canLoadTiles && failedTiles < FAILED_TILES_BEFORE_FALLBACK
  // Offline the app's settings may not load either: the outlines need none of them.
  const isFallback = Boolean(config || !isOnline) && !hasBasemap
  useEffect(() => onFallback?.(isFallback), [onFallback, isFallback])
  return (
    <>
      {tileUrl && canLoadTiles && (
        <TileLayer
          url={tileUrl}
          attribution={attribution}
          maxZoom={19}
          eventHandlers={{ tileerror: () => setFailedTiles((count) => count + 1), tileload: () => setFailedTiles(0) }}
        />
      )}
      {isFallback && <ProvinceOutlines showNotice={!onFallback} />}
      {/* Online only: the service worker keeps the provinces, not every district and commune. */}
      {isFallback && isOnline && <AdminOutlines />}
      {/* Offline the server's layers cannot load: the user's own places, from the phone's copy. */}
      {!isOnline && <MyPlacesLayer />}
    </>
  )
}

function ProvinceOutlines({ showNotice }: { showNotice: boolean }) {
  const { t } = useTranslation()
  const map = useMap()
  const { data } = useQuery(provinceOutlinesQuery())
  // The outlines sit in their own pane under every other layer, so their fill never covers markers.
  const pane = useMemo(() => {
    if (!map.getPane(OUTLINE_PANE)) map.createPane(OUTLINE_PANE).style.zIndex = '250'
    return OUTLINE_PANE
  }, [map])
  useEffect(() => {
    map.attributionControl?.addAttribution(t('common.map.attribution'))
    return () => void map.attributionControl?.removeAttribution(t('common.map.attribution'))
  }, [map, t])
  if (!data) return null
  const language = currentLanguage()
  return (
    <>
      <GeoJSON
        key={language}
        data={data as GeoJSON.FeatureCollection}
        interactive={false}
        pane={pane}
        style={{ color: '#6b7280', weight: 1, fill: true, fillColor: '#f3f4f6', fillOpacity: 0.6 }}
      />
      {showNotice && (
        <div className="map-notice" role="status">
          {t('common.map.noBasemap')}
        </div>
      )}
    </>
  )
}

/** A box around the view on a grid of `stepDeg`, so that small pans ask for nothing new. */
function snappedBbox(bounds: L.LatLngBounds, stepDeg: number): string {
  const down = (value: number) => Math.floor(value / stepDeg) * stepDeg
  const up = (value: number) => Math.ceil(value / stepDeg) * stepDeg
  return [down(bounds.getWest()), down(bounds.getSouth()), up(bounds.getEast()), up(bounds.getNorth())].map((n) => n.toFixed(2)).join()
}

function usePanePresent(name: string, zIndex: number): string {
  const map = useMap()
  return useMemo(() => {
    if (!map.getPane(name)) {
      const pane = map.createPane(name)
      pane.style.zIndex = String(zIndex)
      pane.style.pointerEvents = 'none'
    }
    return name
  }, [map, name, zIndex])
}

/** The districts or communes in view (the finer level once zoomed in far enough), outlined and named. */
function AdminOutlines() {
  const map = useMap()
  const { i18n } = useTranslation()
  const [view, setView] = useState(() => ({ zoom: map.getZoom(), bounds: map.getBounds() }))
  useMapEvents({ moveend: () => setView({ zoom: map.getZoom(), bounds: map.getBounds() }) })
  const pane = usePanePresent(ADMIN_PANE, 260)
  const level = view.zoom >= ADMIN_LEVEL_MIN_ZOOM[3] ? 3 : view.zoom >= ADMIN_LEVEL_MIN_ZOOM[2] ? 2 : undefined
  const bbox = level ? snappedBbox(view.bounds, level === 3 ? 0.25 : 1) : ''
  const { data } = useQuery({
    queryKey: ['admin-areas', 'outlines', level, bbox],
    queryFn: ({ signal }) =>
      api('/api/admin-areas', AdminAreaFeatures, {
        query: {
          level: String(level),
          bbox,
          include: 'boundary',
          format: 'geojson',
          limit: 500,
          toleranceDeg: level === 3 ? 0.0005 : 0.001,
        },
        signal,
      }),
    enabled: level !== undefined,
    staleTime: Infinity,
    // The previous view's outlines stay while the next ones load (no blank moment), at the same level.
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[2] === level ? keepPreviousData(previous) : undefined),
  })
  const labels = useMemo(() => {
    if (!data) return []
    return data.features.flatMap((feature) => {
      const center = L.geoJSON(feature as GeoJSON.Feature)
        .getBounds()
        .getCenter()
      return view.bounds.contains(center) ? [{ id: feature.properties.id, center, name: localName(feature.properties, i18n.language) }] : []
    })
  }, [data, view.bounds, i18n.language])
  if (!level || !data) return null
  return (
    <>
      <GeoJSON
        key={`${level}-${bbox}`}
        data={data as GeoJSON.FeatureCollection}
        interactive={false}
        pane={pane}
        style={{ color: '#6b7280', weight: level === 3 ? 0.8 : 1.2, dashArray: level === 3 ? '3 4' : undefined, fill: false }}
      />
      {labels.map((label) => (
        <Marker
          key={`${label.id}-${i18n.language}`}
          position={label.center}
          pane={pane}
          icon={adminLabelIcon(label.name)}
          interactive={false}
          keyboard={false}
        />
      ))}
    </>
  )
}

const labelIcons = new Map<string, L.DivIcon>()
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** A district's or commune's name, written small and grey where its outline's middle is. */
function adminLabelIcon(name: string): L.DivIcon {
  let icon = labelIcons.get(name)
  if (!icon) {
    icon = L.divIcon({
      className: 'admin-area-label-icon',
      iconSize: [0, 0],
      html: `<span class="admin-area-label">${escapeHtml(name)}</span>`,
    })
    labelIcons.set(name, icon)
  }
  return icon
}
