// What the user clicked on the map: the feature as it was loaded, shown in the side panel.
import type { CommunityFeature, ConcessionFeature, EvidenceFeature, IncidentFeature, ParcelFeature } from './api.ts'

export type Selection =
  | { layer: 'incidents'; feature: IncidentFeature }
  | { layer: 'communities'; feature: CommunityFeature }
  | { layer: 'parcels'; feature: ParcelFeature }
  | { layer: 'concessions'; feature: ConcessionFeature }
  | { layer: 'evidence'; feature: EvidenceFeature }

/** `at`: where on the map it was clicked (a marker's point, or the spot inside a shape). */
export type SelectHandler = (selection: Selection, at: { lat: number; lng: number }) => void

export const isSelected = (selection: Selection | null, layer: Selection['layer'], id: string) =>
  selection !== null && selection.layer === layer && selection.feature.id === id

/**
 * Leaflet makes markers focusable buttons but only activates them with a pointer: Enter or
 * Space on a focused marker does what a click does.
 */
export function onActivateKey(activate: () => void) {
  return (event: { originalEvent: KeyboardEvent }) => {
    if (event.originalEvent.key === 'Enter' || event.originalEvent.key === ' ') {
      event.originalEvent.preventDefault()
      activate()
    }
  }
}
