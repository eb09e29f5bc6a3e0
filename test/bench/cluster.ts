// Throughput of a signed-in list endpoint with 1, 2 and 4 app servers (`server/cli/serve.ts`
// processes) over one PostgreSQL database: 50 connections for 10 s from autocannon, in a process
// of its own, spread over the servers. Each figure is also given as a ratio to one server in the
// same run. Needs BENCH_DATABASE_URL (or TEST_DATABASE_URL), a server where the user may create
// databases; without one it says so and measures nothing.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import os, { availableParallelism } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import pg from 'pg'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const SERVER_COUNTS = [1, 2, 4]
const CONNECTIONS = 50
const SECONDS = Number(process.env.BENCH_CLUSTER_SECONDS ?? 10)
const WARMUP_SECONDS = 2
const ENDPOINT = '/api/cases'

export interface ClusterResult {
  servers: number
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  requests: number
  /** Answers other than 2xx, and connection errors: any of them makes the figure suspect. */
  failures: number
  /** The machine's 1-minute load average just before: other work on it skews the figures. */
  loadBefore: number
}

export interface ClusterBench {
  skipped?: string
  endpoint: string
  cores: number
  results: ClusterResult[]
}

export async function benchCluster(adminUrl: string | undefined): Promise<ClusterBench> {
  const cores = availableParallelism()
  if (!adminUrl) {
    return {
      skipped: 'set BENCH_DATABASE_URL=postgres://… to measure several app servers on PostgreSQL',
      endpoint: ENDPOINT,
      cores,
      results: [],
    }
  }
  const name = `dey_bench_cluster_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  // One DATA_DIR for all, as a shared mount would be (audit key, local evidence).
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'dey-bench-cluster-'))
  const env = {
    DATABASE_URL: url.toString(),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    DEY_DEMO: '1',
    // Background sweeps would take CPU from the requests being measured.
    REMINDER_INTERVAL_SECONDS: '0',
    DEY_STATS_REFRESH_SECONDS: '0',
    AUDIT_CHECKPOINT_MINUTES: '0',
  }
  const servers: ServerProcess[] = []
  try {
    // The first start migrates and loads the demo data; the others then start on a ready database.
    servers.push(await startServer(env))
    servers.push(
      ...(await Promise.all(SERVER_COUNTS.slice(-1).flatMap((count) => Array.from({ length: count - 1 }, () => startServer(env))))),
    )
    const cookie = await signIn(servers[0]!.baseUrl)
    for (const server of servers) await expectList(server.baseUrl, cookie)
    const results: ClusterResult[] = []
    for (const count of SERVER_COUNTS) {
      const urls = servers.slice(0, count).map((server) => `${server.baseUrl}${ENDPOINT}`)
      const loadBefore = os.loadavg()[0]!
      results.push({
        loadBefore,
        servers: count,
        ...(await runLoad({ urls, cookie, connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS })),
      })
    }
    return { endpoint: ENDPOINT, cores, results }
  } finally {
    await Promise.all(servers.map((server) => server.stop()))
    await rm(dataDir, { recursive: true, force: true })
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  }
}

async function signIn(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'demo-admin', password: 'demo-admin-2026' }),
  })
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`)
  return res.headers.get('set-cookie')!.split(';')[0]!
}

/** Every server serves the list to the one session: sessions live in the database. */
async function expectList(baseUrl: string, cookie: string) {
  const res = await fetch(`${baseUrl}${ENDPOINT}`, { headers: { cookie } })
  const body = (await res.json()) as { items?: unknown[] }
  if (res.status !== 200 || !body.items?.length)
    throw new Error(`${baseUrl}${ENDPOINT} answered ${res.status} with ${body.items?.length ?? 0} items`)
}

function runLoad(run: { urls: string[]; cookie: string; connections: number; seconds: number; warmupSeconds: number }) {
  return new Promise<Omit<ClusterResult, 'servers' | 'loadBefore'>>((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'test/bench/cluster-load.ts', JSON.stringify(run)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (chunk) => (stdout += chunk))
    child.stderr!.on('data', (chunk) => (stderr += chunk))
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`the load generator exited with ${code}:\n${stderr}`))
      const result = JSON.parse(stdout) as {
        requestsPerSecond: number
        requests: number
        p50Ms: number
        p99Ms: number
        non2xx: number
        errors: number
      }
      resolve({
        requestsPerSecond: result.requestsPerSecond,
        requests: result.requests,
        p50Ms: result.p50Ms,
        p99Ms: result.p99Ms,
        failures: result.non2xx + result.errors,
      })
    })
  })
}

interface ServerProcess {
  child: ChildProcess
  baseUrl: string
  stop(): Promise<unknown>
}

/**
 * serve.ts with LOG_LEVEL=warn (no line per request, which would measure the pipe to this process),
 * so it is known to be up when /api/health answers rather than by its "listening" log line.
 */
async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/serve.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const baseUrl = `http://127.0.0.1:${port}`
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM')
    return exited
  }
  // A first start that migrates and loads the demo data takes ~30 s on an idle 2-core machine.
  const deadline = Date.now() + 300_000
  while (Date.now() < deadline && child.exitCode === null) {
    if ((await fetch(`${baseUrl}/api/health`).catch(() => undefined))?.ok) return { child, baseUrl, stop }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  await stop()
  throw new Error(`the server did not start:\n${stderr}`)
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

export function formatCluster(bench: ClusterBench): string {
  const title = `\nSeveral app servers on one PostgreSQL: GET ${bench.endpoint} signed in, ${CONNECTIONS} connections for ${SECONDS} s (autocannon in its own process, connections spread over the servers)\n\n`
  if (bench.skipped) return `${title}Skipped: ${bench.skipped}.\n`
  const one = bench.results.find((result) => result.servers === 1)!
  const rows = bench.results.map(
    (result) =>
      `| ${result.servers} | ${result.requestsPerSecond.toFixed(0)} | ${(result.requestsPerSecond / one.requestsPerSecond).toFixed(2)} | ${result.p50Ms.toFixed(0)} | ${result.p99Ms.toFixed(0)} | ${(result.p99Ms / one.p99Ms).toFixed(2)} | ${result.failures} | ${result.loadBefore.toFixed(1)} |`,
  )
  const note =
    bench.cores < 4
      ? `\nThis machine has ${bench.cores} cores, shared by the servers, PostgreSQL and the load generator: ${bench.cores} server processes at most can add throughput, and 4 cannot scale here. The ratios show the cost of coordination, not the gain on a machine with a core per server. With a load average above the core count, other work shares the cores too, and more server processes win a larger share of them from it: that flatters 2 and 4 servers.\n`
      : `\n${bench.cores} cores, shared by the servers, PostgreSQL and the load generator.\n`
  return `${title}| servers | req/s | × one server | p50 ms | p99 ms | p99 × one server | non-2xx + errors | load average before |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n${rows.join('\n')}\n${note}`
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(formatCluster(await benchCluster(process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL)))
}
