import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemoData } from '../../db/seed/index.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { collectAllPages } from '../helpers/http.ts'
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

const INJECTIONS = ["' OR 1=1 --", '%', '_', "'; DROP TABLE incidents; --", '\\', '%\' OR \'%\'=\'', 'ភូមិ%', 'x'.repeat(200)]

describe(`hostile input on ${testDriver}`, () => {
  for (const [path, field] of [['/api/communities', 'id'], ['/api/incidents', 'communityId'], ['/api/parcels', 'communityId']] as const) {
    it(`${path}: injection strings in q never widen a representative's view`, async () => {
      for (const q of INJECTIONS) {
        const res = await t.app.inject({ url: `${path}?limit=500&q=${encodeURIComponent(q)}`, headers: rep.headers })
        expect(res.statusCode, q).toBe(200)
        const items = res.json().items as Record<string, unknown>[]
        expect(items.every((item) => item[field] === ownCommunityId), q).toBe(true)
      }
    })
  }

  it('returns stored HTML and script as plain data, never as a page', async () => {
    const name = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    const created = await t.app.inject({
      method: 'POST', url: '/api/communities',
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
      method: 'POST', url: '/api/communities', headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x', description: 'y'.repeat(2 * 1024 * 1024) }),
    })
    expect(res.statusCode).toBe(413)
    expect(res.headers['content-type']).toContain('application/problem+json')
  })

  it('never puts internals in an error response', async () => {
    const res = await t.app.inject({ url: `/api/incidents?cursor=${encodeURIComponent(Buffer.from('["-occurredAt","not a date","00000000-0000-4000-8000-000000000000"]').toString('base64url'))}` })
    expect(res.statusCode).toBe(400)
    expect(res.body).not.toMatch(/select|from "|at .*\.ts|pglite|postgres/i)
  })
})
