// The basemap: the configured tiles (OpenStreetMap by default), or — with no tile URL, no
// internet, or tiles failing — Cambodia's province outlines from the app's own database, so the
// map still shows where things are.
import { useQuery } from '@tanstack/react-query'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { GeoJSON, TileLayer, useMap } from 'react-leaflet'
import { useClientConfig } from '../lib/session.ts'
import { currentLanguage } from '../lib/i18n.ts'
import { useIsOnline } from '../lib/online.ts'
import { provinceOutlinesQuery } from './province-outlines.ts'

/** After this many tile errors in a row the basemap is considered unreachable. */
const FAILED_TILES_BEFORE_FALLBACK = 4
const OUTLINE_PANE = 'province-outlines'

export function BaseLayer() {
  const { data: config } = useClientConfig()
  const isOnline = useIsOnline()
  const [failedTiles, setFailedTiles] = useState(0)
  const tileUrl = config?.tileUrl
  const hasBasemap = Boolean(tileUrl) && isOnline && failedTiles < FAILED_TILES_BEFORE_FALLBACK
  return (
    <>
      {tileUrl && isOnline && (
        <TileLayer
          url={tileUrl}
          attribution={config.tileAttribution}
          maxZoom={19}
          eventHandlers={{ tileerror: () => setFailedTiles((count) => count + 1), tileload: () => setFailedTiles(0) }}
        />
      )}
      {/* Offline the app's settings may not load either: the outlines need none of them. */}
      {(config || !isOnline) && !hasBasemap && <ProvinceOutlines />}
    </>
  )
}

function ProvinceOutlines() {
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
      <div className="map-notice" role="status">
        {t('common.map.noBasemap')}
      </div>
    </>
  )
}
