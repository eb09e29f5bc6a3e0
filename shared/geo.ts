// GeoJSON (RFC 7946) schemas: WGS 84, positions are [longitude, latitude].
import { z } from 'zod'

/** A stored position as the API returns it: [lng, lat]. */
export const Position = z.tuple([z.number(), z.number()])

/** [lng, lat] in WGS 84 bounds; an altitude, if sent, is dropped (the database stores 2-D). */
export const PositionInput = z
  .array(z.number().refine(Number.isFinite, 'must be a finite number'))
  .min(2, 'a position needs longitude and latitude')
  .max(3, 'a position has at most longitude, latitude and altitude')
  .superRefine(([lng, lat], ctx) => {
    if (lng! < -180 || lng! > 180) ctx.addIssue({ code: 'custom', message: `longitude ${lng} is outside -180…180`, path: [0] })
    if (lat! < -90 || lat! > 90) ctx.addIssue({ code: 'custom', message: `latitude ${lat} is outside -90…90`, path: [1] })
  })
  .transform(([lng, lat]) => [lng!, lat!] as [number, number])

const LinearRingInput = z
  .array(PositionInput)
  .min(4, 'a ring needs at least 4 positions (the first repeated at the end)')
  .refine((ring) => {
    // Refinements run even when `min` failed: a too-short ring is reported once, by `min`.
    const [first, last] = [ring[0], ring[ring.length - 1]]
    return ring.length < 4 || (first?.[0] === last?.[0] && first?.[1] === last?.[1])
  }, 'the ring is not closed: its last position must equal its first')

// Output schemas (what the API returns) are plain; input schemas validate and normalise.
export const PointGeometry = z.object({ type: z.literal('Point'), coordinates: Position })
export type PointGeometry = z.infer<typeof PointGeometry>

export const MultiPolygonGeometry = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(z.array(Position))),
})
export type MultiPolygonGeometry = z.infer<typeof MultiPolygonGeometry>

/** What the API returns for stored polygons: always MultiPolygon. */
export const StoredArea = MultiPolygonGeometry

export const PointInput = z.object({ type: z.literal('Point'), coordinates: PositionInput })

const PolygonRingsInput = z.array(LinearRingInput).min(1, 'a polygon needs an outer ring')

export const PolygonInput = z.object({ type: z.literal('Polygon'), coordinates: PolygonRingsInput })
export type PolygonGeometry = z.output<typeof PolygonInput>

export const MultiPolygonInput = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(PolygonRingsInput).min(1, 'a multipolygon needs at least one polygon'),
})

/** Input where a MultiPolygon is stored: a Polygon is accepted and stored as a one-part MultiPolygon. */
export const AreaGeometry = z.discriminatedUnion('type', [PolygonInput, MultiPolygonInput], {
  error: 'must be a GeoJSON Polygon or MultiPolygon',
})
export type AreaGeometry = z.output<typeof AreaGeometry>

/** A note that a geometry was repaired with ST_MakeValid because the client asked (?repair=true). */
export const GeometryRepair = z.object({ field: z.string(), reason: z.string() })
export type GeometryRepair = z.infer<typeof GeometryRepair>

/** `minLon,minLat,maxLon,maxLat` as in RFC 7946 §5. */
export const BboxParam = z.string().transform((text, ctx) => {
  const parts = text.split(',').map((part) => Number(part.trim()))
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n)) || text.trim() === '') {
    ctx.addIssue({ code: 'custom', message: 'must be four numbers: minLon,minLat,maxLon,maxLat' })
    return z.NEVER
  }
  const [west, south, east, north] = parts as [number, number, number, number]
  if ([west, east].some((lng) => lng < -180 || lng > 180) || [south, north].some((lat) => lat < -90 || lat > 90)) {
    ctx.addIssue({ code: 'custom', message: 'is outside WGS 84 bounds (longitude -180…180, latitude -90…90)' })
    return z.NEVER
  }
  if (west > east || south > north) {
    ctx.addIssue({ code: 'custom', message: 'min must not exceed max (minLon,minLat,maxLon,maxLat)' })
    return z.NEVER
  }
  return [west, south, east, north] as const
})
export type Bbox = readonly [west: number, south: number, east: number, north: number]

/** Whether a [lng, lat] lies in a box (its edges included). */
export const isInBbox = ([lng, lat]: readonly number[], [west, south, east, north]: Bbox) =>
  lng! >= west && lng! <= east && lat! >= south && lat! <= north

/** `lon,lat` */
export const LonLatParam = z.string().transform((text, ctx) => {
  const parts = text.split(',').map((part) => Number(part.trim()))
  const [lng, lat] = parts as [number, number]
  if (parts.length !== 2 || !parts.every(Number.isFinite) || lng < -180 || lng > 180 || lat < -90 || lat > 90) {
    ctx.addIssue({ code: 'custom', message: 'must be lon,lat in WGS 84 (longitude -180…180, latitude -90…90)' })
    return z.NEVER
  }
  return [lng, lat] as [number, number]
})

/** A FeatureCollection of a list: properties are the row without its geometry. */
export function FeatureCollection<P extends z.ZodType, G extends z.ZodType>(properties: P, geometry: G) {
  return z.object({
    type: z.literal('FeatureCollection'),
    features: z.array(z.object({ type: z.literal('Feature'), id: z.string(), geometry: geometry.nullable(), properties })),
    /** A foreign member (RFC 7946 §6.1): the cursor of the next page, as in JSON lists. */
    nextCursor: z.string().nullable(),
  })
}

const BooleanFlag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((value) => value === 'true')

/**
 * Writes that take shapes: `?repair=true` mends invalid shapes instead of refusing them;
 * `?allowLargeArea=true` (admins only) stores an area larger than its kind's plausible size.
 */
export const GeometryWriteQuery = z.object({ repair: BooleanFlag, allowLargeArea: BooleanFlag })

/** Plain GeoJSON types as the API uses them (2-D positions). */
export type Position2D = [lng: number, lat: number]
export type Point = PointGeometry
export type Polygon = PolygonGeometry
export type MultiPolygon = MultiPolygonGeometry
