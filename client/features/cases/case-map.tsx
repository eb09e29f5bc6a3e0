// The records a case is about, on one small map: communities (green squares, and their territory),
// parcels (brown dashed outlines) and incidents (red diamonds). Shape and label tell them apart,
// not only colour; the legend under the map says which is which.
import { divIcon, type PathOptions } from 'leaflet'
import { useQueries } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { GeoJSON, Marker, Popup, Tooltip } from 'react-leaflet'
import { FitBounds, MapView } from '../../map/map-view.tsx'
import { boundsOf, toLatLng } from '../../map/to-lat-lng.ts'
import { linkedCommunityQuery, linkedIncidentQuery, linkedParcelQuery } from './api.ts'
import { localName, localText } from '../../lib/reference-data.ts'

const communityIcon = divIcon({ className: 'case-marker case-marker-community', iconSize: [18, 18], html: '<span></span>' })
const incidentIcon = divIcon({ className: 'case-marker case-marker-incident', iconSize: [18, 18], html: '<span></span>' })

export const TERRITORY_STYLE: PathOptions = { color: '#15803d', weight: 2, fillOpacity: 0.08 }
export const PARCEL_STYLE: PathOptions = { color: '#92400e', weight: 2, dashArray: '6 4', fillColor: '#f59e0b', fillOpacity: 0.25 }

interface CaseMapProps {
  communityIds: string[]
  parcelIds: string[]
  incidentIds: string[]
}

export function CaseMap({ communityIds, parcelIds, incidentIds }: CaseMapProps) {
  const { t, i18n } = useTranslation()
  const communities = useQueries({ queries: communityIds.map((id) => linkedCommunityQuery(id)) })
  const parcels = useQueries({ queries: parcelIds.map((id) => linkedParcelQuery(id)) })
  const incidents = useQueries({ queries: incidentIds.map((id) => linkedIncidentQuery(id)) })
  const communityRows = communities.flatMap((query) => (query.data ? [query.data] : []))
  const parcelRows = parcels.flatMap((query) => (query.data ? [query.data] : []))
  const incidentRows = incidents.flatMap((query) => (query.data ? [query.data] : []))
  const bounds = boundsOf([
    ...communityRows.flatMap((c) => [c.location, c.territory]),
    ...parcelRows.map((p) => p.boundary),
    ...incidentRows.map((i) => i.location),
  ])
  const label = t('cases.links.mapLabel')

  return (
    <div className="case-map">
      <MapView bounds={bounds} isCompact label={label}>
        <FitBounds bounds={bounds} maxZoom={14} />
        {communityRows.map((community) =>
          community.territory ? <GeoJSON key={`t-${community.id}`} data={community.territory} style={TERRITORY_STYLE} /> : null,
        )}
        {parcelRows.map((parcel) => (
          <GeoJSON key={`p-${parcel.id}`} data={parcel.boundary} style={PARCEL_STYLE}>
            <Tooltip sticky>{parcel.label}</Tooltip>
            <Popup>
              <Link to={`/parcels/${parcel.id}`}>{parcel.label}</Link>
            </Popup>
          </GeoJSON>
        ))}
        {communityRows.map((community) => (
          <Marker key={`c-${community.id}`} position={toLatLng(community.location.coordinates)} icon={communityIcon} title={community.name}>
            <Tooltip direction="top" offset={[0, -10]}>
              {localName(community, i18n.language)}
            </Tooltip>
            <Popup>
              <Link to={`/communities/${community.id}`}>{localName(community, i18n.language)}</Link>
            </Popup>
          </Marker>
        ))}
        {incidentRows.map((incident) => (
          <Marker key={`i-${incident.id}`} position={toLatLng(incident.location.coordinates)} icon={incidentIcon} title={incident.title}>
            <Tooltip direction="top" offset={[0, -10]}>
              {localText(incident.title, incident.titleKm, i18n.language)}
            </Tooltip>
            <Popup>
              <Link to={`/incidents/${incident.id}`}>{localText(incident.title, incident.titleKm, i18n.language)}</Link>
            </Popup>
          </Marker>
        ))}
      </MapView>
      <ul className="case-legend" aria-label={t('cases.links.legend')}>
        {communityIds.length > 0 && (
          <li>
            <span className="legend-swatch case-marker-community" aria-hidden="true">
              <span />
            </span>
            {t('cases.links.communities')}
          </li>
        )}
        {communityRows.some((c) => c.territory) && (
          <li>
            <span className="legend-swatch legend-territory" aria-hidden="true" />
            {t('cases.links.territory')}
          </li>
        )}
        {parcelIds.length > 0 && (
          <li>
            <span className="legend-swatch legend-parcel" aria-hidden="true" />
            {t('cases.links.parcels')}
          </li>
        )}
        {incidentIds.length > 0 && (
          <li>
            <span className="legend-swatch case-marker-incident" aria-hidden="true">
              <span />
            </span>
            {t('cases.links.incidents')}
          </li>
        )}
      </ul>
    </div>
  )
}
