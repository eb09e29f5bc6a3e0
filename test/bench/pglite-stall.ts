// What one long query does to every other request on the embedded PGlite (one connection,
// single-threaded WebAssembly): `/api/health` answered while it runs. Also checks whether
// statement_timeout cancels anything there (it does not: PGlite has no timer signals).
//   BENCH_PARCELS=10000 node --import tsx test/bench/pglite-stall.ts
// The data set is test/bench/scale-data.sql's (2,000 communities, 300 concessions).
import { readFile, mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import { sql } from 'drizzle-orm'
import { migrateDatabase } from '../../db/migrate.ts'
import { openDatabase, queryRows } from '../../db/open.ts'
import { users } from '../../db/schema/index.ts'
import { buildApp } from '../../server/app.ts'
import { createLocalBlobStore } from '../../server/lib/local-blob-store.ts'
import { hashPassword } from '../../server/lib/passwords.ts'

const PARCELS = Number(process.env.BENCH_PARCELS ?? 10_000)
const here = path.dirname(fileURLToPath(import.meta.url))
const database = await openDatabase({})
const pglite = database.pglite!
await migrateDatabase(database)

// scale-data.sql without psql's meta-commands, and its ANALYZE/summary lines.
const script = (await readFile(path.join(here, 'scale-data.sql'), 'utf8'))
  .split('\n')
  .filter((line) => !line.startsWith('\\') && !line.startsWith('--'))
  .join('\n')
  .replaceAll(':parcels', String(PARCELS))
const loadStarted = performance.now()
await pglite.exec(script)
await pglite.exec('SELECT land_stats_mark_all()')
const loadS = (performance.now() - loadStarted) / 1000

const evidenceDir = await mkdtemp(path.join(os.tmpdir(), 'dey-bench-evidence-'))
const app = await buildApp({
  database,
  logger: false,
  clientDir: '/nonexistent',
  evidence: { store: createLocalBlobStore(evidenceDir), maxUploadBytes: 1024 ** 2, uploadsDir: path.join(evidenceDir, 'uploads') },
})
const password = 'benchmark password'
await database.db
  .insert(users)
  .values({ email: 'bench@dey.local', displayName: 'Bench', role: 'admin', passwordHash: await hashPassword(password) })
const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'bench@dey.local', password } })
const cookie = `dey_session=${login.cookies.find((c) => c.name === 'dey_session')!.value}`
const health = async () => {
  const started = performance.now()
  await app.inject({ url: '/api/health', headers: { cookie } })
  return performance.now() - started
}

/** Runs `work` while /api/health is asked every 20 ms; the work's time and the slowest answers. */
async function whileRunning(name: string, work: () => Promise<unknown>) {
  const latencies: number[] = []
  let isDone = false
  const prober = (async () => {
    while (!isDone) {
      latencies.push(await health())
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  })()
  const started = performance.now()
  await work()
  const workMs = performance.now() - started
  isDone = true
  await prober
  latencies.sort((a, b) => a - b)
  const max = latencies.at(-1) ?? 0
  process.stdout.write(`| ${name} | ${workMs.toFixed(0)} | ${latencies.length} | ${max.toFixed(0)} |\n`)
}

const idle: number[] = []
for (let i = 0; i < 30; i++) idle.push(await health())
idle.sort((a, b) => a - b)

const oldLand = (await readFile(path.join(here, 'stats-old-land.sql'), 'utf8'))
  .split('\n')
  .filter((line) => !line.startsWith('\\') && !line.startsWith('--') && !line.startsWith('SET'))
  .join('\n')

process.stdout.write(`\nPGlite, ${PARCELS} parcels (loaded in ${loadS.toFixed(1)} s); /api/health idle p50 ${idle[15]!.toFixed(1)} ms\n\n`)
process.stdout.write('| while this runs | its ms | health answers | slowest health ms |\n|---|---:|---:|---:|\n')
await whileRunning('full rebuild of the land figures (one call)', () => queryRows(database.db, sql`SELECT land_stats_refresh(100000)`))
await whileRunning('the old per-request land query (national unions)', () => pglite.exec(oldLand))
await whileRunning('GET /api/stats (precomputed, nothing stale)', () => app.inject({ url: '/api/stats', headers: { cookie } }))
await whileRunning('refresh of 50 stale cells (one background batch)', async () => {
  await queryRows(
    database.db,
    sql`INSERT INTO land_stats_dirty_cells (cell_x, cell_y)
                                   SELECT DISTINCT cell_x, cell_y FROM land_stats_cells ORDER BY 1, 2 LIMIT 50`,
  )
  await queryRows(database.db, sql`SELECT land_stats_refresh(50)`)
})

await pglite.exec('SET statement_timeout = 100')
const sleepStarted = performance.now()
await pglite.query('SELECT pg_sleep(1)')
process.stdout.write(
  `\nstatement_timeout = 100 ms, then pg_sleep(1): finished after ${(performance.now() - sleepStarted).toFixed(0)} ms (not cancelled)\n`,
)
await app.close()
await database.close()
