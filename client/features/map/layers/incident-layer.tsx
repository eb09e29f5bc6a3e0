// Incidents: a marker per incident (colour = kind, shape = group of kinds, size = severity). Below
// the detail zoom the server sends clusters with exact counts, drawn as numbered bubbles; zoomed
// in, incidents that still crowd on screen are grouped here the same way. A bubble zooms in when
// clicked.
import { memo, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useMap } from 'react-leaflet'
import { formatNumber } from '../../../lib/format.ts'
import { toLatLng } from '../../../map/to-lat-lng.ts'
import { createClusterIndex, type ClusterInput } from '../cluster.ts'
import { isSelected, type SelectHandler, type Selection } from '../selection.ts'
import { clusterColor, SEVERITY_RANK } from '../../../map/styles.ts'
import { clusterIcon, incidentIcon } from './icons.ts'
import { useMarkerSet, type MarkerSpec } from './marker-set.ts'
import { localText } from '../../../lib/reference-data.ts'
import type { TilePoint } from '../decode-tile.ts'
import { clusterZoomTarget, type LayerFeatures } from '../tiles.ts'
import type { IncidentKind, IncidentStatus, Severity } from '../../../../shared/vocabularies.ts'

type IncidentPoint = TilePoint<'incidents'>

interface Props {
  features: LayerFeatures<'incidents'>
  zoom: number
  selection: Selection | null
  onSelect: SelectHandler
}

const WORLD = [-180, -85.06, 180, 85.06] as const

// Memoized: the map page re-renders as each tile of any layer arrives; this layer only when its
// own data, the zoom or the selection change.
export const IncidentLayer = memo(function IncidentLayer({ features, zoom, selection, onSelect }: Props) {
  const { t, i18n } = useTranslation()
  const map = useMap()
  const index = useMemo(
    () =>
      createClusterIndex(
        features.points.map((point): ClusterInput<IncidentPoint> => ({
          id: point.id,
          position: point.position,
          severityRank: SEVERITY_RANK[point.properties.severity as Severity] ?? 2,
          item: point,
        })),
        // Only this zoom's groups are asked for (and deeper ones, to know where a bubble splits).
        { minZoom: Math.floor(zoom) },
      ),
    [features.points, zoom],
  )
  const specs = useMemo(() => {
    const zoomInAt = (position: readonly number[], toZoom: number) => map.flyTo(toLatLng(position), Math.min(toZoom, 18), { duration: 0.6 })
    const bubble = (key: string, position: readonly number[], count: number, maxSeverityRank: number, toZoom: number): MarkerSpec => ({
      key: `${key}-${count}-${i18n.language}`,
      position: toLatLng(position),
      icon: clusterIcon(count, clusterColor(maxSeverityRank), formatNumber(count)),
      title: t('map.cluster.title', { count }),
      zIndexOffset: 1000 + Math.min(count, 3000),
      onActivate: () => zoomInAt(position, toZoom),
    })
    const serverClusters = features.clusters.map((cluster) =>
      bubble(
        cluster.key,
        cluster.position,
        cluster.properties.count,
        cluster.properties.maxSeverityRank ?? 1,
        clusterZoomTarget('incidents', cluster.properties.count, zoom),
      ),
    )
    const items = index.at(WORLD, zoom).map((item): MarkerSpec => {
      if (item.type === 'cluster') return bubble(`near-${item.id}`, item.position, item.count, item.maxSeverityRank, item.expansionZoom)
      const { properties } = item.item
      const kind = properties.kind as IncidentKind
      const severity = properties.severity as Severity
      const selected = isSelected(selection, 'incidents', item.id)
      const position = toLatLng(item.position)
      const name = localText(properties.title, properties.titleKm, i18n.language)
      return {
        key: item.id,
        position,
        icon: incidentIcon(kind, severity, properties.status as IncidentStatus, selected),
        title: `${name} (${t(`vocab.incidentKind.${kind}`)}, ${t(`vocab.severity.${severity}`)})`,
        // Worse incidents on top of milder ones; the selected one above all.
        zIndexOffset: selected ? 5000 : (SEVERITY_RANK[severity] ?? 2) * 100,
        onActivate: () => onSelect({ layer: 'incidents', id: item.id, title: name }, { lat: position[0], lng: position[1] }),
      }
    })
    return [...serverClusters, ...items]
  }, [features.clusters, index, zoom, selection, onSelect, map, t, i18n.language])
  useMarkerSet(specs)
  return null
})
