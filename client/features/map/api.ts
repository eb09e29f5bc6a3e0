// The home map's data: one GeoJSON query per layer, for the area in view (bbox) and the filters
// in the URL. Each answer is parsed with the shared schema. Keys start with 'map'.
import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import type { z } from 'zod'
import { AdminArea } from '../../../shared/admin-areas.ts'
import { CommunityFeatures } from '../../../shared/communities.ts'
import { ConcessionFeatures } from '../../../shared/concessions.ts'
import { EvidenceFeatures } from '../../../shared/evidence.ts'
import { IncidentFeatures } from '../../../shared/incidents.ts'
import { ParcelFeatures } from '../../../shared/parcels.ts'
import { INCIDENT_KINDS, INCIDENT_STATUSES } from '../../../shared/vocabularies.ts'
import { api, type QueryValue } from '../../lib/api-client.ts'

export const mapKey = ['map'] as const

// ---- Layers -------------------------------------------------------------------------------------

export const LAYERS = ['incidents', 'communities', 'parcels', 'concessions', 'evidence'] as const
export type LayerName = (typeof LAYERS)[number]

/**
 * From which zoom a layer is fetched at all. Incidents and communities are points, light at any
 * scale; concessions are few and large; parcels are small (a few hectares) and many; photo
 * thumbnails cost bandwidth on a village phone. Territories (drawn with the communities) from 9.
 */
export const LAYER_MIN_ZOOM: Record<LayerName, number> = { incidents: 0, communities: 0, concessions: 6, parcels: 13, evidence: 9 }
export const TERRITORY_MIN_ZOOM = 9

/** At most this many features per layer and request (the API's largest page is 500). */
export const LAYER_LIMITS: Record<LayerName, number> = { incidents: 500, communities: 500, parcels: 500, concessions: 200, evidence: 150 }

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

/**
 * Which filters each layer's API takes (see /api/openapi.json). Kind, status and dates describe
 * incidents; communities, parcels and concessions take the place and the text; photos none.
 */
export const LAYER_FILTERS: Record<LayerName, readonly FilterName[]> = {
  incidents: ['province', 'community', 'kind', 'status', 'from', 'to', 'q'],
  communities: ['province', 'community', 'q'],
  parcels: ['province', 'community', 'q'],
  concessions: ['province', 'q'],
  evidence: [],
}

/** The query string of one layer's request. */
export function layerQuery(layer: LayerName, bbox: string, filters: MapFilters): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = { format: 'geojson', bbox, limit: LAYER_LIMITS[layer] }
  for (const name of LAYER_FILTERS[layer]) if (filters[name]) query[name] = filters[name]
  if (layer === 'incidents') query.sort = '-occurredAt'
  return query
}

/**
 * The area to fetch for a view: the view padded by half its size on each side and snapped to a
 * grid, so a small pan stays inside what is already loaded (same query key, nothing to fetch)
 * and the next screen over is already there. `bbox` is `minLon,minLat,maxLon,maxLat`.
 */
export function fetchBbox(bbox: string): string {
  const [west, south, east, north] = bbox.split(',').map(Number) as [number, number, number, number]
  const span = Math.max(east - west, north - south, 1e-4)
  // A power-of-two fraction of a degree, about half the view: few distinct boxes per zoom level.
  const step = 2 ** Math.floor(Math.log2(span / 2))
  const pad = span / 2
  const down = (value: number) => Math.floor(value / step) * step
  const up = (value: number) => Math.ceil(value / step) * step
  const clamp = (value: number, limit: number) => Math.max(-limit, Math.min(limit, value))
  const round = (value: number) => Number(value.toFixed(6))
  return [
    round(clamp(down(west - pad), 180)),
    round(clamp(down(south - pad), 90)),
    round(clamp(up(east + pad), 180)),
    round(clamp(up(north + pad), 90)),
  ].join(',')
}

// ---- Queries ------------------------------------------------------------------------------------

const layerSchemas = {
  incidents: { path: '/api/incidents', schema: IncidentFeatures },
  communities: { path: '/api/communities', schema: CommunityFeatures },
  parcels: { path: '/api/parcels', schema: ParcelFeatures },
  concessions: { path: '/api/concessions', schema: ConcessionFeatures },
  evidence: { path: '/api/evidence', schema: EvidenceFeatures },
} as const

export type LayerData = { [L in LayerName]: z.output<(typeof layerSchemas)[L]['schema']> }

export type IncidentFeature = LayerData['incidents']['features'][number]
export type CommunityFeature = LayerData['communities']['features'][number]
export type ParcelFeature = LayerData['parcels']['features'][number]
export type ConcessionFeature = LayerData['concessions']['features'][number]
export type EvidenceFeature = LayerData['evidence']['features'][number]

export function layerFeaturesQuery<L extends LayerName>(layer: L, bbox: string, filters: MapFilters) {
  const query = layerQuery(layer, bbox, filters)
  const { path, schema } = layerSchemas[layer]
  return queryOptions({
    queryKey: [...mapKey, layer, query] as const,
    queryFn: async ({ signal }) => (await api(path, schema, { query, signal })) as LayerData[L],
    // Panning shows the last answer until the new one arrives: no flicker, no empty map.
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    // Back on the map after reporting or editing: fetch again, the cached answer shows meanwhile.
    refetchOnMount: 'always',
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

export const thumbnailUrl = (evidenceId: string) => `/api/evidence/${evidenceId}/thumbnail`
