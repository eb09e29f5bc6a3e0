// Parcels, filled by tenure and outlined by title status (solid, dashed, dotted, red dash-dot),
// drawn on a canvas (canvas-shapes.tsx): a district holds tens of thousands.
// Zoomed out, the server sends cells instead (never the raw shapes of a whole province): a square
// per cell, redder as more of its area is disputed, with its number of parcels written on it.
import { memo, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useMap } from 'react-leaflet'
import { formatHectares, formatNumber } from '../../../lib/format.ts'
import { toLatLng } from '../../../map/to-lat-lng.ts'
import { isSelected, type SelectHandler, type Selection } from '../selection.ts'
import { parcelCellStyle, parcelStyle } from '../../../map/styles.ts'
import type { Tenure, TitleStatus } from '../../../../shared/vocabularies.ts'
import type { Position2D } from '../../../../shared/geo.ts'
import type { LayerFeatures } from '../tiles.ts'
import { cellLabelIcon } from './icons.ts'
import { CanvasShapes } from './canvas-shapes.tsx'
import type { CanvasShape } from './shape-canvas.ts'
import { useMarkerSet, type MarkerSpec } from './marker-set.ts'
import { worldLine } from '../decode-tile.ts'

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
  // Cells on the same canvas as the shapes (a crowded district at zoom 10–12 holds hundreds of
  // them), their counts as labels above the markers.
  const cells = useMemo(() => {
    const drawn: CanvasShape[] = []
    const labels: MarkerSpec[] = []
    const zoomIns = new Map<string, () => void>()
    for (const cell of features.clusters) {
      if (!cell.cell) continue
      const { count, areaHa = 0, disputedShare = 0 } = cell.properties
      const id = `cell:${cell.key}`
      drawn.push({
        id,
        polygons: worldPolygons(cell.cell),
        outlines: [],
        style: parcelCellStyle(disputedShare),
        label: () =>
          t('map.parcelCell', {
            count,
            area: t('common.unit.ha', { value: formatHectares(areaHa) }),
            share: Math.round(disputedShare * 100),
          }),
      })
      zoomIns.set(id, () => map.flyTo(toLatLng(cell.position), Math.min(zoom + 2, 18), { duration: 0.6 }))
      labels.push({
        key: `label-${cell.key}-${count}`,
        // On the cell's south-east corner: an incident bubble at a village sits on the cell's
        // centre and would hide the count.
        position: southEastOf(cell.cell),
        zIndexOffset: 8000,
        icon: cellLabelIcon(formatNumber(count)),
        title: '',
      })
    }
    return { drawn, labels, zoomIns }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- i18n.language: the counts are written in the reader's digits
  }, [features.clusters, map, zoom, t, i18n.language])
  useMarkerSet(cells.labels)
  const drawn = useMemo(() => (cells.drawn.length > 0 ? [...cells.drawn, ...shapes] : shapes), [cells.drawn, shapes])
  return (
    <CanvasShapes
      pane="dey-parcels"
      testId="parcel-shapes"
      shapes={drawn}
      onClick={(id, at) => {
        const zoomIn = cells.zoomIns.get(id)
        if (zoomIn) zoomIn()
        else onSelect({ layer: 'parcels', id, title: labels.get(id) ?? '' }, at)
      }}
    />
  )
})

// A cell's square keeps its world coordinates while its tile stays cached: the canvas then sees
// the same lines and does not redraw the tiles under an unchanged cell.
const worldCells = new WeakMap<Position2D[][][], Float64Array[][]>()
function worldPolygons(polygons: Position2D[][][]): Float64Array[][] {
  let world = worldCells.get(polygons)
  if (!world) {
    world = polygons.map((rings) => rings.map(worldLine))
    worldCells.set(polygons, world)
  }
  return world
}

function southEastOf(polygons: Position2D[][][]): [number, number] {
  const ring = polygons[0]?.[0] ?? []
  return [Math.min(...ring.map((p) => p[1])), Math.max(...ring.map((p) => p[0]))]
}
