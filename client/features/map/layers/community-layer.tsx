// Communities: a house marker at the village (numbered bubbles where the server groups them at a
// country zoom) and — zoomed in — the territory they claim.
import { useTranslation } from 'react-i18next'
import { Marker, Tooltip, useMap } from 'react-leaflet'
import { formatNumber } from '../../../lib/format.ts'
import { toLatLng } from '../../../map/to-lat-lng.ts'
import { isSelected, onActivateKey, type SelectHandler, type Selection } from '../selection.ts'
import { COMMUNITY_COLOR, territoryStyle } from '../../../map/styles.ts'
import { clusterIcon, communityIcon } from './icons.ts'
import { usePaneRenderer } from './map-panes.tsx'
import { localName } from '../../../lib/reference-data.ts'
import { clusterZoomTarget, type LayerFeatures } from '../tiles.ts'
import { TileShape } from './tile-shape.tsx'

/** Community names are written next to their marker from this zoom. */
const LABEL_MIN_ZOOM = 11

interface Props {
  features: LayerFeatures<'communities'>
  territories: LayerFeatures<'territories'> | undefined
  zoom: number
  selection: Selection | null
  onSelect: SelectHandler
}

export function CommunityLayer({ features, territories, zoom, selection, onSelect }: Props) {
  const { t, i18n } = useTranslation()
  const map = useMap()
  const renderer = usePaneRenderer('dey-territories')
  const showLabels = zoom >= LABEL_MIN_ZOOM
  return (
    <>
      {territories?.shapes.map((shape) => (
        <TileShape
          key={`territory-${shape.id}`}
          pane="dey-territories"
          renderer={renderer}
          polygons={shape.polygons}
          outlines={shape.outlines}
          style={territoryStyle(isSelected(selection, 'communities', shape.id))}
          onClick={(at) => onSelect({ layer: 'communities', id: shape.id, title: localName(shape.properties, i18n.language) }, at)}
        />
      ))}
      {features.clusters.map((cluster) => {
        const { count } = cluster.properties
        const zoomIn = () => map.flyTo(toLatLng(cluster.position), clusterZoomTarget('communities', count, zoom), { duration: 0.6 })
        return (
          <Marker
            key={`${cluster.key}-${count}-${i18n.language}`}
            position={toLatLng(cluster.position)}
            icon={clusterIcon(count, COMMUNITY_COLOR, formatNumber(count), 'community-cluster')}
            title={t('map.cluster.communities', { count })}
            zIndexOffset={-100}
            eventHandlers={{ click: zoomIn, keypress: onActivateKey(zoomIn) }}
          />
        )
      })}
      {features.points.map((point) => {
        const name = localName(point.properties, i18n.language)
        const [lat, lng] = toLatLng(point.position)
        const selected = isSelected(selection, 'communities', point.id)
        const select = () => onSelect({ layer: 'communities', id: point.id, title: name }, { lat, lng })
        return (
          <Marker
            key={`${point.id}-${i18n.language}-${showLabels}`}
            position={[lat, lng]}
            icon={communityIcon(selected)}
            title={name}
            zIndexOffset={selected ? 5000 : -100}
            eventHandlers={{ click: select, keypress: onActivateKey(select) }}
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
