// Incidents: a marker per incident (colour = kind, shape = group of kinds, size = severity),
// grouped into numbered bubbles where they crowd; a bubble zooms in when clicked.
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { Marker, useMap } from 'react-leaflet'
import { formatNumber } from '../../../lib/format.ts'
import { toLatLng } from '../../../map/to-lat-lng.ts'
import type { IncidentFeature } from '../api.ts'
import { createClusterIndex, type ClusterInput } from '../cluster.ts'
import { isSelected, onActivateKey, type SelectHandler, type Selection } from '../selection.ts'
import { SEVERITY_RANK } from '../../../map/styles.ts'
import { clusterIcon, incidentIcon } from './icons.ts'
import { localText } from '../../../lib/reference-data.ts'

interface Props {
  features: IncidentFeature[]
  /** The loaded area, `[west, south, east, north]`: clusters are computed for all of it. */
  bounds: readonly [number, number, number, number]
  zoom: number
  selection: Selection | null
  onSelect: SelectHandler
}

export function IncidentLayer({ features, bounds, zoom, selection, onSelect }: Props) {
  const { t, i18n } = useTranslation()
  const map = useMap()
  const index = useMemo(
    () =>
      createClusterIndex(
        features.flatMap((feature): ClusterInput<IncidentFeature>[] =>
          feature.geometry
            ? [
                {
                  id: feature.id,
                  position: feature.geometry.coordinates,
                  severityRank: SEVERITY_RANK[feature.properties.severity],
                  item: feature,
                },
              ]
            : [],
        ),
      ),
    [features],
  )
  const items = useMemo(() => index.at(bounds, zoom), [index, bounds, zoom])

  return (
    <>
      {items.map((item) => {
        if (item.type === 'cluster') {
          const zoomIn = () => map.flyTo(toLatLng(item.position), Math.min(item.expansionZoom, 18), { duration: 0.6 })
          return (
            <Marker
              key={`cluster-${item.id}-${item.count}-${i18n.language}`}
              position={toLatLng(item.position)}
              icon={clusterIcon(item.count, item.maxSeverityRank, formatNumber(item.count))}
              title={t('map.cluster.title', { count: item.count })}
              zIndexOffset={1000 + item.count}
              eventHandlers={{ click: zoomIn, keypress: onActivateKey(zoomIn) }}
            />
          )
        }
        const { properties } = item.item
        const selected = isSelected(selection, 'incidents', item.id)
        const [lat, lng] = toLatLng(item.position)
        const select = () => onSelect({ layer: 'incidents', feature: item.item }, { lat, lng })
        const title = `${localText(properties.title, properties.titleKm, i18n.language)} (${t(`vocab.incidentKind.${properties.kind}`)}, ${t(`vocab.severity.${properties.severity}`)})`
        return (
          <Marker
            // The title is fixed when the marker is made: a new one per language.
            key={`${item.id}-${i18n.language}`}
            position={toLatLng(item.position)}
            icon={incidentIcon(properties.kind, properties.severity, properties.status, selected)}
            title={title}
            // Worse incidents on top of milder ones; the selected one above all.
            zIndexOffset={selected ? 5000 : SEVERITY_RANK[properties.severity] * 100}
            eventHandlers={{ click: select, keypress: onActivateKey(select) }}
          />
        )
      })}
    </>
  )
}
