// Photos with a GPS location: their thumbnail where they were taken (numbered bubbles where the
// server groups them, zoomed out).
import { memo } from 'react'
import { useTranslation } from 'react-i18next'
import { Marker, useMap } from 'react-leaflet'
import { formatNumber } from '../../../lib/format.ts'
import { toLatLng } from '../../../map/to-lat-lng.ts'
import { thumbnailUrl } from '../api.ts'
import { isSelected, onActivateKey, type SelectHandler, type Selection } from '../selection.ts'
import { EVIDENCE_CLUSTER_COLOR } from '../../../map/styles.ts'
import { clusterZoomTarget, type LayerFeatures } from '../tiles.ts'
import { clusterIcon, evidenceIcon } from './icons.ts'

interface Props {
  features: LayerFeatures<'evidence'>
  zoom: number
  selection: Selection | null
  onSelect: SelectHandler
}

// Memoized: the map page re-renders as each tile of any layer arrives; this layer only when its
// own data, the zoom or the selection change.
export const EvidenceLayer = memo(function EvidenceLayer({ features, zoom, selection, onSelect }: Props) {
  const { t, i18n } = useTranslation()
  const map = useMap()
  return (
    <>
      {features.clusters.map((cluster) => {
        const { count } = cluster.properties
        const zoomIn = () => map.flyTo(toLatLng(cluster.position), clusterZoomTarget('evidence', count, zoom), { duration: 0.6 })
        return (
          <Marker
            key={`${cluster.key}-${count}-${i18n.language}`}
            position={toLatLng(cluster.position)}
            icon={clusterIcon(count, EVIDENCE_CLUSTER_COLOR, formatNumber(count), 'evidence-cluster')}
            title={t('map.cluster.evidence', { count })}
            eventHandlers={{ click: zoomIn, keypress: onActivateKey(zoomIn) }}
          />
        )
      })}
      {features.points.map((point) => {
        const selected = isSelected(selection, 'evidence', point.id)
        const [lat, lng] = toLatLng(point.position)
        const select = () => onSelect({ layer: 'evidence', id: point.id, title: point.properties.title }, { lat, lng })
        return (
          <Marker
            key={point.id}
            position={[lat, lng]}
            icon={evidenceIcon(point.properties.hasThumbnail ? thumbnailUrl(point.id) : null, selected)}
            title={point.properties.title}
            // Under the incidents (a photo is often taken where one happened), above the communities.
            zIndexOffset={selected ? 6000 : 0}
            eventHandlers={{ click: select, keypress: onActivateKey(select) }}
          />
        )
      })}
    </>
  )
})
