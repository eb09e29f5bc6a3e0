// The location picker's map, loaded after the form (see location-picker.tsx): a tap puts the pin,
// the pin can be dragged, the GPS accuracy shows as a circle, and the map follows `view` requests.
import L, { type LatLngTuple, type Map as LeafletMap } from 'leaflet'
import { useEffect } from 'react'
import { Circle, Marker, useMap, useMapEvents } from 'react-leaflet'
import { MapView } from '../../map/map-view.tsx'
import { ChosenCommunity } from '../../map/my-places-layer.tsx'
import { toLatLng, toLngLat } from '../../map/to-lat-lng.ts'

// A pin, not a dot: the place reads as a place without relying on colour.
const PIN_ICON = L.divIcon({
  className: 'report-pin',
  html: '<svg viewBox="0 0 32 44" width="32" height="44" aria-hidden="true"><path d="M16 1C7.7 1 1 7.6 1 15.8 1 27 16 43 16 43s15-16 15-27.2C31 7.6 24.3 1 16 1z" fill="#b91c1c" stroke="#fff" stroke-width="2"/><circle cx="16" cy="16" r="5.5" fill="#fff"/></svg>',
  iconSize: [32, 44],
  iconAnchor: [16, 43],
})

/** A tap on the map puts the pin there. */
function PickOnTap({ onPick }: { onPick: (lng: number, lat: number) => void }) {
  useMapEvents({
    click(event) {
      const [lng, lat] = toLngLat(event.latlng.wrap())
      onPick(lng, lat)
    },
  })
  return null
}

/** Moves the map to `center` whenever `request` changes (MapContainer's own props are fixed). */
function FlyTo({
  center,
  zoom,
  request,
  mapRef,
}: {
  center: readonly [number, number] | undefined
  zoom: number
  request: number
  mapRef: { current: LeafletMap | null }
}) {
  const map = useMap()
  mapRef.current = map
  useEffect(() => {
    if (center) map.setView(toLatLng(center), Math.max(map.getZoom(), zoom))
    // eslint-disable-next-line react-hooks/exhaustive-deps -- moves only on a new request: center and zoom are read with it, not watched
  }, [map, request])
  return null
}

interface LocationPickerMapProps {
  label: string
  pinLabel: string
  initialBounds: [LatLngTuple, LatLngTuple] | undefined
  view: { center: readonly [number, number] | undefined; zoom: number; request: number }
  /** [lng, lat] of the pin, if placed. */
  position: readonly [number, number] | undefined
  accuracyM: number | null
  /** Set to the Leaflet map once it exists (the form's "pin at the centre" reads it). */
  mapRef: { current: LeafletMap | null }
  onPick: (lng: number, lat: number) => void
  /** The community chosen in the form, outlined so the place is put where it belongs. */
  communityId: string | undefined
}

export function LocationPickerMap({
  label,
  pinLabel,
  initialBounds,
  view,
  position,
  accuracyM,
  mapRef,
  onPick,
  communityId,
}: LocationPickerMapProps) {
  return (
    <MapView label={label} bounds={initialBounds}>
      <PickOnTap onPick={onPick} />
      {communityId && <ChosenCommunity communityId={communityId} />}
      <FlyTo center={view.center} zoom={view.zoom} request={view.request} mapRef={mapRef} />
      {position && accuracyM ? (
        <Circle
          center={toLatLng(position)}
          radius={accuracyM}
          pathOptions={{ color: '#1d4ed8', weight: 1, fillOpacity: 0.12, dashArray: '4 4' }}
          interactive={false}
        />
      ) : null}
      {position && (
        <Marker
          position={toLatLng(position)}
          icon={PIN_ICON}
          draggable
          title={pinLabel}
          alt={pinLabel}
          eventHandlers={{
            dragend: (event) => {
              const [lng, lat] = toLngLat((event.target as L.Marker).getLatLng().wrap())
              onPick(lng, lat)
            },
          }}
        />
      )}
    </MapView>
  )
}
