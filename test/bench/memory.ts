// Memory of a real server process (`server/cli/serve.ts`) on the demo data set: RSS right after a
// start on an existing DATA_DIR, and after a fixed round of reads (the map's lists, statistics,
// search), with the peak. On PGlite and, with BENCH_DATABASE_URL, on PostgreSQL — the same app
// whose database lives in another process: the difference is what the embedded database costs.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export interface MemoryResult {
  driver: string
  afterStartMB: number
  afterLoadMB: number
  peakMB: number
  requests: number
}

const READS = [
  '/api/incidents?limit=100',
  '/api/communities?limit=500',
  '/api/stats',
  '/api/parcels?limit=500',
  '/api/concessions',
  '/api/cases',
  '/api/admin-areas?level=3&limit=500',
  '/api/incidents?q=land',
  '/api/incidents?bbox=102,10,108,15&format=geojson&limit=500',
]
const ROUNDS = 25

export async function benchMemory(postgresAdminUrl: string | undefined): Promise<MemoryResult[]> {
  const results = [await measureServer('pglite', {})]
  if (postgresAdminUrl) {
    const name = `dey_bench_mem_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: postgresAdminUrl })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    const url = new URL(postgresAdminUrl)
    url.pathname = `/${name}`
    try {
      results.push(await measureServer('postgres', { DATABASE_URL: url.toString() }))
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    }
  }
  return results
}

async function measureServer(driver: string, env: Record<string, string>): Promise<MemoryResult> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'dey-bench-memory-'))
  try {
    // The first start loads the demo data (a peak of its own); the second is a day's start.
    const first = await startServer({ ...env, DATA_DIR: dataDir })
    await stop(first.child)
    const server = await startServer({ ...env, DATA_DIR: dataDir })
    try {
      await new Promise((resolve) => setTimeout(resolve, 3000))
      const afterStartKb = await statusKb(server.child.pid!, 'VmRSS')
      const login = await fetch(`${server.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'demo-admin', password: 'demo-admin-2026' }),
      })
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!
      let requests = 0
      for (let round = 0; round < ROUNDS; round++) {
        for (const url of READS) {
          const res = await fetch(`${server.base}${url}`, { headers: { cookie } })
          if (res.status !== 200) throw new Error(`${url} answered ${res.status}`)
          await res.arrayBuffer()
          requests++
        }
      }
      return {
        driver,
        requests,
        afterStartMB: afterStartKb / 1024,
        afterLoadMB: (await statusKb(server.child.pid!, 'VmRSS')) / 1024,
        peakMB: (await statusKb(server.child.pid!, 'VmHWM')) / 1024,
      }
    } finally {
      await stop(server.child)
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
}

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/serve.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 180_000
  while (Date.now() < deadline) {
    if ((await fetch(`${base}/api/health`).catch(() => undefined))?.ok) return { child, base }
    if (child.exitCode !== null) break
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  child.kill('SIGKILL')
  throw new Error(`the server did not start:\n${output}`)
}

function stop(child: ChildProcess): Promise<unknown> {
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  return exited
}

async function statusKb(pid: number, field: string) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}
