// Where something is: tap the map to put the point there, type longitude and latitude, or use
// the phone's GPS. The typed fields are the keyboard way; the map is the quick way.
import type { PathOptions } from 'leaflet'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { CircleMarker, GeoJSON, useMap, useMapEvents } from 'react-leaflet'
import { Field } from '../components/field.tsx'
import { MapView } from './map-view.tsx'
import { boundsOf, toLatLng } from './to-lat-lng.ts'
import { coordinateText, numberOrNull } from '../lib/form-values.ts'

export interface ReferenceShape {
  id: string
  geometry: { type: string; coordinates: unknown } | null | undefined
  style?: PathOptions
}

interface LocationPickerProps {
  lon: string
  lat: string
  onChange: (lon: string, lat: string) => void
  /** The map's accessible name, e.g. "Location of the incident". */
  label: string
  lonError?: string | undefined
  latError?: string | undefined
  /** An error about the point as a whole (required, invalid). */
  error?: string | undefined
  required?: boolean
  /** Shapes shown for orientation (the community's territory), not editable. */
  reference?: ReferenceShape[]
}

const POINT_STYLE: PathOptions = { color: '#7f1d1d', weight: 3, fillColor: '#dc2626', fillOpacity: 0.85 }

export function LocationPicker({ lon, lat, onChange, label, lonError, latError, error, required, reference = [] }: LocationPickerProps) {
  const { t } = useTranslation()
  const [gpsState, setGpsState] = useState<'idle' | 'locating' | 'failed'>('idle')
  const position = currentPosition(lon, lat)
  const [initialBounds] = useState(() =>
    boundsOf([position ? { type: 'Point', coordinates: position } : null, ...reference.map((shape) => shape.geometry)]),
  )

  const pick = (lng: number, latitude: number) => onChange(coordinateText(lng), coordinateText(latitude))
  const useGps = () => {
    if (!('geolocation' in navigator)) return setGpsState('failed')
    setGpsState('locating')
    navigator.geolocation.getCurrentPosition(
      (found) => {
        setGpsState('idle')
        pick(found.coords.longitude, found.coords.latitude)
      },
      () => setGpsState('failed'),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    )
  }

  return (
    <fieldset className={error ? 'rec-location has-error' : 'rec-location'}>
      <legend>
        {label}
        {required && (
          <span className="required-mark" title={t('common.state.required')}>
            {' '}
            *
          </span>
        )}
      </legend>
      <p className="field-hint">{t('mapParts.location.hint')}</p>
      <MapView label={label} bounds={initialBounds} className="rec-location-map">
        {reference.map((shape) =>
          shape.geometry ? (
            shape.geometry.type === 'Point' ? (
              <CircleMarker
                key={shape.id}
                center={toLatLng(shape.geometry.coordinates as number[])}
                radius={6}
                interactive={false}
                pathOptions={{ color: '#166534', weight: 2, fillOpacity: 0.4, ...shape.style }}
              />
            ) : (
              <GeoJSON
                key={shape.id}
                data={shape.geometry as GeoJSON.Geometry}
                interactive={false}
                style={{ color: '#166534', weight: 2, dashArray: '1 5', fillOpacity: 0.05, ...shape.style }}
              />
            )
          ) : null,
        )}
        <PickOnClick onPick={pick} />
        {position && <PointInView position={position} />}
        {position && <CircleMarker center={toLatLng(position)} radius={9} pathOptions={POINT_STYLE} interactive={false} />}
      </MapView>
      <div className="rec-location-inputs">
        <Field label={t('mapParts.location.longitude')} error={lonError ?? error}>
          <input type="text" inputMode="decimal" autoComplete="off" value={lon} onChange={(event) => onChange(event.target.value, lat)} />
        </Field>
        <Field label={t('mapParts.location.latitude')} error={latError}>
          <input type="text" inputMode="decimal" autoComplete="off" value={lat} onChange={(event) => onChange(lon, event.target.value)} />
        </Field>
        <button type="button" className="button rec-location-gps" onClick={useGps} disabled={gpsState === 'locating'}>
          {gpsState === 'locating' ? t('mapParts.location.locating') : t('mapParts.location.useGps')}
        </button>
      </div>
      {gpsState === 'failed' && (
        <p className="field-error" role="alert">
          {t('mapParts.location.gpsFailed')}
        </p>
      )}
    </fieldset>
  )
}

function currentPosition(lon: string, lat: string): [number, number] | undefined {
  const lng = numberOrNull(lon)
  const latitude = numberOrNull(lat)
  if (lng === null || latitude === null || !Number.isFinite(lng) || !Number.isFinite(latitude)) return undefined
  if (Math.abs(lng) > 180 || Math.abs(latitude) > 90) return undefined
  return [lng, latitude]
}

function PickOnClick({ onPick }: { onPick: (lng: number, lat: number) => void }) {
  useMapEvents({ click: (event) => onPick(event.latlng.lng, event.latlng.lat) })
  return null
}

/** Pans to a typed point that is off screen; a tapped one is already in view, so nothing moves. */
function PointInView({ position }: { position: [number, number] }) {
  const map = useMap()
  const [lng, lat] = position
  useEffect(() => {
    const latLng = toLatLng([lng, lat])
    // Not animated: a save right after typing leaves the page mid-animation, and Leaflet then
    // reads the position of a pane already removed ("_leaflet_pos" of undefined).
    if (!map.getBounds().contains(latLng)) map.setView(latLng, Math.max(map.getZoom(), 12), { animate: false })
  }, [map, lng, lat])
  return null
}
