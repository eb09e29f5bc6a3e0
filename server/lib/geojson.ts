// Lists of rows with geometry also answer as a GeoJSON FeatureCollection.
import type { FastifyRequest } from 'fastify'

export const GEOJSON_TYPE = 'application/geo+json'

/** `?format=geojson`, or an Accept header that prefers GeoJSON. */
export function wantsGeoJson(request: FastifyRequest & { query: { format?: string | undefined } }): boolean {
  if (request.query.format) return request.query.format === 'geojson'
  const accept = request.headers.accept ?? ''
  return accept.includes(GEOJSON_TYPE) && !accept.startsWith('application/json')
}

export function toFeatureCollection<Row extends { id: string }, K extends keyof Row>(
  page: { items: Row[]; nextCursor: string | null },
  geometryKey: K,
) {
  return {
    type: 'FeatureCollection' as const,
    features: page.items.map((row) => {
      const { [geometryKey]: geometry, ...properties } = row
      return { type: 'Feature' as const, id: row.id, geometry: geometry ?? null, properties }
    }),
    nextCursor: page.nextCursor,
  }
}
