// The home screen: the map IS the page. Layers draw from vector tiles for the area in view as the
// user pans (on moveend), with exact counts in view from the server; filters live in the URL (and
// in every tile's URL), the layer choice on the device. On a
// wide screen the controls sit beside the map; on a phone they fold into a bottom sheet, and what
// was tapped opens in a drawer.
import { useQuery } from '@tanstack/react-query'
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Polygon, useMap, useMapEvents } from 'react-leaflet'
import { useSearchParams } from 'react-router'
import { useCan } from '../../lib/session.ts'
import { problemText } from '../../components/problem-message.tsx'
import { MapView } from '../../map/map-view.tsx'
import { boundsOf, toLatLng } from '../../map/to-lat-lng.ts'
import { useMapBbox } from '../../map/use-map-bbox.ts'
import {
  activeFilterCount,
  countQuery,
  FILTER_NAMES,
  filtersFromSearch,
  LAYER_MIN_ZOOM,
  LAYERS,
  provinceBoundsQuery,
  TILE_LAYERS_OF,
  type FilterName,
  type LayerName,
  type MapFilters,
} from './api.ts'
import { LAYER_MIN_ZOOM as TILE_LAYER_MIN_ZOOM, TILE_LAYER_FILTERS, type TileLayer } from '../../../shared/tiles.ts'
import { GisExportMenu } from '../../components/gis-export/export-menu.tsx'
import { ConcessionPatterns } from '../../map/concession-patterns.tsx'
import { FeaturePanel } from './feature-panel.tsx'
import { LayerToggles, type LayerStatus } from './layer-toggles.tsx'
import { CommunityLayer } from './layers/community-layer.tsx'
import { ConcessionLayer } from './layers/concession-layer.tsx'
import { EvidenceLayer } from './layers/evidence-layer.tsx'
import { IncidentLayer } from './layers/incident-layer.tsx'
import { multiPolygonLatLngs } from './layers/geometry.ts'
import { MapPanes } from './layers/map-panes.tsx'
import { ParcelLayer } from './layers/parcel-layer.tsx'
import { LegendControl } from './legend-control.tsx'
import { MapFilterForm } from './map-filters.tsx'
import type { Selection } from './selection.ts'
import { useLayerVisibility } from './use-layer-visibility.ts'
import { parseBbox } from './view.ts'
import { tilesInView } from './tiles.ts'
import { useMapTiles } from './use-tiles.ts'
import { useIsOnline } from '../../lib/online.ts'
import { InViewList } from './in-view-list.tsx'
import './map.css'
import { communityOptionsQuery, provincesQuery } from '../../lib/reference-data.ts'

interface View {
  bbox: string
  zoom: number
}

export function MapPage() {
  const { t } = useTranslation()
  const can = useCan()
  const [search, setSearch] = useSearchParams()
  const filters = useMemo(() => filtersFromSearch(search), [search])
  const [layers, setLayer] = useLayerVisibility()
  const [view, setView] = useState<View | null>(null)
  const [selection, setSelection] = useState<Selection | null>(null)
  const [selectedAt, setSelectedAt] = useState<{ lat: number; lng: number } | null>(null)
  const panelRef = useRef<HTMLElement>(null)
  const [isSheetOpen, setSheetOpen] = useState(false)
  const [isInViewOpen, setInViewOpen] = useState(false)
  const [isExportOpen, setExportOpen] = useState(false)
  const [isWithoutBasemap, setWithoutBasemap] = useState(false)

  // The 'evidence.locations' permission (server/lib/policy.ts): without it the server sends no
  // photo positions, and the switch says why the layer is empty.
  const canSeePhotoLocations = can('evidence.locations')
  const unavailable: Partial<Record<LayerName, string>> = canSeePhotoLocations ? {} : { evidence: t('map.layers.hiddenForRole') }

  const setFilter = useCallback(
    (name: FilterName, value: string | undefined) =>
      setSearch((current) => {
        const next = new URLSearchParams(current)
        if (value) next.set(name, value)
        else next.delete(name)
        return next
      }),
    [setSearch],
  )
  const clearFilters = useCallback(
    () =>
      setSearch((current) => {
        const next = new URLSearchParams(current)
        for (const name of FILTER_NAMES) next.delete(name)
        return next
      }),
    [setSearch],
  )

  const zoom = view?.zoom ?? 0
  const viewBounds = useMemo(() => (view ? parseBbox(view.bbox) : undefined), [view])
  const tiles = useMemo(() => (viewBounds ? tilesInView(viewBounds, zoom) : []), [viewBounds, zoom])
  const isActive = (layer: LayerName) => Boolean(view) && layers[layer] && !unavailable[layer] && zoom >= LAYER_MIN_ZOOM[layer]
  // The tile layers of the switches shown, kept as the same array while their names stay the same.
  const tileLayerNames = LAYERS.filter(isActive)
    .flatMap((layer) => TILE_LAYERS_OF[layer].filter((tileLayer) => zoom >= TILE_LAYER_MIN_ZOOM[tileLayer]))
    .join()
  const tileLayers = useMemo(() => (tileLayerNames ? (tileLayerNames.split(',') as TileLayer[]) : []), [tileLayerNames])
  const isOnline = useIsOnline()
  const tileData = useMapTiles(tileLayers, tiles, filters)
  const none = { data: undefined, isFetching: false, error: null, refetch: () => {} }
  const data = {
    incidents: tileData.incidents ?? none,
    communities: tileData.communities ?? none,
    parcels: tileData.parcels ?? none,
    concessions: tileData.concessions ?? none,
    evidence: tileData.evidence ?? none,
  }
  const territories = tileData.territories ?? none
  // The layers draw a new view's data in a render React may interrupt: the tile answers come
  // through React Query's store, whose updates render synchronously, and redrawing a dense district
  // (hundreds of markers, thousands of shapes) in one go held the map still for 100–300 ms.
  const fresh = useMemo(
    () => ({
      incidents: data.incidents.data,
      communities: data.communities.data,
      parcels: data.parcels.data,
      concessions: data.concessions.data,
      evidence: data.evidence.data,
      territories: territories.data,
    }),
    [data.incidents.data, data.communities.data, data.parcels.data, data.concessions.data, data.evidence.data, territories.data],
  )
  const drawn = useDeferredValue(fresh)
  const counts = {
    incidents: useCount('incidents', view?.bbox, filters, isActive('incidents')),
    communities: useCount('communities', view?.bbox, filters, isActive('communities')),
    parcels: useCount('parcels', view?.bbox, filters, isActive('parcels')),
    concessions: useCount('concessions', view?.bbox, filters, isActive('concessions')),
    evidence: useCount('evidence', view?.bbox, filters, isActive('evidence')),
  }

  const status = Object.fromEntries(
    LAYERS.map((layer): [LayerName, LayerStatus] => [
      layer,
      {
        count: isActive(layer) ? counts[layer].data : undefined,
        isZoomedOut: Boolean(view) && zoom < LAYER_MIN_ZOOM[layer],
        hasError: isActive(layer) && Boolean(data[layer].error ?? counts[layer].error),
      },
    ]),
  ) as Record<LayerName, LayerStatus>
  const zoomedOut = LAYERS.filter((layer) => layers[layer] && !unavailable[layer] && status[layer].isZoomedOut)
  const isLoading = LAYERS.some((layer) => isActive(layer) && data[layer].isFetching) || territories.isFetching
  const retry = (layer: LayerName) => {
    data[layer].refetch()
    if (counts[layer].isError) void counts[layer].refetch()
  }

  const onSelect = useCallback((next: Selection, at: { lat: number; lng: number }) => {
    setSelection(next)
    setSelectedAt({ lat: at.lat, lng: at.lng })
    setSheetOpen(false)
  }, [])
  const onClosePanel = useCallback(() => {
    setSelection(null)
    setSelectedAt(null)
  }, [])
  const filterCount = activeFilterCount(filters)
  const sheetToggleRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (!isSheetOpen) return
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return
      setSheetOpen(false)
      sheetToggleRef.current?.focus()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [isSheetOpen])

  return (
    <div className="map-page">
      <h1 className="visually-hidden">{t('map.heading')}</h1>
      <ConcessionPatterns />
      <aside id="map-controls" className={isSheetOpen ? 'map-sidebar is-open' : 'map-sidebar'} aria-label={t('map.controls')}>
        <div className="map-sheet-header">
          <h2>{t('map.openControls')}</h2>
          <button
            type="button"
            className="map-panel-close"
            onClick={() => setSheetOpen(false)}
            aria-label={t('map.closeControls')}
            title={t('map.closeControls')}
          >
            <span aria-hidden="true">✕</span>
          </button>
        </div>
        <LayerToggles layers={layers} onToggle={setLayer} status={status} unavailable={unavailable} />
        <details className="map-section" open>
          <summary>
            {t('map.filters.heading')}
            {filterCount > 0 && <span className="badge badge-green">{t('map.filtersActive', { count: filterCount })}</span>}
          </summary>
          <MapFilterForm filters={filters} onChange={setFilter} onClear={clearFilters} />
        </details>
        {/* Listed only while open: finding and sorting a district's 10,000 parcels at every new
            view cost the map 30–80 ms a view, for a list nobody had opened. */}
        <details className="map-section" onToggle={(event) => setInViewOpen(event.currentTarget.open)}>
          <summary>{t('map.inView.heading')}</summary>
          {isInViewOpen && (
            <InViewList
              layers={LAYERS.filter((layer) => isActive(layer))}
              data={data}
              bounds={viewBounds}
              counts={status}
              selection={selection}
              onSelect={onSelect}
            />
          )}
        </details>
        {/* Made only while open, as the list above: the map page renders again at every new view. */}
        <details className="map-section" onToggle={(event) => setExportOpen(event.currentTarget.open)}>
          <summary>{t('gisExport.mapHeading')}</summary>
          <p className="muted">{t('gisExport.mapHint')}</p>
          <div className="map-exports">
            {isExportOpen &&
              LAYERS.filter((layer) => layers[layer] && !unavailable[layer]).map((layer) => (
                <GisExportMenu
                  key={layer}
                  layer={layer}
                  label={t(`map.layers.${layer}`)}
                  // The filters this layer's tiles take, and the area in view.
                  query={{ ...Object.fromEntries(TILE_LAYER_FILTERS[layer].map((name) => [name, filters[name]])), bbox: view?.bbox }}
                />
              ))}
          </div>
        </details>
      </aside>

      <div className="map-stage">
        <MapView label={t('map.title')} className="map-home" onBasemapFallback={setWithoutBasemap}>
          <MapPanes />
          <ViewMemory />
          <OpenedAt onLayer={setLayer} />
          <ViewportWatcher onChange={setView} />
          <FlyToFilters filters={filters} />
          <KeepSelectionVisible at={selectedAt} panel={panelRef} onMapClick={onClosePanel} />
          {isActive('concessions') && drawn.concessions && (
            <ConcessionLayer features={drawn.concessions} zoom={zoom} selection={selection} onSelect={onSelect} />
          )}
          {isActive('parcels') && drawn.parcels && (
            <ParcelLayer features={drawn.parcels} zoom={zoom} selection={selection} onSelect={onSelect} />
          )}
          {isActive('communities') && drawn.communities && (
            <CommunityLayer
              features={drawn.communities}
              territories={drawn.territories}
              zoom={zoom}
              selection={selection}
              onSelect={onSelect}
            />
          )}
          {isActive('evidence') && drawn.evidence && (
            <EvidenceLayer features={drawn.evidence} zoom={zoom} selection={selection} onSelect={onSelect} />
          )}
          {isActive('incidents') && drawn.incidents && (
            <IncidentLayer features={drawn.incidents} zoom={zoom} selection={selection} onSelect={onSelect} />
          )}
        </MapView>

        <LegendControl layers={layers} showEvidence={canSeePhotoLocations} />

        {/* Every notice of the map in one stack, clear of the controls. Offline, only that one:
            nothing loads, every layer is missing for the same reason, and the outlines drawn are
            all there is (three chips said so on a phone, over the markers). */}
        <div className="map-chips" role="status" aria-live="polite">
          {!isOnline && (
            <p className="map-chip map-chip-offline" data-testid="map-offline">
              {t('map.offline')}
            </p>
          )}
          {isOnline && isWithoutBasemap && <p className="map-chip">{t('common.map.noBasemap')}</p>}
          {isLoading && isOnline && (
            <p className="map-chip">
              <span className="map-chip-spinner" aria-hidden="true" /> {t('map.loading')}
            </p>
          )}
          {zoomedOut.length > 0 && isOnline && (
            <p className="map-chip">
              {zoomedOut.length === 1
                ? t(`map.zoomHint.${zoomedOut[0]}`)
                : t('map.zoomHint.some', { layers: zoomedOut.map((layer) => t(`map.layers.${layer}`)).join(', ') })}
            </p>
          )}
          {LAYERS.filter((layer) => layers[layer] && !unavailable[layer]).map((layer) => {
            // Offline, every layer fails the same way: the one notice above says it, calmly.
            if (status[layer].hasError && isOnline) {
              return (
                <p key={layer} className="map-chip map-chip-error">
                  {t('map.loadFailed', { layer: t(`map.layers.${layer}`) })}{' '}
                  <span className="visually-hidden">{problemText(t, data[layer].error ?? counts[layer].error)}</span>
                  <button type="button" className="link-button" onClick={() => retry(layer)}>
                    {t('common.action.retry')}
                  </button>
                </p>
              )
            }
            return null
          })}
        </div>

        <button
          type="button"
          ref={sheetToggleRef}
          className="map-sheet-toggle"
          aria-expanded={isSheetOpen}
          aria-controls="map-controls"
          onClick={() => setSheetOpen((open) => !open)}
        >
          <span aria-hidden="true">☰</span> {t('map.openControls')}
          {filterCount > 0 && <span className="map-sheet-count">{t('map.filtersActive', { count: filterCount })}</span>}
        </button>

        {selection && <FeaturePanel ref={panelRef} selection={selection} onClose={onClosePanel} />}
      </div>
    </div>
  )
}

/** How many of a layer's records are in view: exact, from the server (the tiles hold clusters when zoomed out). */
function useCount(layer: LayerName, bbox: string | undefined, filters: MapFilters, isActive: boolean) {
  return useQuery({ ...countQuery(TILE_LAYERS_OF[layer][0]!, bbox ?? '', filters), enabled: isActive && Boolean(bbox) })
}

/**
 * What was clicked stays in sight: when the panel (the drawer on a phone) covers it, the map
 * slides it into the free part. A click on the bare map closes the panel.
 */
function KeepSelectionVisible({
  at,
  panel,
  onMapClick,
}: {
  at: { lat: number; lng: number } | null
  panel: React.RefObject<HTMLElement | null>
  onMapClick: () => void
}) {
  const map = useMapEvents({ click: onMapClick })
  useEffect(() => {
    if (!at) return
    // After the panel is laid out.
    const frame = requestAnimationFrame(() => {
      const panelBox = panel.current?.getBoundingClientRect()
      if (!panelBox) return
      const mapBox = map.getContainer().getBoundingClientRect()
      const point = map.latLngToContainerPoint([at.lat, at.lng])
      const [x, y] = [mapBox.left + point.x, mapBox.top + point.y]
      const margin = 24
      const isCovered =
        x > panelBox.left - margin && x < panelBox.right + margin && y > panelBox.top - margin && y < panelBox.bottom + margin
      if (!isCovered) return
      // A drawer spans the width (free space above it); a side panel leaves the left part free.
      const isDrawer = panelBox.left <= mapBox.left + 1
      const target = isDrawer
        ? { x: mapBox.width / 2, y: Math.max(margin, (panelBox.top - mapBox.top) / 2) }
        : { x: Math.max(margin, (panelBox.left - mapBox.left) / 2), y: mapBox.height / 2 }
      map.panBy([point.x - target.x, point.y - target.y], { duration: 0.4 })
    })
    return () => cancelAnimationFrame(frame)
  }, [map, at, panel])
  return null
}

/** Leaflet's zoom buttons are titled in English: in the reader's language instead. */
/** Tells the page the area in view whenever panning or zooming stops. */
function ViewportWatcher({ onChange }: { onChange: (view: View) => void }) {
  const view = useMapBbox()
  useEffect(() => onChange(view), [view, onChange])
  return null
}

const VIEW_KEY = 'dey.map.view'

/**
 * Back on the map (from an incident's page, say) it opens where the user left it, for this tab's
 * session. Restored while rendering, before the first bbox is read, so no request is wasted on
 * the whole country.
 */
function ViewMemory() {
  const map = useMap()
  const restored = useRef(false)
  if (!restored.current) {
    restored.current = true
    const saved = readSavedView()
    if (saved) map.setView([saved.lat, saved.lng], saved.zoom, { animate: false })
  }
  useEffect(() => {
    const save = () => {
      const center = map.getCenter()
      try {
        sessionStorage.setItem(VIEW_KEY, JSON.stringify({ lat: center.lat, lng: center.lng, zoom: map.getZoom() }))
      } catch {
        // Storage unavailable: the map opens on Cambodia next time.
      }
    }
    map.on('moveend', save)
    return () => void map.off('moveend', save)
  }, [map])
  return null
}

function readSavedView(): { lat: number; lng: number; zoom: number } | undefined {
  try {
    const value = JSON.parse(sessionStorage.getItem(VIEW_KEY) ?? 'null') as { lat?: unknown; lng?: unknown; zoom?: unknown } | null
    if (value && [value.lat, value.lng, value.zoom].every((n) => typeof n === 'number' && Number.isFinite(n))) {
      return value as { lat: number; lng: number; zoom: number }
    }
  } catch {
    // Nothing usable saved.
  }
  return undefined
}

/**
 * A link to the map with `?bbox=west,south,east,north` (and `layer=communities`, say) opens it on
 * that area with that layer on — "See on the map" after an import. Read once, then taken out of
 * the address so the remembered view and the filters work as usual afterwards.
 */
function OpenedAt({ onLayer }: { onLayer: (layer: LayerName, isVisible: boolean) => void }) {
  const map = useMap()
  const [search, setSearch] = useSearchParams()
  const bbox = search.get('bbox')
  const layer = search.get('layer')
  useEffect(() => {
    if (!bbox && !layer) return
    const [west, south, east, north] = (bbox ?? '').split(',').map(Number)
    if ([west, south, east, north].every((n) => Number.isFinite(n)))
      map.fitBounds(
        [
          [south!, west!],
          [north!, east!],
        ],
        { padding: [16, 16], maxZoom: 16, animate: false },
      )
    if (layer && (LAYERS as readonly string[]).includes(layer)) onLayer(layer as LayerName, true)
    setSearch(
      (current) => {
        const next = new URLSearchParams(current)
        next.delete('bbox')
        next.delete('layer')
        return next
      },
      { replace: true },
    )
  }, [map, bbox, layer, onLayer, setSearch])
  return null
}

/** Picking a province or a community moves the map there. */
function FlyToFilters({ filters }: { filters: MapFilters }) {
  const map = useMap()
  const provinces = useQuery(provincesQuery())
  const communities = useQuery(communityOptionsQuery())
  const provinceId = provinces.data?.find((province) => province.name === filters.province)?.id
  const province = useQuery(provinceBoundsQuery(provinceId))
  // A link opened with filters flies there once; a remembered view wins over it on return.
  const [seen] = useState<{ province?: string; community?: string }>(() =>
    readSavedView() ? { province: filters.province, community: filters.community } : {},
  )

  useEffect(() => {
    if (!filters.province || seen.province === filters.province || !province.data?.boundary) return
    const bounds = boundsOf([province.data.boundary])
    if (!bounds) return
    seen.province = filters.province
    map.flyToBounds(bounds, { padding: [16, 16], duration: 0.8 })
  }, [map, seen, filters.province, province.data])

  useEffect(() => {
    if (!filters.community || seen.community === filters.community) return
    const community = communities.data?.find((choice) => choice.id === filters.community)
    if (!community?.location) return
    seen.community = filters.community
    map.flyTo(toLatLng(community.location.coordinates), Math.max(map.getZoom(), 12), { duration: 0.8 })
  }, [map, seen, filters.community, communities.data])

  useEffect(() => {
    if (!filters.province) seen.province = undefined
    if (!filters.community) seen.community = undefined
  }, [seen, filters.province, filters.community])

  // The chosen province outlined, so it is clear where the filter applies.
  if (!filters.province || !province.data?.boundary) return null
  return (
    <Polygon
      key={province.data.id}
      positions={multiPolygonLatLngs(province.data.boundary)}
      pathOptions={{ color: '#111827', weight: 3, dashArray: '2 6', lineCap: 'round', fill: false }}
      interactive={false}
    />
  )
}
