// GET /api/metrics: Prometheus text for a scraper holding METRICS_TOKEN, nothing for anyone else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { problemOf } from '../helpers/http.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

const TOKEN = 'scrape-token-0123456789abcdef'
const scraper = { authorization: `Bearer ${TOKEN}`, cookie: '' }

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ metrics: { token: TOKEN } })
})
afterAll(() => t?.close())

const scrape = async () => {
  const res = await t.app.inject({ url: '/api/metrics', headers: scraper })
  expect(res.statusCode).toBe(200)
  return res.body
}

/** The value of one series, e.g. `dey_http_requests_total{method="GET",route="/api/cases/:id",status_class="4xx"}`. */
function valueOf(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`)
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{`) && wanted.every((pair) => candidate.includes(pair)))
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0
}

// The exposition format: `# HELP`/`# TYPE` comments, and `name{label="value",…} number` samples.
const SAMPLE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? (-?[0-9.e+-]+|NaN|[+-]Inf)( -?\d+)?$/
const COMMENT = /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/

describe(`metrics on ${testDriver}`, () => {
  it('serves the Prometheus text format, every line of it well-formed', async () => {
    const res = await t.app.inject({ url: '/api/metrics', headers: scraper })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
    const lines = res.body.split('\n').filter(Boolean)
    expect(lines.length).toBeGreaterThan(50)
    for (const line of lines) expect(line).toMatch(line.startsWith('#') ? COMMENT : SAMPLE)
    // The process's own metrics (prom-client's defaults).
    expect(res.body).toMatch(/^process_cpu_user_seconds_total \d/m)
    expect(res.body).toMatch(/^nodejs_eventloop_lag_seconds \d/m)
    expect(res.body).toContain('# TYPE dey_http_request_duration_seconds histogram')
    // Every queue the app defines, even when empty: the dossier exports' among them.
    expect(res.body).toMatch(/^dey_job_queue_jobs\{queue="[a-z-]*dossier[a-z-]*",state="queued"\} 0$/m)
  })

  it('counts requests by route pattern, never by the URL with its ids', async () => {
    const route = { method: 'GET', route: '/api/cases/:id', status_class: '4xx' }
    const before = await scrape()
    const ids = [crypto.randomUUID(), crypto.randomUUID()]
    for (const id of ids) expect((await t.app.inject({ url: `/api/cases/${id}` })).statusCode).toBe(404)
    const after = await scrape()
    expect(valueOf(after, 'dey_http_requests_total', route) - valueOf(before, 'dey_http_requests_total', route)).toBe(2)
    expect(valueOf(after, 'dey_http_request_duration_seconds_count', route)).toBe(valueOf(after, 'dey_http_requests_total', route))
    for (const id of ids) expect(after).not.toContain(id)
    // An unknown path is one series, whatever was asked.
    await t.app.inject({ url: '/api/no-such-thing/12345' })
    const unknown = await scrape()
    expect(unknown).not.toContain('no-such-thing')
    expect(valueOf(unknown, 'dey_http_requests_total', { route: 'unmatched', status_class: '4xx' })).toBeGreaterThanOrEqual(1)
  })

  it(`reports the database pool ${testDriver === 'postgres' ? 'connections' : 'as absent (PGlite has one connection)'}`, async () => {
    const text = await scrape()
    if (testDriver === 'postgres') {
      expect(valueOf(text, 'dey_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1)
      expect(text).toMatch(/^dey_db_pool_connections\{state="waiting"\} \d+$/m)
    } else {
      expect(text).not.toMatch(/^dey_db_pool_connections\{/m)
    }
  })

  it('refuses a scrape without the token, or with a wrong one, with 401 problem+json', async () => {
    for (const headers of [
      { cookie: '' },
      { cookie: '', authorization: 'Bearer wrong-token-0123456789' },
      { cookie: '', authorization: TOKEN },
    ]) {
      const res = await t.app.inject({ url: '/api/metrics', headers })
      expect(res.statusCode).toBe(401)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"')
      expect(problemOf(res).code).toBe('metrics.unauthorized')
      expect(res.body).not.toContain('dey_http_requests_total')
    }
  })

  it('has no metrics route at all when no token is configured', async () => {
    const plain = await createTestApp()
    try {
      const res = await plain.app.inject({ url: '/api/metrics', headers: scraper })
      expect(res.statusCode).toBe(404)
      expect(problemOf(res).code).toBe('route.not_found')
    } finally {
      await plain.close()
    }
  })
})
