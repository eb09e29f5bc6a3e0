// `npm run bench`: API latency of the main read paths on the demo data set, on embedded PGlite
// and (with BENCH_DATABASE_URL=postgres://…, a server where the user may create databases) on
// PostgreSQL. Each figure is also given as a ratio to the baseline measured in the same run —
// `GET /api/health`, one trivial query through the whole stack (every other request also passes
// the session check) — so runs on different machines
// can be compared.
import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { createLocalBlobStore } from '../../server/lib/local-blob-store.ts'
import { loadAdminAreas } from '../../db/admin-areas/load-admin-areas.ts'
import { migrateDatabase } from '../../db/migrate.ts'
import { openDatabase, type Database } from '../../db/open.ts'
import { loadDemoData } from '../../db/seed/index.ts'
import { users } from '../../db/schema/index.ts'
import { hashPassword } from '../../server/lib/passwords.ts'
import { benchMemory } from './memory.ts'
import { benchUpload } from './upload.ts'
import { benchBackup, formatBackupBench } from './backup.ts'
import { benchAuditCost, formatAuditCost, type AuditCost } from './audit-cost.ts'
import { benchGisExport, formatGisExport } from './gis-export.ts'
import { benchGisImport, formatGisImport } from './gis-import.ts'
import { buildApp, type App } from '../../server/app.ts'
import { benchCluster, formatCluster } from './cluster.ts'

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 60)
const WARMUP = 5

interface Scenario {
  name: string
  url: (ids: DemoIds) => string
  headers?: Record<string, string>
}

interface DemoIds {
  concessionId: string
  communityId: string
  parcelId: string
}

const BASELINE = 'health (baseline)'

const scenarios: Scenario[] = [
  { name: BASELINE, url: () => '/api/health' },
  { name: 'communities, first page (50)', url: () => '/api/communities?limit=50' },
  { name: 'incidents, 500 with community names', url: () => '/api/incidents?limit=500' },
  { name: 'incidents in a bbox, GeoJSON', url: () => '/api/incidents?bbox=104,11,108,15&format=geojson&limit=500' },
  { name: 'incidents within 50 km of a point', url: () => '/api/incidents?near=106.98,13.74&radiusM=50000' },
  { name: 'incidents, Khmer free text', url: () => `/api/incidents?q=${encodeURIComponent('ភូមិ')}` },
  { name: 'parcels in a bbox, GeoJSON', url: () => '/api/parcels?bbox=102,10,108,15&format=geojson&limit=500' },
  { name: 'concession overlaps', url: (ids) => `/api/concessions/${ids.concessionId}/overlaps` },
  { name: 'community overlaps', url: (ids) => `/api/communities/${ids.communityId}/overlaps` },
  { name: 'parcel conflicts', url: (ids) => `/api/parcels/${ids.parcelId}/conflicts` },
  { name: 'admin areas at a point', url: () => '/api/admin-areas?point=104.92,11.56' },
  { name: 'statistics', url: () => '/api/stats' },
  { name: 'calendar (ICS feed)', url: () => '/api/calendar.ics' },
]

interface Result {
  driver: string
  scenario: string
  p50Ms: number
  p95Ms: number
  perSecond: number
}

async function measure(app: App, driver: string, ids: DemoIds, cookie: string): Promise<Result[]> {
  const results: Result[] = []
  for (const scenario of scenarios) {
    const url = scenario.url(ids)
    const run = async () => {
      const res = await app.inject({ url, headers: { ...scenario.headers, cookie } })
      if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}: ${res.body.slice(0, 200)}`)
    }
    for (let i = 0; i < WARMUP; i++) await run()
    const times: number[] = []
    const started = performance.now()
    for (let i = 0; i < ITERATIONS; i++) {
      const t0 = performance.now()
      await run()
      times.push(performance.now() - t0)
    }
    const elapsedS = (performance.now() - started) / 1000
    times.sort((a, b) => a - b)
    results.push({
      driver,
      scenario: scenario.name,
      p50Ms: times[Math.floor(times.length * 0.5)]!,
      p95Ms: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))]!,
      perSecond: ITERATIONS / elapsedS,
    })
  }
  return results
}

async function prepare(database: Database): Promise<{ app: App; ids: DemoIds; cookie: string }> {
  await migrateDatabase(database)
  await loadAdminAreas(database.db)
  await loadDemoData(database.db)
  const evidenceDir = await mkdtemp(path.join(os.tmpdir(), 'dey-bench-evidence-'))
  const app = await buildApp({
    database,
    logger: false,
    clientDir: '/nonexistent',
    evidence: { store: createLocalBlobStore(evidenceDir), maxUploadBytes: 2 * 1024 ** 3, uploadsDir: path.join(evidenceDir, 'uploads') },
  })
  // Every API call needs a session: the bench signs in as an admin, as a person would.
  const password = 'benchmark password'
  await database.db
    .insert(users)
    .values({ email: 'bench@dey.local', displayName: 'Bench', role: 'admin', passwordHash: await hashPassword(password) })
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'bench@dey.local', password } })
  const cookie = `dey_session=${login.cookies.find((c) => c.name === 'dey_session')!.value}`
  const first = async (url: string) => ((await app.inject({ url, headers: { cookie } })).json() as { items: { id: string }[] }).items[0]!.id
  const ids = {
    concessionId: await first('/api/concessions?limit=1'),
    communityId: await first('/api/communities?limit=1&kind=indigenous_community'),
    parcelId: await first('/api/parcels?limit=1&sort=-areaHa'),
  }
  return { app, ids, cookie }
}

const auditCosts: { driver: string; costs: AuditCost[] }[] = []

async function benchPglite(): Promise<Result[]> {
  const database = await openDatabase({})
  const { app, ids, cookie } = await prepare(database)
  try {
    const results = await measure(app, 'pglite', ids, cookie)
    auditCosts.push({ driver: 'pglite', costs: await benchAuditCost(database.db) })
    return results
  } finally {
    await app.close()
    await database.close()
  }
}

async function benchPostgres(adminUrl: string): Promise<Result[]> {
  const name = `dey_bench_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const database = await openDatabase({ databaseUrl: url.toString() })
  try {
    const { app, ids, cookie } = await prepare(database)
    const results = await measure(app, 'postgres', ids, cookie)
    auditCosts.push({ driver: 'postgres', costs: await benchAuditCost(database.db) })
    await app.close()
    return results
  } finally {
    await database.close()
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  }
}

function printTable(results: Result[]) {
  const header = ['driver', 'scenario', 'p50 ms', 'p95 ms', 'req/s', '× baseline p50']
  const rows = results.map((r) => {
    const baseline = results.find((b) => b.driver === r.driver && b.scenario === BASELINE)!
    return [r.driver, r.scenario, r.p50Ms.toFixed(2), r.p95Ms.toFixed(2), r.perSecond.toFixed(0), (r.p50Ms / baseline.p50Ms).toFixed(1)]
  })
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`
  process.stdout.write(`${line(header)}\n|${widths.map((w, i) => (i < 2 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|\n`)
  for (const row of rows) process.stdout.write(`${line(row)}\n`)
}

const uploadSizeMB = Number(process.env.BENCH_UPLOAD_MB ?? 1024)
const upload = await benchUpload(uploadSizeMB)

const results = await benchPglite()
if (process.env.BENCH_DATABASE_URL) results.push(...(await benchPostgres(process.env.BENCH_DATABASE_URL)))
process.stdout.write(
  `\nDey API read paths, demo data set, ${ITERATIONS} requests each after ${WARMUP} warm-up (app.inject, no network)\n\n`,
)
printTable(results)

process.stdout.write(
  `\nAudit trail, cost per written row: the same INSERT … SELECT with the table's audit trigger off (baseline), as migration 0004 wrote it, and as now (median of interleaved rounds, same database)\n\n`,
)
process.stdout.write(formatAuditCost(auditCosts))

process.stdout.write(
  `\nEvidence upload, ${uploadSizeMB} MB over loopback HTTP (multipart → SHA-256 → disk), against this machine's ceiling (tee | sha256sum, same file, same run)\n\n`,
)
process.stdout.write('| measure | value |\n|---|---:|\n')
process.stdout.write(`| ceiling: read + SHA-256 + write | ${upload.ceilingMBps.toFixed(0)} MB/s |\n`)
process.stdout.write(`| upload through the API | ${upload.uploadMBps.toFixed(0)} MB/s |\n`)
process.stdout.write(`| upload / ceiling | ${(upload.ratio * 100).toFixed(0)} % (target ≥ 60 %) |\n`)
process.stdout.write(`| server peak RSS growth during the upload | ${upload.rssGrowthMB.toFixed(0)} MB (target < 64 MB) |\n`)

process.stdout.write(`\nDossier export of the community holding that file (background job → streamed ZIP → download), same run\n\n`)
process.stdout.write('| measure | value |\n|---|---:|\n')
process.stdout.write(
  `| export job, from request to done | ${upload.dossier.seconds.toFixed(1)} s (${upload.dossier.MBps.toFixed(0)} MB/s of evidence) |\n`,
)
process.stdout.write(`| export / ceiling | ${(upload.dossier.ratio * 100).toFixed(0)} % |\n`)
process.stdout.write(`| ZIP size | ${upload.dossier.zipMB.toFixed(0)} MB |\n`)
process.stdout.write(
  `| server peak RSS growth during the export | ${upload.dossier.rssGrowthMB.toFixed(0)} MB (target < 64 MB: the ZIP is streamed, never held in memory) |\n`,
)
process.stdout.write(`| npm run dossier:verify on the ZIP | ${upload.dossier.verified} |\n`)

const memory = await benchMemory(process.env.BENCH_DATABASE_URL)
const postgresMemory = memory.find((m) => m.driver === 'postgres')
process.stdout.write(
  `\nServer memory (RSS of serve.ts on the demo data set): after a start on an existing DATA_DIR, and after ${memory[0]!.requests} reads${postgresMemory ? '; × PostgreSQL: the same app with its database in another process, same run' : ''}\n\n`,
)
process.stdout.write(
  `| driver | after start | after the reads | peak |${postgresMemory ? ' after the reads × PostgreSQL |' : ''}\n|---|---:|---:|---:|${postgresMemory ? '---:|' : ''}\n`,
)
for (const m of memory) {
  const ratio = postgresMemory ? ` ${(m.afterLoadMB / postgresMemory.afterLoadMB).toFixed(1)} |` : ''
  process.stdout.write(
    `| ${m.driver} | ${m.afterStartMB.toFixed(0)} MB | ${m.afterLoadMB.toFixed(0)} MB | ${m.peakMB.toFixed(0)} MB |${ratio}\n`,
  )
}

// 20,000 by default to keep the run short; the README's figures are for BENCH_EXPORT_PARCELS=200000.
const exportParcels = Number(process.env.BENCH_EXPORT_PARCELS ?? 20_000)
const gisExports = [await benchGisExport(exportParcels)]
if (process.env.BENCH_DATABASE_URL) gisExports.push(await benchGisExport(exportParcels, process.env.BENCH_DATABASE_URL))
process.stdout.write(
  `\nGIS export of ${exportParcels} parcels through the API (loopback HTTP; on PGlite the RSS includes the embedded database)\n\n`,
)
process.stdout.write(formatGisExport(gisExports))

// 2,000 by default to keep the run short; the README's figures are for BENCH_IMPORT_FEATURES=50000.
const importFeatures = Number(process.env.BENCH_IMPORT_FEATURES ?? 2_000)
process.stdout.write(
  `\nGIS import of a generated ${importFeatures}-polygon zipped shapefile through the API (upload, dry run, commit; then the same file again, every record unchanged, as the baseline)\n\n`,
)
process.stdout.write(formatGisImport(await benchGisImport(importFeatures), 'pglite'))
if (process.env.BENCH_DATABASE_URL) {
  process.stdout.write(formatGisImport(await benchGisImport(importFeatures, process.env.BENCH_DATABASE_URL), 'postgres'))
}

// 1, 2 and 4 app server processes over one PostgreSQL, under autocannon in its own process.
process.stdout.write(formatCluster(await benchCluster(process.env.BENCH_DATABASE_URL)))

// Recovery time: backup, restore into an empty DATA_DIR (or database) and backup:verify, each a
// process of its own, on the demo data set and on it plus BENCH_BACKUP_GB of synthetic evidence.
const backupGB = Number(process.env.BENCH_BACKUP_GB ?? 1)
const backupRows = await benchBackup(backupGB)
if (process.env.BENCH_DATABASE_URL) backupRows.push(...(await benchBackup(backupGB, process.env.BENCH_DATABASE_URL)))
process.stdout.write(`\nBackups and restore: the demo data set, then with ${backupGB} GB of evidence added (100 MB files)\n\n`)
process.stdout.write(formatBackupBench(backupRows))
