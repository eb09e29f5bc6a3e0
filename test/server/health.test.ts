import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Problem } from '../../shared/errors.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t?.close())

describe(`health on ${testDriver}`, () => {
  it('reports the database driver and the PostGIS version', async () => {
    const res = await t.app.inject({ url: '/api/health' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok', database: testDriver, postgis: expect.stringMatching(/^3\.\d+\.\d+/) })
  })

  it('tells the client the basemap and upload limit without a session, and allows those tiles in the CSP', async () => {
    const res = await t.app.inject({ url: '/api/client-config', headers: { cookie: '' } })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      tileAttribution: '© OpenStreetMap contributors',
      // OpenStreetMap forbids downloading its tiles for offline use.
      tileOfflineMaxTiles: 0,
      maxUploadBytes: expect.any(Number),
      hasDemoAccounts: false,
      // Cambodia plus 50 km (server/lib/geometry-rules.ts).
      region: [expect.closeTo(101.87, 2), expect.closeTo(9.46, 2), expect.closeTo(108.09, 2), expect.closeTo(15.14, 2)],
      warnDistanceKm: 20,
    })
    expect(res.headers['content-security-policy']).toContain("img-src 'self' data: blob: https://tile.openstreetmap.org")
    expect(res.headers['content-security-policy']).toMatch(/connect-src 'self'(;|$)/)
  })

  it('lets the page fetch tiles for offline use only from a tile server configured to allow it', async () => {
    const tiles = await createTestApp({
      map: { tileUrl: 'https://{s}.tiles.example.org/{z}/{x}/{y}.png', tileAttribution: 'Example tiles', offlineMaxTiles: 800 },
    })
    try {
      const res = await tiles.app.inject({ url: '/api/client-config', headers: { cookie: '' } })
      expect(res.json()).toMatchObject({ tileUrl: 'https://{s}.tiles.example.org/{z}/{x}/{y}.png', tileOfflineMaxTiles: 800 })
      expect(res.headers['content-security-policy']).toMatch(/connect-src 'self' https:\/\/\*\.tiles\.example\.org(;|$)/)
    } finally {
      await tiles.close()
    }
  })

  it('answers an unknown API route with a problem+json 404', async () => {
    const res = await t.app.inject({ url: '/api/nothing-here?x=1' })
    expect(res.statusCode).toBe(404)
    expect(res.headers['content-type']).toContain('application/problem+json')
    const problem = Problem.parse(res.json())
    expect(problem).toMatchObject({ status: 404, code: 'route.not_found', detail: 'No route GET /api/nothing-here' })
    expect(problem.requestId).toBeTruthy()
  })

  it('serves the OpenAPI document with the health route', async () => {
    const res = await t.app.inject({ url: '/api/openapi.json' })
    expect(res.statusCode).toBe(200)
    expect(res.json().paths).toHaveProperty('/api/health')
  })
})
