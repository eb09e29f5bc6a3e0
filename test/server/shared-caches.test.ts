// The in-process caches (rendered map tiles: tile-cache.ts; /api/stats answers: stats.service.ts)
// are keyed by the change counters of the tables they read (table_versions, bumped by triggers in
// the writer's transaction). So a write through one app server is seen by the next request to
// another — at once, with no message between them that could be late or lost.
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tilePath } from '../../shared/tiles.ts'
import { makeCommunity, makeParcel } from '../helpers/factories.ts'
import { squareAround } from '../helpers/geo.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { createSharedTestDatabases, testDriver } from '../helpers/test-db.ts'

let shared: Awaited<ReturnType<typeof createSharedTestDatabases>>
let a: TestApp
let b: TestApp
beforeAll(async () => {
  shared = await createSharedTestDatabases(2)
  a = await createTestApp({ database: shared.databases[0] })
  b = await createTestApp({ database: shared.databases[1] })
})
afterAll(async () => {
  await a?.close()
  await b?.close()
  await shared?.close()
})

// A z14 tile around Kampong Speu: parcels are drawn as shapes there, with their labels.
const Z = 14
const PLACE: [number, number] = [104.3, 11.45]
const tileX = Math.floor(((PLACE[0] + 180) / 360) * 2 ** Z)
const tileY = Math.floor(
  ((1 - Math.log(Math.tan((PLACE[1] * Math.PI) / 180) + 1 / Math.cos((PLACE[1] * Math.PI) / 180)) / Math.PI) / 2) * 2 ** Z,
)

function parcelLabels(body: Buffer): string[] {
  if (body.length === 0) return []
  const layer = new VectorTile(new PbfReader(body)).layers.parcels
  return layer ? Array.from({ length: layer.length }, (_, i) => String(layer.feature(i).properties.label)).sort() : []
}

describe(`caches of two app instances over one database on ${testDriver}`, () => {
  it('serves on A the tile a parcel changed through B has changed, although A had it cached', async () => {
    const community = await makeCommunity(a.db)
    const parcel = await makeParcel(a.db, { communityId: community.id, label: 'Rice field', boundary: squareAround(PLACE) })
    const url = tilePath('parcels', Z, tileX, tileY)
    expect(parcelLabels((await a.app.inject({ url })).rawPayload)).toEqual(['Rice field'])
    const cached = await a.app.inject({ url })
    expect(cached.headers['x-dey-tile-cache']).toBe('hit')
    expect(parcelLabels(cached.rawPayload)).toEqual(['Rice field'])

    const renamed = await b.app.inject({
      method: 'PATCH',
      url: `/api/parcels/${parcel.id}`,
      payload: { label: 'Mango orchard', version: 1 },
    })
    expect(renamed.statusCode).toBe(200)

    // The very next request to A, once B has answered: no window in which A serves the old tile.
    const after = await a.app.inject({ url })
    expect(after.headers['x-dey-tile-cache']).toBe('miss')
    expect(parcelLabels(after.rawPayload)).toEqual(['Mango orchard'])
    expect(after.headers.etag).not.toBe(cached.headers.etag)
  })

  it('serves on A statistics that count an incident reported through B', async () => {
    const community = await makeCommunity(a.db)
    const before = (await a.app.inject({ url: '/api/stats' })).json().incidents.total as number
    expect((await a.app.inject({ url: '/api/stats' })).json().incidents.total).toBe(before)
    const reported = await b.app.inject({
      method: 'POST',
      url: '/api/incidents',
      payload: {
        communityId: community.id,
        title: 'Fence put up across the rice fields',
        kind: 'fencing',
        occurredAt: '2026-03-01T08:00:00+07:00',
        province: 'Kampong Speu',
        location: { type: 'Point', coordinates: PLACE },
      },
    })
    expect(reported.statusCode, reported.body).toBe(201)
    expect((await a.app.inject({ url: '/api/stats' })).json().incidents.total).toBe(before + 1)
  })
})
