// The N+1 guarantee: a list costs a constant number of SQL statements, however many rows it has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCommunity } from '../helpers/factories.ts'
import { makeIncidents } from '../helpers/incident-factories.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

const INCIDENT_COUNT = 500
const COMMUNITY_COUNT = 7

let t: TestApp
const statements: string[] = []
const communityNames: string[] = []
const communityIds: string[] = []

beforeAll(async () => {
  t = await createTestApp({ onQuery: (sql) => statements.push(sql) })
  for (let n = 0; n < COMMUNITY_COUNT; n++) {
    const name = `Community ${n}`
    communityNames.push(name)
    communityIds.push((await makeCommunity(t.db, { name, nameKm: `សហគមន៍ទី${n}` })).id)
  }
  await makeIncidents(
    t.db,
    Array.from({ length: INCIDENT_COUNT }, (_, n) => ({
      communityId: communityIds[n % COMMUNITY_COUNT],
      title: `Incident ${n}`,
      occurredAt: new Date(Date.UTC(2026, 0, 1) + n * 3_600_000),
      location: { type: 'Point' as const, coordinates: [104 + (n % 50) / 100, 11 + Math.floor(n / 50) / 100] as [number, number] },
    })),
  )
  // The app sweeps expired exports in the background once it has started: let that run first,
  // or its statements would be counted as a request's.
  await t.startupJobsDone()
})

afterAll(() => t?.close())

/** Every request looks up its session (and now and then touches it): that is not the list's cost. */
const isSessionStatement = (sql: string) => /\bsessions\b/i.test(sql)

/** The SQL statements one request runs for its own work, and its response. */
async function countStatements(request: { url: string; headers?: Record<string, string> }) {
  statements.length = 0
  const res = await t.app.inject(request)
  expect(res.statusCode).toBe(200)
  return { count: statements.filter((sql) => !isSessionStatement(sql)).length, res }
}

describe(`query count on ${testDriver}`, () => {
  it('lists 500 incidents with their community names in a constant, small number of statements', async () => {
    const all = await countStatements({ url: '/api/incidents?limit=500' })
    const page = await countStatements({ url: '/api/incidents?limit=50' })
    const items = all.res.json().items as { communityName: string | null; communityId: string }[]
    expect(items).toHaveLength(INCIDENT_COUNT)
    expect(page.res.json().items).toHaveLength(50)
    expect(items.every((item) => communityNames.includes(item.communityName!))).toBe(true)
    expect(new Set(items.map((item) => item.communityName)).size).toBe(COMMUNITY_COUNT)
    expect(all.count).toBeGreaterThan(0)
    expect(all.count).toBeLessThanOrEqual(3)
    expect(all.count).toBe(page.count)
  })

  it('lists 500 incidents as GeoJSON in the same number of statements as JSON', async () => {
    const json = await countStatements({ url: '/api/incidents?limit=500' })
    const geojson = await countStatements({ url: '/api/incidents?limit=500', headers: { accept: 'application/geo+json' } })
    const features = geojson.res.json().features as { properties: { communityName: string | null } }[]
    expect(features).toHaveLength(INCIDENT_COUNT)
    expect(features.every((feature) => communityNames.includes(feature.properties.communityName!))).toBe(true)
    expect(geojson.count).toBe(json.count)
  })

  it('keeps the count when filters, search and a spatial radius are added (search: one trigram look-up more)', async () => {
    const plain = await countStatements({ url: '/api/incidents?limit=500' })
    const filtered = await countStatements({
      url: `/api/incidents?limit=500&kind=encroachment&q=${encodeURIComponent('សហគមន៍')}&near=104.2,11.5&radiusM=50000&bbox=103,10,106,13`,
    })
    expect(filtered.res.json().items.length).toBeGreaterThan(0)
    expect(filtered.res.json().items.length).toBeLessThan(INCIDENT_COUNT)
    // A search of 3 or more characters first collects the matching ids through the trigram
    // indexes (server/lib/list-query.queries.ts): one statement, whatever the filters and page.
    expect(filtered.count).toBe(plain.count + 1)
    const shortSearch = await countStatements({ url: `/api/incidents?limit=500&q=${encodeURIComponent('សហ')}` })
    expect(shortSearch.count).toBe(plain.count)
  })

  it('costs a community representative and an advocate, whose lists are scoped, what it costs an admin', async () => {
    const admin = await countStatements({ url: '/api/incidents?limit=500' })
    const rep = await t.signIn('community_rep', { communityIds: [communityIds[0]!] })
    const advocate = await t.signIn('advocate')
    const scoped = await countStatements({ url: '/api/incidents?limit=500', headers: rep.headers })
    expect(scoped.res.json().items).toHaveLength(Math.ceil(INCIDENT_COUNT / COMMUNITY_COUNT))
    expect(scoped.count).toBe(admin.count)
    expect((await countStatements({ url: '/api/incidents?limit=500', headers: advocate.headers })).count).toBe(admin.count)
  })

  it('costs the same per page when following the cursor', async () => {
    const first = await countStatements({ url: '/api/incidents?limit=50' })
    const second = await countStatements({ url: `/api/incidents?limit=50&cursor=${first.res.json().nextCursor}` })
    expect(second.res.json().items).toHaveLength(50)
    expect(second.count).toBe(first.count)
  })
})
