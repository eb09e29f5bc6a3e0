// Where the threat happened: the phone's GPS in one tap (with its accuracy), or a tap on a small
// map to place the pin (tap again or drag it to move). A keyboard user pans the map with the
// arrow keys and puts the pin at its centre with a button.
import type { LatLngTuple, Map as LeafletMap } from 'leaflet'
import { lazy, Suspense, useEffect, useId, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../../lib/format.ts'
import { toLatLng, toLngLat } from '../../map/to-lat-lng.ts'
import { LocateIcon, PinIcon } from './icons.tsx'
import type { ReportLocation } from './report-location.ts'

type GeoState = 'idle' | 'locating' | 'denied' | 'unavailable' | 'timeout' | 'unsupported'

interface LocationPickerProps {
  value: ReportLocation | null
  onChange: (location: ReportLocation | null) => void
  /** [lng, lat] to show when no place is chosen yet (the chosen community). */
  focus?: readonly [number, number] | undefined
  /** The chosen community, outlined on the map. */
  communityId?: string | undefined
  error?: string | undefined
  /** Whether a place must be given (the report form); the public report page may leave it out. */
  required?: boolean
}

// The map (Leaflet, 40 kB compressed) comes after the form: on a slow link the representative can
// already type, choose and take the GPS position while it loads.
const LocationPickerMap = lazy(async () => ({ default: (await import('./location-picker-map.tsx')).LocationPickerMap }))

const geolocationOptions: PositionOptions = { enableHighAccuracy: true, timeout: 20_000, maximumAge: 30_000 }

export function LocationPicker({ value, onChange, focus, communityId, error, required = true }: LocationPickerProps) {
  const { t } = useTranslation()
  const id = useId()
  const [geo, setGeo] = useState<GeoState>('idle')
  const mapRef = useRef<LeafletMap | null>(null)
  // Where the map should go, and a counter that asks it to go there.
  const [view, setView] = useState<{ center: readonly [number, number] | undefined; zoom: number; request: number }>({
    center: undefined,
    zoom: 13,
    request: 0,
  })
  const isMounted = useRef(true)
  useEffect(() => {
    isMounted.current = true
    return () => {
      isMounted.current = false
    }
  }, [])

  // The map opens on the chosen place, else on the community, else on Cambodia.
  const initialBounds = useMemo(() => {
    const center = value ? ([value.lng, value.lat] as const) : focus
    if (!center) return undefined
    const pad = value ? 0.004 : 0.03
    return [toLatLng([center[0] - pad, center[1] - pad]), toLatLng([center[0] + pad, center[1] + pad])] as [LatLngTuple, LatLngTuple]
    // Only on mount: later moves go through FlyTo.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the first view only; later moves go through FlyTo
  }, [])

  // A newly chosen community: show it, unless a place is already chosen.
  const focusKey = focus ? focus.join(',') : ''
  useEffect(() => {
    if (focus && !value) setView((current) => ({ center: focus, zoom: 13, request: current.request + 1 }))
    // eslint-disable-next-line react-hooks/exhaustive-deps -- focusKey stands for focus (a new array each render); value is read, not watched
  }, [focusKey])

  const locate = () => {
    if (typeof navigator === 'undefined' || !navigator.geolocation || window.isSecureContext === false) {
      setGeo('unsupported')
      return
    }
    setGeo('locating')
    navigator.geolocation.getCurrentPosition(
      (position) => {
        if (!isMounted.current) return
        const { longitude: lng, latitude: lat, accuracy } = position.coords
        setGeo('idle')
        onChange({ lng, lat, accuracyM: Number.isFinite(accuracy) ? Math.round(accuracy) : null, source: 'gps' })
        setView((current) => ({ center: [lng, lat], zoom: 16, request: current.request + 1 }))
      },
      (failure) => {
        if (!isMounted.current) return
        setGeo(failure.code === failure.PERMISSION_DENIED ? 'denied' : failure.code === failure.TIMEOUT ? 'timeout' : 'unavailable')
      },
      geolocationOptions,
    )
  }

  const pick = (lng: number, lat: number) => {
    setGeo('idle')
    onChange({ lng, lat, source: 'map' })
  }

  const pinAtCentre = () => {
    const center = mapRef.current?.getCenter()
    if (center) pick(...toLngLat(center.wrap()))
  }

  const errorId = `${id}-error`
  const hintId = `${id}-hint`
  const position: readonly [number, number] | undefined = value ? [value.lng, value.lat] : undefined

  return (
    <fieldset
      className={error ? 'field location-field has-error' : 'field location-field'}
      aria-describedby={[hintId, error ? errorId : ''].join(' ').trim()}
    >
      <legend>
        {t('report.where')}
        {required && (
          <span className="required-mark" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </legend>
      <button
        type="button"
        className="button button-large locate-button"
        onClick={locate}
        disabled={geo === 'locating'}
        aria-busy={geo === 'locating' || undefined}
      >
        {geo === 'locating' ? <span className="spinner spinner-small" aria-hidden="true" /> : <LocateIcon />}{' '}
        {geo === 'locating' ? t('report.locating') : t('report.useMyLocation')}
      </button>
      {geo !== 'idle' && geo !== 'locating' && (
        <p className="alert alert-warning" role="alert">
          {t(`report.geo.${geo}`)}
        </p>
      )}
      <p id={hintId} className="field-hint">
        {t('report.mapHint')}
      </p>
      <div className="report-map" data-testid="location-picker">
        <Suspense fallback={<p className="report-map-loading">{t('report.mapLoading')}</p>}>
          <LocationPickerMap
            label={t('report.mapLabel')}
            pinLabel={t('report.pin')}
            initialBounds={initialBounds}
            view={view}
            position={position}
            accuracyM={value?.accuracyM ?? null}
            mapRef={mapRef}
            onPick={pick}
            communityId={communityId}
          />
        </Suspense>
      </div>
      <div className="location-actions">
        <button type="button" className="link-button" onClick={pinAtCentre}>
          {t('report.pinAtCentre')}
        </button>
      </div>
      {value && (
        <div className="location-chosen" aria-live="polite">
          <p>
            <PinIcon /> {t('report.chosenPlace', { latitude: formatNumber(value.lat, 5), longitude: formatNumber(value.lng, 5) })}
            {value.source === 'gps' && value.accuracyM != null && (
              <span className="muted"> · {t('report.accuracy', { meters: formatNumber(value.accuracyM) })}</span>
            )}
          </p>
          <button type="button" className="link-button" onClick={() => onChange(null)}>
            {t('report.clearLocation')}
          </button>
        </div>
      )}
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  )
}
