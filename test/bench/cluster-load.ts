// The cluster bench's load generator (autocannon), run in a process of its own so that the load
// and the servers are separate processes. Argument: the run as JSON; prints the result as JSON.
import { createRequire } from 'node:module'

interface LoadRun {
  urls: string[]
  cookie: string
  connections: number
  seconds: number
  warmupSeconds: number
}

interface Histogram {
  average: number
  total: number
  p50: number
  p99: number
}

type Autocannon = (options: object) => Promise<{ requests: Histogram; latency: Histogram; non2xx: number; errors: number }>

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon
const run = JSON.parse(process.argv[2] ?? '{}') as LoadRun
// Several URLs: autocannon spreads its connections over them in turn, as a balancer with
// keep-alive connections to its upstreams would.
const result = await autocannon({
  url: run.urls,
  connections: run.connections,
  duration: run.seconds,
  headers: { cookie: run.cookie },
  warmup: { connections: run.connections, duration: run.warmupSeconds },
})
process.stdout.write(
  JSON.stringify({
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  }),
)
