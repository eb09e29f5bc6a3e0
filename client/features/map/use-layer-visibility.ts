// Which layers the user has switched on, remembered on this device (localStorage).
import { useCallback, useState } from 'react'
import { LAYERS, type LayerName } from './api.ts'

export type LayerVisibility = Record<LayerName, boolean>

const STORAGE_KEY = 'dey.map.layers'

export const DEFAULT_VISIBILITY: LayerVisibility = { incidents: true, communities: true, parcels: true, concessions: true, evidence: true }

/** The stored choice, each layer falling back to its default (a new layer, or a damaged value). */
export function readVisibility(storage: Pick<Storage, 'getItem'> | undefined): LayerVisibility {
  let stored: unknown
  try {
    stored = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null')
  } catch {
    stored = null
  }
  const record = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {}
  return Object.fromEntries(
    LAYERS.map((layer) => [layer, typeof record[layer] === 'boolean' ? record[layer] : DEFAULT_VISIBILITY[layer]]),
  ) as LayerVisibility
}

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage
  } catch {
    return undefined
  }
}

export function useLayerVisibility(): [LayerVisibility, (layer: LayerName, isVisible: boolean) => void] {
  const [visibility, setVisibility] = useState(() => readVisibility(storage()))
  const setLayer = useCallback((layer: LayerName, isVisible: boolean) => {
    setVisibility((current) => {
      const next = { ...current, [layer]: isVisible }
      try {
        storage()?.setItem(STORAGE_KEY, JSON.stringify(next))
      } catch {
        // Private mode or a full disk: the choice holds until the page is closed.
      }
      return next
    })
  }, [])
  return [visibility, setLayer]
}
