// Concessions: hatched (an SVG pattern per kind, so this layer draws with an SVG renderer, not
// the canvas) with a dashed outline, labelled by company once zoomed in enough to read them.
import { useTranslation } from 'react-i18next'
import { Polygon, Tooltip } from 'react-leaflet'
import type { ConcessionFeature } from '../api.ts'
import { isSelected, type SelectHandler, type Selection } from '../selection.ts'
import { CONCESSION_LABEL_MIN_ZOOM, concessionStyle } from '../../../map/styles.ts'
import { multiPolygonLatLngs } from './geometry.ts'
import { usePaneRenderer } from './map-panes.tsx'
import { localName } from '../../../lib/reference-data.ts'

interface Props {
  features: ConcessionFeature[]
  zoom: number
  selection: Selection | null
  onSelect: SelectHandler
}

export function ConcessionLayer({ features, zoom, selection, onSelect }: Props) {
  const { i18n } = useTranslation()
  // SVG, not canvas: the hatch is an SVG pattern.
  const renderer = usePaneRenderer('dey-concessions')
  const showLabels = zoom >= CONCESSION_LABEL_MIN_ZOOM
  return (
    <>
      {features.map((feature) => {
        if (!feature.geometry) return null
        const { properties } = feature
        const name = localName(properties, i18n.language)
        const label = properties.company ?? name
        return (
          <Polygon
            key={feature.id}
            // A click on a shape is for the shape, not also for the map under it (which closes the panel).
            bubblingMouseEvents={false}
            pane="dey-concessions"
            renderer={renderer}
            positions={multiPolygonLatLngs(feature.geometry)}
            pathOptions={concessionStyle(properties, isSelected(selection, 'concessions', feature.id))}
            eventHandlers={{ click: (event) => onSelect({ layer: 'concessions', feature }, event.latlng) }}
          >
            {/* Permanent labels at a readable zoom; before that, the name on hover. */}
            <Tooltip
              key={`${showLabels}-${i18n.language}`}
              permanent={showLabels}
              sticky={!showLabels}
              direction="center"
              className={showLabels ? 'map-label concession-label' : 'map-label'}
            >
              {showLabels ? label : `${name}${properties.company ? ` · ${properties.company}` : ''}`}
            </Tooltip>
          </Polygon>
        )
      })}
    </>
  )
}
