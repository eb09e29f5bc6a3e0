// One tile layer's features for the tiles in view: a query per tile (cached by its URL, so a tile
// seen before draws at once), merged into one set of points, shapes and clusters.
import { useQueries, type UseQueryResult } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import type { TileLayer } from '../../../shared/tiles.ts'
import { tileQuery, type MapFilters } from './api.ts'
import { mergeTiles, type DecodedTile, type LayerFeatures, type TileCoord } from './tiles.ts'

export interface TileLayerState<L extends TileLayer> {
  data: LayerFeatures<L> | undefined
  isFetching: boolean
  error: Error | null
  refetch: () => void
}

interface Combined<L extends TileLayer> {
  tiles: (DecodedTile<L> | undefined)[]
  isPending: boolean
  isFetching: boolean
  error: Error | null
  refetch: () => void
}

// Module level: a stable function lets React Query keep the combined answer between renders.
function combine<L extends TileLayer>(results: UseQueryResult<DecodedTile<L>>[]): Combined<L> {
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

export function useTileLayer<L extends TileLayer>(
  layer: L,
  tiles: readonly TileCoord[],
  filters: MapFilters,
  isActive: boolean,
): TileLayerState<L> {
  const combined = useQueries({
    queries: isActive ? tiles.map((tile) => tileQuery(layer, tile, filters)) : [],
    combine: combine<L>,
  })
  const merged = useMemo(
    () => (combined.isPending ? undefined : mergeTiles(combined.tiles.filter((tile): tile is DecodedTile<L> => tile !== undefined))),
    [combined.isPending, combined.tiles],
  )
  // While the tiles of a new view load, the last complete view stays drawn: no flicker, no empty map.
  // (React's "state from the previous render" pattern: set while rendering, guarded.)
  const [lastComplete, setLastComplete] = useState<LayerFeatures<L> | undefined>(undefined)
  const latest = isActive ? merged : undefined
  if (latest !== undefined && latest !== lastComplete) setLastComplete(latest)
  if (!isActive && lastComplete !== undefined) setLastComplete(undefined)
  return {
    data: isActive ? (merged ?? lastComplete) : undefined,
    isFetching: combined.isFetching,
    error: combined.error,
    refetch: combined.refetch,
  }
}
