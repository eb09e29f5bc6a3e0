// Prometheus metrics at GET /api/metrics, served only when METRICS_TOKEN is set and only to a
// scraper that sends it as a bearer token: request rate and latency by route, the job queues'
// depth (lib/jobs.ts), the database pool, and the process (CPU, memory, event-loop lag, garbage collection).
// Each app server is scraped on its own; Prometheus sums them.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import { AppError } from './app-error.ts'

export interface MetricsOptions {
  /** The bearer token a scraper must send (METRICS_TOKEN). */
  token: string
}

/** Seconds; a request slower than 10 s is counted in +Inf. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

export const createMetricsTokenError = () =>
  new AppError('metrics.unauthorized', 401, 'Send the metrics token as "Authorization: Bearer <token>"')

/** Registers the metrics route and the hooks that measure; nothing at all without options. */
export function registerMetrics(app: FastifyInstance, options: MetricsOptions | undefined) {
  if (!options) return
  // A registry per app: tests build several apps in one process, and each counts its own requests.
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const labelNames = ['method', 'route', 'status_class'] as const
  const requests = new Counter({
    name: 'dey_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status class',
    labelNames,
    registers: [registry],
  })
  const latency = new Histogram({
    name: 'dey_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route pattern and status class',
    labelNames,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })
  new Gauge({
    name: 'dey_db_pool_connections',
    help: 'PostgreSQL pool connections of this server: total open, idle, and queries waiting for one',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const stats = app.database.poolStats?.()
      if (!stats) return
      this.set({ state: 'total' }, stats.total)
      this.set({ state: 'idle' }, stats.idle)
      this.set({ state: 'waiting' }, stats.waiting)
    },
  })
  new Gauge({
    name: 'dey_job_queue_jobs',
    help: 'Background jobs per queue: queued (waiting to run) and active (running on some server)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      for (const [queue, depth] of Object.entries(await app.jobs.depth())) {
        this.set({ queue, state: 'queued' }, depth.queued)
        this.set({ queue, state: 'active' }, depth.active)
      }
    },
  })

  app.addHook('onResponse', async (request, reply) => {
    const labels = { method: request.method, route: routeLabel(request), status_class: `${Math.floor(reply.statusCode / 100)}xx` }
    requests.inc(labels)
    latency.observe(labels, reply.elapsedTime / 1000)
  })

  const expected = digest(options.token)
  app.get('/api/metrics', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const header = request.headers.authorization ?? ''
    const sent = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : ''
    // Compared as digests: equal lengths, and the time taken tells nothing about the token.
    if (!timingSafeEqual(digest(sent), expected)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"')
      throw createMetricsTokenError()
    }
    return reply
      .header('cache-control', 'no-store')
      .type(registry.contentType)
      .send(await registry.metrics())
  })
}

/** The route's pattern (`/api/cases/:id`), never the URL: ids would make a series per record. */
function routeLabel(request: FastifyRequest): string {
  if (request.is404) return 'unmatched'
  return request.routeOptions.url ?? 'unmatched'
}

const digest = (text: string) => createHash('sha256').update(text).digest()
