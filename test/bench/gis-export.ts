// GIS export throughput: N generated parcels (small squares, Khmer labels), the whole layer, exported
// through the real API on loopback HTTP to curl — GET /api/parcels/export.geojson (streamed a page at a time) and
// export.gpkg (a GeoPackage built whole, then sent) — in MB/s of file and the process's peak RSS
// growth while each runs (the embedded PGlite database runs in the same process, so its work is
// counted too; with BENCH_DATABASE_URL, PostgreSQL as well). `npm run bench` runs it with BENCH_EXPORT_PARCELS parcels (20,000 by default, to
// keep the run short; the README's figures are for 200,000). Alone:
// `BENCH_EXPORT_PARCELS=200000 node --import tsx test/bench/gis-export.ts`.
import { sql } from 'drizzle-orm'
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import pg from 'pg'
import { migrateDatabase } from '../../db/migrate.ts'
import { openDatabase } from '../../db/open.ts'
import { communities, users } from '../../db/schema/index.ts'
import { buildApp } from '../../server/app.ts'
import { createLocalBlobStore } from '../../server/lib/local-blob-store.ts'
import { hashPassword } from '../../server/lib/passwords.ts'

export interface GisExportResult {
  driver: 'pglite' | 'postgres'
  parcels: number
  formats: { format: string; seconds: number; sizeMB: number; MBps: number; featuresPerSecond: number; rssGrowthMB: number }[]
}

/** On PGlite, or on a scratch database created (and dropped) through `adminUrl`, a PostgreSQL server's. */
export async function benchGisExport(parcelCount: number, adminUrl?: string, formats = ['geojson', 'gpkg']): Promise<GisExportResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dey-bench-export-'))
  const scratch = adminUrl ? await createScratchDatabase(adminUrl) : undefined
  const database = await openDatabase({ databaseUrl: scratch?.url })
  try {
    await migrateDatabase(database)
    const [community] = await database.db
      .insert(communities)
      .values({
        name: 'Bench community',
        nameKm: 'សហគមន៍សាកល្បង',
        kind: 'land_community',
        province: 'Kampong Chhnang',
        location: { type: 'Point', coordinates: [104.5, 12.5] },
      })
      .returning({ id: communities.id })
    // 500 squares a row, 150 m apart, in Kampong Chhnang: valid, inside Cambodia, never overlapping.
    for (let start = 0; start < parcelCount; start += 10_000) {
      const end = Math.min(parcelCount, start + 10_000) - 1
      await database.db.execute(sql`INSERT INTO parcels (community_id, label, boundary)
        SELECT ${community!.id}::uuid, 'ដីស្រែ parcel ' || i,
          ST_Multi(ST_MakeEnvelope(104.0 + (i % 500) * 0.0015, 12.0 + (i / 500) * 0.0015,
            104.0 + (i % 500) * 0.0015 + 0.001, 12.0 + (i / 500) * 0.0015 + 0.001, 4326))
        FROM generate_series(${start}::int, ${end}::int) AS i`)
    }
    // As autovacuum would have by now on PostgreSQL (PGlite has none): the planner's row counts.
    await database.db.execute(sql`ANALYZE`)
    const app = await buildApp({
      database,
      logger: false,
      clientDir: '/nonexistent',
      evidence: { store: createLocalBlobStore(dir), maxUploadBytes: 1024 ** 2, uploadsDir: path.join(dir, 'uploads') },
      security: { loginRateLimit: 1000 },
    })
    const password = 'benchmark password'
    await database.db
      .insert(users)
      .values({ email: 'bench-export@dey.local', displayName: 'Bench', role: 'admin', passwordHash: await hashPassword(password) })
    await app.listen({ host: '127.0.0.1', port: 0 })
    try {
      const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
      const login = await fetch(`${origin}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'bench-export@dey.local', password }),
      })
      const cookie = login.headers
        .getSetCookie()
        .find((c) => c.startsWith('dey_session='))!
        .split(';')[0]!
      const results: GisExportResult['formats'] = []
      for (const format of formats) {
        global.gc?.()
        const before = process.memoryUsage().rss
        let peak = before
        const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
        const started = performance.now()
        // curl saves nothing (/dev/null), in its own process: a client in this one would share the
        // server's event loop (measured 8× slower with fetch).
        const { stdout } = await promisify(execFile)('curl', [
          '-sS',
          '--fail',
          '-o',
          '/dev/null',
          '-w',
          '%{size_download}',
          '-H',
          `cookie: ${cookie}`,
          `${origin}/api/parcels/export.${format}`,
        ])
        const bytes = Number(stdout)
        const seconds = (performance.now() - started) / 1000
        clearInterval(sampler)
        peak = Math.max(peak, process.memoryUsage().rss)
        const sizeMB = bytes / 1024 ** 2
        results.push({
          format,
          seconds,
          sizeMB,
          MBps: sizeMB / seconds,
          featuresPerSecond: parcelCount / seconds,
          rssGrowthMB: (peak - before) / 1024 ** 2,
        })
      }
      return { driver: scratch ? 'postgres' : 'pglite', parcels: parcelCount, formats: results }
    } finally {
      await app.close()
    }
  } finally {
    await database.close()
    await scratch?.drop()
    await rm(dir, { recursive: true, force: true })
  }
}

async function createScratchDatabase(adminUrl: string) {
  const name = `dey_bench_export_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    },
  }
}

export function formatGisExport(results: GisExportResult[]): string {
  const rows = results.flatMap((result) =>
    result.formats.map(
      (r) =>
        `| ${result.driver} | ${r.format} | ${r.seconds.toFixed(1)} s | ${r.sizeMB.toFixed(1)} MB | ${r.MBps.toFixed(1)} MB/s | ${r.featuresPerSecond.toFixed(0)} | ${r.rssGrowthMB.toFixed(0)} MB |`,
    ),
  )
  return ['| driver | format | time | file | MB/s | parcels/s | peak RSS growth |', '|---|---|---:|---:|---:|---:|---:|', ...rows, ''].join(
    '\n',
  )
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const count = Number(process.env.BENCH_EXPORT_PARCELS ?? 20_000)
  const results = [await benchGisExport(count)]
  if (process.env.BENCH_DATABASE_URL) results.push(await benchGisExport(count, process.env.BENCH_DATABASE_URL))
  process.stdout.write(`\nGIS export of ${count} parcels, loopback HTTP\n\n${formatGisExport(results)}`)
}
