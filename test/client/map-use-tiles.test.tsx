// @vitest-environment happy-dom
// The map's tiles as the layers receive them: merged per layer, and handed over again only when a
// tile's data changes (React Query shares the combined answer structurally). A refetch in flight,
// the same data still shown, must not give the layers new features: each new set is projected and
// drawn again, hundreds of milliseconds at 200k parcels.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { renderHook, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useMapTiles } from '../../client/features/map/use-tiles.ts'
import { encodeMvt } from '../helpers/mvt.ts'

const TILE = { z: 14, x: 13_064, y: 7_565 }
const PARCEL = 'aaaaaaaa-0000-4000-8000-000000000001'

let answer: () => Promise<Response>
const parcelTile = () =>
  new Response(
    new Uint8Array(
      encodeMvt('parcels', [
        {
          properties: { id: PARCEL, label: 'P-1', tenure: 'private', titleStatus: 'none' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [100, 100],
                [900, 100],
                [900, 900],
                [100, 900],
              ],
            ],
          },
        },
      ]),
    ),
    { headers: { 'content-type': 'application/vnd.mapbox-vector-tile' } },
  )

beforeEach(() => {
  answer = async () => parcelTile()
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => answer()),
  )
})
afterEach(() => vi.unstubAllGlobals())

describe('useMapTiles', () => {
  it('keeps handing the layers the same features while a tile refetches', async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>
    const tiles = [TILE]
    const filters = {}
    const { result } = renderHook(() => useMapTiles(['parcels'], tiles, filters), { wrapper })
    await waitFor(() => expect(result.current.parcels?.data?.shapes.map((shape) => shape.id)).toEqual([PARCEL]))
    const first = result.current.parcels!.data

    // The next answer is held back: the tile is fetching, its data unchanged.
    let release!: () => void
    answer = () => new Promise<Response>((resolve) => (release = () => resolve(parcelTile())))
    void client.refetchQueries()
    await waitFor(() => expect(result.current.parcels?.isFetching).toBe(true))
    expect(result.current.parcels!.data).toBe(first)

    // A new answer is new data: the layers get it.
    release()
    await waitFor(() => expect(result.current.parcels?.isFetching).toBe(false))
    expect(result.current.parcels!.data).not.toBe(first)
    expect(result.current.parcels!.data?.shapes.map((shape) => shape.id)).toEqual([PARCEL])
  })
})
