// The geometry editor's pure helpers: geodesic area, shapes the database would refuse (found in
// the browser before saving), and the server's 422 read back into a reason, a part and a point.
import { describe, expect, it } from 'vitest'
import {
  areaHa,
  checkGeometry,
  closeRing,
  distinctPositions,
  findOverlappingParts,
  findSelfIntersections,
  fromPolygons,
  issuePoints,
  openRing,
  parseValidReason,
  polygonsOf,
  serverGeometryProblem,
  toMultiPolygon,
  type Ring,
} from '../../client/map/geometry-checks.ts'
import { ApiError } from '../../client/lib/api-client.ts'
import type { Position2D } from '../../shared/geo.ts'

/** A square `size` degrees wide with its south-west corner at [lng, lat], closed. */
const square = (lng: number, lat: number, size: number): Ring => [
  [lng, lat],
  [lng + size, lat],
  [lng + size, lat + size],
  [lng, lat + size],
  [lng, lat],
]

// A figure-eight: its edges cross at (104.5, 12.5).
const bowTie: Ring = [
  [104, 12],
  [105, 13],
  [105, 12],
  [104, 13],
  [104, 12],
]

describe('areaHa', () => {
  it('measures on the ellipsoid: 0.01° × 0.01° is about 123 ha at the equator and less further north', () => {
    const atEquator = areaHa({ type: 'Polygon', coordinates: [square(0, 0, 0.01)] })
    expect(atEquator).toBeGreaterThan(122)
    expect(atEquator).toBeLessThan(125)
    // Phnom Penh, 11.5° N: a degree of longitude is cos(11.5°) ≈ 0.98 as long.
    const inCambodia = areaHa({ type: 'Polygon', coordinates: [square(104.9, 11.5, 0.01)] })
    expect(inCambodia / atEquator).toBeCloseTo(Math.cos((11.5 * Math.PI) / 180), 2)
  })

  it('adds the parts of a MultiPolygon and subtracts holes', () => {
    const one = areaHa({ type: 'Polygon', coordinates: [square(104.9, 11.5, 0.01)] })
    const two = areaHa({ type: 'MultiPolygon', coordinates: [[square(104.9, 11.5, 0.01)], [square(105, 11.5, 0.01)]] })
    expect(two).toBeCloseTo(2 * one, 0)
    const withHole = areaHa({ type: 'Polygon', coordinates: [square(104.9, 11.5, 0.01), square(104.9025, 11.5025, 0.005)] })
    expect(withHole).toBeCloseTo(one * 0.75, 0)
  })

  it('is 0 for nothing, and accepts rings left open while drawing', () => {
    expect(areaHa(null)).toBe(0)
    expect(areaHa({ type: 'Point', coordinates: [104, 12] })).toBe(0)
    const open = square(104.9, 11.5, 0.01).slice(0, 4)
    expect(areaHa({ type: 'Polygon', coordinates: [open] })).toBeCloseTo(
      areaHa({ type: 'Polygon', coordinates: [square(104.9, 11.5, 0.01)] }),
      6,
    )
  })
})

describe('rings and parts', () => {
  it('closes and opens rings without duplicating the closing position', () => {
    const open: Position2D[] = [
      [1, 1],
      [2, 1],
      [2, 2],
    ]
    expect(closeRing(open)).toEqual([
      [1, 1],
      [2, 1],
      [2, 2],
      [1, 1],
    ])
    expect(closeRing(closeRing(open))).toEqual([
      [1, 1],
      [2, 1],
      [2, 2],
      [1, 1],
    ])
    expect(openRing(closeRing(open))).toEqual(open)
  })

  it('counts distinct corners: repeated taps and the closing position do not count', () => {
    expect(
      distinctPositions([
        [1, 1],
        [1, 1],
        [2, 1],
        [2, 2],
        [2, 2],
        [1, 1],
      ]),
    ).toEqual([
      [1, 1],
      [2, 1],
      [2, 2],
    ])
  })

  it('turns a Polygon into a one-part MultiPolygon and drops empty parts', () => {
    expect(toMultiPolygon({ type: 'Polygon', coordinates: [square(1, 1, 1)] })).toEqual({
      type: 'MultiPolygon',
      coordinates: [[square(1, 1, 1)]],
    })
    expect(toMultiPolygon({ type: 'MultiPolygon', coordinates: [] })).toBeNull()
    expect(toMultiPolygon(null)).toBeNull()
    expect(fromPolygons([[square(1, 1, 1)], [[]]])?.coordinates).toHaveLength(1)
    expect(polygonsOf({ type: 'LineString', coordinates: [] })).toEqual([])
  })
})

describe('findSelfIntersections', () => {
  it('finds where a figure-eight crosses itself, once', () => {
    expect(findSelfIntersections({ type: 'Polygon', coordinates: [bowTie] })).toEqual([{ part: 0, point: [104.5, 12.5] }])
  })

  it('finds nothing in a simple shape, and names the part that crosses', () => {
    expect(findSelfIntersections({ type: 'Polygon', coordinates: [square(104, 12, 1)] })).toEqual([])
    const multi = { type: 'MultiPolygon', coordinates: [[square(100, 10, 1)], [bowTie]] }
    expect(findSelfIntersections(multi).map((found) => found.part)).toEqual([1])
  })
})

describe('findOverlappingParts', () => {
  it('finds parts whose outlines cross, and a part inside another', () => {
    const crossing = { type: 'MultiPolygon', coordinates: [[square(104, 12, 1)], [square(104.5, 12.5, 1)]] }
    expect(findOverlappingParts(crossing).map((found) => found.parts)).toEqual([[0, 1]])
    const nested = { type: 'MultiPolygon', coordinates: [[square(104, 12, 1)], [square(104.2, 12.2, 0.1)]] }
    expect(findOverlappingParts(nested)).toEqual([{ parts: [0, 1], point: [104.2, 12.2] }])
  })

  it('leaves apart parts alone', () => {
    expect(findOverlappingParts({ type: 'MultiPolygon', coordinates: [[square(104, 12, 1)], [square(106, 12, 1)]] })).toEqual([])
  })
})

describe('checkGeometry', () => {
  it('passes a good shape', () => {
    expect(checkGeometry({ type: 'MultiPolygon', coordinates: [[square(104, 12, 0.01)], [square(104.1, 12, 0.01)]] })).toEqual([])
    expect(checkGeometry(null)).toEqual([])
  })

  it('explains too few points, no area, crossing edges and overlapping parts', () => {
    expect(
      checkGeometry({
        type: 'Polygon',
        coordinates: [
          [
            [104, 12],
            [104.01, 12],
            [104, 12],
          ],
        ],
      }),
    ).toEqual([{ code: 'tooFewPoints', part: 0, count: 2 }])
    expect(
      checkGeometry({
        type: 'Polygon',
        coordinates: [
          [
            [104, 12],
            [104.01, 12],
            [104.02, 12],
            [104, 12],
          ],
        ],
      }),
    ).toEqual([{ code: 'zeroArea', part: 0 }])
    // A symmetric figure-eight has no net area either: the crossing is what is reported.
    expect(checkGeometry({ type: 'Polygon', coordinates: [bowTie] })).toEqual([
      { code: 'selfIntersection', part: 0, points: [[104.5, 12.5]] },
    ])
    const overlapping = checkGeometry({ type: 'MultiPolygon', coordinates: [[square(104, 12, 1)], [square(104.5, 12.5, 1)]] })
    expect(overlapping).toEqual([{ code: 'partsOverlap', parts: [0, 1], points: [expect.any(Array)] }])
    expect(issuePoints(overlapping)).toHaveLength(1)
  })
})

describe('the server refusing a shape', () => {
  // As server/lib/geometry.ts answers (problem+json, 422 geometry.invalid).
  const refusal = (field: string, reason: string, canRepair = true) =>
    new ApiError(422, {
      type: 'about:blank',
      title: 'Unprocessable Entity',
      status: 422,
      code: 'geometry.invalid',
      detail: `${field}: invalid geometry: ${reason}${canRepair ? ' (send ?repair=true to have it repaired with ST_MakeValid)' : ''}`,
      errors: [{ field, message: reason }],
    })

  it("reads PostGIS's reason and point", () => {
    expect(parseValidReason('Self-intersection[104.5 12.5]')).toEqual({ reason: 'selfIntersection', point: [104.5, 12.5] })
    expect(parseValidReason('Ring Self-intersection[104.25 12.75]')).toEqual({ reason: 'ringSelfIntersection', point: [104.25, 12.75] })
    expect(parseValidReason('Too few points in geometry component[104 12]').reason).toBe('tooFewPoints')
    expect(parseValidReason('Hole lies outside shell[104 12]').reason).toBe('holeOutside')
    expect(parseValidReason('Nested shells[1e-7 -3.5]')).toEqual({ reason: 'nestedShells', point: [1e-7, -3.5] })
    expect(parseValidReason('Something new')).toEqual({ reason: 'other', point: undefined })
    // The server's sanity checks (server/lib/geometry.errors.ts), in its own words.
    expect(parseValidReason('outside the region this server covers (101.87°E…108.09°E, 9.46°N…15.14°N)').reason).toBe('outsideRegion')
    expect(parseValidReason('12,345 ha is larger than a parcel can plausibly be (at most 5,000 ha)').reason).toBe('tooLarge')
    expect(parseValidReason('an edge from longitude 179.9 to -179.9 crosses the antimeridian (±180°): split the shape').reason).toBe(
      'crossesAntimeridian',
    )
  })

  it('names the field, the part of a MultiPolygon, and whether it can be repaired', () => {
    const problem = serverGeometryProblem(refusal('body.boundary.coordinates[1]', 'Self-intersection[104.5 12.5]'), 'boundary')
    expect(problem).toMatchObject({ field: 'boundary', part: 1, reason: 'selfIntersection', point: [104.5, 12.5], canRepair: true })
    const whole = serverGeometryProblem(refusal('body.boundary', 'Nested shells[104 12]', false), 'boundary')
    expect(whole).toMatchObject({ part: undefined, reason: 'nestedShells', canRepair: false })
  })

  it('ignores errors about other fields and other kinds of error', () => {
    expect(serverGeometryProblem(refusal('body.territory', 'Self-intersection[1 2]'), 'boundary')).toBeUndefined()
    expect(serverGeometryProblem(new Error('boom'), 'boundary')).toBeUndefined()
    const conflict = new ApiError(409, {
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      code: 'parcels.version_conflict',
      detail: 'stale',
    })
    expect(serverGeometryProblem(conflict, 'boundary')).toBeUndefined()
  })

  it('also reads a 400 from the shared schema about the boundary', () => {
    const invalid = new ApiError(400, {
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      code: 'request.invalid',
      detail: 'invalid',
      errors: [{ field: 'body.boundary.coordinates.0.0', message: 'a ring needs at least 4 positions (the first repeated at the end)' }],
    })
    expect(serverGeometryProblem(invalid, 'boundary')).toMatchObject({ reason: 'tooFewPoints', canRepair: false, part: undefined })
  })
})
