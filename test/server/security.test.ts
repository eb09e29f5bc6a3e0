import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemoData } from '../../db/seed/index.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { collectAllPages } from '../helpers/http.ts'
import { makeCommunity, makeParcel } from '../helpers/factories.ts'
import { makeIncident } from '../helpers/incident-factories.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
let rep: SignedIn
let ownCommunityId: string

beforeAll(async () => {
  t = await createTestApp()
  await loadDemoData(t.db, new Date('2026-11-28T00:00:00Z'))
  const [first] = await collectAllPages(t.app, '/api/communities?kind=land_community&limit=1')
  ownCommunityId = first!.id as string
  rep = await t.signIn('community_rep', { communityIds: [ownCommunityId] })
})
afterAll(() => t?.close())

const INJECTIONS = ["' OR 1=1 --", '%', '_', "'; DROP TABLE incidents; --", '\\', "%' OR '%'='", 'ភូមិ%', 'x'.repeat(200)]

describe(`hostile input on ${testDriver}`, () => {
  for (const [path, field] of [
    ['/api/communities', 'id'],
    ['/api/incidents', 'communityId'],
    ['/api/parcels', 'communityId'],
  ] as const) {
    it(`${path}: injection strings in q never widen a representative's view`, async () => {
      for (const q of INJECTIONS) {
        const res = await t.app.inject({ url: `${path}?limit=500&q=${encodeURIComponent(q)}`, headers: rep.headers })
        expect(res.statusCode, q).toBe(200)
        const items = res.json().items as Record<string, unknown>[]
        expect(
          items.every((item) => item[field] === ownCommunityId),
          q,
        ).toBe(true)
      }
    })
  }

  it('returns stored HTML and script as plain data, never as a page', async () => {
    const name = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/communities',
      payload: { name, kind: 'land_community', province: 'Kampot', location: { type: 'Point', coordinates: [104.2, 10.6] } },
    })
    expect(created.statusCode).toBe(201)
    const res = await t.app.inject({ url: `/api/communities/${created.json().id}` })
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.json().name).toBe(name)
  })

  it('refuses a body over the size limit with 413, changing nothing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/communities',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x', description: 'y'.repeat(2 * 1024 * 1024) }),
    })
    expect(res.statusCode).toBe(413)
    expect(res.headers['content-type']).toContain('application/problem+json')
  })

  it('never puts internals in an error response', async () => {
    const res = await t.app.inject({
      url: `/api/incidents?cursor=${encodeURIComponent(Buffer.from('["-occurredAt","not a date","00000000-0000-4000-8000-000000000000"]').toString('base64url'))}`,
    })
    expect(res.statusCode).toBe(400)
    expect(res.body).not.toMatch(/select|from "|at .*\.ts|pglite|postgres/i)
  })
})

describe(`found by outside testing on ${testDriver}`, () => {
  const cursorOf = (value: unknown, sort: string) =>
    Buffer.from(JSON.stringify([sort, value, '00000000-0000-4000-8000-000000000000'])).toString('base64url')

  it('a forged cursor with a value of the wrong type is a 400 naming the cursor, on every list', async () => {
    const lists: [string, string][] = [
      ['/api/incidents', '-occurredAt'],
      ['/api/cases', '-openedOn'],
      ['/api/cases', '-createdAt'],
      ['/api/users', '-createdAt'],
      ['/api/communities', '-createdAt'],
      ['/api/communities', 'name'],
      ['/api/parcels', '-areaHa'],
      ['/api/concessions', '-createdAt'],
      ['/api/people', '-createdAt'],
    ]
    for (const [path, sort] of lists) {
      const field = sort.replace(/^-/, '')
      const forged =
        field === 'areaHa'
          ? [true, 'not a number', null, false]
          : field === 'name'
            ? [true, 12, null]
            : [true, 1e308, -1, 'not a date', '2026-13-45T00:00:00Z', null]
      for (const value of [...forged, { nested: 1 }, [1]]) {
        const res = await t.app.inject({ url: `${path}?sort=${sort}&cursor=${cursorOf(value, sort)}` })
        const what = `${path} sort=${sort} cursor value ${JSON.stringify(value)}: ${res.body.slice(0, 200)}`
        expect(res.statusCode, what).toBe(400)
        expect(res.json().errors[0].field, what).toBe('querystring.cursor')
      }
    }
  })

  const WHOLE_WORLD = {
    type: 'Polygon',
    coordinates: [
      [
        [-180, -90],
        [180, -90],
        [180, 90],
        [-180, 90],
        [-180, -90],
      ],
    ],
  }
  const ACROSS_ANTIMERIDIAN = JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, '../fixtures/geojson/antimeridian-split.json'), 'utf8'),
  )
  const NEAR_POLE = {
    type: 'Polygon',
    coordinates: [
      [
        [100, 80],
        [110, 80],
        [110, 90],
        [100, 90],
        [100, 80],
      ],
    ],
  }

  it('refuses a whole-world, an antimeridian-crossing and a polar polygon on every write that takes one (422, never 500)', async () => {
    const community = await makeCommunity(t.db, { name: 'Geometry target' })
    const parcel = await makeParcel(t.db, { communityId: community.id })
    const concession = (
      await t.app.inject({
        method: 'POST',
        url: '/api/concessions',
        payload: {
          name: 'Target ELC',
          company: 'Target Co.',
          kind: 'elc',
          boundary: {
            type: 'Polygon',
            coordinates: [
              [
                [104.3, 11.4],
                [104.4, 11.4],
                [104.4, 11.5],
                [104.3, 11.5],
                [104.3, 11.4],
              ],
            ],
          },
        },
      })
    ).json()
    const incident = await makeIncident(t.db, { communityId: community.id })
    const writes: [string, string, string, Record<string, unknown>][] = [
      [
        'POST',
        '/api/communities',
        'territory',
        { name: 'X', kind: 'land_community', province: 'Kampot', location: { type: 'Point', coordinates: [104.2, 10.6] } },
      ],
      ['PATCH', `/api/communities/${community.id}`, 'territory', { version: 1 }],
      ['POST', '/api/parcels', 'boundary', { communityId: community.id, label: 'X', landUse: 'rice_field', tenure: 'private_title' }],
      ['PATCH', `/api/parcels/${parcel.id}`, 'boundary', { version: 1 }],
      ['POST', '/api/concessions', 'boundary', { name: 'X', company: 'X Co.', kind: 'elc' }],
      ['PATCH', `/api/concessions/${concession.id}`, 'boundary', { version: 1 }],
      [
        'POST',
        '/api/incidents',
        'affectedArea',
        {
          communityId: community.id,
          title: 'X',
          kind: 'land_grabbing',
          occurredAt: '2026-11-01T00:00:00Z',
          location: { type: 'Point', coordinates: [104.3, 11.45] },
        },
      ],
      ['PATCH', `/api/incidents/${incident.id}`, 'affectedArea', { version: 1 }],
    ]
    const failures: string[] = []
    for (const [method, url, field, body] of writes) {
      for (const [name, geometry] of Object.entries({ WHOLE_WORLD, ACROSS_ANTIMERIDIAN, NEAR_POLE })) {
        for (const query of ['', '?repair=true']) {
          const res = await t.app.inject({ method: method as 'POST', url: `${url}${query}`, payload: { ...body, [field]: geometry } })
          const fields = res.statusCode === 422 ? (res.json().errors as { field: string }[]).map((e) => e.field) : []
          if (res.statusCode !== 422 || !fields.some((f) => f.startsWith(`body.${field}`))) {
            failures.push(`${method} ${url}${query} ${name} → ${res.statusCode} ${res.body.slice(0, 160)}`)
          }
        }
      }
    }
    expect(failures).toEqual([])
  })

  it('answers a request line or headers too long with a problem, not bare text', async () => {
    const res = await fetchRaw(`/api/communities?q=${'x'.repeat(20_000)}`)
    expect(res.status).toBe(431)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect((await res.json()).code).toBe('request.headers_too_large')
  })
})

/** A real HTTP request to the app on a port (closed with it in afterAll): Node's parser, not inject, refuses long heads. */
let listening: Promise<string> | undefined
async function fetchRaw(url: string) {
  listening ??= t.app.listen({ port: 0, host: '127.0.0.1' })
  return fetch(`${await listening}${url}`)
}
