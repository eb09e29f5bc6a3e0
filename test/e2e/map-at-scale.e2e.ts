// The home map over the national-scale data set of issue 13 — 200,000 parcels, 100,000 incidents,
// 2,000 community territories and 300 concessions of up to 3,000 vertices — generated on
// PostgreSQL in this run (about a minute on 2 cores; see test/bench/map/data.ts), served by its own
// server. It opens and pans at country and district zoom with no page error, no failed request
// and no error notice. PostgreSQL only: runs when TEST_DATABASE_URL names a server where the user
// may create databases; `npm run bench:map` measures the same map's speed.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  launchChromium,
  openMapContext,
  panAndRecordFrames,
  settle,
  startMapServer,
  waitForDrawnData,
  type MapServer,
} from '../bench/map/browser.ts'
import { densestPlace, generateMapData } from '../bench/map/data.ts'
import { createBenchDatabase, type BenchDatabase } from '../bench/map/setup.ts'

const adminUrl = process.env.TEST_DATABASE_URL

/** Everything that went wrong on the page: uncaught errors, console errors, failed or refused requests to the app. */
function watchForErrors(page: Page, appOrigin: string): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
  // Resource failures are judged below by their URL (the unreachable basemap is expected to fail).
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(`console: ${message.text()}`)
  })
  page.on('requestfailed', (request) => {
    if (request.url().startsWith(appOrigin)) errors.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`)
  })
  page.on('response', (response) => {
    if (response.url().startsWith(appOrigin) && response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`)
  })
  return errors
}

describe.skipIf(!adminUrl)('the home map over 200,000 parcels (PostgreSQL)', () => {
  let bench: BenchDatabase | undefined
  let server: MapServer | undefined
  let browser: Browser | undefined
  let centre: [number, number]

  beforeAll(async () => {
    // Named after the server's database, so a run's scratch databases are recognisably its own.
    const namePrefix = `${new URL(adminUrl!).pathname.slice(1) || 'dey'}_scale_`
    bench = await createBenchDatabase('postgres', { adminUrl: adminUrl!, namePrefix, statementTimeoutS: 60 })
    const generation = await generateMapData(bench.database.db, undefined, { parallel: 2 })
    console.log(`map-at-scale: generated the 200k data set in ${(generation.totalMs / 1000).toFixed(1)} s`)
    centre = await densestPlace(bench.database.db)
    server = await startMapServer(bench.url!)
    browser = await launchChromium()
  }, 600_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await bench?.dispose()
  }, 120_000)

  it('opens and pans at country and district zoom without an error, a failed request or an error notice', async () => {
    const views = [
      { name: 'country', lng: 104.99, lat: 12.57, zoom: 7 },
      { name: 'district', lng: centre[0], lat: centre[1], zoom: 12 },
    ]
    for (const view of views) {
      const context = await openMapContext(browser!, server!.baseUrl, view)
      const page = await context.newPage()
      const errors = watchForErrors(page, server!.baseUrl)
      await page.goto('/')
      await waitForDrawnData(page)
      await settle(page)
      await panAndRecordFrames(page)
      await panAndRecordFrames(page, 20, { dx: 40, dy: 25 })
      await settle(page)
      await expect(page.locator('.map-chip-error, [role="alert"]').count(), `error notice at ${view.name} zoom`).resolves.toBe(0)
      expect(errors, `at ${view.name} zoom`).toEqual([])
      await context.close()
    }
  }, 300_000)
})
