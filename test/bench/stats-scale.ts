// /api/stats at scale on PostgreSQL, against a database holding a scratch data set:
//   psql "$URL" -v parcels=200000 -f test/bench/scale-data.sql
//   BENCH_DATABASE_URL="$URL" node --import tsx test/bench/stats-scale.ts
// Prints: the full rebuild of the precomputed land figures (what a bulk load costs once, in the
// background), then p50/p95 of GET /api/stats with nothing stale, of the answer right after a
// parcel edit, and of GET /api/health, through the whole app (app.inject, no network). The
// "before" figure is test/bench/stats-old-land.sql, the query each request used to run.
import { randomBytes } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { sql } from 'drizzle-orm'
import { migrateDatabase } from '../../db/migrate.ts'
import { liftStatementTimeout, openDatabase, queryRows } from '../../db/open.ts'
import { users } from '../../db/schema/index.ts'
import { buildApp } from '../../server/app.ts'
import { createLocalBlobStore } from '../../server/lib/local-blob-store.ts'
import { hashPassword } from '../../server/lib/passwords.ts'

const url = process.env.BENCH_DATABASE_URL
if (!url) throw new Error('set BENCH_DATABASE_URL to a PostgreSQL database holding test/bench/scale-data.sql')
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 30)

const database = await openDatabase({ databaseUrl: url, statementTimeoutMs: 15_000 })
await migrateDatabase(database)
const [size] = await queryRows<{ parcels: number; communities: number; concessions: number }>(
  database.db,
  sql`SELECT (SELECT count(*)::int FROM parcels) AS parcels, (SELECT count(*)::int FROM communities) AS communities,
             (SELECT count(*)::int FROM concessions) AS concessions`,
)

// The scratch loader skips triggers: everything is stale, as after any bulk load.
await database.db.execute(sql`DELETE FROM land_stats_cells`)
await database.db.execute(sql`SELECT land_stats_mark_all()`)
const rebuildStarted = performance.now()
for (let remaining = 1; remaining > 0;) {
  remaining = await database.db.transaction(async (tx) => {
    await liftStatementTimeout(tx)
    const [row] = await queryRows<{ remaining: number }>(tx, sql`SELECT land_stats_refresh(500) AS remaining`)
    return row!.remaining
  })
}
const rebuildS = (performance.now() - rebuildStarted) / 1000

const evidenceDir = await mkdtemp(path.join(os.tmpdir(), 'dey-bench-evidence-'))
const app = await buildApp({
  database,
  logger: false,
  clientDir: '/nonexistent',
  evidence: { store: createLocalBlobStore(evidenceDir), maxUploadBytes: 1024 ** 2, uploadsDir: path.join(evidenceDir, 'uploads') },
})
const email = `bench-${randomBytes(4).toString('hex')}@dey.local`
const password = 'benchmark password'
await database.db.insert(users).values({ email, displayName: 'Bench', role: 'admin', passwordHash: await hashPassword(password) })
const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: email, password } })
const cookie = `dey_session=${login.cookies.find((c) => c.name === 'dey_session')!.value}`

async function get(target: string) {
  const res = await app.inject({ url: target, headers: { cookie } })
  if (res.statusCode !== 200) throw new Error(`${target} answered ${res.statusCode}: ${res.body.slice(0, 300)}`)
}
async function timed(name: string, run: () => Promise<void>, before: () => Promise<void> = async () => {}) {
  const times: number[] = []
  for (let i = 0; i < ITERATIONS + 3; i++) {
    await before()
    const started = performance.now()
    await run()
    if (i >= 3) times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(times.length * q))]!.toFixed(1)
  process.stdout.write(`| ${name} | ${p(0.5)} | ${p(0.95)} |\n`)
}

const [parcel] = await queryRows<{ id: string }>(database.db, sql`SELECT id FROM parcels ORDER BY id LIMIT 1`)
let shift = 0
const editParcel = async () => {
  // Moves the parcel a little back and forth: one or two stale cells, as an edit in the field makes.
  shift = shift === 0 ? 0.0001 : 0
  await database.db.execute(sql`UPDATE parcels SET boundary = ST_Translate(boundary, ${shift === 0 ? -0.0001 : 0.0001}, 0)
                                WHERE id = ${parcel!.id}`)
}

process.stdout.write(
  `\n/api/stats on PostgreSQL: ${size!.parcels} parcels, ${size!.communities} communities, ${size!.concessions} concessions\n\n`,
)
process.stdout.write(
  `full rebuild of the precomputed land figures: ${rebuildS.toFixed(1)} s\n\n| request | p50 ms | p95 ms |\n|---|---:|---:|\n`,
)
await timed('GET /api/health', () => get('/api/health'))
await timed('GET /api/stats (nothing stale)', () => get('/api/stats'))
await timed('GET /api/stats?province=… (nothing stale)', () => get('/api/stats?province=Scratch%20province%207'))
await timed('GET /api/stats right after a parcel edit', () => get('/api/stats'), editParcel)
await app.close()
await database.close()
