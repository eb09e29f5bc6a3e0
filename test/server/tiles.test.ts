// The map's vector tiles (issue 13): records at detail zooms, counted cells below them whose counts
// add up to the filtered total, the viewer's scope inside every tile and count, ETags that change
// on writes, and the two producers (ST_AsMVT on PostgreSQL, SQL + Node on PGlite) agreeing.
import { VectorTile, type VectorTileFeature } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { concessions, evidence, incidents, parcels } from '../../db/schema/index.ts'
import { eq, inArray, sql } from 'drizzle-orm'
import { queryRows } from '../../db/open.ts'
import type { Position2D } from '../../shared/geo.ts'
import { TILE_CELL, TILE_EXTENT, TILE_LAYERS, tilePath, tileSetPath, type TileLayer } from '../../shared/tiles.ts'
import type { Viewer } from '../../server/lib/policy.ts'
import { renderTile } from '../../server/features/tiles/tiles.service.ts'
import { tileBounds } from '../../server/features/tiles/tile-math.ts'
import {
  cellsOfTile,
  layerSource,
  precomputedCellScope,
  precomputedCellsOfTile,
  type CellRow,
} from '../../server/features/tiles/tiles.queries.ts'
import { makeCommunity, makeParcel } from '../helpers/factories.ts'
import { rectangle, squareAround } from '../helpers/geo.ts'
import { problemOf } from '../helpers/http.ts'
import { makeIncident, makeIncidents } from '../helpers/incident-factories.ts'
import { makeConcession } from '../helpers/land-factories.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

const CAMBODIA: [number, number, number, number] = [102.3, 10.4, 107.7, 14.7]

const lonToTile = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z)
const latToTile = (lat: number, z: number) => {
  const rad = (lat * Math.PI) / 180
  return Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z)
}
const tileToLat = (y: number, z: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI
const tileToLon = (x: number, z: number) => (x / 2 ** z) * 360 - 180

function tilesCovering([west, south, east, north]: number[], z: number) {
  const tiles: [number, number][] = []
  for (let x = lonToTile(west!, z); x <= lonToTile(east!, z); x++)
    for (let y = latToTile(north!, z); y <= latToTile(south!, z); y++) tiles.push([x, y])
  return tiles
}

interface Decoded {
  type: number
  properties: Record<string, unknown>
  geometry: { x: number; y: number }[][]
}

function decode(body: Buffer | Uint8Array, layer: string): Decoded[] {
  if (body.length === 0) return []
  const tile = new VectorTile(new PbfReader(body))
  const found = tile.layers[layer]
  if (!found) return []
  expect(found.extent).toBe(TILE_EXTENT)
  return Array.from({ length: found.length }, (_, i) => {
    const feature: VectorTileFeature = found.feature(i)
    return { type: feature.type, properties: feature.properties, geometry: feature.loadGeometry() }
  })
}

let t: TestApp
let admin: SignedIn
let advocate: SignedIn
let rep: SignedIn
let repViewer: Viewer
const ids = {} as Record<'own' | 'other' | 'ownSecret' | 'ownPublic' | 'otherPublic' | 'parcelOwn' | 'parcelOther' | 'concession', string>

// Places: the own community's records around Kampong Speu, the other's in Preah Vihear; some on
// tile edges (x = 51 at z6 and x = 204 at z8 share the meridian 106.875°).
const EDGE_LON = tileToLon(51, 6)
const EDGE_LAT = tileToLat(120, 8)
const NEAR: Position2D = [104.3005, 11.4505]

async function getTile(who: SignedIn, layer: TileLayer, z: number, x: number, y: number, query = '', headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url: `${tilePath(layer, z, x, y)}${query}`, headers: { ...who.headers, ...headers } })
}

async function featuresAt(who: SignedIn, layer: TileLayer, z: number, x: number, y: number, query = '') {
  const res = await getTile(who, layer, z, x, y, query)
  expect(res.statusCode, res.body).toBe(200)
  return decode(res.rawPayload, layer)
}

async function sumOfCounts(who: SignedIn, layer: TileLayer, z: number, query = '') {
  let sum = 0
  for (const [x, y] of tilesCovering(CAMBODIA, z)) {
    for (const feature of await featuresAt(who, layer, z, x, y, query)) {
      expect(feature.properties.cluster).toBe(true)
      sum += feature.properties.count as number
    }
  }
  return sum
}

beforeAll(async () => {
  t = await createTestApp()
  const db = t.db
  ids.own = (await makeCommunity(db, { name: 'Own Tile Community', territory: rectangle([104.29, 11.44, 104.31, 11.46]) as never })).id
  ids.other = (await makeCommunity(db, { name: 'Other Tile Community', location: { type: 'Point', coordinates: [104.9, 13.8] } })).id
  admin = await t.signIn('admin')
  advocate = await t.signIn('advocate')
  rep = await t.signIn('community_rep', { communityIds: [ids.own] })
  repViewer = { id: rep.userId, role: 'community_rep', displayName: 'rep', communityIds: [ids.own] }

  ids.ownPublic = (
    await makeIncident(db, { communityId: ids.own, title: 'Own public', severity: 'high', location: { type: 'Point', coordinates: NEAR } })
  ).id
  ids.ownSecret = (
    await makeIncident(db, {
      communityId: ids.own,
      title: 'Own secret',
      isConfidential: true,
      location: { type: 'Point', coordinates: NEAR },
    })
  ).id
  ids.otherPublic = (
    await makeIncident(db, {
      communityId: ids.other,
      title: 'Other public',
      kind: 'violence',
      location: { type: 'Point', coordinates: [104.3007, 11.4507] },
    })
  ).id
  // 40 more spread over the country, some exactly on tile edges.
  await makeIncidents(db, [
    ...Array.from({ length: 20 }, (_, i) => ({
      communityId: ids.own,
      location: { type: 'Point' as const, coordinates: [103 + i * 0.2, 11 + (i % 7) * 0.45] as Position2D },
    })),
    ...Array.from({ length: 10 }, (_, i) => ({
      communityId: ids.other,
      location: { type: 'Point' as const, coordinates: [EDGE_LON, 10.6 + i * 0.4] as Position2D },
    })),
    ...Array.from({ length: 10 }, (_, i) => ({
      communityId: i % 2 ? ids.own : ids.other,
      isConfidential: i % 3 === 0,
      location: { type: 'Point' as const, coordinates: [102.5 + i * 0.5, EDGE_LAT] as Position2D },
    })),
  ])
  ids.parcelOwn = (
    await makeParcel(db, { communityId: ids.own, label: 'Own parcel', titleStatus: 'disputed', boundary: squareAround(NEAR, 0.0004) })
  ).id
  ids.parcelOther = (
    await makeParcel(db, { communityId: ids.other, label: 'Other parcel', boundary: squareAround([104.301, 11.451], 0.0003) })
  ).id
  ids.concession = (await makeConcession(db, { name: 'Tile concession', boundary: rectangle([104.2, 11.4, 104.35, 11.5]) })).id
})

afterAll(async () => {
  await t?.close()
})

const z14 = [14, lonToTile(NEAR[0], 14), latToTile(NEAR[1], 14)] as const

type IncidentFacts = { communityId: string | null; isConfidential: boolean; kind: string }

async function visibleTotal(scope: 'all' | 'advocate' | 'rep', filter: (row: IncidentFacts) => boolean = () => true) {
  const rows = await t.db
    .select({ communityId: incidents.communityId, isConfidential: incidents.isConfidential, kind: incidents.kind })
    .from(incidents)
  return rows.filter(
    (row) => filter(row) && (scope === 'all' || (scope === 'advocate' ? !row.isConfidential : row.communityId === ids.own)),
  ).length
}

describe('records at detail zooms', () => {
  it('an incidents tile holds each incident the viewer may see, with its properties', async () => {
    const res = await getTile(admin, 'incidents', ...z14)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile')
    expect(res.headers['cache-control']).toBe('private, no-cache')
    expect(res.headers.etag).toMatch(/^".+"$/)
    const features = decode(res.rawPayload, 'incidents')
    const own = features.find((feature) => feature.properties.id === ids.ownPublic)!
    expect(own.type).toBe(1)
    expect(own.properties).toEqual({
      id: ids.ownPublic,
      kind: 'encroachment',
      severity: 'high',
      status: 'reported',
      occurredAt: '2026-06-01T03:00:00.000Z',
      occurredPrecision: 'day',
      title: 'Own public',
    })
    expect(features.map((feature) => feature.properties.id).sort()).toEqual([ids.ownPublic, ids.ownSecret, ids.otherPublic].sort())
  })

  it('an advocate never gets a confidential incident; a representative only their communities’ records', async () => {
    const forAdvocate = (await featuresAt(advocate, 'incidents', ...z14)).map((feature) => feature.properties.id)
    expect(forAdvocate.sort()).toEqual([ids.ownPublic, ids.otherPublic].sort())
    const forRep = (await featuresAt(rep, 'incidents', ...z14)).map((feature) => feature.properties.id)
    expect(forRep.sort()).toEqual([ids.ownPublic, ids.ownSecret].sort())
    const parcels = (await featuresAt(rep, 'parcels', ...z14)).map((feature) => feature.properties.id)
    expect(parcels).toEqual([ids.parcelOwn])
    const communities = (await featuresAt(rep, 'communities', ...z14)).map((feature) => feature.properties.id)
    expect(communities).toEqual([ids.own])
  })

  it('polygon layers carry their properties: parcels, territories, concessions', async () => {
    const [parcel] = (await featuresAt(admin, 'parcels', ...z14)).filter((feature) => feature.properties.id === ids.parcelOwn)
    expect(parcel!.type).toBe(3)
    expect(parcel!.properties).toMatchObject({ label: 'Own parcel', tenure: 'unknown', titleStatus: 'disputed' })
    expect(parcel!.properties.areaHa).toBeGreaterThan(0)
    // Below PARCEL_AREA_MIN_ZOOM a parcel carries what draws it, opens it and names it in the list.
    const z10: [number, number, number] = [10, lonToTile(NEAR[0], 10), latToTile(NEAR[1], 10)]
    const [light] = (await featuresAt(admin, 'parcels', ...z10)).filter((feature) => feature.properties.id === ids.parcelOwn)
    expect(light!.properties).toEqual({ id: ids.parcelOwn, label: 'Own parcel', tenure: 'unknown', titleStatus: 'disputed' })
    const [territory] = await featuresAt(admin, 'territories', ...z14)
    expect(territory!.properties).toEqual({ id: ids.own, name: 'Own Tile Community' })
    const [concession] = await featuresAt(admin, 'concessions', ...z14)
    expect(concession!.properties).toMatchObject({ id: ids.concession, name: 'Tile concession', kind: 'elc', isPoint: false })
    // The concession covers the whole z14 tile: one square clipped to the tile and its buffer.
    const xs = concession!.geometry[0]!.map((point) => point.x)
    expect(Math.min(...xs)).toBeLessThanOrEqual(0)
    expect(Math.max(...xs)).toBeGreaterThanOrEqual(TILE_EXTENT)
  })
})

describe('counted cells below the detail zoom', () => {
  it.each([6, 8])('at z%i the counts of all tiles covering Cambodia add up to the filtered total, per viewer', async (z) => {
    expect(await sumOfCounts(admin, 'incidents', z)).toBe(await visibleTotal('all'))
    expect(await sumOfCounts(advocate, 'incidents', z)).toBe(await visibleTotal('advocate'))
    expect(await sumOfCounts(rep, 'incidents', z)).toBe(await visibleTotal('rep'))
    expect(await sumOfCounts(admin, 'incidents', z, '?kind=violence')).toBe(await visibleTotal('all', (row) => row.kind === 'violence'))
    expect(await sumOfCounts(admin, 'incidents', z, `?community=${ids.other}`)).toBe(
      await visibleTotal('all', (row) => row.communityId === ids.other),
    )
  })

  it.each([6, 8, 10])(
    'at z%i a representative’s tiles over all of Cambodia hold only their communities’ records, and count each once',
    async (z) => {
      const ownRecords = {
        incidents: await t.db.select({ id: incidents.id }).from(incidents).where(eq(incidents.communityId, ids.own)),
        parcels: await t.db.select({ id: parcels.id }).from(parcels).where(eq(parcels.communityId, ids.own)),
        communities: [{ id: ids.own }],
        territories: [{ id: ids.own }],
      }
      for (const layer of ['incidents', 'parcels', 'communities', 'territories'] as const) {
        const allowed = new Set(ownRecords[layer].map((row) => row.id))
        let counted = 0
        const drawn = new Set<string>()
        for (const [x, y] of tilesCovering(CAMBODIA, z)) {
          for (const feature of await featuresAt(rep, layer, z, x, y)) {
            if (feature.properties.cluster) counted += feature.properties.count as number
            else drawn.add(feature.properties.id as string)
          }
        }
        for (const id of drawn) expect(allowed.has(id), `${layer} ${id} at z${z}`).toBe(true)
        // Points and parcels are either counted in a cell or drawn, never both; a territory may span tiles.
        if (layer !== 'territories') expect(counted + drawn.size, `${layer} at z${z}`).toBe(allowed.size)
      }
    },
  )

  it('parcels below z10 are cells with count, hectares and share in dispute, never shapes', async () => {
    const [x, y] = [lonToTile(NEAR[0], 8), latToTile(NEAR[1], 8)]
    const cells = await featuresAt(admin, 'parcels', 8, x, y)
    expect(cells).toHaveLength(1)
    expect(cells[0]!.type).toBe(3)
    expect(cells[0]!.properties.count).toBe(2)
    expect(cells[0]!.properties.disputedShare).toBeGreaterThan(0.5)
    const repCells = await featuresAt(rep, 'parcels', 8, x, y)
    expect(repCells[0]!.properties).toMatchObject({ count: 1, disputedShare: 1 })
    expect(await featuresAt(admin, 'parcels', 5, lonToTile(NEAR[0], 5), latToTile(NEAR[1], 5))).toEqual([])
  })

  it('a zoom-10 or 11 tile crowded with more parcels than PARCEL_SHAPES_PER_TILE_MAX stays cells; sparser ones, and zoom 12, are shapes', async () => {
    const producer = testDriver === 'postgres' ? 'database' : 'node'
    const adminViewer: Viewer = { id: admin.userId, role: 'admin', displayName: 'admin', communityIds: [] }
    for (const z of [10, 11]) {
      const tile = { layer: 'parcels' as const, z, x: lonToTile(NEAR[0], z), y: latToTile(NEAR[1], z) }
      const shapes = decode(await renderTile(t.db, producer, adminViewer, tile, {}, { parcelShapesPerTileMax: 2 }), 'parcels')
      expect(shapes.map((feature) => feature.properties.id).sort(), `z${z}`).toEqual([ids.parcelOwn, ids.parcelOther].sort())
      const crowded = decode(await renderTile(t.db, producer, adminViewer, tile, {}, { parcelShapesPerTileMax: 1 }), 'parcels')
      expect(crowded.every((feature) => feature.properties.cluster === true && feature.type === 3)).toBe(true)
      expect(crowded.reduce((sum, cell) => sum + Number(cell.properties.count), 0)).toBe(2)
      // Crowded is counted in the viewer's scope: the representative's one parcel is a shape.
      const forRep = decode(await renderTile(t.db, producer, repViewer, tile, {}, { parcelShapesPerTileMax: 1 }), 'parcels')
      expect(forRep.map((feature) => feature.properties.id)).toEqual([ids.parcelOwn])
      // Cells counted live (the representative's scope) and from tile_cell_counts (the admin's) agree.
      const repCells = decode(await renderTile(t.db, producer, repViewer, tile, {}, { parcelShapesPerTileMax: 0 }), 'parcels')
      expect(repCells.map((cell) => [cell.properties.cluster, cell.properties.count])).toEqual([[true, 1]])
      expect(crowded.map((cell) => JSON.stringify(cell.geometry))).toContain(JSON.stringify(repCells[0]!.geometry))
    }
    const z12 = { layer: 'parcels' as const, z: 12, x: lonToTile(NEAR[0], 12), y: latToTile(NEAR[1], 12) }
    const atTwelve = decode(await renderTile(t.db, producer, adminViewer, z12, {}, { parcelShapesPerTileMax: 1 }), 'parcels')
    expect(atTwelve.map((feature) => feature.properties.id).sort()).toEqual([ids.parcelOwn, ids.parcelOther].sort())
  })

  it('a detail-zoom incidents tile crowded past INCIDENTS_PER_TILE_MAX is counted cells, exact in the viewer’s scope; up to zoom 15', async () => {
    const producer = testDriver === 'postgres' ? 'database' : 'node'
    const adminViewer: Viewer = { id: admin.userId, role: 'admin', displayName: 'admin', communityIds: [] }
    const advocateViewer: Viewer = { id: advocate.userId, role: 'advocate', displayName: 'advocate', communityIds: [] }
    for (const z of [12, 13, 15]) {
      const tile = { layer: 'incidents' as const, z, x: lonToTile(NEAR[0], z), y: latToTile(NEAR[1], z) }
      const render = (viewer: Viewer, incidentsPerTileMax: number) =>
        renderTile(t.db, producer, viewer, tile, {}, { incidentsPerTileMax }).then((bytes) => decode(bytes, 'incidents'))
      const points = await render(adminViewer, 3)
      expect(points.map((feature) => feature.properties.id).sort(), `z${z}`).toEqual([ids.ownPublic, ids.ownSecret, ids.otherPublic].sort())
      // Past the limit: cells (from tile_cell_counts at zoom 12, counted live deeper) whose counts
      // are the viewer's own total.
      for (const [viewer, expected] of [
        [adminViewer, 3],
        [advocateViewer, 2],
        [repViewer, 2],
      ] as const) {
        const cells = await render(viewer, 1)
        expect(
          cells.every((feature) => feature.properties.cluster === true && feature.type === 1),
          `z${z} ${viewer.role}`,
        ).toBe(true)
        expect(
          cells.reduce((sum, cell) => sum + Number(cell.properties.count), 0),
          `z${z} ${viewer.role}`,
        ).toBe(expected)
      }
    }
    // From zoom 16 the map shows every incident on its own: never cells.
    const z16 = { layer: 'incidents' as const, z: 16, x: lonToTile(NEAR[0], 16), y: latToTile(NEAR[1], 16) }
    const atSixteen = decode(await renderTile(t.db, producer, adminViewer, z16, {}, { incidentsPerTileMax: 1 }), 'incidents')
    expect(atSixteen.every((feature) => feature.properties.cluster !== true)).toBe(true)
  })

  it('the count endpoint gives the exact number in a box, in the viewer’s scope', async () => {
    const count = async (who: SignedIn, layer: TileLayer, query = '') => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/tiles/${layer}/count?bbox=${CAMBODIA.join(',')}${query}`,
        headers: who.headers,
      })
      expect(res.statusCode, res.body).toBe(200)
      return res.json().count as number
    }
    expect(await count(admin, 'incidents')).toBe(await visibleTotal('all'))
    expect(await count(advocate, 'incidents')).toBe(await visibleTotal('advocate'))
    expect(await count(rep, 'incidents')).toBe(await visibleTotal('rep'))
    expect(await count(rep, 'parcels')).toBe(1)
    expect(await count(admin, 'parcels', '&q=Other')).toBe(1)
    expect(await count(admin, 'concessions')).toBe(1)
  })
})

describe('precomputed low-zoom cells (tile_cell_counts, kept by triggers)', () => {
  const viewerOf = (who: SignedIn, role: 'admin' | 'advocate'): Viewer => ({ id: who.userId, role, displayName: role, communityIds: [] })
  const byCell = (rows: CellRow[]) => [...rows].sort((a, b) => a.cx - b.cx || a.cy - b.cy)

  it.each([6, 8])('at z%i they give the same cells as counting the records, per layer and viewer', async (z) => {
    for (const layer of ['incidents', 'parcels'] as const)
      for (const viewer of [viewerOf(admin, 'admin'), viewerOf(advocate, 'advocate')]) {
        const scope = precomputedCellScope(layer, viewer)
        expect(scope).not.toBeNull()
        for (const [x, y] of tilesCovering(CAMBODIA, z)) {
          const live = byCell(await cellsOfTile(t.db, layerSource(layer, viewer, {}, z), tileBounds(z, x, y), TILE_CELL))
          const precomputed = byCell(await precomputedCellsOfTile(t.db, layer, scope!, { z, x, y }))
          expect(precomputed.map(({ cx, cy, count, maxSeverityRank }) => ({ cx, cy, count, maxSeverityRank }))).toEqual(
            live.map(({ cx, cy, count, maxSeverityRank }) => ({ cx, cy, count, maxSeverityRank })),
          )
          precomputed.forEach((cell, i) => {
            for (const figure of ['x', 'y', 'areaHa', 'disputedHa']) expect(cell[figure] ?? 0).toBeCloseTo(live[i]![figure] ?? 0, 3)
          })
        }
      }
    expect(precomputedCellScope('parcels', repViewer)).toBeNull()
    expect(precomputedCellScope('incidents', repViewer)).toBeNull()
  })

  it('tile_cell_counts_rebuild() (after a load without triggers) gives back what the triggers kept', async () => {
    const kept = sql`SELECT layer, gx, gy, class, count FROM tile_cell_counts WHERE count > 0 ORDER BY 1, 2, 3, 4`
    const before = await queryRows(t.db, kept)
    expect(before.length).toBeGreaterThan(0)
    await t.db.execute(sql`SELECT tile_cell_counts_rebuild()`)
    expect(await queryRows(t.db, kept)).toEqual(before)
  })

  it('a write is in the next low-zoom tile: a parcel created, moved and deleted; an incident created and deleted', async () => {
    const countAt = async (who: SignedIn, layer: TileLayer, [lon, lat]: Position2D, z = 8) => {
      const cells = await featuresAt(who, layer, z, lonToTile(lon, z), latToTile(lat, z))
      return cells.reduce((sum, cell) => sum + (cell.properties.count as number), 0)
    }
    const here: Position2D = [105.55, 12.05]
    const there: Position2D = [106.45, 12.95]
    const [parcelsHere, parcelsThere] = [await countAt(admin, 'parcels', here), await countAt(admin, 'parcels', there)]
    const parcel = await makeParcel(t.db, { communityId: ids.other, label: 'Moving parcel', boundary: squareAround(here, 0.0004) })
    expect(await countAt(admin, 'parcels', here)).toBe(parcelsHere + 1)
    await t.db
      .update(parcels)
      .set({ boundary: squareAround(there, 0.0004) as never })
      .where(eq(parcels.id, parcel.id))
    expect(await countAt(admin, 'parcels', here)).toBe(parcelsHere)
    expect(await countAt(admin, 'parcels', there)).toBe(parcelsThere + 1)
    await t.db.update(parcels).set({ deletedAt: new Date() }).where(eq(parcels.id, parcel.id))
    expect(await countAt(admin, 'parcels', there)).toBe(parcelsThere)
    await t.db.delete(parcels).where(eq(parcels.id, parcel.id))
    expect(await countAt(admin, 'parcels', there)).toBe(parcelsThere)

    const [forAdmin, forAdvocate] = [await countAt(admin, 'incidents', there), await countAt(advocate, 'incidents', there)]
    const secret = await makeIncident(t.db, { severity: 'critical', isConfidential: true, location: { type: 'Point', coordinates: there } })
    expect(await countAt(admin, 'incidents', there)).toBe(forAdmin + 1)
    const cells = await featuresAt(admin, 'incidents', 8, lonToTile(there[0], 8), latToTile(there[1], 8))
    expect(cells.some((cell) => cell.properties.maxSeverityRank === 4)).toBe(true)
    expect(await countAt(advocate, 'incidents', there)).toBe(forAdvocate)
    await t.db.update(incidents).set({ deletedAt: new Date() }).where(eq(incidents.id, secret.id))
    expect(await countAt(admin, 'incidents', there)).toBe(forAdmin)
    await t.db.delete(incidents).where(eq(incidents.id, secret.id))
    expect(await countAt(admin, 'incidents', there)).toBe(forAdmin)
  })
})

describe('caching', () => {
  it('answers 304 to an unchanged tile, and a new ETag after a write to the layer', async () => {
    const first = await getTile(admin, 'incidents', ...z14)
    const tag = first.headers.etag as string
    const again = await getTile(admin, 'incidents', ...z14, '', { 'if-none-match': tag })
    expect(again.statusCode).toBe(304)
    expect(again.rawPayload.length).toBe(0)
    // Another viewer's scope or another filter is another tile.
    expect((await getTile(advocate, 'incidents', ...z14)).headers.etag).not.toBe(tag)
    expect((await getTile(admin, 'incidents', ...z14, '?kind=violence')).headers.etag).not.toBe(tag)
    // A filter the layer does not take changes nothing.
    expect((await getTile(admin, 'concessions', ...z14, '?kind=violence')).headers.etag).toBe(
      (await getTile(admin, 'concessions', ...z14)).headers.etag,
    )

    const added = await makeIncident(t.db, { title: 'New one', location: { type: 'Point', coordinates: NEAR } })
    const after = await getTile(admin, 'incidents', ...z14, '', { 'if-none-match': tag })
    expect(after.statusCode).toBe(200)
    expect(after.headers.etag).not.toBe(tag)
    expect(decode(after.rawPayload, 'incidents').map((feature) => feature.properties.id)).toContain(added.id)
    await t.db.delete(incidents).where(eq(incidents.id, added.id))
  })
})

describe('the server’s tile cache', () => {
  it('serves a tile seen again from memory, byte for byte, never to another scope, and renders anew after a write', async () => {
    const ownTile = [14, lonToTile(NEAR[0], 14), latToTile(NEAR[1], 14)] as const
    const added = await makeIncident(t.db, { title: 'Cache probe', communityId: ids.own, location: { type: 'Point', coordinates: NEAR } })
    const first = await getTile(admin, 'incidents', ...ownTile)
    expect(first.headers['x-dey-tile-cache']).toBe('miss')
    expect(decode(first.rawPayload, 'incidents').map((feature) => feature.properties.id)).toContain(added.id)
    const second = await getTile(admin, 'incidents', ...ownTile)
    expect(second.headers['x-dey-tile-cache']).toBe('hit')
    expect(Buffer.compare(second.rawPayload, first.rawPayload)).toBe(0)

    // Who sees other rows gets their own render: the confidential record is absent for advocates,
    // another community's for the representative.
    const secret = await makeIncident(t.db, {
      title: 'Cache secret',
      communityId: ids.own,
      isConfidential: true,
      location: { type: 'Point', coordinates: NEAR },
    })
    const other = await makeIncident(t.db, { title: 'Cache other', communityId: ids.other, location: { type: 'Point', coordinates: NEAR } })
    const forAdmin = await getTile(admin, 'incidents', ...ownTile)
    expect(forAdmin.headers['x-dey-tile-cache']).toBe('miss')
    expect(decode(forAdmin.rawPayload, 'incidents').map((feature) => feature.properties.id)).toEqual(
      expect.arrayContaining([secret.id, other.id]),
    )
    for (const who of [advocate, rep]) {
      const answer = await getTile(who, 'incidents', ...ownTile)
      expect(answer.headers['x-dey-tile-cache']).toBe('miss')
      const seen = decode(answer.rawPayload, 'incidents').map((feature) => feature.properties.id)
      expect(seen).toContain(added.id)
      expect(seen).not.toContain(who === advocate ? secret.id : other.id)
      expect((await getTile(who, 'incidents', ...ownTile)).headers['x-dey-tile-cache']).toBe('hit')
    }
    // And a write changes the key: the next request renders and holds the change.
    await t.db.update(incidents).set({ deletedAt: new Date() }).where(eq(incidents.id, added.id))
    const afterWrite = await getTile(admin, 'incidents', ...ownTile)
    expect(afterWrite.headers['x-dey-tile-cache']).toBe('miss')
    expect(decode(afterWrite.rawPayload, 'incidents').map((feature) => feature.properties.id)).not.toContain(added.id)
    await t.db.delete(incidents).where(inArray(incidents.id, [added.id, secret.id, other.id]))
  })

  it('renders every request when switched off (DEY_TILE_CACHE_MB=0)', async () => {
    const uncached = await createTestApp({ tileCacheMB: 0 })
    try {
      const signedIn = await uncached.signIn('admin')
      const url = tilePath('communities', 6, lonToTile(NEAR[0], 6), latToTile(NEAR[1], 6))
      for (let i = 0; i < 2; i++)
        expect((await uncached.app.inject({ url, headers: signedIn.headers })).headers['x-dey-tile-cache']).toBe('miss')
    } finally {
      await uncached.close()
    }
  })
})

describe('several layers in one tile (GET /api/tiles/{z}/{x}/{y}.mvt?layers=…)', () => {
  const getSet = (who: SignedIn, layers: string, query = '', headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: `${tileSetPath(...z14)}?layers=${layers}${query}`, headers: { ...who.headers, ...headers } })

  it('holds each layer exactly as its own endpoint gives it, in the viewer’s scope and with each layer’s filters', async () => {
    const layers = ['incidents', 'parcels', 'communities', 'concessions'] as const
    for (const [role, who] of [
      ['admin', admin],
      ['advocate', advocate],
      ['representative', rep],
    ] as const) {
      const set = await getSet(who, layers.join(','), '&kind=encroachment')
      expect(set.statusCode).toBe(200)
      expect(set.headers['content-type']).toBe('application/vnd.mapbox-vector-tile')
      expect(set.headers['cache-control']).toBe('private, no-cache')
      for (const layer of layers) {
        const alone = await getTile(who, layer, ...z14, '?kind=encroachment')
        expect(decode(set.rawPayload, layer), `${layer} for the ${role}`).toEqual(decode(alone.rawPayload, layer))
      }
      expect(
        Object.keys(new VectorTile(new PbfReader(set.rawPayload)).layers).every((name) => (layers as readonly string[]).includes(name)),
      ).toBe(true)
    }
    // The representative's set holds no other community's record; the advocate's no confidential incident.
    const forRep = await getSet(rep, 'incidents,parcels')
    expect(decode(forRep.rawPayload, 'parcels').map((feature) => feature.properties.id)).toEqual([ids.parcelOwn])
    expect(decode(forRep.rawPayload, 'incidents').map((feature) => feature.properties.id)).not.toContain(ids.otherPublic)
    const forAdvocate = await getSet(advocate, 'incidents')
    expect(decode(forAdvocate.rawPayload, 'incidents').map((feature) => feature.properties.id)).not.toContain(ids.ownSecret)
  })

  it('answers 304 while every layer is unchanged, and a new ETag after a write to any one of them', async () => {
    const first = await getSet(admin, 'incidents,concessions')
    expect(first.statusCode).toBe(200)
    const tag = first.headers.etag as string
    expect(tag).toMatch(/^".+"$/)
    expect((await getSet(admin, 'incidents,concessions', '', { 'if-none-match': tag })).statusCode).toBe(304)
    // Another set of layers, another scope or another filter is another tile.
    for (const other of [
      getSet(admin, 'incidents'),
      getSet(advocate, 'incidents,concessions'),
      getSet(admin, 'incidents,concessions', '&kind=violence'),
    ]) {
      const answer = await other
      expect(answer.statusCode).toBe(200)
      expect(answer.headers.etag).not.toBe(tag)
    }

    const added = await makeConcession(t.db, { name: 'Set probe', boundary: squareAround(NEAR, 0.0004) })
    const after = await getSet(admin, 'incidents,concessions', '', { 'if-none-match': tag })
    expect(after.statusCode).toBe(200)
    expect(after.headers.etag).not.toBe(tag)
    expect(decode(after.rawPayload, 'concessions').map((feature) => feature.properties.id)).toContain(added.id)
    expect(decode(after.rawPayload, 'incidents').length).toBeGreaterThan(0)
    await t.db.delete(concessions).where(eq(concessions.id, added.id))
  })

  it('refuses the whole request when one layer is not the viewer’s to see, and bad layer lists with 400', async () => {
    const refused = await getSet(advocate, 'incidents,evidence')
    expect(refused.statusCode).toBe(403)
    expect(refused.headers['content-type']).toContain('application/problem+json')
    for (const layers of ['', 'incidents,rivers', 'incidents,incidents']) {
      const res = await getSet(admin, layers)
      expect(res.statusCode, layers).toBe(400)
      expect(JSON.stringify(problemOf(res).errors)).toContain('layers')
    }
    const outside = await t.app.inject({ method: 'GET', url: '/api/tiles/6/64/0.mvt?layers=incidents', headers: admin.headers })
    expect(outside.statusCode).toBe(400)
    expect(JSON.stringify(problemOf(outside).errors)).toContain('x')
    expect(
      (await t.app.inject({ method: 'GET', url: `${tileSetPath(...z14)}?layers=incidents`, headers: { cookie: '' } })).statusCode,
    ).toBe(401)
  })
})

describe('refusals', () => {
  it.each([
    ['/api/tiles/incidents/21/0/0.mvt', 'z'],
    ['/api/tiles/incidents/6/64/0.mvt', 'x'],
    ['/api/tiles/incidents/6/0/64.mvt', 'y'],
    ['/api/tiles/incidents/6/1.5/0.mvt', 'x'],
    ['/api/tiles/incidents/abc/0/0.mvt', 'z'],
    ['/api/tiles/incidents/6/-1/0.mvt', 'x'],
    ['/api/tiles/rivers/6/0/0.mvt', 'layer'],
    ['/api/tiles/incidents/count?bbox=1,2,3', 'bbox'],
    ['/api/tiles/incidents/6/0/0.mvt?community=nope', 'community'],
  ])('%s → 400 naming %s', async (url, field) => {
    const res = await t.app.inject({ method: 'GET', url, headers: admin.headers })
    expect(res.statusCode).toBe(400)
    expect(JSON.stringify(problemOf(res).errors)).toContain(field)
  })

  it('evidence locations only for roles that may see them: advocates get 403', async () => {
    const [x, y] = [lonToTile(NEAR[0], 14), latToTile(NEAR[1], 14)]
    await t.db.insert(evidence).values({
      sha256: 'a'.repeat(64),
      sizeBytes: 1,
      mediaType: 'image/jpeg',
      title: 'Fence photo',
      communityId: ids.own,
      location: { type: 'Point', coordinates: NEAR },
    })
    expect((await getTile(advocate, 'evidence', 14, x, y)).statusCode).toBe(403)
    const forRep = await featuresAt(rep, 'evidence', 14, x, y)
    expect(forRep.map((feature) => feature.properties.title)).toEqual(['Fence photo'])
    expect(forRep[0]!.properties).toMatchObject({ mediaType: 'image/jpeg', hasThumbnail: false })
  })

  it('needs a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: tilePath('incidents', 0, 0, 0), headers: { cookie: '' } })
    expect(res.statusCode).toBe(401)
  })
})

describe.skipIf(testDriver !== 'postgres')('both producers (ST_AsMVT and SQL + Node) give the same tiles', () => {
  const adminViewer = (): Viewer => ({ id: admin.userId, role: 'admin', displayName: 'admin', communityIds: [] })
  const tiles: [TileLayer, number, number, number][] = [
    ['incidents', ...z14],
    ['parcels', ...z14],
    ['communities', ...z14],
    ['territories', ...z14],
    ['concessions', ...z14],
    ['concessions', 10, lonToTile(104.3, 10), latToTile(11.45, 10)],
    ['territories', 12, lonToTile(104.3, 12), latToTile(11.45, 12)],
    ['parcels', 12, lonToTile(104.3, 12), latToTile(11.45, 12)],
  ]

  it.each(tiles)('%s %i/%i/%i', async (layer, z, x, y) => {
    for (const viewer of [adminViewer(), repViewer]) {
      const fromDatabase = decode(await renderTile(t.db, 'database', viewer, { layer, z, x, y }, {}), layer)
      const fromNode = decode(await renderTile(t.db, 'node', viewer, { layer, z, x, y }, {}), layer)
      const byId = (features: Decoded[]) => new Map(features.map((feature) => [feature.properties.id as string, feature]))
      const a = byId(fromDatabase)
      const b = byId(fromNode)
      expect([...b.keys()].sort()).toEqual([...a.keys()].sort())
      expect(a.size).toBeGreaterThan(0)
      for (const [id, feature] of a) {
        const other = b.get(id)!
        expect(other.properties).toEqual(feature.properties)
        expect(other.type).toBe(feature.type)
        expectWithinAPixel(feature.geometry, other.geometry)
      }
    }
  })
})

/** Every vertex of one geometry lies within a pixel (16 tile units) of some vertex of the other, both ways. */
function expectWithinAPixel(a: { x: number; y: number }[][], b: { x: number; y: number }[][]) {
  const pixel = TILE_EXTENT / 256
  const near = (from: { x: number; y: number }[][], to: { x: number; y: number }[][]) =>
    from.flat().every((p) => to.flat().some((q) => Math.hypot(p.x - q.x, p.y - q.y) <= pixel))
  expect(near(a, b)).toBe(true)
  expect(near(b, a)).toBe(true)
}

it('serves every layer', () => {
  expect(TILE_LAYERS).toHaveLength(7)
})
