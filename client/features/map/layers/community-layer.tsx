// Communities: a house marker at the village, and — zoomed in — the territory they claim.
import { useTranslation } from 'react-i18next'
import { Marker, Polygon, Tooltip } from 'react-leaflet'
import { toLatLng } from '../../../map/to-lat-lng.ts'
import { TERRITORY_MIN_ZOOM, type CommunityFeature } from '../api.ts'
import { isSelected, onActivateKey, type SelectHandler, type Selection } from '../selection.ts'
import { territoryStyle } from '../../../map/styles.ts'
import { communityIcon } from './icons.ts'
import { multiPolygonLatLngs } from './geometry.ts'
import { usePaneRenderer } from './map-panes.tsx'
import { localName } from '../../../lib/reference-data.ts'

/** Community names are written next to their marker from this zoom. */
const LABEL_MIN_ZOOM = 11

interface Props {
  features: CommunityFeature[]
  zoom: number
  selection: Selection | null
  onSelect: SelectHandler
}

export function CommunityLayer({ features, zoom, selection, onSelect }: Props) {
  const { i18n } = useTranslation()
  const renderer = usePaneRenderer('dey-territories')
  const showTerritories = zoom >= TERRITORY_MIN_ZOOM
  const showLabels = zoom >= LABEL_MIN_ZOOM
  return (
    <>
      {showTerritories &&
        features.map((feature) => {
          const territory = feature.properties.territory
          if (!territory) return null
          return (
            <Polygon
              key={`territory-${feature.id}`}
              // A click on a shape is for the shape, not also for the map under it (which closes the panel).
              bubblingMouseEvents={false}
              pane="dey-territories"
              renderer={renderer}
              positions={multiPolygonLatLngs(territory)}
              pathOptions={territoryStyle(isSelected(selection, 'communities', feature.id))}
              eventHandlers={{ click: (event) => onSelect({ layer: 'communities', feature }, event.latlng) }}
            />
          )
        })}
      {features.map((feature) => {
        if (!feature.geometry) return null
        const name = localName(feature.properties, i18n.language)
        const [lat, lng] = toLatLng(feature.geometry.coordinates)
        const selected = isSelected(selection, 'communities', feature.id)
        return (
          <Marker
            key={`${feature.id}-${i18n.language}-${showLabels}`}
            position={toLatLng(feature.geometry.coordinates)}
            icon={communityIcon(selected)}
            title={name}
            zIndexOffset={selected ? 5000 : -100}
            eventHandlers={{
              click: (event) => onSelect({ layer: 'communities', feature }, event.latlng),
              keypress: onActivateKey(() => onSelect({ layer: 'communities', feature }, { lat, lng })),
            }}
          >
            {showLabels && (
              <Tooltip permanent direction="right" offset={[12, 0]} className="map-label community-label">
                {name}
              </Tooltip>
            )}
          </Marker>
        )
      })}
    </>
  )
}
