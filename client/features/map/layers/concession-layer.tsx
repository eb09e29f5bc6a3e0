// Concessions: hatched (an SVG pattern per kind, so this layer draws with an SVG renderer, not
// the canvas) with a dashed outline, labelled by name once zoomed in enough to read them. A record
// known only as a point (a declared area without a published boundary) is a small dashed ring of
// a marker's size, never a shape guessed from its declared area; its tooltip says so.
import L, { type LatLngTuple } from 'leaflet'
import { memo, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { CircleMarker, Marker, Tooltip } from 'react-leaflet'
import { toLatLng } from '../../../map/to-lat-lng.ts'
import { isSelected, type SelectHandler, type Selection } from '../selection.ts'
import {
  CONCESSION_LABEL_MIN_ZOOM,
  CONCESSION_POINT_CLASS,
  CONCESSION_POINT_RADIUS,
  concessionPointStyle,
  concessionStyle,
} from '../../../map/styles.ts'
import { formatHectares } from '../../../lib/format.ts'
import { nameLabelIcon } from './icons.ts'
import { usePaneRenderer } from './map-panes.tsx'
import { localName } from '../../../lib/reference-data.ts'
import type { ConcessionKind } from '../../../../shared/vocabularies.ts'
import type { LayerFeatures } from '../tiles.ts'
import { TileShape } from './tile-shape.tsx'
import { placeLabels } from '../label-placement.ts'

interface Props {
  features: LayerFeatures<'concessions'>
  zoom: number
  selection: Selection | null
  onSelect: SelectHandler
}

// Memoized: the map page re-renders as each tile of any layer arrives; this layer only when its
// own data, the zoom or the selection change.
export const ConcessionLayer = memo(function ConcessionLayer({ features, zoom, selection, onSelect }: Props) {
  const { t, i18n } = useTranslation()
  // SVG, not canvas: the hatch is an SVG pattern.
  const renderer = usePaneRenderer('dey-concessions')
  const showLabels = zoom >= CONCESSION_LABEL_MIN_ZOOM
  // Where a name is written: the centre of the shape's first piece, as a tooltip placed it. Only
  // from the zoom names are written: it needs the shapes in [lng, lat], made only when asked.
  const labelPoints = useMemo(
    () =>
      new Map(
        (showLabels ? features.shapes : []).map((shape) => {
          const centre = L.PolyUtil.polygonCenter((shape.polygons[0]?.[0] ?? []).map(toLatLng), L.CRS.EPSG3857)
          return [shape.id, [centre.lat, centre.lng] as LatLngTuple]
        }),
      ),
    [features.shapes, showLabels],
  )
  // The names that fit without covering one another (the selected concession's first).
  const written = useMemo(() => {
    if (!showLabels) return new Set<string>()
    const candidate = (
      id: string,
      properties: { name: string; nameKm?: string | null },
      position: readonly number[],
      placement: 'centre' | 'right',
    ) => ({
      key: id,
      position: [position[0]!, position[1]!] as [number, number],
      text: localName(properties, i18n.language),
      placement,
      isFirst: isSelected(selection, 'concessions', id),
    })
    return placeLabels(
      [
        ...features.shapes.map((shape) => {
          const [lat, lng] = labelPoints.get(shape.id)!
          return candidate(shape.id, shape.properties, [lng, lat], 'centre')
        }),
        ...features.points.map((point) => candidate(point.id, point.properties, point.position, 'right')),
      ],
      zoom,
    )
  }, [features.shapes, features.points, labelPoints, showLabels, zoom, selection, i18n.language])
  // Written on the map (nameLabelIcon) from a readable zoom where it fits; otherwise on hover.
  const hoverLabel = (id: string, name: string) =>
    written.has(id) ? null : (
      <Tooltip key={i18n.language} sticky direction="center" className="map-label">
        {name}
      </Tooltip>
    )
  const writtenLabel = (key: string, name: string, at: LatLngTuple, placement: 'centre' | 'right' = 'centre') =>
    written.has(key) && (
      <Marker
        key={`label-${key}-${i18n.language}`}
        position={at}
        pane="tooltipPane"
        icon={nameLabelIcon(name, 'concession-label', placement)}
        interactive={false}
        keyboard={false}
      />
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
            {hoverLabel(shape.id, name)}
          </TileShape>
        )
      })}
      {features.shapes.map((shape) => writtenLabel(shape.id, localName(shape.properties, i18n.language), labelPoints.get(shape.id)!))}
      {/* Beside a point's ring, not over it: the ring is all there is to see of it. */}
      {features.points.map((point) =>
        writtenLabel(point.id, localName(point.properties, i18n.language), toLatLng(point.position), 'right'),
      )}
      {features.points.map((point) => {
        const name = localName(point.properties, i18n.language)
        const style = concessionPointStyle(
          { kind: point.properties.kind as ConcessionKind },
          isSelected(selection, 'concessions', point.id),
        )
        const [lat, lng] = toLatLng(point.position)
        const declaredHa = point.properties.declaredAreaHa
        const boundaryUnknown =
          declaredHa === undefined
            ? t('map.boundaryUnknown.noDeclared')
            : t('map.boundaryUnknown.declared', { area: t('common.unit.ha', { value: formatHectares(declaredHa) }) })
        return (
          <CircleMarker
            key={`${point.id}-${i18n.language}`}
            bubblingMouseEvents={false}
            pane="dey-concessions"
            renderer={renderer}
            center={[lat, lng]}
            radius={CONCESSION_POINT_RADIUS}
            className={CONCESSION_POINT_CLASS}
            pathOptions={style}
            eventHandlers={{ click: () => onSelect({ layer: 'concessions', id: point.id, title: name }, { lat, lng }) }}
          >
            {/* Always: that the boundary is unknown is what a reader must not miss. */}
            <Tooltip direction="top" offset={[0, -CONCESSION_POINT_RADIUS]}>
              {!written.has(point.id) && (
                <>
                  <strong>{name}</strong>
                  <br />
                </>
              )}
              {boundaryUnknown}
            </Tooltip>
          </CircleMarker>
        )
      })}
    </>
  )
})
