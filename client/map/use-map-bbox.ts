// The visible area as the API's `bbox=minLon,minLat,maxLon,maxLat`, updated when the user stops
// panning or zooming: layers fetch only what is in view, never the whole database.
import { useState } from 'react'
import { useMapEvents } from 'react-leaflet'
import type { Map as LeafletMap } from 'leaflet'

export function bboxOf(map: LeafletMap): string {
  const bounds = map.getBounds()
  const clamp = (value: number, limit: number) => Math.max(-limit, Math.min(limit, value))
  // Rounded so small jitters reuse the cached answer.
  const round = (value: number) => Math.round(value * 1000) / 1000
  return [
    round(clamp(bounds.getWest(), 180)),
    round(clamp(bounds.getSouth(), 90)),
    round(clamp(bounds.getEast(), 180)),
    round(clamp(bounds.getNorth(), 90)),
  ].join(',')
}

/** Use inside <MapView>: the current bbox and zoom. */
export function useMapBbox(): { bbox: string; zoom: number } {
  const map = useMapEvents({
    moveend: () => setView({ bbox: bboxOf(map), zoom: map.getZoom() }),
  })
  const [view, setView] = useState(() => ({ bbox: bboxOf(map), zoom: map.getZoom() }))
  return view
}
