// The benchmark's HTTP rows, measured through the real app (app.inject, no network): the list,
// search, statistics and overlaps paths at each size, the vector tiles by layer and zoom beside a
// bare ST_AsMVT on the same tile, tiles per second under 32 concurrent requests, and today's
// GeoJSON list path for the same screen. A route that does not exist yet (404) is a note, not a
// failure, so the same harness measures the code before and after issue 13.
import { sql } from 'drizzle-orm'
import pg from 'pg'
import { queryRows, type Db } from '../../../db/open.ts'
import type { App } from '../../../server/app.ts'
import { refreshLandStats } from '../../../server/features/stats/stats.queries.ts'
import { LAYER_MIN_ZOOM, tilePath, type TileLayer } from '../../../shared/tiles.ts'
import { parcelLabel } from './data.ts'
import { get, isOk, MISSING, runConcurrently, sampleGet, sampleWork, type Figure, type SampleOptions } from './measure.ts'
import { oldGeoJsonRequests, tileBlock, viewportTiles, type Tile } from './viewport.ts'

export const SCALING_ROWS = [
  'health (baseline)',
  'statistics catch-up after the load',
  '/api/stats',
  '/api/stats after a write',
  'parcels list, page 1',
  'parcels list, page 100',
  'incidents list, page 1',
  'incidents list, page 100',
  'parcels q= (1 hit)',
  'largest concession overlaps',
] as const
export type ScalingRow = (typeof SCALING_ROWS)[number]

const PAGE_SIZE = 50

/** Follows a list's cursor to its 100th page and returns that page's URL (or why it cannot). */
async function hundredthPage(app: App, cookie: string, path: string): Promise<string | Figure> {
  let url = `${path}?limit=${PAGE_SIZE}`
  for (let page = 1; page < 100; page++) {
    const answer = await get(app, cookie, url)
    if (answer.status === 404) return { ms: [], note: MISSING }
    if (!isOk(answer.status)) return { ms: [], note: `HTTP ${answer.status} on page ${page}` }
    const { nextCursor } = JSON.parse(answer.body.toString('utf8')) as { nextCursor?: string | null }
    if (!nextCursor) return { ms: [], note: `no page 100 (last page ${page})` }
    url = `${path}?limit=${PAGE_SIZE}&cursor=${encodeURIComponent(nextCursor)}`
  }
  return url
}

/**
 * One size's rows. `skip` names rows too slow at a smaller size to try again (their note says
 * so); a row that took longer than `skipAfterMs` is added to it.
 */
export async function measureScaling(
  app: App,
  db: Db,
  cookie: string,
  options: SampleOptions & { skip: Map<ScalingRow, string>; skipAfterMs: number; sizeLabel: string },
): Promise<Record<ScalingRow, Figure>> {
  const [largest] = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM concessions WHERE deleted_at IS NULL ORDER BY area_ha DESC LIMIT 1`,
  )
  const urls: Record<ScalingRow, () => Promise<string | Figure>> = {
    'health (baseline)': async () => '/api/health',
    // The precomputed land figures lag a bulk load until they are caught up, which a running server
    // does in the background (DEY_STATS_REFRESH_SECONDS); the bench app runs no background job, so
    // it catches up here, once, and /api/stats is then measured as users meet it.
    'statistics catch-up after the load': async () => {
      const started = performance.now()
      while ((await refreshLandStats(db, 200)) !== 0);
      return { ms: [performance.now() - started], note: 'once' }
    },
    '/api/stats': async () => '/api/stats',
    // Each request after a write to a table the statistics read (an UPDATE of no row still bumps
    // the table's version): the answer cannot come from the cache.
    '/api/stats after a write': () =>
      sampleGet(
        app,
        cookie,
        '/api/stats',
        options,
        async () => void (await db.execute(sql`UPDATE incidents SET title = title WHERE false`)),
      ),
    'parcels list, page 1': async () => `/api/parcels?limit=${PAGE_SIZE}`,
    'parcels list, page 100': () => hundredthPage(app, cookie, '/api/parcels'),
    'incidents list, page 1': async () => `/api/incidents?limit=${PAGE_SIZE}`,
    'incidents list, page 100': () => hundredthPage(app, cookie, '/api/incidents'),
    'parcels q= (1 hit)': async () => `/api/parcels?q=${parcelLabel(4321)}`,
    'largest concession overlaps': async () => `/api/concessions/${largest!.id}/overlaps`,
  }
  const results = {} as Record<ScalingRow, Figure>
  for (const row of SCALING_ROWS) {
    const skipped = options.skip.get(row)
    if (skipped) {
      results[row] = { ms: [], note: skipped }
      continue
    }
    const url = await urls[row]()
    const figure = typeof url === 'string' ? await sampleGet(app, cookie, url, options) : url
    const slowest = Math.max(0, ...figure.ms)
    // The catch-up is not a path under test but what the rows after it need: never skipped.
    const isPrerequisite = row === 'statistics catch-up after the load'
    if (!isPrerequisite && (slowest > options.skipAfterMs || figure.note?.startsWith('HTTP 5')))
      options.skip.set(
        row,
        `skipped: ${figure.note?.startsWith('HTTP') ? figure.note : `${(slowest / 1000).toFixed(0)} s`} at ${options.sizeLabel}`,
      )
    results[row] = figure
  }
  return results
}

// ---- Tiles ----------------------------------------------------------------------------------

/** The layers with data in the bench set (no evidence photos). */
export const BENCH_TILE_LAYERS = ['incidents', 'communities', 'territories', 'parcels', 'concessions', 'admin-areas'] as const
export const TILE_ZOOMS = [6, 8, 10, 11, 12, 14] as const

/** A bare ST_AsMVT of each layer's raw records, as one would write it in psql: no policy, no generalization. */
const BARE_SOURCES: Record<(typeof BENCH_TILE_LAYERS)[number], { table: string; column: string; where: string }> = {
  incidents: { table: 'incidents', column: 'location', where: 'deleted_at IS NULL' },
  communities: { table: 'communities', column: 'location', where: 'deleted_at IS NULL' },
  territories: { table: 'communities', column: 'territory', where: 'deleted_at IS NULL AND territory IS NOT NULL' },
  parcels: { table: 'parcels', column: 'boundary', where: 'deleted_at IS NULL' },
  concessions: { table: 'concessions', column: 'boundary', where: 'deleted_at IS NULL' },
  'admin-areas': { table: 'admin_areas', column: 'boundary', where: 'true' },
}

function bareTileSql(layer: (typeof BENCH_TILE_LAYERS)[number]) {
  const { table, column, where } = BARE_SOURCES[layer]
  return `SELECT ST_AsMVT(t, '${layer}', 4096, 'geom') AS tile FROM (
    SELECT id::text AS id, ST_AsMVTGeom(ST_Transform(${column}, 3857), ST_TileEnvelope($1, $2, $3), 4096, 64) AS geom
    FROM ${table}
    WHERE ${column} && ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096), 4326) AND ${where}
  ) t`
}

/** A pool like the app's (TECH-NOTES: jit off, no parallel gather), for the bare SQL baseline. */
export function openBarePool(url: string) {
  return new pg.Pool({ connectionString: url, max: 10, options: '-c jit=off -c max_parallel_workers_per_gather=0' })
}

async function bareTile(pool: pg.Pool, layer: (typeof BENCH_TILE_LAYERS)[number], tile: Tile): Promise<number> {
  const result = await pool.query<{ tile: Buffer | null }>(bareTileSql(layer), [tile.z, tile.x, tile.y])
  return result.rows[0]?.tile?.length ?? 0
}

export interface TileFigures {
  tiles: number
  cold: Figure
  warm: Figure
  /** Bytes of the whole screen's tiles of this layer. */
  viewportBytes?: number
  bare?: Figure
  bareViewportBytes?: number
}

/** Per layer and zoom: the screen's tiles fetched once (cold), then three more times (warm). */
export async function measureTiles(
  app: App,
  cookie: string,
  centre: readonly [number, number],
  bare: pg.Pool | undefined,
): Promise<Map<string, TileFigures>> {
  const results = new Map<string, TileFigures>()
  for (const layer of BENCH_TILE_LAYERS) {
    for (const z of TILE_ZOOMS) {
      if (z < LAYER_MIN_ZOOM[layer as TileLayer]) continue
      const tiles = viewportTiles(centre, z)
      const figures: TileFigures = { tiles: tiles.length, cold: { ms: [] }, warm: { ms: [] } }
      results.set(`${layer} z${z}`, figures)
      let viewportBytes = 0
      let failure: string | undefined
      for (const tile of tiles) {
        const answer = await get(app, cookie, tilePath(layer, tile.z, tile.x, tile.y))
        if (answer.status === 404) failure = MISSING
        else if (!isOk(answer.status)) failure = `HTTP ${answer.status}`
        if (failure) break
        figures.cold.ms.push(answer.ms)
        viewportBytes += answer.bytes
      }
      if (failure) {
        figures.cold = { ms: [], note: failure }
        figures.warm = { ms: [], note: failure }
      } else {
        figures.viewportBytes = viewportBytes
        for (let pass = 0; pass < 3; pass++)
          for (const tile of tiles) figures.warm.ms.push((await get(app, cookie, tilePath(layer, tile.z, tile.x, tile.y))).ms)
      }
      if (bare) {
        const ms: number[] = []
        let bytes = 0
        for (const tile of tiles) bytes += await bareTile(bare, layer, tile)
        for (let pass = 0; pass < 3; pass++)
          for (const tile of tiles) {
            const started = performance.now()
            await bareTile(bare, layer, tile)
            ms.push(performance.now() - started)
          }
        figures.bare = { ms }
        figures.bareViewportBytes = bytes
      }
    }
  }
  return results
}

export interface Throughput {
  tiles: number
  coldPerS?: number
  warmPerS?: number
  barePerS?: number
  note?: string
}

/** z12 parcel tiles, 32 requests in flight: a 16×16 block once (cold), then again (warm). */
export async function measureThroughput(
  app: App,
  cookie: string,
  centre: readonly [number, number],
  bare: pg.Pool | undefined,
): Promise<Throughput> {
  const tiles = tileBlock(centre, 12, 16)
  const result: Throughput = { tiles: tiles.length }
  let failure: string | undefined
  const fetchAll = () =>
    runConcurrently(
      tiles.map((tile) => async () => {
        const answer = await get(app, cookie, tilePath('parcels', tile.z, tile.x, tile.y))
        if (!isOk(answer.status)) failure = answer.status === 404 ? MISSING : `HTTP ${answer.status}`
      }),
      32,
    )
  const coldMs = await fetchAll()
  if (failure) result.note = failure
  else {
    result.coldPerS = (tiles.length / coldMs) * 1000
    result.warmPerS = (tiles.length / (await fetchAll())) * 1000
  }
  if (bare) {
    const bareMs = await runConcurrently(
      tiles.map((tile) => () => bareTile(bare, 'parcels', tile)),
      32,
    )
    result.barePerS = (tiles.length / bareMs) * 1000
  }
  return result
}

export interface GeoJsonPath {
  requests: number
  bytes: number
  /** Wall time of the layers' requests made together, as the browser makes them. */
  time: Figure
}

/** Today's map for the same screen: one GeoJSON list request per layer, all at once. */
export async function measureGeoJsonPath(
  app: App,
  cookie: string,
  centre: readonly [number, number],
  z: number,
  options: SampleOptions,
): Promise<GeoJsonPath> {
  const urls = oldGeoJsonRequests(centre, z)
  let bytes = 0
  let failure: string | undefined
  const time = await sampleWork(async () => {
    const answers = await Promise.all(urls.map((url) => get(app, cookie, url)))
    const failed = answers.find((a) => !isOk(a.status))
    if (failed) failure = `HTTP ${failed.status}`
    bytes = answers.reduce((sum, a) => sum + a.bytes, 0)
  }, options)
  return { requests: urls.length, bytes, time: failure ? { ms: [], note: failure } : time }
}
