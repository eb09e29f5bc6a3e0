// `npm run bench:map`: issue 13's national-scale benchmark. Generates the large data set
// (test/bench/map/data.ts) on PostgreSQL and on PGlite, grows it through the sizes asked
// (parcels; the other layers are full-size from the start), and measures at each size the list,
// search, statistics and overlaps paths; at the largest size the vector tiles by layer and zoom
// (beside a bare ST_AsMVT on PostgreSQL), tiles/s under 32 concurrent requests and today's
// GeoJSON list path for the same screen; and, on PostgreSQL, the home map in Chromium. Every
// request goes through the real app (app.inject, or a started server for the browser), so the
// same run measures today's code and the code after issue 13: a route that does not exist yet
// prints "n/a (endpoint missing)".
//
//   npm run bench:map -- [--sizes=10000,50000,200000] [--pglite-sizes=…] [--engines=postgres,pglite]
//                        [--rows=http,browser] [--no-browser] [--no-build]
//
// PostgreSQL: BENCH_DATABASE_URL (or DATABASE_URL), a server where the user may create databases
// (default postgres://postgres@127.0.0.1:5432/postgres); the run creates a scratch database named
// BENCH_DB_PREFIX + random (default dey_bench_map_) and drops it. PGlite: a temporary data folder.
import { spawnSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import type { DriverName } from '../../../db/open.ts'
import { addParcels, densestPlace, FULL_SIZES, generateMapData, type GenerationTimes } from './data.ts'
import { launchChromium, openMapContext, panAndRecordFrames, settle, startMapServer, waitForDrawnData } from './browser.ts'
import {
  BENCH_TILE_LAYERS,
  measureGeoJsonPath,
  measureScaling,
  measureThroughput,
  measureTiles,
  openBarePool,
  SCALING_ROWS,
  TILE_ZOOMS,
  type GeoJsonPath,
  type ScalingRow,
  type Throughput,
  type TileFigures,
} from './http-rows.ts'
import { p50, percentile, type Figure, type SampleOptions } from './measure.ts'
import { createBenchDatabase, startBenchApp, type BenchDatabase } from './setup.ts'
import { refreshLandStats } from '../../../server/features/stats/stats.queries.ts'
import { kb, latency, ms, printTable, ratio } from './table.ts'

// ---- Options --------------------------------------------------------------------------------

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=')
    return [key!, value ?? 'true'] as const
  }),
)
const parseSizes = (text: string | undefined, fallback: number[]) =>
  text
    ? text
        .split(',')
        .map((s) => Number(s.trim()))
        .filter((n) => Number.isInteger(n) && n > 0)
    : fallback
const sizes: Record<DriverName, number[]> = {
  postgres: parseSizes(args.get('sizes'), [10_000, 50_000, 200_000]).sort((a, b) => a - b),
  // Measured (2 shared cores): PGlite grows the set to 200k parcels in about 3.5 min (PostgreSQL
  // 1–2 min), and today's slow paths are capped by the skip rule: the same sizes by default.
  pglite: parseSizes(args.get('pglite-sizes') ?? args.get('sizes'), [10_000, 50_000, 200_000]).sort((a, b) => a - b),
}
const engines = (args.get('engines') ?? 'postgres,pglite').split(',') as DriverName[]
/** Which rows to measure: the HTTP ones, the browser ones (PostgreSQL only), or both. */
const rows = new Set((args.get('rows') ?? 'http,browser').split(','))
const withBrowser = rows.has('browser') && !args.has('no-browser')
const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const namePrefix = process.env.BENCH_DB_PREFIX ?? 'dey_bench_map_'
/** Today's /api/stats takes minutes at these sizes: PostgreSQL cuts any statement at this. */
const statementTimeoutS = Number(process.env.BENCH_STATEMENT_TIMEOUT_S ?? 60)
const sampling: SampleOptions = { iterations: Number(process.env.BENCH_ITERATIONS ?? 30), budgetMs: 5_000, slowMs: 2_000 }
/** A row slower than this at one size is not run again at the larger ones. */
const skipAfterMs = 20_000

const log = (message: string) => process.stderr.write(`[bench:map ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
const sizeLabel = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n))

// ---- Measuring ------------------------------------------------------------------------------

interface EngineResults {
  generation?: GenerationTimes
  /** Time to grow the parcels to each size after the first. */
  growthMs: Map<number, number>
  scaling: Map<number, Record<ScalingRow, Figure>>
  largestSize?: number
  tiles?: Map<string, TileFigures>
  throughput?: Throughput
  geojson?: Map<number, GeoJsonPath>
  browser?: BrowserFigures
  error?: string
}

interface BrowserFigures {
  firstDrawnMs: number[]
  countryFrames: number[]
  districtFrames: number[]
  note?: string
}

const CAMBODIA_CENTRE = { lng: 104.99, lat: 12.57 }

async function measureEngine(engine: DriverName): Promise<EngineResults> {
  const results: EngineResults = { growthMs: new Map(), scaling: new Map() }
  const engineSizes = sizes[engine]
  // PGlite has one connection: its batches run one after the other anyway.
  const parallel = engine === 'postgres' ? 2 : 1
  log(`${engine}: creating the database`)
  const bench = await createBenchDatabase(engine, { adminUrl, namePrefix, statementTimeoutS })
  try {
    const { db } = bench.database
    log(`${engine}: generating ${sizeLabel(engineSizes[0]!)} parcels and the other layers`)
    results.generation = await generateMapData(db, { ...FULL_SIZES, parcels: engineSizes[0]! }, { parallel })
    log(`${engine}: generated in ${(results.generation.totalMs / 1000).toFixed(1)} s`)
    const centre = await densestPlace(db)
    if (rows.has('http')) await measureHttp(engine, bench, centre, parallel, results)
    const largest = engineSizes.at(-1)!
    if ((results.largestSize ?? engineSizes[0]!) < largest) {
      log(`${engine}: growing the parcels to ${sizeLabel(largest)}`)
      results.growthMs.set(
        largest,
        await addParcels(db, results.largestSize ?? engineSizes[0]!, largest, FULL_SIZES.communities, { parallel }),
      )
    }
    results.largestSize = largest
    if (engine === 'postgres' && withBrowser && bench.url) {
      // As a server that has run a while after the load: otherwise its background catch-up of the
      // statistics competes with the map for the two cores.
      log(`${engine}: catching the statistics up before the browser`)
      while ((await refreshLandStats(db, 500)) > 0);
      log(`${engine}: the map in Chromium`)
      results.browser = await measureBrowser(bench.url, centre)
    }
  } catch (error) {
    results.error = error instanceof Error ? (error.stack ?? error.message) : String(error)
    log(`${engine}: FAILED: ${results.error}`)
  } finally {
    await bench.dispose()
  }
  return results
}

/** The HTTP rows: each size in turn (growing the parcels), then tiles and the GeoJSON path at the largest. */
async function measureHttp(engine: DriverName, bench: BenchDatabase, centre: [number, number], parallel: number, results: EngineResults) {
  const { db } = bench.database
  const benchApp = await startBenchApp(bench.database)
  const bare = engine === 'postgres' && bench.url ? openBarePool(bench.url) : undefined
  try {
    const skip = new Map<ScalingRow, string>()
    let current = sizes[engine][0]!
    for (const size of sizes[engine]) {
      if (size > current) {
        log(`${engine}: growing the parcels to ${sizeLabel(size)}`)
        results.growthMs.set(size, await addParcels(db, current, size, FULL_SIZES.communities, { parallel }))
        current = size
      }
      log(`${engine}: list, search, statistics and overlaps at ${sizeLabel(size)}`)
      results.scaling.set(
        size,
        await measureScaling(benchApp.app, db, benchApp.cookie, { ...sampling, skip, skipAfterMs, sizeLabel: sizeLabel(size) }),
      )
    }
    results.largestSize = current
    log(`${engine}: tiles at ${sizeLabel(current)}`)
    results.tiles = await measureTiles(benchApp.app, benchApp.cookie, centre, bare)
    log(`${engine}: tiles/s with 32 in flight`)
    results.throughput = await measureThroughput(benchApp.app, benchApp.cookie, centre, bare)
    log(`${engine}: today's GeoJSON path`)
    results.geojson = new Map()
    for (const z of TILE_ZOOMS) results.geojson.set(z, await measureGeoJsonPath(benchApp.app, benchApp.cookie, centre, z, sampling))
  } finally {
    await bare?.end()
    await benchApp.close()
  }
}

function buildClient(): string | undefined {
  if (args.has('no-build')) return undefined
  log('building the client (npm run build; --no-build to use dist/client as it is)')
  const build = spawnSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
  return build.status === 0 ? undefined : `n/a (the client build failed: ${build.stderr.slice(-300)})`
}

async function measureBrowser(databaseUrl: string, centre: readonly [number, number]): Promise<BrowserFigures> {
  const figures: BrowserFigures = { firstDrawnMs: [], countryFrames: [], districtFrames: [] }
  const buildFailure = buildClient()
  if (buildFailure) return { ...figures, note: buildFailure }
  const server = await startMapServer(databaseUrl)
  const browser = await launchChromium()
  try {
    // The home map as it opens (Cambodia), three times: the first also loads the bundle.
    for (let run = 0; run < 3; run++) {
      const context = await openMapContext(browser, server.baseUrl)
      const page = await context.newPage()
      await page.goto('/', { waitUntil: 'commit' })
      figures.firstDrawnMs.push(await waitForDrawnData(page))
      await context.close()
    }
    for (const [view, frames] of [
      [{ ...CAMBODIA_CENTRE, zoom: 7 }, figures.countryFrames],
      [{ lng: centre[0], lat: centre[1], zoom: 12 }, figures.districtFrames],
    ] as const) {
      const context = await openMapContext(browser, server.baseUrl, view)
      const page = await context.newPage()
      await page.goto('/')
      await waitForDrawnData(page)
      await settle(page)
      frames.push(...(await panAndRecordFrames(page)))
      frames.push(...(await panAndRecordFrames(page, 20, { dx: 40, dy: 25 })))
      await context.close()
    }
  } catch (error) {
    // What was measured before the failure is still reported.
    figures.note = `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`
  } finally {
    await browser.close()
    await server.stop()
  }
  return figures
}

// ---- Report ---------------------------------------------------------------------------------

const GOALS: Partial<Record<ScalingRow, string>> = {
  '/api/stats': '≤ 200 ms',
  '/api/stats after a write': '≤ 200 ms',
  'parcels list, page 1': 'p95 ≤ 50 ms',
  'parcels list, page 100': 'p95 ≤ 50 ms',
  'incidents list, page 1': 'p95 ≤ 50 ms',
  'incidents list, page 100': 'p95 ≤ 50 ms',
  'parcels q= (1 hit)': 'p95 ≤ 50 ms',
}

function report(all: Partial<Record<DriverName, EngineResults>>, totalS: number) {
  const pgr = all.postgres
  const lite = all.pglite
  process.stdout.write(
    `\n## npm run bench:map — ${new Date().toISOString()}, ${totalS.toFixed(0)} s in all\n` +
      `Requests through the real app in-process (app.inject); p50 / p95 in ms unless marked; baseline = /api/health in the same run.\n`,
  )

  printTable(
    'Generation of the data set (2,000 communities with territories, 300 concessions of 500–3,000 vertices, 100,000 incidents, parcels of 6–40 vertices)',
    ['engine', 'communities', 'concessions', 'incidents', 'first parcels', 'growth', 'total'],
    (['postgres', 'pglite'] as const)
      .filter((e) => all[e]?.generation)
      .map((e) => {
        const r = all[e]!
        const g = r.generation!
        const growth = [...r.growthMs].map(([size, t]) => `→${sizeLabel(size)} ${ms(t)}`).join(', ')
        const total = g.totalMs + [...r.growthMs.values()].reduce((a, b) => a + b, 0)
        return [
          e,
          ms(g.communitiesMs),
          ms(g.concessionsMs),
          ms(g.incidentsMs),
          `${sizeLabel(sizes[e][0]!)} ${ms(g.parcelsMs)}`,
          growth || '—',
          ms(total),
        ]
      }),
  )

  const allSizes = [...new Set([...(pgr?.scaling.keys() ?? []), ...(lite?.scaling.keys() ?? [])])].sort((a, b) => a - b)
  const scalingRows: string[][] = []
  for (const row of SCALING_ROWS)
    for (const size of allSizes) {
      const a = pgr?.scaling.get(size)
      const b = lite?.scaling.get(size)
      scalingRows.push([
        `${row} @${sizeLabel(size)}`,
        latency(a?.[row]),
        ratio(p50(a?.[row]), p50(a?.['health (baseline)'])),
        latency(b?.[row]),
        ratio(p50(b?.[row]), p50(b?.['health (baseline)'])),
        ratio(p50(b?.[row]), p50(a?.[row])),
        GOALS[row] ?? '',
      ])
    }
  printTable(
    'Lists, search, statistics and overlaps by number of parcels (goals at 200k on PostgreSQL, flat from 10k)',
    ['row @parcels', 'PostgreSQL', '× health', 'PGlite', '× health', 'PGlite / PG', 'goal'],
    scalingRows,
  )

  const tileRows: string[][] = []
  for (const layer of BENCH_TILE_LAYERS)
    for (const z of TILE_ZOOMS) {
      const key = `${layer} z${z}`
      const a = pgr?.tiles?.get(key)
      const b = lite?.tiles?.get(key)
      if (!a && !b) continue
      tileRows.push([
        key,
        String(a?.tiles ?? b?.tiles ?? ''),
        latency(a?.cold),
        latency(a?.warm),
        kb(a?.viewportBytes),
        latency(a?.bare),
        kb(a?.bareViewportBytes),
        ratio(p50(a?.warm), p50(a?.bare)),
        latency(b?.cold),
        latency(b?.warm),
        ratio(p50(b?.warm), p50(a?.warm)),
      ])
    }
  printTable(
    `Vector tiles at the densest place, one 1440×900 screen of tiles per zoom, at ${sizeLabel(pgr?.largestSize ?? lite?.largestSize ?? 0)} parcels (goal: p95 ≤ 50 ms on PostgreSQL; bare = raw records through ST_AsMVT in SQL, no policy, no generalization)`,
    [
      'layer zoom',
      'tiles',
      'PG cold',
      'PG warm',
      'PG screen bytes',
      'bare SQL',
      'bare bytes',
      'warm / bare',
      'PGlite cold',
      'PGlite warm',
      'PGlite / PG',
    ],
    tileRows,
  )

  printTable(
    'Tiles per second, z12 parcels, 256 distinct tiles with 32 requests in flight (goal ≥ 300/s on PostgreSQL)',
    ['engine', 'cold', 'warm (same tiles again)', 'bare SQL (pool of 10)'],
    (['postgres', 'pglite'] as const)
      .filter((e) => all[e]?.throughput)
      .map((e) => {
        const t = all[e]!.throughput!
        const rate = (n: number | undefined) => (n === undefined ? (t.note ?? '—') : `${n.toFixed(0)}/s`)
        return [e, rate(t.coldPerS), rate(t.warmPerS), t.barePerS === undefined ? '—' : `${t.barePerS.toFixed(0)}/s`]
      }),
  )

  const shownLayers = ['incidents', 'communities', 'territories', 'parcels', 'concessions']
  const viewportRows = TILE_ZOOMS.map((z) => {
    const g = pgr?.geojson?.get(z)
    const gl = lite?.geojson?.get(z)
    const tileBytes = (r: EngineResults | undefined) => {
      const figures = shownLayers.map((layer) => r?.tiles?.get(`${layer} z${z}`)).filter((f) => f?.viewportBytes !== undefined)
      return figures.length ? figures.reduce((sum, f) => sum + f!.viewportBytes!, 0) : undefined
    }
    const tb = tileBytes(pgr) ?? tileBytes(lite)
    const geoBytes = g?.bytes ?? gl?.bytes
    return [
      `z${z}`,
      String(g?.requests ?? gl?.requests ?? ''),
      kb(geoBytes),
      latency(g?.time),
      latency(gl?.time),
      tb === undefined ? 'n/a (endpoint missing)' : kb(tb),
      tb === undefined || !geoBytes ? '—' : `1/${(geoBytes / Math.max(tb, 1)).toFixed(1)}`,
      z === 6 ? 'tiles ≤ 1/20 of GeoJSON' : '',
    ]
  })
  printTable(
    "Today's GeoJSON list path for the same screen (what client/features/map/api.ts requests: one padded bbox per layer, capped) vs the screen's tiles",
    ['zoom', 'requests', 'GeoJSON bytes', 'PG time', 'PGlite time', 'tile bytes (5 layers)', 'tiles / GeoJSON', 'goal'],
    viewportRows,
  )

  const browser = pgr?.browser
  if (browser || withBrowser) {
    const frames = (values: number[] | undefined) =>
      values?.length
        ? `${ms(percentile(values, 0.95))} (p50 ${ms(percentile(values, 0.5))}, max ${ms(Math.max(...values))}, ${values.length} frames)`
        : '—'
    printTable(
      `Chromium, 1440×900, started server on the ${sizeLabel(pgr?.largestSize ?? 0)} PostgreSQL data set, signed in as an admin, no basemap (offline outlines)`,
      ['measure', 'value', 'goal'],
      [
        ['time to first drawn data, home map (3 loads: ms)', browser?.firstDrawnMs.map(ms).join(', ') || '—', '≤ 1.5 s'],
        ['frame time p95 while panning, country zoom (z7)', frames(browser?.countryFrames), '≤ 33 ms'],
        ['frame time p95 while panning, district zoom (z12)', frames(browser?.districtFrames), '≤ 33 ms'],
        ...(browser?.note ? [['browser rows', browser.note, '']] : []),
      ],
    )
  }
  for (const e of ['postgres', 'pglite'] as const) if (all[e]?.error) process.stdout.write(`\n${e} FAILED: ${all[e]!.error}\n`)
}

const started = performance.now()
const all: Partial<Record<DriverName, EngineResults>> = {}
for (const engine of engines) all[engine] = await measureEngine(engine)
report(all, (performance.now() - started) / 1000)
