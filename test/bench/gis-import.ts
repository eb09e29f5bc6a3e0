// GIS import throughput: a generated zipped shapefile of N parcel polygons (32-vertex rings with a
// Khmer label and an id), uploaded through the API, dry-run and committed as a background job —
// features per second of each step, and the process's peak RSS growth while it runs (the embedded
// PGlite database runs in the same process and is counted too). The same file imported again (all
// unchanged) is the baseline a full write is compared with. `npm run bench` runs it with
// BENCH_IMPORT_FEATURES features (10,000 by default, to keep the run short; the README's figures
// are for 50,000). Alone: `BENCH_IMPORT_FEATURES=50000 node --import tsx test/bench/gis-import.ts`.
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { pipeline } from 'node:stream/promises'
import { pathToFileURL } from 'node:url'
import { ZipArchive } from 'archiver'
import pg from 'pg'
import { migrateDatabase } from '../../db/migrate.ts'
import { openDatabase, type Database } from '../../db/open.ts'
import { communities, users } from '../../db/schema/index.ts'
import { buildApp, type App } from '../../server/app.ts'
import { createLocalBlobStore } from '../../server/lib/local-blob-store.ts'
import { hashPassword } from '../../server/lib/passwords.ts'
import { writeShapefile } from '../helpers/shapefile-writer.ts'
import { multipart } from '../helpers/multipart.ts'

export interface GisImportResult {
  features: number
  fileMB: number
  steps: { step: string; seconds: number; featuresPerSecond: number; rssGrowthMB: number }[]
}

const VERTICES = 32

/** N parcel rings in Kampong Chhnang and Pursat, 250 a row, never overlapping. */
async function writeParcelShapefile(dir: string, count: number) {
  const ring = (i: number) => {
    const [cx, cy] = [103.5 + (i % 250) * 0.004, 12.0 + Math.floor(i / 250) * 0.004]
    const points = Array.from({ length: VERTICES }, (_, k) => {
      const angle = (-2 * Math.PI * k) / VERTICES
      return [cx + 0.0015 * Math.cos(angle), cy + 0.0015 * Math.sin(angle)]
    })
    return [...points, points[0]!]
  }
  const rows = Math.ceil(count / 250)
  const files = await writeShapefile(dir, 'parcels', {
    shapeType: 5,
    count,
    shape: ring,
    bbox: [103.498, 11.998, 104.502, 12.002 + rows * 0.004],
    fields: [
      { name: 'plot_id', length: 10, value: (i) => `P${i}` },
      // UTF-8 in a DBF, as QGIS writes it (the .cpg says so).
      { name: 'label', length: 40, value: (i) => Buffer.from(`ដីស្រែ ${i}`, 'utf8') },
    ],
  })
  const zipPath = path.join(dir, 'parcels.zip')
  const archive = new ZipArchive()
  const written = pipeline(archive, createWriteStream(zipPath))
  for (const file of files) archive.file(file.path, { name: file.name })
  archive.append('UTF-8', { name: 'parcels.cpg' })
  archive.append(
    'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["Degree",0.017453292519943295]]',
    { name: 'parcels.prj' },
  )
  await archive.finalize()
  await written
  return zipPath
}

/** Peak RSS growth over `work`, sampled every 50 ms. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; rssGrowthMB: number }> {
  const start = process.memoryUsage().rss
  let peak = start
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50)
  try {
    const value = await work()
    peak = Math.max(peak, process.memoryUsage().rss)
    return { value, rssGrowthMB: (peak - start) / 1024 ** 2 }
  } finally {
    clearInterval(timer)
  }
}

async function waitForJob(app: App, cookie: string, id: string) {
  for (;;) {
    const job = (await app.inject({ url: `/api/imports/${id}`, headers: { cookie } })).json() as Record<string, unknown> & {
      status: string
    }
    if (!['dry_run_running', 'committing'].includes(job.status)) return job
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** On PGlite, or on a scratch database created on the PostgreSQL server at `adminUrl` (and dropped after). */
export async function benchGisImport(featureCount: number, adminUrl?: string): Promise<GisImportResult> {
  if (!adminUrl) return benchOn(featureCount, undefined)
  const name = `dey_bench_import_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  try {
    const url = new URL(adminUrl)
    url.pathname = `/${name}`
    return await benchOn(featureCount, url.toString())
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  }
}

async function benchOn(featureCount: number, databaseUrl: string | undefined): Promise<GisImportResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dey-bench-import-'))
  const database: Database = await openDatabase(databaseUrl ? { databaseUrl } : {})
  try {
    await migrateDatabase(database)
    await database.db.insert(communities).values({
      name: 'Bench import community',
      kind: 'land_community',
      province: 'Kampong Chhnang',
      location: { type: 'Point', coordinates: [103.9, 12.2] },
    })
    const app = await buildApp({
      database,
      logger: false,
      clientDir: '/nonexistent',
      evidence: {
        store: createLocalBlobStore(path.join(dir, 'evidence')),
        maxUploadBytes: 2 * 1024 ** 3,
        uploadsDir: path.join(dir, 'uploads'),
      },
    })
    await app.ready()
    const password = 'benchmark password'
    await database.db
      .insert(users)
      .values({ email: 'bench@dey.local', displayName: 'Bench', role: 'admin', passwordHash: await hashPassword(password) })
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'bench@dey.local', password } })
    const cookie = `dey_session=${login.cookies.find((c) => c.name === 'dey_session')!.value}`

    const zip = await readFile(await writeParcelShapefile(dir, featureCount))
    const steps: GisImportResult['steps'] = []
    const timed = async (step: string, work: () => Promise<unknown>) => {
      const started = performance.now()
      const { rssGrowthMB } = await withPeakRss(work)
      const seconds = (performance.now() - started) / 1000
      steps.push({ step, seconds, featuresPerSecond: featureCount / seconds, rssGrowthMB })
    }
    const importOnce = async (label: string) => {
      let id = ''
      await timed(`${label}: upload + inspect`, async () => {
        const body = multipart({ sourceName: 'Bench survey' }, [{ filename: 'parcels.zip', bytes: zip }])
        const res = await app.inject({ method: 'POST', url: '/api/imports', payload: body.payload, headers: { ...body.headers, cookie } })
        if (res.statusCode !== 201) throw new Error(`upload answered ${res.statusCode}: ${res.body.slice(0, 300)}`)
        id = (res.json() as { id: string }).id
      })
      const configured = await app.inject({
        method: 'PATCH',
        url: `/api/imports/${id}`,
        payload: {
          target: 'parcels',
          mapping: { externalId: 'plot_id', name: 'label' },
          options: { defaults: { community: 'Bench import community' } },
        },
        headers: { cookie },
      })
      if (configured.statusCode !== 200) throw new Error(`mapping answered ${configured.statusCode}: ${configured.body.slice(0, 300)}`)
      for (const step of ['dry-run', 'commit'] as const) {
        await timed(`${label}: ${step}`, async () => {
          const res = await app.inject({ method: 'POST', url: `/api/imports/${id}/${step}`, headers: { cookie } })
          if (res.statusCode !== 202) throw new Error(`${step} answered ${res.statusCode}: ${res.body.slice(0, 300)}`)
          const job = await waitForJob(app, cookie, id)
          if (job.refused !== 0 || !['dry_run_done', 'committed'].includes(job.status)) {
            throw new Error(`${step} ended ${job.status} with ${String(job.refused)} refused: ${String(job.error)}`)
          }
        })
      }
    }
    await importOnce('new records')
    await importOnce('same file again (unchanged)')
    await app.close()
    return { features: featureCount, fileMB: zip.length / 1024 ** 2, steps }
  } finally {
    await database.close()
    await rm(dir, { recursive: true, force: true })
  }
}

export function formatGisImport(result: GisImportResult, driver: string) {
  const lines = ['| driver | step | seconds | features/s | peak RSS growth |', '|---|---|---:|---:|---:|']
  for (const step of result.steps) {
    lines.push(
      `| ${driver} | ${step.step} | ${step.seconds.toFixed(1)} | ${step.featuresPerSecond.toFixed(0)} | ${step.rssGrowthMB.toFixed(0)} MB |`,
    )
  }
  return `${lines.join('\n')}\n`
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const count = Number(process.env.BENCH_IMPORT_FEATURES ?? 10_000)
  const result = await benchGisImport(count)
  process.stdout.write(`\nGIS import of a generated ${count}-polygon shapefile (${result.fileMB.toFixed(1)} MB zipped), PGlite\n\n`)
  process.stdout.write(formatGisImport(result, 'pglite'))
  if (process.env.BENCH_DATABASE_URL) {
    process.stdout.write(formatGisImport(await benchGisImport(count, process.env.BENCH_DATABASE_URL), 'postgres'))
  }
}
