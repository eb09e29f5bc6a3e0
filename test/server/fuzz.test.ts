// Property-based tests: whatever a client sends in a query string or a body, the API answers
// with a result or a problem+json 4xx — never a 500.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemoData } from '../../db/seed/index.ts'
import { BboxParam } from '../../shared/geo.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
let queryParamsByPath: Map<string, string[]>

beforeAll(async () => {
  t = await createTestApp()
  await loadDemoData(t.db, new Date('2026-11-28T00:00:00Z'))
  const document = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>
  }
  queryParamsByPath = new Map(
    Object.entries(document.paths).map(([path, methods]) => [
      path.replace(/(.)\/$/, '$1'),
      (methods.get?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    ]),
  )
})
afterAll(() => t?.close())

/** Values that have broken APIs before: injection, wildcards, Khmer, huge numbers, odd dates. */
const nastyValue = fc.oneof(
  fc.constantFrom(
    "' OR 1=1 --",
    '%',
    '_',
    '\\',
    '%%',
    '"',
    '\u0000',
    'ភូមិ',
    '៣០',
    'null',
    'undefined',
    'NaN',
    '-1',
    '0',
    '1e309',
    '99999999999999999999',
    '2026-02-30',
    '2026-13-01',
    '1970-01-01',
    '9999-12-31T23:59:59Z',
    'true',
    'false',
    '104.9,11.5,105,11.6',
    '200,0,0,0',
    '1,2,3',
    ',,,',
    'a,b',
    '-name',
    'name',
    '-occurredAt',
    '00000000-0000-4000-8000-000000000000',
    'eyJub3QiOiJhIGN1cnNvciJ9',
    'W10',
    'WyJuYW1lIiwxLCJ4Il0',
    'land_community,reported',
    'x'.repeat(5000),
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer().map(String),
  fc.double().map(String),
)

function expectNo500(res: { statusCode: number; headers: Record<string, unknown>; body: string }, what: string) {
  expect(res.statusCode, `${what} → ${res.statusCode}: ${res.body.slice(0, 300)}`).toBeLessThan(500)
  if (res.statusCode >= 400) expect(String(res.headers['content-type'])).toContain('application/problem+json')
}

describe(`no 500 for any input on ${testDriver}`, () => {
  it('list endpoints survive random query strings', async () => {
    const lists = t.app.apiRoutes.filter((route) => route.startsWith('GET ') && !route.includes(':') && !route.endsWith('.ics'))
    expect(lists.length).toBeGreaterThan(1)
    for (const route of lists) {
      const path = route.slice(4)
      const known = queryParamsByPath.get(path) ?? []
      const key = known.length ? fc.oneof(fc.constantFrom(...known), fc.string({ maxLength: 10 })) : fc.string({ maxLength: 10 })
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(key, nastyValue), { maxLength: 6 }), async (pairs) => {
          const query = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
          const res = await t.app.inject({ url: `${path}?${query}` })
          expectNo500(res, `${path}?${query}`)
        }),
        { numRuns: 60 },
      )
    }
  })

  it('a BboxParam either parses to four ordered numbers in WGS 84 bounds or is refused', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(fc.double(), { maxLength: 5 }).map((n) => n.join(',')),
        ),
        (text) => {
          const parsed = BboxParam.safeParse(text)
          if (parsed.success) {
            const [w, s, e, n] = parsed.data
            expect(w).toBeLessThanOrEqual(e)
            expect(s).toBeLessThanOrEqual(n)
            expect(Math.abs(w)).toBeLessThanOrEqual(180)
            expect(Math.abs(n)).toBeLessThanOrEqual(90)
          }
        },
      ),
    )
  })

  const coordinate = fc.oneof(fc.double({ min: -200, max: 200 }), fc.constantFrom(104.9, 11.5, 180, -90), fc.constant(Number.NaN))
  const position = fc.array(coordinate, { minLength: 0, maxLength: 4 })
  const ring = fc.oneof(
    fc.array(position, { maxLength: 6 }),
    // Closed rings around Cambodia, often self-intersecting, sometimes valid.
    fc
      .array(fc.tuple(fc.double({ min: 104, max: 105, noNaN: true }), fc.double({ min: 11, max: 12, noNaN: true })), {
        minLength: 3,
        maxLength: 7,
      })
      .map((points) => [...points, points[0]!]),
  )
  const geometryLike = fc.oneof(
    fc.record({
      type: fc.constantFrom('Polygon', 'MultiPolygon', 'Point', 'LineString', 'polygon'),
      coordinates: fc.oneof(fc.array(ring, { maxLength: 3 }), fc.array(fc.array(ring, { maxLength: 2 }), { maxLength: 2 }), position),
    }),
    fc.anything(),
  )

  it('writes that take geometry survive random GeoJSON-like bodies', async () => {
    await fc.assert(
      fc.asyncProperty(geometryLike, geometryLike, fc.boolean(), async (territory, location, repair) => {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/communities${repair ? '?repair=true' : ''}`,
          payload: { name: 'Fuzz', kind: 'land_community', province: 'Kampot', location, territory },
        })
        expectNo500(res, `territory ${String(JSON.stringify(territory)).slice(0, 200)}`)
      }),
      { numRuns: 150 },
    )
  })

  it('every POST without a path parameter survives random JSON bodies', async () => {
    // Signing out would end the session the rest of this file uses.
    const creates = t.app.apiRoutes.filter(
      (route) => route.startsWith('POST ') && !route.includes(':') && route !== 'POST /api/auth/logout',
    )
    expect(creates.length).toBeGreaterThan(0)
    for (const route of creates) {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.dictionary(fc.string({ maxLength: 12 }), nastyValue)), async (body) => {
          const res = await t.app.inject({
            method: 'POST',
            url: route.slice(5),
            payload: JSON.stringify(body),
            headers: { 'content-type': 'application/json' },
          })
          expectNo500(res, `${route} ${String(JSON.stringify(body)).slice(0, 200)}`)
        }),
        { numRuns: 40 },
      )
    }
  })

  it('malformed JSON and wrong content types are 4xx problems', async () => {
    for (const [payload, type] of [
      ['{"name": ', 'application/json'],
      ['name=x', 'application/x-www-form-urlencoded'],
      ['<xml/>', 'text/xml'],
    ] as const) {
      const res = await t.app.inject({ method: 'POST', url: '/api/communities', payload, headers: { 'content-type': type } })
      expectNo500(res, `${type} body`)
      expect(res.statusCode).toBeGreaterThanOrEqual(400)
    }
  })
})

describe('regressions found by the property tests', () => {
  it('refuses a calendar window that starts at the end of year 9999 instead of overflowing', async () => {
    const res = await t.app.inject({ url: '/api/calendar?from=9999-12-31T23%3A59%3A59Z' })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors[0].field).toBe('querystring.from')
  })
})
