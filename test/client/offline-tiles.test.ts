// @vitest-environment happy-dom
// The basemap download's plan: the tiles Leaflet asks for over the communities' box, within the cap.
import L from 'leaflet'
import { describe, expect, it } from 'vitest'
import {
  countTiles,
  grownBbox,
  OFFLINE_MIN_ZOOM,
  planOfflineTiles,
  tilesAt,
  tilesOfPlan,
  tileUrlOf,
  type Bbox,
} from '../../shared/offline-tiles.ts'

// Around Lam Dach (Mondul Kiri), about 6 × 5 km.
const BOX: Bbox = [106.92, 12.22, 106.98, 12.27]

describe('the offline basemap plan', () => {
  it('counts the tiles of each zoom as Leaflet numbers them, the box inside them', () => {
    for (const z of [10, 13, 16]) {
      const tiles = [...tilesOfPlan([BOX], z)].filter((tile) => tile.z === z)
      expect(tiles.length).toBe(countTiles(BOX, z))
      // Leaflet's own projection puts the box's corners in the first and last tiles.
      const crs = L.CRS.EPSG3857
      const corner = (lng: number, lat: number) => crs.latLngToPoint(L.latLng(lat, lng), z).divideBy(256).floor()
      const northWest = corner(BOX[0], BOX[3])
      const southEast = corner(BOX[2], BOX[1])
      expect(Math.min(...tiles.map((tile) => tile.x))).toBe(northWest.x)
      expect(Math.min(...tiles.map((tile) => tile.y))).toBe(northWest.y)
      expect(Math.max(...tiles.map((tile) => tile.x))).toBe(southEast.x)
      expect(Math.max(...tiles.map((tile) => tile.y))).toBe(southEast.y)
    }
  })

  it('goes as deep as the cap allows, whole zooms only, coarsest first', () => {
    const plan = planOfflineTiles([BOX], 500)
    expect(plan.maxZoom).toBeDefined()
    expect(plan.tileCount).toBeLessThanOrEqual(500)
    const deeper = countTiles(BOX, plan.maxZoom! + 1)
    expect(plan.tileCount + deeper).toBeGreaterThan(500)
    const tiles = [...tilesOfPlan([BOX], plan.maxZoom!)]
    expect(tiles.length).toBe(plan.tileCount)
    expect(tiles[0]!.z).toBe(OFFLINE_MIN_ZOOM)
    expect(tiles.at(-1)!.z).toBe(plan.maxZoom)
    expect(plan.estimatedBytes).toBeGreaterThan(0)
  })

  it('covers each community’s box, not the land between two far apart, and a tile shared by two boxes once', () => {
    // Boeng Sala (Battambang) and Lam Dach (Mondul Kiri): 430 km apart.
    const west: Bbox = [103.03, 12.93, 103.07, 12.97]
    const east: Bbox = [106.93, 12.23, 106.97, 12.27]
    const both = planOfflineTiles([west, east], 400)
    const oneBoxAroundBoth = planOfflineTiles([[103.03, 12.23, 106.97, 12.97]], 400)
    expect(both.maxZoom).toBeGreaterThan(oneBoxAroundBoth.maxZoom!)
    expect(both.maxZoom).toBeGreaterThanOrEqual(14)
    const overlapping: Bbox = [106.95, 12.25, 106.99, 12.29]
    for (const z of [12, 15]) {
      const union = tilesAt([east, overlapping], z)
      expect(new Set(union.map((tile) => `${tile.x}/${tile.y}`)).size).toBe(union.length)
      expect(union.length).toBeLessThan(countTiles(east, z) + countTiles(overlapping, z))
    }
  })

  it('offers nothing when not even the first zoom fits', () => {
    expect(planOfflineTiles([[102, 10, 108, 15]], 4)).toEqual({ maxZoom: undefined, tileCount: 0, estimatedBytes: 0 })
  })

  it('grows the box by kilometres on each side', () => {
    const [west, south, east, north] = grownBbox(BOX, 3)
    expect(BOX[1] - south).toBeCloseTo(3 / 111.32, 5)
    expect(north - BOX[3]).toBeCloseTo(3 / 111.32, 5)
    expect(BOX[0] - west).toBeGreaterThan(3 / 111.32)
    expect(east - BOX[2]).toBeCloseTo(BOX[0] - west, 9)
  })

  it("writes a tile's URL exactly as Leaflet's tile layer does, subdomain included", () => {
    const template = 'https://{s}.tiles.example.org/{z}/{x}/{y}{r}.png'
    const layer = L.tileLayer(template)
    for (const tile of [
      { z: 12, x: 3262, y: 1906 },
      { z: 15, x: 26103, y: 15251 },
    ]) {
      // What Leaflet would request, from its own code (getTileUrl reads the layer's map only for {z} and retina).
      const expected = L.Util.template(template, {
        s: (layer as unknown as { _getSubdomain(point: L.Point): string })._getSubdomain(L.point(tile.x, tile.y)),
        x: tile.x,
        y: tile.y,
        z: tile.z,
        r: '',
      })
      expect(tileUrlOf(template, tile)).toBe(expected)
    }
  })
})
