import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../server/config.ts'
import { runServerExpectingExit } from '../helpers/server-process.ts'

describe("loadConfig: e-mail, reminders and the tests' clock", () => {
  it('has no e-mail unless an SMTP server is set, and then needs a sender', () => {
    expect(loadConfig({})).toMatchObject({
      mail: undefined,
      reminderIntervalSeconds: 60,
      publicUrl: 'http://127.0.0.1:3000',
      testNow: undefined,
    })
    expect(loadConfig({ SMTP_URL: 'smtp://dey:secret@mail.example.org:587', MAIL_FROM: 'Dey <dey@example.org>' }).mail).toEqual({
      smtp: 'smtp://dey:secret@mail.example.org:587',
      from: 'Dey <dey@example.org>',
    })
    expect(
      loadConfig({
        SMTP_HOST: 'mail.example.org',
        SMTP_SECURE: '1',
        SMTP_USER: 'dey',
        SMTP_PASSWORD: 'secret',
        MAIL_FROM: 'dey@example.org',
      }).mail,
    ).toEqual({
      smtp: { host: 'mail.example.org', port: 465, secure: true, auth: { user: 'dey', pass: 'secret' } },
      from: 'dey@example.org',
    })
    expect(() => loadConfig({ SMTP_HOST: 'mail.example.org' })).toThrow(/MAIL_FROM is missing/)
    expect(() => loadConfig({ SMTP_USER: 'dey' })).toThrow(/SMTP_USER set without SMTP_HOST/)
  })

  it('never prints an SMTP password it refuses', () => {
    try {
      loadConfig({ SMTP_URL: 'http://dey:hunter2@mail.example.org' })
      expect.unreachable()
    } catch (error) {
      expect((error as ConfigError).message).toMatch(/SMTP_URL is invalid \(\(hidden\)\)/)
      expect((error as ConfigError).message).not.toContain('hunter2')
    }
  })

  it('takes PUBLIC_URL without its trailing slash, and honours DEY_TEST_NOW only with NODE_ENV=test', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://dey.example.org/' }).publicUrl).toBe('https://dey.example.org')
    expect(() => loadConfig({ PUBLIC_URL: 'dey.example.org' })).toThrow(/PUBLIC_URL/)
    expect(loadConfig({ NODE_ENV: 'test', DEY_TEST_NOW: '2027-03-01T09:00:00+07:00' }).testNow?.toISOString()).toBe(
      '2027-03-01T02:00:00.000Z',
    )
    expect(() => loadConfig({ NODE_ENV: 'production', DEY_TEST_NOW: '2027-03-01T09:00:00+07:00' })).toThrow(/only with NODE_ENV=test/)
    expect(() => loadConfig({ DEY_TEST_NOW: '2027-03-01T09:00:00+07:00' })).toThrow(/only with NODE_ENV=test/)
  })
})

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, loadDemoData: true })
    expect(config.dataDir).toBe(path.resolve('data'))
  })

  it('allows 10 sign-in attempts a minute from one address unless LOGIN_RATE_LIMIT says otherwise', () => {
    expect(loadConfig({}).loginRateLimit).toBe(10)
    // An office of thirty staff behind one address signs in at nine in the morning.
    expect(loadConfig({ LOGIN_RATE_LIMIT: '60' }).loginRateLimit).toBe(60)
    expect(() => loadConfig({ LOGIN_RATE_LIMIT: '0' })).toThrow(/LOGIN_RATE_LIMIT/)
    expect(() => loadConfig({ LOGIN_RATE_LIMIT: 'many' })).toThrow(/LOGIN_RATE_LIMIT/)
  })

  it('takes a basemap tile template, or none for a map without internet', () => {
    expect(loadConfig({}).tileUrl).toBe('https://tile.openstreetmap.org/{z}/{x}/{y}.png')
    expect(loadConfig({ TILE_URL: 'none' }).tileUrl).toBeNull()
    expect(loadConfig({ TILE_URL: 'https://{s}.tiles.example.org/{z}/{x}/{y}.png' }).tileUrl).toContain('{s}')
    expect(() => loadConfig({ TILE_URL: 'https://tiles.example.org/tile.png' })).toThrow(/TILE_URL/)
    expect(() => loadConfig({ TILE_URL: 'javascript:alert(1)//{z}{x}{y}' })).toThrow(/TILE_URL/)
  })

  it('offers the offline basemap download only for a tile server that allows it, never OpenStreetMap (TILE_OFFLINE_MAX_TILES)', () => {
    expect(loadConfig({}).tileOfflineMaxTiles).toBe(0)
    expect(loadConfig({ TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png', TILE_OFFLINE_MAX_TILES: '2000' }).tileOfflineMaxTiles).toBe(
      2000,
    )
    expect(loadConfig({ TILE_URL: 'none', TILE_OFFLINE_MAX_TILES: '2000' }).tileOfflineMaxTiles).toBe(0)
    expect(() => loadConfig({ TILE_OFFLINE_MAX_TILES: '2000' })).toThrow(/TILE_OFFLINE_MAX_TILES is invalid \(2000\): OpenStreetMap/)
    expect(() => loadConfig({ TILE_URL: 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png', TILE_OFFLINE_MAX_TILES: '10' })).toThrow(
      /TILE_OFFLINE_MAX_TILES/,
    )
    expect(() => loadConfig({ TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png', TILE_OFFLINE_MAX_TILES: '-1' })).toThrow(
      /TILE_OFFLINE_MAX_TILES/,
    )
  })

  it('trusts only the configured proxy hops or addresses, never any client (TRUST_PROXY)', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY.*hops|TRUST_PROXY.*address/)
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/)
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1)
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 192.168.1.0/24' }).trustProxy).toEqual(['10.0.0.5', '192.168.1.0/24'])
    expect(loadConfig({ TRUST_PROXY: '::1' }).trustProxy).toEqual(['::1'])
    expect(loadConfig({}).trustProxy).toBeUndefined()
  })

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ port: 3000, databaseUrl: undefined })
  })

  it('covers Cambodia plus 50 km by default, or the configured region and area limits', () => {
    const defaults = loadConfig({}).geometryRules
    expect(defaults.region[0]).toBeCloseTo(102.3338 - 0.466, 2)
    expect(defaults.region[3]).toBeCloseTo(14.6903 + 0.449, 2)
    expect(defaults.maxAreaHa).toEqual({ parcel: 5000, concession: 500_000, territory: 300_000, incidentArea: 500_000 })
    const configured = loadConfig({
      DEY_REGION_BBOX: '33.9, -4.7, 41.9, 5.0',
      DEY_REGION_MARGIN_KM: '0',
      DEY_MAX_AREA_HA: 'parcel=100, territory=20000',
    })
    expect(configured.geometryRules.region).toEqual([33.9, -4.7, 41.9, 5.0])
    expect(configured.geometryRules.maxAreaHa).toMatchObject({ parcel: 100, territory: 20_000, concession: 500_000 })
  })

  it('refuses a region or area limits it cannot read, saying what it expects', () => {
    for (const [name, value, expected] of [
      ['DEY_REGION_BBOX', '102,10,107', /four numbers: west,south,east,north/],
      ['DEY_REGION_BBOX', '107,10,102,14', /west < east/],
      ['DEY_MAX_AREA_HA', 'farm=10', /kind=hectares pairs/],
      ['DEY_MAX_AREA_HA', 'parcel=-1', /kind=hectares pairs/],
      ['DEY_REGION_MARGIN_KM', 'lots', /number/],
    ] as const) {
      expect(() => loadConfig({ [name]: value }), `${name}=${value}`).toThrow(expected)
    }
  })

  it('names every bad variable and hides the database URL', () => {
    const attempt = () => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://user:secret@host/db', DEY_DEMO: 'yes' })
    expect(attempt).toThrow(ConfigError)
    try {
      attempt()
    } catch (error) {
      const issues = (error as ConfigError).issues
      expect(issues.map((issue) => issue.split(' ')[0])).toEqual(['PORT', 'DATABASE_URL', 'DEY_DEMO'])
      expect((error as Error).message).not.toContain('secret')
    }
  })
})

describe('start-up failures print one line and exit 1', () => {
  let dataDir: string
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'dey-config-'))
  })
  afterAll(() => rm(dataDir, { recursive: true, force: true }))

  const expectOneLine = (stderr: string, pattern: RegExp) => {
    const lines = stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(pattern)
    expect(stderr).not.toMatch(/\n\s+at /)
  }

  it('on PORT=abc', async () => {
    const result = await runServerExpectingExit({ PORT: 'abc', DATA_DIR: dataDir })
    expect(result.code).toBe(1)
    expectOneLine(result.stderr, /^dey: invalid configuration: PORT is invalid \("abc"\)/)
  })

  it('on an unparsable DATABASE_URL', async () => {
    const result = await runServerExpectingExit({ DATABASE_URL: 'not a url', DATA_DIR: dataDir })
    expect(result.code).toBe(1)
    expectOneLine(result.stderr, /^dey: invalid configuration: DATABASE_URL is invalid/)
  })

  it('on an unreachable database', async () => {
    const result = await runServerExpectingExit({
      DATABASE_URL: 'postgres://dey:secret@127.0.0.1:1/dey',
      DATA_DIR: dataDir,
    })
    expect(result.code).toBe(1)
    expectOneLine(result.stderr, /^dey: cannot connect to postgres:\/\/dey:\*\*\*@127\.0\.0\.1:1\/dey: /)
    expect(result.stderr).not.toContain('secret')
  })

  it('on a DATA_DIR that is a file, not a folder', async () => {
    const file = path.join(dataDir, 'not-a-folder')
    await writeFile(file, 'x')
    const result = await runServerExpectingExit({ DATA_DIR: file })
    expect(result.code).toBe(1)
    expectOneLine(result.stderr, new RegExp(`^dey: DATA_DIR ${file} is not writable`))
  })
})
