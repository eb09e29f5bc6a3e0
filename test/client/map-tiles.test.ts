// The home map's vector tiles on the client: which tiles cover the view, their URLs with the
// filters, and one tile's bytes decoded into points, clusters and shapes in [lng, lat] — shapes
// clipped to their tile so that pieces of one record abut without seams.
import { describe, expect, it } from 'vitest'
import { clipRing, clipShape, decodeTile, decodeTileSet, outlineOf, projector } from '../../client/features/map/decode-tile.ts'
import { clusterZoomTarget, mergeTiles, tilesInView, tileSetUrl } from '../../client/features/map/tiles.ts'
import { recordsInView } from '../../client/features/map/view.ts'
import { encodeMvt } from '../helpers/mvt.ts'

const ID_A = 'aaaaaaaa-0000-4000-8000-000000000001'
const ID_B = 'aaaaaaaa-0000-4000-8000-000000000002'

describe('tilesInView', () => {
  it('lists the tiles of the map zoom that cover the bounds, north-west first', () => {
    // Phnom Penh and around at zoom 8: tile x = floor((lng + 180) / 360 * 256).
    expect(tilesInView([104.5, 11.0, 105.2, 11.8], 8)).toEqual([
      { z: 8, x: 202, y: 119 },
      { z: 8, x: 202, y: 120 },
    ])
  })

  it('stays inside the grid and the zoom range', () => {
    const world = tilesInView([-180, -85, 180, 85], 1)
    expect(world).toHaveLength(4)
    expect(tilesInView([104, 11, 105, 12], 25).every((tile) => tile.z === 20)).toBe(true)
    expect(tilesInView([-200, -89, 200, 89], 0)).toEqual([{ z: 0, x: 0, y: 0 }])
  })
})

describe('tileSetUrl', () => {
  const filters = { kind: 'demolition', province: 'Kratie', q: 'river', community: undefined }

  it('names the layers and carries every filter one of them takes (the server gives each layer its own)', () => {
    expect(tileSetUrl(['incidents', 'communities'], { z: 9, x: 404, y: 240 }, filters)).toBe(
      '/api/tiles/9/404/240.mvt?layers=incidents,communities&province=Kratie&kind=demolition&q=river',
    )
    expect(tileSetUrl(['communities', 'evidence'], { z: 9, x: 404, y: 240 }, filters)).toBe(
      '/api/tiles/9/404/240.mvt?layers=communities,evidence&province=Kratie&q=river',
    )
    expect(tileSetUrl(['evidence'], { z: 9, x: 404, y: 240 }, filters)).toBe('/api/tiles/9/404/240.mvt?layers=evidence')
    // A filter change is another tile (another URL, another cache entry).
    expect(tileSetUrl(['incidents'], { z: 9, x: 404, y: 240 }, { ...filters, kind: 'arrest' })).not.toBe(
      tileSetUrl(['incidents'], { z: 9, x: 404, y: 240 }, filters),
    )
  })
})

describe('clipRing and outlineOf', () => {
  const square = (x0: number, y0: number, x1: number, y1: number) => [
    { x: x0, y: y0 },
    { x: x1, y: y0 },
    { x: x1, y: y1 },
    { x: x0, y: y1 },
    { x: x0, y: y0 },
  ]

  it('keeps a ring inside the tile as it is', () => {
    expect(clipRing(square(10, 10, 20, 20), 4096)).toEqual(square(10, 10, 20, 20).slice(0, 4))
  })

  it('cuts a ring that reaches into the buffer at the tile border', () => {
    const clipped = clipRing(square(4000, 100, 4150, 200), 4096)
    expect(Math.max(...clipped.map((p) => p.x))).toBe(4096)
    expect(clipped).toHaveLength(4)
  })

  it('puts the points it makes exactly on the border, so no border edge is outlined (float rounding)', () => {
    // A concession's piece as the server sent it (z14, Bar Kaev): computed naively, the corner
    // made at the top border came out at y = -7.1e-15 and the top edge was drawn as an outline.
    const ring = [
      { x: -64, y: 4160 },
      { x: -64, y: -64 },
      { x: 4160, y: -64 },
      { x: 4160, y: 1261 },
      { x: 4028, y: 4160 },
      { x: -64, y: 4160 },
    ]
    const clipped = clipRing(ring, 4096)
    for (const p of clipped) {
      expect([0, 4096].includes(p.x) || (p.x > 0 && p.x < 4096)).toBe(true)
      expect([0, 4096].includes(p.y) || (p.y > 0 && p.y < 4096)).toBe(true)
    }
    // Only the slanted edge is the shape's own.
    const lines = outlineOf(clipped, 4096)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toHaveLength(2)
  })

  it('drops a ring wholly in the buffer', () => {
    expect(clipRing(square(4100, 100, 4150, 200), 4096)).toEqual([])
  })

  it('outlines a clipped ring without the edge on the tile border', () => {
    const clipped = clipRing(square(4000, 100, 4150, 200), 4096)
    const lines = outlineOf(clipped, 4096)
    expect(lines).toHaveLength(1)
    // Three sides: top, left, bottom; the right side lies on the border.
    expect(lines[0]).toHaveLength(4)
    expect(lines[0]!.every((p) => p.x <= 4096)).toBe(true)
    expect(lines[0]!.filter((p) => p.x === 4096)).toHaveLength(2)
    expect(outlineOf(square(10, 10, 20, 20).slice(0, 4), 4096)).toEqual([[...square(10, 10, 20, 20)]])
  })
})

describe('clipShape', () => {
  it('gives a shape wholly inside its tile as the clipper and outliner would, holes included', () => {
    const outer = [
      { x: 100, y: 100 },
      { x: 900, y: 100 },
      { x: 900, y: 900 },
      { x: 100, y: 900 },
      { x: 100, y: 100 },
    ]
    const hole = [
      { x: 300, y: 300 },
      { x: 300, y: 600 },
      { x: 600, y: 600 },
      { x: 600, y: 300 },
      { x: 300, y: 300 },
    ]
    const { polygons, outlines } = clipShape([outer, hole], 4096)
    const expected = [outer, hole].map((ring) => clipRing(ring, 4096))
    expect(polygons).toEqual([expected])
    expect(outlines).toEqual(expected.flatMap((ring) => outlineOf(ring, 4096)))
    // Open rings to fill, closed lines to stroke.
    expect(polygons[0]![0]).toHaveLength(4)
    expect(outlines[0]).toHaveLength(5)
  })

  it('clips a shape that crosses the border, and leaves the border out of its outline', () => {
    const crossing = [
      { x: 4000, y: 100 },
      { x: 4200, y: 100 },
      { x: 4200, y: 300 },
      { x: 4000, y: 300 },
      { x: 4000, y: 100 },
    ]
    const { polygons, outlines } = clipShape([crossing], 4096)
    expect(polygons[0]![0]).toEqual(clipRing(crossing, 4096))
    expect(outlines).toHaveLength(1)
    expect(outlines[0]).toEqual(outlineOf(clipRing(crossing, 4096), 4096)[0])
  })
})

describe('decodeTile', () => {
  const tile = { z: 10, x: 812, y: 478 }
  const project = projector(tile, 4096)

  it('reads each layer of a tile that holds several (the layers’ encodings one after another)', () => {
    const incidents = encodeMvt('incidents', [
      { properties: { id: ID_A, kind: 'demolition', title: 'Fence' }, geometry: { type: 'Point', coordinates: [1024, 2048] } },
    ])
    const communities = encodeMvt('communities', [
      { properties: { id: ID_B, name: 'Prey Lang' }, geometry: { type: 'Point', coordinates: [100, 200] } },
    ])
    const both = new Uint8Array([...incidents, ...communities])
    const decoded = decodeTileSet(both, ['incidents', 'communities', 'parcels'], tile)
    expect(decoded.incidents!.points.map((point) => point.id)).toEqual([ID_A])
    expect(decoded.communities!.points.map((point) => point.id)).toEqual([ID_B])
    expect(decoded.communities!.points[0]!.position).toEqual(project({ x: 100, y: 200 }))
    expect(decoded.parcels).toEqual({ points: [], shapes: [], clusters: [] })
    expect(decodeTileSet(new Uint8Array(0), ['incidents'], tile).incidents).toEqual({ points: [], shapes: [], clusters: [] })
  })

  it('reads records and clusters in [lng, lat]', () => {
    const bytes = encodeMvt('incidents', [
      {
        properties: { id: ID_A, kind: 'demolition', severity: 'high', status: 'ongoing', title: 'Fence', occurredAt: '2026-01-01' },
        geometry: { type: 'Point', coordinates: [1024, 2048] },
      },
      { properties: { cluster: true, count: 17, maxSeverityRank: 4 }, geometry: { type: 'Point', coordinates: [3000, 3000] } },
      // A neighbour's cluster seen in this tile's buffer: counted there, not here.
      { properties: { cluster: true, count: 5, maxSeverityRank: 1 }, geometry: { type: 'Point', coordinates: [4120, 3000] } },
    ])
    const decoded = decodeTile(bytes, 'incidents', tile)
    expect(decoded.points).toEqual([
      { id: ID_A, position: project({ x: 1024, y: 2048 }), properties: expect.objectContaining({ kind: 'demolition', title: 'Fence' }) },
    ])
    expect(decoded.clusters).toHaveLength(1)
    expect(decoded.clusters[0]!.properties).toMatchObject({ count: 17, maxSeverityRank: 4 })
    const [lng, lat] = decoded.points[0]!.position
    // A quarter across tile 812 of 1024 at z10, half down tile 478: near Prey Veng.
    expect(lng).toBeCloseTo(((812 + 0.25) / 1024) * 360 - 180, 9)
    expect(lat).toBeGreaterThan(11.6)
    expect(lat).toBeLessThan(11.8)
  })

  it('reads an empty answer as an empty tile, and ignores other layers', () => {
    expect(decodeTile(new Uint8Array(0), 'parcels', tile)).toEqual({ points: [], shapes: [], clusters: [] })
    expect(decodeTile(encodeMvt('communities', []), 'parcels', tile)).toEqual({ points: [], shapes: [], clusters: [] })
  })

  it('clips shapes to the tile and joins one record’s pieces across tiles', () => {
    const piece = (x0: number, x1: number) => ({
      properties: { id: ID_B, label: 'P-1', tenure: 'private_title', titleStatus: 'registered', areaHa: 2.5 },
      geometry: {
        type: 'Polygon' as const,
        coordinates: [
          [
            [x0, 100],
            [x1, 100],
            [x1, 300],
            [x0, 300],
          ] as [number, number][],
        ],
      },
    })
    const left = decodeTile(encodeMvt('parcels', [piece(3900, 4160)]), 'parcels', tile)
    const right = decodeTile(encodeMvt('parcels', [piece(-64, 200)]), 'parcels', { ...tile, x: tile.x + 1 })
    const [leftEast] = [Math.max(...left.shapes[0]!.polygons[0]![0]!.map((p) => p[0]))]
    const rightWest = Math.min(...right.shapes[0]!.polygons[0]![0]!.map((p) => p[0]))
    // The pieces meet exactly at the tiles' common border.
    expect(leftEast).toBeCloseTo(rightWest, 12)
    const merged = mergeTiles([left, right])
    expect(merged.shapes).toHaveLength(1)
    // The same pieces join into the same object again (the layers then redraw nothing).
    expect(mergeTiles([left, right]).shapes[0]).toBe(merged.shapes[0])
    expect(mergeTiles([left]).shapes[0]).toBe(left.shapes[0])
    expect(merged.shapes[0]!.polygons).toHaveLength(2)
    // Two outlines of three sides each: the border between them is not drawn.
    expect(merged.shapes[0]!.outlines).toHaveLength(2)
  })

  it('reads parcel cells with their square, count, hectares and share in dispute', () => {
    const bytes = encodeMvt('parcels', [
      {
        properties: { cluster: true, count: 1234, areaHa: 5678.5, disputedShare: 0.25 },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [512, 0],
              [512, 512],
              [0, 512],
            ],
          ],
        },
      },
    ])
    const [cell] = decodeTile(bytes, 'parcels', tile).clusters
    expect(cell!.properties).toMatchObject({ count: 1234, areaHa: 5678.5, disputedShare: 0.25 })
    expect(cell!.cell).toHaveLength(1)
    const centre = project({ x: 256, y: 256 })
    expect(cell!.position[0]).toBeCloseTo(centre[0], 9)
  })
})

describe('mergeTiles and recordsInView', () => {
  it('draws a point seen in two tiles once, and lists what lies in the view', () => {
    const point = (id: string, lng: number, lat: number) => ({
      id,
      position: [lng, lat] as [number, number],
      properties: { id, name: id, kind: 'indigenous', status: 'active' },
    })
    const merged = mergeTiles<'communities'>([
      { points: [point(ID_A, 105, 12), point(ID_B, 106.5, 12)], shapes: [], clusters: [] },
      { points: [point(ID_A, 105, 12)], shapes: [], clusters: [] },
    ])
    expect(merged.points.map((p) => p.id)).toEqual([ID_A, ID_B])
    expect(recordsInView(merged, [104, 11, 106, 13]).map((record) => record.id)).toEqual([ID_A])
  })
})

describe('clusterZoomTarget', () => {
  it('zooms two levels into a cluster, and a cluster of one straight to where it is drawn alone', () => {
    expect(clusterZoomTarget('incidents', 40, 7)).toBe(9)
    expect(clusterZoomTarget('incidents', 1, 7)).toBe(12)
    expect(clusterZoomTarget('communities', 1, 7)).toBe(9)
    expect(clusterZoomTarget('incidents', 5, 17)).toBe(18)
  })
})
