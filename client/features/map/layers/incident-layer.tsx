// Incidents: a marker per incident (colour = kind, shape = group of kinds, size = severity). Below
// the detail zoom the server sends clusters with exact counts, drawn as numbered bubbles; zoomed
// in, incidents that still crowd on screen are grouped here the same way. A bubble zooms in when
// clicked.
import { memo, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { Marker, useMap } from 'react-leaflet'
import { formatNumber } from '../../../lib/format.ts'
import { toLatLng } from '../../../map/to-lat-lng.ts'
import { createClusterIndex, type ClusterInput } from '../cluster.ts'
import { isSelected, onActivateKey, type SelectHandler, type Selection } from '../selection.ts'
import { clusterColor, SEVERITY_RANK } from '../../../map/styles.ts'
import { clusterIcon, incidentIcon } from './icons.ts'
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
      ),
    [features.points],
  )
  const items = useMemo(() => index.at(WORLD, zoom), [index, zoom])
  const zoomInAt = (position: readonly number[], toZoom: number) => map.flyTo(toLatLng(position), Math.min(toZoom, 18), { duration: 0.6 })
  const bubble = (key: string, position: readonly number[], count: number, maxSeverityRank: number, toZoom: number) => {
    const zoomIn = () => zoomInAt(position, toZoom)
    return (
      <Marker
        key={`${key}-${count}-${i18n.language}`}
        position={toLatLng(position)}
        icon={clusterIcon(count, clusterColor(maxSeverityRank), formatNumber(count))}
        title={t('map.cluster.title', { count })}
        zIndexOffset={1000 + Math.min(count, 3000)}
        eventHandlers={{ click: zoomIn, keypress: onActivateKey(zoomIn) }}
      />
    )
  }

  return (
    <>
      {features.clusters.map((cluster) =>
        bubble(
          cluster.key,
          cluster.position,
          cluster.properties.count,
          cluster.properties.maxSeverityRank ?? 1,
          clusterZoomTarget('incidents', cluster.properties.count, zoom),
        ),
      )}
      {items.map((item) => {
        if (item.type === 'cluster') return bubble(`near-${item.id}`, item.position, item.count, item.maxSeverityRank, item.expansionZoom)
        const { properties } = item.item
        const kind = properties.kind as IncidentKind
        const severity = properties.severity as Severity
        const selected = isSelected(selection, 'incidents', item.id)
        const [lat, lng] = toLatLng(item.position)
        const name = localText(properties.title, properties.titleKm, i18n.language)
        const select = () => onSelect({ layer: 'incidents', id: item.id, title: name }, { lat, lng })
        const title = `${name} (${t(`vocab.incidentKind.${kind}`)}, ${t(`vocab.severity.${severity}`)})`
        return (
          <Marker
            // The title is fixed when the marker is made: a new one per language.
            key={`${item.id}-${i18n.language}`}
            position={toLatLng(item.position)}
            icon={incidentIcon(kind, severity, properties.status as IncidentStatus, selected)}
            title={title}
            // Worse incidents on top of milder ones; the selected one above all.
            zIndexOffset={selected ? 5000 : (SEVERITY_RANK[severity] ?? 2) * 100}
            eventHandlers={{ click: select, keypress: onActivateKey(select) }}
          />
        )
      })}
    </>
  )
})
