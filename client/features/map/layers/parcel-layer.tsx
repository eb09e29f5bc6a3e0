// Parcels, filled by tenure and outlined by title status (solid, dashed, dotted, red dash-dot).
import { useTranslation } from 'react-i18next'
import { Polygon, Tooltip } from 'react-leaflet'
import { formatHectares } from '../../../lib/format.ts'
import type { ParcelFeature } from '../api.ts'
import { isSelected, type SelectHandler, type Selection } from '../selection.ts'
import { parcelStyle } from '../../../map/styles.ts'
import { multiPolygonLatLngs } from './geometry.ts'
import { usePaneRenderer } from './map-panes.tsx'

interface Props {
  features: ParcelFeature[]
  selection: Selection | null
  onSelect: SelectHandler
}

export function ParcelLayer({ features, selection, onSelect }: Props) {
  const { t, i18n } = useTranslation()
  const renderer = usePaneRenderer('dey-parcels')
  return (
    <>
      {features.map((feature) => {
        if (!feature.geometry) return null
        const { properties } = feature
        return (
          <Polygon
            key={feature.id}
            // A click on a shape is for the shape, not also for the map under it (which closes the panel).
            bubblingMouseEvents={false}
            pane="dey-parcels"
            renderer={renderer}
            positions={multiPolygonLatLngs(feature.geometry)}
            pathOptions={parcelStyle(properties, isSelected(selection, 'parcels', feature.id))}
            eventHandlers={{ click: (event) => onSelect({ layer: 'parcels', feature }, event.latlng) }}
          >
            <Tooltip key={i18n.language} sticky className="map-label">
              {properties.label} · {t(`vocab.tenure.${properties.tenure}`)} · {t(`vocab.titleStatus.${properties.titleStatus}`)} ·{' '}
              {t('common.unit.ha', { value: formatHectares(properties.areaHa) })}
            </Tooltip>
          </Polygon>
        )
      })}
    </>
  )
}
