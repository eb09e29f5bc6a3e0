// The tiles in view, two requests per tile: one for the point layers and one for the shape layers
// (not one per tile and layer: three times fewer requests, for a phone's slow link and for the
// main thread, which pays for every request started and every answer handled while the map pans).
// Points come apart from shapes so that they are drawn first: they are quick to make and to draw,
// while a tile of territories and concessions takes longer on both ends. Each query is cached by
// its URL, so a tile seen before draws at once; each layer's features are merged across the tiles.
import { useQueries, type UseQueryResult } from '@tanstack/react-query'
import { useMemo, useRef } from 'react'
import type { TileLayer } from '../../../shared/tiles.ts'
import { tileSetQuery, type MapFilters } from './api.ts'
import type { DecodedTile, TileCoord } from './decode-tile.ts'
import { mergeTiles, type LayerFeatures } from './tiles.ts'

export interface TileLayerState<L extends TileLayer> {
  data: LayerFeatures<L> | undefined
  isFetching: boolean
  error: Error | null
  refetch: () => void
}

type TileSet = Partial<Record<TileLayer, DecodedTile<TileLayer>>>

interface Combined {
  tiles: (TileSet | undefined)[]
  isPending: boolean
  isFetching: boolean
  error: Error | null
  refetch: () => void
}

// Module level: a stable function lets React Query keep the combined answer between renders.
function combine(results: UseQueryResult<TileSet>[]): Combined {
  return {
    tiles: results.map((result) => result.data),
    isPending: results.some((result) => result.isPending && result.fetchStatus !== 'idle'),
    isFetching: results.some((result) => result.isFetching),
    error: results.find((result) => result.error)?.error ?? null,
    refetch: () => {
      for (const result of results) if (result.isError) void result.refetch()
    },
  }
}

/** Layers drawn as markers: requested together, ahead of the shapes. */
const POINT_LAYERS: ReadonlySet<TileLayer> = new Set(['incidents', 'communities', 'evidence'])

type LayerStates = Partial<{ [L in TileLayer]: TileLayerState<L> }>

/**
 * Each layer's features in the tiles in view (undefined for a layer not in `layers`). While the
 * tiles of a new view load, the last complete view stays drawn: no flicker, no empty map.
 */
export function useMapTiles(layers: readonly TileLayer[], tiles: readonly TileCoord[], filters: MapFilters): LayerStates {
  const points = useTileGroup(
    layers.filter((layer) => POINT_LAYERS.has(layer)),
    tiles,
    filters,
  )
  const shapes = useTileGroup(
    layers.filter((layer) => !POINT_LAYERS.has(layer)),
    tiles,
    filters,
  )
  return { ...points, ...shapes }
}

/** Layers fetched together: one request per tile for all of them. */
function useTileGroup(layers: readonly TileLayer[], tiles: readonly TileCoord[], filters: MapFilters): LayerStates {
  const combined = useQueries({
    queries: layers.length > 0 ? tiles.map((tile) => tileSetQuery(layers, tile, filters)) : [],
    combine,
  })
  const layerKey = layers.join()
  const merged = useMemo(() => {
    if (combined.isPending) return undefined
    const complete = combined.tiles.filter((tile): tile is TileSet => tile !== undefined)
    const byLayer: Partial<Record<TileLayer, LayerFeatures<TileLayer>>> = {}
    for (const layer of layers) byLayer[layer] = mergeTiles(complete.map((tile) => tile[layer]!).filter(Boolean))
    return byLayer
    // eslint-disable-next-line react-hooks/exhaustive-deps -- layers compared by their names
  }, [combined.isPending, combined.tiles, layerKey])
  // The last complete answer per layer, kept in a ref: the layers' data keep their identity (and
  // the layers skip rendering) until a new view has fully arrived.
  const lastComplete = useRef<Partial<Record<TileLayer, LayerFeatures<TileLayer>>>>({})
  if (merged) lastComplete.current = merged
  // A layer switched off forgets its features: switched on again, it shows nothing stale.
  for (const layer of Object.keys(lastComplete.current) as TileLayer[]) if (!layers.includes(layer)) delete lastComplete.current[layer]
  const states: Partial<Record<TileLayer, TileLayerState<TileLayer>>> = {}
  for (const layer of layers) {
    states[layer] = {
      data: merged?.[layer] ?? lastComplete.current[layer],
      isFetching: combined.isFetching,
      error: combined.error,
      refetch: combined.refetch,
    }
  }
  return states as LayerStates
}
