// Recovery time, measured as an operator meets it: `npm run backup`, `npm run restore` into an
// empty DATA_DIR (or database), `npm run backup:verify`, each a process of its own, first on the
// demo data set, then on the demo data set plus BENCH_BACKUP_GB of synthetic evidence (100 MB files
// of random bytes, one evidence record each). Also a second backup with nothing new (incremental).
// `node --import tsx test/bench/backup.ts` alone, or as part of `npm run bench`; with
// BENCH_DATABASE_URL (a server where the user may create databases) PostgreSQL too.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { openDatabase } from '../../db/open.ts'
import { communities, evidence } from '../../db/schema/index.ts'
import { createLocalBlobStore } from '../../server/lib/local-blob-store.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const FILE_BYTES = 100 * 1024 ** 2

export interface BackupBenchRow {
  driver: 'pglite' | 'postgres'
  dataSet: string
  evidenceGB: number
  backupSeconds: number
  incrementalSeconds: number
  restoreSeconds: number
  verifySeconds: number
}

export async function benchBackup(evidenceGB: number, adminUrl?: string): Promise<BackupBenchRow[]> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'dey-bench-backup-'))
  const databases: string[] = []
  const newDatabase = async (): Promise<Record<string, string>> => {
    if (!adminUrl) return {}
    const name = `dey_bench_backup_${randomBytes(4).toString('hex')}`
    await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`))
    databases.push(name)
    const url = new URL(adminUrl)
    url.pathname = `/${name}`
    return { DATABASE_URL: url.toString() }
  }
  const driver = adminUrl ? 'postgres' : 'pglite'
  try {
    const source = { DATA_DIR: path.join(work, 'source'), ...(await newDatabase()) }
    await cli('seed', [], source)
    const rows: BackupBenchRow[] = []
    const measure = async (dataSet: string, gb: number) => {
      const target = path.join(work, 'target')
      const backup = await timed(() => cli('backup', [target], source))
      const incremental = await timed(() => cli('backup', [target], source))
      const restored = { DATA_DIR: path.join(work, 'restored'), ...(await newDatabase()) }
      const restore = await timed(() => cli('restore', [target], restored))
      const verify = await timed(() => cli('backup-verify', [target], { ...restored }))
      rows.push({
        driver,
        dataSet,
        evidenceGB: gb,
        backupSeconds: backup,
        incrementalSeconds: incremental,
        restoreSeconds: restore,
        verifySeconds: verify,
      })
      await rm(restored.DATA_DIR, { recursive: true, force: true })
      await rm(target, { recursive: true, force: true })
    }
    await measure('demo', 0)
    if (evidenceGB > 0) {
      await addSyntheticEvidence(source, evidenceGB)
      await measure(`demo + ${evidenceGB} GB of 100 MB files`, evidenceGB)
    }
    return rows
  } finally {
    await rm(work, { recursive: true, force: true })
    for (const name of databases) await withClient(adminUrl!, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
  }
}

/** 100 MB files of random bytes (one random buffer, each file made distinct by its first bytes), one evidence record each. */
async function addSyntheticEvidence(env: { DATA_DIR: string; DATABASE_URL?: string }, gb: number) {
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: path.join(env.DATA_DIR, 'pglite') })
  const store = createLocalBlobStore(path.join(env.DATA_DIR, 'evidence'))
  try {
    const [community] = await database.db.select({ id: communities.id }).from(communities).limit(1)
    const bytes = randomBytes(FILE_BYTES)
    const files = Math.round((gb * 1024 ** 3) / FILE_BYTES)
    for (let i = 0; i < files; i++) {
      randomBytes(32).copy(bytes)
      const staged = await store.stage(Readable.from([bytes]), { maxBytes: FILE_BYTES })
      await staged.commit()
      await database.db.insert(evidence).values({
        sha256: staged.sha256,
        sizeBytes: staged.sizeBytes,
        mediaType: 'video/mp4',
        title: `Synthetic video ${i + 1}`,
        communityId: community!.id,
      })
    }
  } finally {
    await database.close()
  }
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const startedAt = performance.now()
  await run()
  return (performance.now() - startedAt) / 1000
}

function cli(script: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `server/cli/${script}.ts`, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'development', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${script} ${args.join(' ')} exited with ${code}:\n${output}`)),
    )
  })
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

export function formatBackupBench(rows: BackupBenchRow[]): string {
  const s = (seconds: number) => `${seconds.toFixed(1)} s`
  const lines = [
    '| database | data set | backup | next backup (nothing new) | restore | backup:verify | restore + verify |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.driver} | ${r.dataSet} | ${s(r.backupSeconds)} | ${s(r.incrementalSeconds)} | ${s(r.restoreSeconds)} | ${s(r.verifySeconds)} | ${s(r.restoreSeconds + r.verifySeconds)} |`,
    ),
  ]
  return `${lines.join('\n')}\n`
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const gb = Number(process.env.BENCH_BACKUP_GB ?? 1)
  const rows = await benchBackup(gb)
  if (process.env.BENCH_DATABASE_URL) rows.push(...(await benchBackup(gb, process.env.BENCH_DATABASE_URL)))
  process.stdout.write(formatBackupBench(rows))
}
