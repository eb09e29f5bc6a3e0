// The home map's data: vector tiles per layer for the tiles in view and the filters in the URL,
// the exact count in view per layer, and a clicked record in full. Keys start with 'map'.
import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import type { z } from 'zod'
import { AdminArea, AdminAreaPage } from '../../../shared/admin-areas.ts'
import { Community } from '../../../shared/communities.ts'
import { Concession } from '../../../shared/concessions.ts'
import { Evidence } from '../../../shared/evidence.ts'
import { Incident } from '../../../shared/incidents.ts'
import { Parcel } from '../../../shared/parcels.ts'
import { LAYER_MIN_ZOOM as TILE_LAYER_MIN_ZOOM, TileCount, tileCountPath, type TileLayer } from '../../../shared/tiles.ts'
import { INCIDENT_KINDS, INCIDENT_STATUSES } from '../../../shared/vocabularies.ts'
import { api, apiBytes } from '../../lib/api-client.ts'
import { decodeTileSet, type TileCoord } from './decode-tile.ts'
import { tileFilterQuery, tileSetUrl } from './tiles.ts'

export const mapKey = ['map'] as const

// ---- Layers -------------------------------------------------------------------------------------

export const LAYERS = ['incidents', 'communities', 'parcels', 'concessions', 'evidence'] as const
export type LayerName = (typeof LAYERS)[number]

/** The tile layers each switch draws: a community comes with its territory. */
export const TILE_LAYERS_OF: Record<LayerName, readonly TileLayer[]> = {
  incidents: ['incidents'],
  communities: ['communities', 'territories'],
  parcels: ['parcels'],
  concessions: ['concessions'],
  evidence: ['evidence'],
}

/** From which zoom a layer has anything to show (the server sends empty tiles below it). */
export const LAYER_MIN_ZOOM: Record<LayerName, number> = {
  incidents: TILE_LAYER_MIN_ZOOM.incidents,
  communities: TILE_LAYER_MIN_ZOOM.communities,
  parcels: TILE_LAYER_MIN_ZOOM.parcels,
  concessions: TILE_LAYER_MIN_ZOOM.concessions,
  evidence: TILE_LAYER_MIN_ZOOM.evidence,
}

// ---- Filters ------------------------------------------------------------------------------------

export const FILTER_NAMES = ['province', 'community', 'kind', 'status', 'from', 'to', 'q'] as const
export type FilterName = (typeof FILTER_NAMES)[number]
export type MapFilters = Partial<Record<FilterName, string>>

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The filters in the URL, with values the API would refuse left out (an old or hand-edited link). */
export function filtersFromSearch(search: URLSearchParams): MapFilters {
  const filters: MapFilters = {}
  const text = (name: FilterName) => search.get(name)?.trim() || undefined
  const province = text('province')
  if (province && province.length <= 100) filters.province = province
  const community = text('community')
  if (community && UUID.test(community)) filters.community = community
  const kind = text('kind')
  if (kind && (INCIDENT_KINDS as readonly string[]).includes(kind)) filters.kind = kind
  const status = text('status')
  if (status && (INCIDENT_STATUSES as readonly string[]).includes(status)) filters.status = status
  for (const name of ['from', 'to'] as const) {
    const day = text(name)
    if (day && ISO_DAY.test(day) && !Number.isNaN(Date.parse(day))) filters[name] = day
  }
  const q = text('q')
  if (q) filters.q = q.slice(0, 200)
  return filters
}

export const activeFilterCount = (filters: MapFilters) => Object.values(filters).filter(Boolean).length

// ---- Queries ------------------------------------------------------------------------------------

/** One tile of the layers in view, each layer decoded (cached by the URL: layers, tile and filters). */
export function tileSetQuery(layers: readonly TileLayer[], tile: TileCoord, filters: MapFilters) {
  const url = tileSetUrl(layers, tile, filters)
  return queryOptions({
    queryKey: [...mapKey, 'tile', url] as const,
    queryFn: async ({ signal }) => decodeTileSet(await apiBytes(url, { signal }), layers, tile),
    // Decoded features are large and never partly equal: comparing them on a refetch is wasted work.
    structuralSharing: false,
    staleTime: 30_000,
    // Back on the map after reporting or editing: fetch again (the server answers 304 when nothing changed).
    refetchOnMount: 'always',
  })
}

/** How many of a layer's records (those the filters keep and the user may see) lie in the view: exact, from the server. */
export function countQuery(layer: TileLayer, bbox: string, filters: MapFilters) {
  const query = { bbox, ...tileFilterQuery(layer, filters) }
  return queryOptions({
    queryKey: [...mapKey, 'count', layer, query] as const,
    queryFn: async ({ signal }) => (await api(tileCountPath(layer), TileCount, { query, signal })).count,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    refetchOnMount: 'always',
  })
}

const recordSchemas = {
  incidents: { path: '/api/incidents', schema: Incident },
  communities: { path: '/api/communities', schema: Community },
  parcels: { path: '/api/parcels', schema: Parcel },
  concessions: { path: '/api/concessions', schema: Concession },
  evidence: { path: '/api/evidence', schema: Evidence },
} as const

export type MapRecord = { [L in LayerName]: z.output<(typeof recordSchemas)[L]['schema']> }

/** A clicked record in full (a tile carries only what draws it). */
export function recordQuery<L extends LayerName>(layer: L, id: string) {
  const { path, schema } = recordSchemas[layer]
  return queryOptions({
    queryKey: [...mapKey, 'record', layer, id] as const,
    queryFn: async ({ signal }) => (await api(`${path}/${id}`, schema, { signal })) as MapRecord[L],
    staleTime: 30_000,
  })
}

/** The province's outline, to move the map there when it is picked. */
export const provinceBoundsQuery = (id: string | undefined) =>
  queryOptions({
    queryKey: [...mapKey, 'province', id],
    queryFn: ({ signal }) => api(`/api/admin-areas/${id}`, AdminArea, { query: { include: 'boundary', toleranceDeg: 0.02 }, signal }),
    enabled: Boolean(id),
    staleTime: Infinity,
  })

/**
 * The province, district and commune containing a point ([lng, lat]), with their Khmer names: a
 * record stores its place in English, and a Khmer panel names what has a Khmer name in Khmer.
 */
export const placeAtQuery = (position: readonly number[] | undefined) =>
  queryOptions({
    queryKey: [...mapKey, 'place-at', position?.join(',')],
    queryFn: async ({ signal }) => (await api('/api/admin-areas', AdminAreaPage, { query: { point: position!.join(',') }, signal })).items,
    enabled: Boolean(position),
    staleTime: Infinity,
  })

export const thumbnailUrl = (evidenceId: string) => `/api/evidence/${evidenceId}/thumbnail`
