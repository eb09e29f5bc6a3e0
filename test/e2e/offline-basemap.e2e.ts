// Saving the basemap for offline use (issue 15): on an installation whose tile server allows it
// (TILE_OFFLINE_MAX_TILES), a representative sees the size first, saves the tiles around their
// communities, and without a connection the report form's map shows those tiles from the phone.
// A real tile server on loopback (a node:http server drawing one-colour tiles) and its own Dey
// server, since the shared one runs with a basemap that cannot load.
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { solidPng } from '../helpers/images.ts'
import { startServer, type ServerProcess } from '../helpers/server-process.ts'
import { launchBrowser, PHONE, screenshot, signIn } from './helpers/browser.ts'

const MAX_TILES = 400
/** A sandy colour no layer of Dey draws, to find the tiles on the screen. */
const TILE_COLOUR: [number, number, number] = [240, 200, 120]

let browser: Browser
let tileServer: Server
let tileRequests: string[] = []
let dey: ServerProcess | undefined
let dataDir: string

beforeAll(async () => {
  const tile = solidPng(256, TILE_COLOUR)
  tileServer = createServer((request, response) => {
    tileRequests.push(request.url ?? '')
    if (!/^\/\d+\/\d+\/\d+\.png$/.test(request.url ?? '')) return void response.writeHead(404).end()
    response.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(tile)
  })
  await new Promise<void>((resolve) => tileServer.listen(0, '127.0.0.1', resolve))
  const tilePort = (tileServer.address() as AddressInfo).port
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'dey-e2e-basemap-'))
  dey = await startServer({
    DATA_DIR: dataDir,
    DEY_DEMO: '1',
    TILE_URL: `http://127.0.0.1:${tilePort}/{z}/{x}/{y}.png`,
    TILE_ATTRIBUTION: 'Test tiles',
    TILE_OFFLINE_MAX_TILES: String(MAX_TILES),
  })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await dey?.stop()
  await new Promise((resolve) => tileServer?.close(resolve))
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

describe('the basemap saved for offline use', () => {
  it('shows its size, saves the tiles around the representative’s communities, and shows them offline on the report form’s map (km, phone)', async () => {
    const context = await browser.newContext({ viewport: PHONE, baseURL: dey!.baseUrl, locale: 'km-KH' })
    await context.addInitScript(() => localStorage.setItem('dey.language', 'km'))
    const page = await context.newPage()
    await signIn(page, 'demo-rep', 'km')
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 })

    await page.goto('/account')
    const card = page.locator('.offline-map-card')
    const plan = await card.getByTestId('offline-map-plan').textContent()
    // "{{tiles}} pieces, about {{size}}", in Khmer.
    const planned = Number(/(\d[\d,]*) ផ្ទាំង/.exec(plan ?? '')?.[1]?.replaceAll(',', ''))
    expect(planned).toBeGreaterThan(0)
    expect(planned).toBeLessThanOrEqual(MAX_TILES)
    await screenshot(page, 'km', 'account-offline-map-phone')

    tileRequests = []
    await card.getByRole('button', { name: 'រក្សាទុកផែនទីនៅលើទូរសព្ទនេះ' }).click()
    await card.getByTestId('offline-map-saved').waitFor({ timeout: 60_000 })
    // Every tile of the plan fetched once, and kept in the cache the service worker reads.
    expect(new Set(tileRequests).size).toBe(planned)
    const kept = await page.evaluate(async () => (await (await caches.open('dey-basemap')).keys()).length)
    expect(kept).toBe(planned)
    await screenshot(page, 'km', 'account-offline-map-saved-phone')

    // Offline: the report form's map around the chosen community draws the saved tiles.
    await context.setOffline(true)
    tileRequests = []
    await page.goto('/report')
    await page.locator('.community-choices input[type="radio"]').first().check()
    const picker = page.getByTestId('location-picker')
    await expect
      .poll(
        () =>
          picker
            .locator('.leaflet-tile-pane img')
            .evaluateAll(
              (images) =>
                images.filter((image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth === 256).length,
            ),
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0)
    expect(tileRequests).toEqual([])
    await picker.scrollIntoViewIfNeeded()
    await screenshot(page, 'km', 'report-picker-saved-basemap-phone')

    // Removing it empties the cache (as signing out does).
    await context.setOffline(false)
    await page.goto('/account')
    await card.getByRole('button', { name: 'លុបផែនទីចេញពីទូរសព្ទនេះ' }).click()
    await expect.poll(() => page.evaluate(async () => (await caches.keys()).includes('dey-basemap'))).toBe(false)
    await context.close()
  })
})
