// What the user clicked on the map: a record of a layer, by id (the side panel fetches it in full),
// with the name the tile gave it to show while the details load.
import type { LayerName } from './api.ts'

export interface Selection {
  layer: LayerName
  id: string
  title: string
}

/** `at`: where on the map it was clicked (a marker's point, or the spot inside a shape). */
export type SelectHandler = (selection: Selection, at: { lat: number; lng: number }) => void

export const isSelected = (selection: Selection | null, layer: Selection['layer'], id: string) =>
  selection !== null && selection.layer === layer && selection.id === id

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
