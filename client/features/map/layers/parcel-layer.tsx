// Parcels, filled by tenure and outlined by title status (solid, dashed, dotted, red dash-dot).
// Zoomed out, the server sends cells instead (never the raw shapes of a whole province): a square
// per cell, redder as more of its area is disputed, with its number of parcels written on it.
import { useTranslation } from 'react-i18next'
import { Marker, Tooltip, useMap } from 'react-leaflet'
import { formatHectares, formatNumber } from '../../../lib/format.ts'
import { toLatLng } from '../../../map/to-lat-lng.ts'
import { isSelected, type SelectHandler, type Selection } from '../selection.ts'
import { parcelCellStyle, parcelStyle } from '../../../map/styles.ts'
import type { Position2D } from '../../../../shared/geo.ts'
import type { Tenure, TitleStatus } from '../../../../shared/vocabularies.ts'
import type { LayerFeatures } from '../tiles.ts'
import { cellLabelIcon } from './icons.ts'
import { usePaneRenderer } from './map-panes.tsx'
import { TileShape } from './tile-shape.tsx'

interface Props {
  features: LayerFeatures<'parcels'>
  zoom: number
  selection: Selection | null
  onSelect: SelectHandler
}

export function ParcelLayer({ features, zoom, selection, onSelect }: Props) {
  const { t, i18n } = useTranslation()
  const map = useMap()
  const renderer = usePaneRenderer('dey-parcels')
  return (
    <>
      {features.clusters.map((cell) => {
        const { count, areaHa = 0, disputedShare = 0 } = cell.properties
        if (!cell.cell) return null
        const summary = t('map.parcelCell', {
          count,
          area: t('common.unit.ha', { value: formatHectares(areaHa) }),
          share: Math.round(disputedShare * 100),
        })
        const zoomIn = () => map.flyTo(toLatLng(cell.position), Math.min(zoom + 2, 18), { duration: 0.6 })
        return (
          <TileShape
            key={`${cell.key}-${i18n.language}`}
            pane="dey-parcels"
            renderer={renderer}
            polygons={cell.cell}
            outlines={[]}
            style={parcelCellStyle(disputedShare)}
            onClick={zoomIn}
          >
            <Tooltip sticky className="map-label">
              {summary}
            </Tooltip>
          </TileShape>
        )
      })}
      {features.clusters.map((cell) => (
        <Marker
          key={`label-${cell.key}`}
          // On the cell's south-east corner, above the markers: an incident bubble at a village
          // sits on the cell's centre and would hide the count.
          position={cell.cell ? southEastOf(cell.cell) : toLatLng(cell.position)}
          zIndexOffset={8000}
          icon={cellLabelIcon(formatNumber(cell.properties.count))}
          interactive={false}
          keyboard={false}
        />
      ))}
      {features.shapes.map((shape) => {
        const { properties } = shape
        const tenure = properties.tenure as Tenure
        const titleStatus = properties.titleStatus as TitleStatus
        return (
          <TileShape
            key={shape.id}
            pane="dey-parcels"
            renderer={renderer}
            polygons={shape.polygons}
            outlines={shape.outlines}
            style={parcelStyle({ tenure, titleStatus }, isSelected(selection, 'parcels', shape.id))}
            onClick={(at) => onSelect({ layer: 'parcels', id: shape.id, title: properties.label }, at)}
          >
            <Tooltip key={i18n.language} sticky className="map-label">
              {properties.label} · {t(`vocab.tenure.${tenure}`)} · {t(`vocab.titleStatus.${titleStatus}`)}
              {properties.areaHa !== undefined && <> · {t('common.unit.ha', { value: formatHectares(properties.areaHa) })}</>}
            </Tooltip>
          </TileShape>
        )
      })}
    </>
  )
}

function southEastOf(polygons: Position2D[][][]): [number, number] {
  const ring = polygons[0]?.[0] ?? []
  return [Math.min(...ring.map((p) => p[1])), Math.max(...ring.map((p) => p[0]))]
}
