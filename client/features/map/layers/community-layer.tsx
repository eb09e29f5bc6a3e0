// Communities: a house marker at the village (numbered bubbles where the server groups them at a
// country zoom) and — zoomed in — the territory they claim.
import { Fragment, memo, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { Marker, useMap } from 'react-leaflet'
import { formatNumber } from '../../../lib/format.ts'
import { toLatLng } from '../../../map/to-lat-lng.ts'
import { isSelected, onActivateKey, type SelectHandler, type Selection } from '../selection.ts'
import { COMMUNITY_COLOR, territoryStyle } from '../../../map/styles.ts'
import { clusterIcon, communityIcon, nameLabelIcon } from './icons.ts'
import { CanvasShapes } from './canvas-shapes.tsx'
import { COMMUNITY_MARKER_PANE } from './map-panes.tsx'
import type { CanvasShape } from './shape-canvas.ts'
import { localName } from '../../../lib/reference-data.ts'
import { clusterZoomTarget, type LayerFeatures } from '../tiles.ts'
import { placeLabels } from '../label-placement.ts'

/** Community names are written next to their marker from this zoom. */
const LABEL_MIN_ZOOM = 11

interface Props {
  features: LayerFeatures<'communities'>
  territories: LayerFeatures<'territories'> | undefined
  zoom: number
  selection: Selection | null
  onSelect: SelectHandler
}

// Memoized: the map page re-renders as each tile of any layer arrives; this layer only when its
// own data, the zoom or the selection change.
export const CommunityLayer = memo(function CommunityLayer({ features, territories, zoom, selection, onSelect }: Props) {
  const { t, i18n } = useTranslation()
  const map = useMap()
  const showLabels = zoom >= LABEL_MIN_ZOOM
  const shapes = territories?.shapes
  const names = useMemo(
    () => new Map((shapes ?? []).map((shape) => [shape.id, localName(shape.properties, i18n.language)])),
    [shapes, i18n.language],
  )
  const territoryShapes = useMemo(() => {
    const styled: CanvasShape[] = []
    let selected: CanvasShape | undefined
    for (const { id, world } of shapes ?? []) {
      const isChosen = isSelected(selection, 'communities', id)
      const shape = {
        id,
        polygons: world.polygons,
        outlines: world.outlines,
        style: territoryStyle(isChosen),
        label: () => names.get(id) ?? '',
      }
      if (isChosen) selected = shape
      else styled.push(shape)
    }
    return selected ? [...styled, selected] : styled
  }, [shapes, names, selection])
  // The names that fit without covering one another (the selected community's first).
  const written = useMemo(
    () =>
      showLabels
        ? placeLabels(
            features.points.map((point) => ({
              key: point.id,
              position: point.position,
              text: localName(point.properties, i18n.language),
              placement: 'right' as const,
              isFirst: isSelected(selection, 'communities', point.id),
            })),
            zoom,
          )
        : new Set<string>(),
    [features.points, showLabels, zoom, selection, i18n.language],
  )
  return (
    <>
      <CanvasShapes
        pane="dey-territories"
        testId="territory-shapes"
        shapes={territoryShapes}
        onClick={(id, at) => onSelect({ layer: 'communities', id, title: names.get(id) ?? '' }, at)}
      />
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
          <Fragment key={`${point.id}-${i18n.language}`}>
            <Marker
              position={[lat, lng]}
              pane={COMMUNITY_MARKER_PANE}
              icon={communityIcon(selected)}
              title={name}
              zIndexOffset={selected ? 5000 : 0}
              eventHandlers={{ click: select, keypress: onActivateKey(select) }}
            />
            {written.has(point.id) && (
              <Marker
                position={[lat, lng]}
                pane="tooltipPane"
                icon={nameLabelIcon(name, 'community-label', 'right')}
                interactive={false}
                keyboard={false}
              />
            )}
          </Fragment>
        )
      })}
    </>
  )
})
