// Parcels, filled by tenure and outlined by title status (solid, dashed, dotted, red dash-dot),
// drawn on a canvas (canvas-shapes.tsx): a district holds tens of thousands.
// Zoomed out, the server sends cells instead (never the raw shapes of a whole province): a square
// per cell, redder as more of its area is disputed, with its number of parcels written on it.
import { memo, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { Marker, Tooltip, useMap } from 'react-leaflet'
import { formatHectares, formatNumber } from '../../../lib/format.ts'
import { toLatLng } from '../../../map/to-lat-lng.ts'
import { isSelected, type SelectHandler, type Selection } from '../selection.ts'
import { parcelCellStyle, parcelStyle } from '../../../map/styles.ts'
import type { Tenure, TitleStatus } from '../../../../shared/vocabularies.ts'
import type { Position2D } from '../../../../shared/geo.ts'
import type { LayerFeatures } from '../tiles.ts'
import { cellLabelIcon } from './icons.ts'
import { usePaneRenderer } from './map-panes.tsx'
import { CanvasShapes } from './canvas-shapes.tsx'
import type { CanvasShape } from './shape-canvas.ts'
import { TileShape } from './tile-shape.tsx'

interface Props {
  features: LayerFeatures<'parcels'>
  zoom: number
  selection: Selection | null
  onSelect: SelectHandler
}

// Memoized: the map page re-renders as each tile of any layer arrives; this layer only when its
// own data, the zoom or the selection change.
export const ParcelLayer = memo(function ParcelLayer({ features, zoom, selection, onSelect }: Props) {
  const { t, i18n } = useTranslation()
  const map = useMap()
  const renderer = usePaneRenderer('dey-parcels')
  const labels = useMemo(() => new Map(features.shapes.map((shape) => [shape.id, shape.properties.label])), [features.shapes])
  const shapes = useMemo(() => {
    const styled: CanvasShape[] = []
    let selected: CanvasShape | undefined
    for (const { id, properties, world } of features.shapes) {
      const tenure = properties.tenure as Tenure
      const titleStatus = properties.titleStatus as TitleStatus
      const isChosen = isSelected(selection, 'parcels', id)
      const label = () =>
        [
          properties.label,
          t(`vocab.tenure.${tenure}`),
          t(`vocab.titleStatus.${titleStatus}`),
          ...(properties.areaHa !== undefined ? [t('common.unit.ha', { value: formatHectares(properties.areaHa) })] : []),
        ].join(' · ')
      const shape = { id, polygons: world.polygons, outlines: world.outlines, style: parcelStyle({ tenure, titleStatus }, isChosen), label }
      if (isChosen) selected = shape
      else styled.push(shape)
    }
    // The selected parcel on top: its thicker outline is not hidden by its neighbours'.
    return selected ? [...styled, selected] : styled
  }, [features.shapes, selection, t])
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
      <CanvasShapes
        pane="dey-parcels"
        testId="parcel-shapes"
        shapes={shapes}
        onClick={(id, at) => onSelect({ layer: 'parcels', id, title: labels.get(id) ?? '' }, at)}
      />
    </>
  )
})

function southEastOf(polygons: Position2D[][][]): [number, number] {
  const ring = polygons[0]?.[0] ?? []
  return [Math.min(...ring.map((p) => p[1])), Math.max(...ring.map((p) => p[0]))]
}
