// Photos with a GPS location: their thumbnail where they were taken.
import { Marker } from 'react-leaflet'
import { toLatLng } from '../../../map/to-lat-lng.ts'
import { thumbnailUrl, type EvidenceFeature } from '../api.ts'
import { isSelected, onActivateKey, type SelectHandler, type Selection } from '../selection.ts'
import { evidenceIcon } from './icons.ts'

interface Props {
  features: EvidenceFeature[]
  selection: Selection | null
  onSelect: SelectHandler
}

export function EvidenceLayer({ features, selection, onSelect }: Props) {
  return (
    <>
      {features.map((feature) => {
        if (!feature.geometry) return null
        const selected = isSelected(selection, 'evidence', feature.id)
        const [lat, lng] = toLatLng(feature.geometry.coordinates)
        const select = () => onSelect({ layer: 'evidence', feature }, { lat, lng })
        return (
          <Marker
            key={feature.id}
            position={toLatLng(feature.geometry.coordinates)}
            icon={evidenceIcon(feature.properties.hasThumbnail ? thumbnailUrl(feature.id) : null, selected)}
            title={feature.properties.title}
            // Under the incidents (a photo is often taken where one happened), above the communities.
            zIndexOffset={selected ? 6000 : 0}
            eventHandlers={{ click: select, keypress: onActivateKey(select) }}
          />
        )
      })}
    </>
  )
}
