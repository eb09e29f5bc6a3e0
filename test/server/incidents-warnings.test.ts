// Sanity warnings on the triage list (issue 15): a report far from its community, photos whose
// EXIF says they were taken far away or long before. Warnings only: every report is accepted.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { geometryRules } from '../../server/lib/geometry-rules.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { multipart } from '../helpers/multipart.ts'
import { testDriver } from '../helpers/test-db.ts'

const PHOTO = path.resolve(import.meta.dirname, '../fixtures/photos/exif-samples_gps_DSCN0010.jpg')

// A Bunong community near Sen Monorom, Mondul Kiri, with a territory of about 11 × 11 km.
const MONDUL_KIRI: [number, number] = [107.2, 12.45]
const territory = {
  type: 'Polygon',
  coordinates: [
    [
      [107.15, 12.4],
      [107.25, 12.4],
      [107.25, 12.5],
      [107.15, 12.5],
      [107.15, 12.4],
    ],
  ],
}
const BATTAMBANG: [number, number] = [103.2, 13.1]

let t: TestApp
let communityId: string
let pointOnlyId: string
beforeAll(async () => {
  t = await createTestApp()
  const create = (payload: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/communities',
      payload: { kind: 'indigenous_community', province: 'Mondul Kiri', ...payload },
    })
  communityId = (await create({ name: 'Pu Trom', location: { type: 'Point', coordinates: MONDUL_KIRI }, territory })).json().id
  pointOnlyId = (await create({ name: 'Pu Rang', location: { type: 'Point', coordinates: MONDUL_KIRI } })).json().id
})
afterAll(() => t?.close())

const report = async (app: TestApp, community: string, coordinates: [number, number], occurredAt = '2026-11-20T03:00:00.000Z') => {
  const res = await app.app.inject({
    method: 'POST',
    url: '/api/incidents',
    payload: {
      communityId: community,
      title: `Fencing at ${coordinates.join(',')}`,
      kind: 'fencing',
      severity: 'medium',
      perpetratorKind: 'company',
      occurredAt,
      occurredPrecision: 'day',
      province: 'Mondul Kiri',
      location: { type: 'Point', coordinates },
    },
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json().id as string
}
const warningsOf = async (app: TestApp, id: string, headers?: { cookie: string }) => {
  const res = await app.app.inject({ url: '/api/incidents?status=reported&limit=100', ...(headers ? { headers } : {}) })
  expect(res.statusCode, res.body).toBe(200)
  return res.json().items.find((item: { id: string }) => item.id === id).warnings
}

describe(`sanity warnings on the triage list on ${testDriver}`, () => {
  it('flags a report from Battambang for a Mondul Kiri community, with the distance to its territory', async () => {
    const id = await report(t, communityId, BATTAMBANG)
    const [warning, ...others] = await warningsOf(t, id)
    expect(others).toEqual([])
    expect(warning.code).toBe('far_from_community')
    // From Battambang to the territory's western edge (107.15°E), on the geography.
    expect(warning.distanceKm).toBeGreaterThan(420)
    expect(warning.distanceKm).toBeLessThan(440)
  })

  it('flags nothing for a report inside the territory, even far from the community point', async () => {
    expect(await warningsOf(t, await report(t, communityId, [107.24, 12.49]))).toEqual([])
  })

  it('measures from the point of a community without a territory', async () => {
    expect(await warningsOf(t, await report(t, pointOnlyId, [107.2, 12.6]))).toEqual([])
    const [warning] = await warningsOf(t, await report(t, pointOnlyId, [107.2, 12.7]))
    expect(warning).toEqual({ code: 'far_from_community', distanceKm: expect.closeTo(27.6, 0) })
  })

  it("flags a photo whose EXIF says Italy, 2008, against the report's place and date", async () => {
    const id = await report(t, communityId, [107.2, 12.45])
    const body = multipart({ incidentId: id, title: 'Fence posts' }, [
      { filename: 'DSCN0010.jpg', type: 'image/jpeg', bytes: await readFile(PHOTO) },
    ])
    expect((await t.app.inject({ method: 'POST', url: '/api/evidence', ...body })).statusCode).toBe(201)
    const warnings = await warningsOf(t, id)
    expect(warnings.map((warning: { code: string }) => warning.code)).toEqual(['photo_far', 'photo_old'])
    expect(warnings[0].distanceKm).toBeGreaterThan(8000)
    // 2008-10-22 to 2026-11-20.
    expect(warnings[1].days).toBeGreaterThan(6600)
  })

  it('shows no warnings to advocates, who do not triage and may not see every photo', async () => {
    const id = await report(t, communityId, BATTAMBANG)
    const advocate = await t.signIn('advocate')
    expect(await warningsOf(t, id, advocate.headers)).toBeUndefined()
  })

  it('takes its limit from the configuration', async () => {
    const wide = await createTestApp({ geometryRules: geometryRules({ warnDistanceKm: 500 }) })
    try {
      const res = await wide.app.inject({
        method: 'POST',
        url: '/api/communities',
        payload: {
          name: 'Pu Trom',
          kind: 'indigenous_community',
          province: 'Mondul Kiri',
          location: { type: 'Point', coordinates: MONDUL_KIRI },
        },
      })
      expect(await warningsOf(wide, await report(wide, res.json().id, BATTAMBANG))).toEqual([])
      expect((await wide.app.inject({ url: '/api/client-config', headers: { cookie: '' } })).json().warnDistanceKm).toBe(500)
    } finally {
      await wide.close()
    }
  })
})
