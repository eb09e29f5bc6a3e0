// Concessions: hatched (an SVG pattern per kind, so this layer draws with an SVG renderer, not
// the canvas) with a dashed outline, labelled by name once zoomed in enough to read them. A record
// known only as a point (a declared area without a surveyed boundary) is a dashed ring.
import { useTranslation } from 'react-i18next'
import { CircleMarker, Tooltip } from 'react-leaflet'
import { toLatLng } from '../../../map/to-lat-lng.ts'
import { isSelected, type SelectHandler, type Selection } from '../selection.ts'
import { CONCESSION_LABEL_MIN_ZOOM, concessionStyle } from '../../../map/styles.ts'
import { usePaneRenderer } from './map-panes.tsx'
import { localName } from '../../../lib/reference-data.ts'
import type { ConcessionKind } from '../../../../shared/vocabularies.ts'
import type { LayerFeatures } from '../tiles.ts'
import { TileShape } from './tile-shape.tsx'

interface Props {
  features: LayerFeatures<'concessions'>
  zoom: number
  selection: Selection | null
  onSelect: SelectHandler
}

export function ConcessionLayer({ features, zoom, selection, onSelect }: Props) {
  const { i18n } = useTranslation()
  // SVG, not canvas: the hatch is an SVG pattern.
  const renderer = usePaneRenderer('dey-concessions')
  const showLabels = zoom >= CONCESSION_LABEL_MIN_ZOOM
  const label = (name: string) => (
    // Permanent labels at a readable zoom; before that, the name on hover.
    <Tooltip
      key={`${showLabels}-${i18n.language}`}
      permanent={showLabels}
      sticky={!showLabels}
      direction="center"
      className={showLabels ? 'map-label concession-label' : 'map-label'}
    >
      {name}
    </Tooltip>
  )
  return (
    <>
      {features.shapes.map((shape) => {
        const name = localName(shape.properties, i18n.language)
        return (
          <TileShape
            key={shape.id}
            pane="dey-concessions"
            renderer={renderer}
            polygons={shape.polygons}
            outlines={shape.outlines}
            style={concessionStyle({ kind: shape.properties.kind as ConcessionKind }, isSelected(selection, 'concessions', shape.id))}
            onClick={(at) => onSelect({ layer: 'concessions', id: shape.id, title: name }, at)}
          >
            {label(name)}
          </TileShape>
        )
      })}
      {features.points.map((point) => {
        const name = localName(point.properties, i18n.language)
        const style = concessionStyle({ kind: point.properties.kind as ConcessionKind }, isSelected(selection, 'concessions', point.id))
        const [lat, lng] = toLatLng(point.position)
        return (
          <CircleMarker
            key={point.id}
            bubblingMouseEvents={false}
            pane="dey-concessions"
            renderer={renderer}
            center={[lat, lng]}
            radius={10}
            pathOptions={style}
            eventHandlers={{ click: () => onSelect({ layer: 'concessions', id: point.id, title: name }, { lat, lng }) }}
          >
            {label(name)}
          </CircleMarker>
        )
      })}
    </>
  )
}
