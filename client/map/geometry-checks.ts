// Pure helpers of the geometry editor: area, shape checks and the server's 422 read back.
// Positions are GeoJSON's [lng, lat]; nothing here knows about Leaflet.
import turfArea from '@turf/area'
import { kinks } from '@turf/kinks'
import type { MultiPolygon, Position2D } from '../../shared/geo.ts'
import { ApiError } from '../lib/api-client.ts'

export type Ring = Position2D[]
export type PolygonRings = Ring[]

/** What the editor takes and gives: a Polygon or a MultiPolygon (as the API's AreaGeometry). */
export type EditableGeometry = { type: 'Polygon'; coordinates: PolygonRings } | { type: 'MultiPolygon'; coordinates: PolygonRings[] }

/** Any GeoJSON area as loosely typed data from a response (positions may carry altitude). */
type LooseArea = { type: string; coordinates: unknown } | null | undefined

/** The polygons of a Polygon or MultiPolygon, as lists of rings; [] for null or other types. */
export function polygonsOf(geometry: LooseArea): PolygonRings[] {
  if (!geometry) return []
  if (geometry.type === 'Polygon') return [geometry.coordinates as PolygonRings]
  if (geometry.type === 'MultiPolygon') return geometry.coordinates as PolygonRings[]
  return []
}

/** Polygon → one-part MultiPolygon; MultiPolygon kept; null (or no parts) → null. */
export function toMultiPolygon(geometry: LooseArea): MultiPolygon | null {
  const polygons = polygonsOf(geometry).filter((rings) => rings.length > 0 && rings[0]!.length > 0)
  return polygons.length === 0 ? null : { type: 'MultiPolygon', coordinates: polygons }
}

/** Geometry from polygons: null when empty, else a MultiPolygon (what the API stores). */
export function fromPolygons(polygons: PolygonRings[]): MultiPolygon | null {
  return toMultiPolygon({ type: 'MultiPolygon', coordinates: polygons })
}

const samePosition = (a: readonly number[] | undefined, b: readonly number[] | undefined) =>
  a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1]

/** A ring with its first position repeated at the end (GeoJSON's closed ring). */
export function closeRing(positions: readonly Position2D[]): Ring {
  const ring = positions.map((position) => [position[0], position[1]] as Position2D)
  if (ring.length > 0 && !samePosition(ring[0], ring[ring.length - 1])) ring.push([ring[0]![0], ring[0]![1]])
  return ring
}

/** A ring without its closing position (what Leaflet draws). */
export function openRing(ring: readonly Position2D[]): Ring {
  const positions = ring.map((position) => [position[0], position[1]] as Position2D)
  if (positions.length > 1 && samePosition(positions[0], positions[positions.length - 1])) positions.pop()
  return positions
}

/** Distinct positions of a ring, in order (the closing one and repeated clicks not counted). */
export function distinctPositions(ring: readonly Position2D[]): Ring {
  const result: Ring = []
  for (const position of openRing(ring)) if (!samePosition(result[result.length - 1], position)) result.push(position)
  if (result.length > 1 && samePosition(result[0], result[result.length - 1])) result.pop()
  return result
}

const SQUARE_METRES_PER_HECTARE = 10_000

/** Area in hectares on the WGS 84 ellipsoid (@turf/area, geodesic); 0 for null. */
export function areaHa(geometry: LooseArea): number {
  let total = 0
  for (const rings of polygonsOf(geometry)) {
    const usable = rings.map(closeRing).filter((ring) => ring.length >= 4)
    if (usable.length === 0) continue
    total += turfArea({ type: 'Polygon', coordinates: usable })
  }
  return total / SQUARE_METRES_PER_HECTARE
}

/** Points where a polygon's edges cross each other, per part (rounded and de-duplicated). */
export function findSelfIntersections(geometry: LooseArea): { part: number; point: Position2D }[] {
  const found: { part: number; point: Position2D }[] = []
  polygonsOf(geometry).forEach((rings, part) => {
    const closed = rings.map((ring) => closeRing(distinctPositions(ring))).filter((ring) => ring.length >= 4)
    if (closed.length === 0) return
    const seen = new Set<string>()
    for (const feature of kinks({ type: 'Polygon', coordinates: closed }).features) {
      const [lng, lat] = feature.geometry.coordinates as [number, number]
      const key = `${lng.toFixed(9)},${lat.toFixed(9)}`
      if (seen.has(key)) continue
      seen.add(key)
      found.push({ part, point: [lng, lat] })
    }
  })
  return found
}

/** Where two segments cross (touching at an end counts), else undefined. */
function segmentCrossing(a: Position2D, b: Position2D, c: Position2D, d: Position2D): Position2D | undefined {
  const denominator = (d[1] - c[1]) * (b[0] - a[0]) - (d[0] - c[0]) * (b[1] - a[1])
  if (denominator === 0) return undefined
  const ua = ((d[0] - c[0]) * (a[1] - c[1]) - (d[1] - c[1]) * (a[0] - c[0])) / denominator
  const ub = ((b[0] - a[0]) * (a[1] - c[1]) - (b[1] - a[1]) * (a[0] - c[0])) / denominator
  if (ua < 0 || ua > 1 || ub < 0 || ub > 1) return undefined
  return [a[0] + ua * (b[0] - a[0]), a[1] + ua * (b[1] - a[1])]
}

/** Whether a position is inside a ring (ray casting; on the edge is undefined behaviour). */
export function isInsideRing(position: Position2D, ring: readonly Position2D[]): boolean {
  const positions = openRing(ring)
  let inside = false
  for (let i = 0, j = positions.length - 1; i < positions.length; j = i++) {
    const [xi, yi] = positions[i]!
    const [xj, yj] = positions[j]!
    if (yi > position[1] !== yj > position[1] && position[0] < ((xj - xi) * (position[1] - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/**
 * Parts of a MultiPolygon that overlap (their outlines cross, or one lies inside another): the
 * database refuses such a shape. Each pair once, with a point where they meet.
 */
export function findOverlappingParts(geometry: LooseArea): { parts: [number, number]; point: Position2D }[] {
  const outers = polygonsOf(geometry).map((rings) => distinctPositions(rings[0] ?? []))
  const found: { parts: [number, number]; point: Position2D }[] = []
  for (let a = 0; a < outers.length; a++) {
    for (let b = a + 1; b < outers.length; b++) {
      const ringA = outers[a]!
      const ringB = outers[b]!
      if (ringA.length < 3 || ringB.length < 3) continue
      const point = firstCrossing(ringA, ringB) ?? ringB.find((p) => isInsideRing(p, ringA)) ?? ringA.find((p) => isInsideRing(p, ringB))
      if (point) found.push({ parts: [a, b], point })
    }
  }
  return found
}

function firstCrossing(ringA: Ring, ringB: Ring): Position2D | undefined {
  for (let i = 0; i < ringA.length; i++) {
    for (let k = 0; k < ringB.length; k++) {
      const crossing = segmentCrossing(ringA[i]!, ringA[(i + 1) % ringA.length]!, ringB[k]!, ringB[(k + 1) % ringB.length]!)
      if (crossing) return crossing
    }
  }
  return undefined
}

/** A shape problem found in the browser, before anything is sent. */
export type GeometryIssue =
  | { code: 'tooFewPoints'; part: number; count: number }
  | { code: 'zeroArea'; part: number }
  | { code: 'selfIntersection'; part: number; points: Position2D[] }
  | { code: 'partsOverlap'; parts: [number, number]; points: Position2D[] }

/** Below this a part has no real area (points on a line, or all in one place): 1 m². */
const MIN_PART_AREA_HA = 0.0001

/** Every problem the database would refuse, as far as the browser can tell; [] when fine. */
export function checkGeometry(geometry: LooseArea): GeometryIssue[] {
  const issues: GeometryIssue[] = []
  const crossings = findSelfIntersections(geometry)
  polygonsOf(geometry).forEach((rings, part) => {
    const count = distinctPositions(rings[0] ?? []).length
    const points = crossings.filter((crossing) => crossing.part === part).map((crossing) => crossing.point)
    if (count < 3) issues.push({ code: 'tooFewPoints', part, count })
    // A figure-eight's two loops can cancel out to no area: the crossing is the real problem.
    else if (points.length > 0) issues.push({ code: 'selfIntersection', part, points })
    else if (areaHa({ type: 'Polygon', coordinates: [rings[0]!] }) < MIN_PART_AREA_HA) issues.push({ code: 'zeroArea', part })
  })
  for (const overlap of findOverlappingParts(geometry)) {
    issues.push({ code: 'partsOverlap', parts: overlap.parts, points: [overlap.point] })
  }
  return issues
}

/** Every point an issue marks on the map. */
export const issuePoints = (issues: GeometryIssue[]): Position2D[] => issues.flatMap((issue) => ('points' in issue ? issue.points : []))

/** PostGIS's ST_IsValidReason, sorted into the cases a user can understand. */
export type ServerReason =
  | 'selfIntersection'
  | 'ringSelfIntersection'
  | 'tooFewPoints'
  | 'holeOutside'
  | 'nestedHoles'
  | 'nestedShells'
  | 'disconnectedInterior'
  | 'invalidCoordinate'
  | 'ringNotClosed'
  | 'outsideRegion'
  | 'crossesAntimeridian'
  | 'tooLarge'
  | 'other'

export interface ServerGeometryProblem {
  /** The body field ("boundary"); `part` is set when PostGIS pointed at one part of a MultiPolygon. */
  field: string
  part: number | undefined
  reason: ServerReason
  /** Where PostGIS found it, [lng, lat], when it said. */
  point: Position2D | undefined
  /** PostGIS's own words, kept for support. */
  detail: string
  /** The server offered to mend it (?repair=true). */
  canRepair: boolean
}

const REASONS: [RegExp, ServerReason][] = [
  [/^ring self-intersection/i, 'ringSelfIntersection'],
  [/^self-intersection/i, 'selfIntersection'],
  [/too few points|at least 4 positions/i, 'tooFewPoints'],
  [/hole lies outside shell/i, 'holeOutside'],
  [/holes are nested/i, 'nestedHoles'],
  [/nested shells/i, 'nestedShells'],
  [/interior is disconnected/i, 'disconnectedInterior'],
  [/invalid coordinate/i, 'invalidCoordinate'],
  [/not closed/i, 'ringNotClosed'],
  [/outside the region/i, 'outsideRegion'],
  [/antimeridian/i, 'crossesAntimeridian'],
  [/can plausibly be/i, 'tooLarge'],
]

/** Reads `Self-intersection[104.9 11.5]` into a reason and a point. */
export function parseValidReason(text: string): { reason: ServerReason; point: Position2D | undefined } {
  const reason = REASONS.find(([pattern]) => pattern.test(text.trim()))?.[1] ?? 'other'
  const match = /\[\s*(-?[\d.]+(?:e-?\d+)?)\s+(-?[\d.]+(?:e-?\d+)?)\s*\]/i.exec(text)
  const point: Position2D | undefined = match ? [Number(match[1]), Number(match[2])] : undefined
  return { reason, point: point && point.every(Number.isFinite) ? point : undefined }
}

/**
 * The server's 422 `geometry.invalid` for a field (or a 400 whose issue is inside it), read back:
 * which part, why, where. Undefined for any other error.
 */
export function serverGeometryProblem(error: unknown, field: string): ServerGeometryProblem | undefined {
  if (!(error instanceof ApiError)) return undefined
  if (error.status !== 422 && error.status !== 400) return undefined
  const issues = (error.problem.errors ?? []).map((issue) => ({ ...issue, field: issue.field.replace(/^body\./, '') }))
  const issue = issues.find(
    (candidate) => candidate.field === field || candidate.field.startsWith(`${field}.`) || candidate.field.startsWith(`${field}[`),
  )
  if (!issue) return undefined
  // The server names a MultiPolygon's part as `boundary.coordinates[1]`.
  const partMatch = /\.coordinates\[(\d+)\]/.exec(issue.field)
  const { reason, point } = parseValidReason(issue.message)
  return {
    field,
    part: partMatch ? Number(partMatch[1]) : undefined,
    reason,
    point,
    detail: issue.message,
    canRepair: error.code === 'geometry.invalid' && /repair=true/.test(error.problem.detail),
  }
}

/**
 * A shape the forms do not send: a part with fewer than 3 points or with no area, or — unless the
 * save asks the server to repair it — lines that cross. The editor already explains a crossing
 * under the map and offers the repair; sent as it is, the server's refusal came as a second box
 * with PostGIS's own words.
 */
export const isShapeRefusedHere = (geometry: LooseArea, save: { repair?: boolean } = {}): boolean =>
  checkGeometry(geometry).some(
    (issue) => issue.code === 'tooFewPoints' || issue.code === 'zeroArea' || (issue.code === 'selfIntersection' && !save.repair),
  )
