// The map on a phone without a connection: a representative who opened Dey once online finds the
// province outlines there offline (kept by the service worker), and one calm notice instead of a
// red error per layer.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, openSession, PHONE, screenshot } from './helpers/browser.ts'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

/** Whether the province outlines' pane has ink: the outlines are drawn (SVG paths or a canvas). */
const outlinesDrawn = (page: Page) =>
  page.evaluate(() => {
    const pane = document.querySelector('.leaflet-province-outlines-pane')
    if (!pane) return false
    if (pane.querySelector('path')) return true
    for (const canvas of pane.querySelectorAll('canvas')) {
      if (canvas.width === 0 || canvas.height === 0) continue
      const pixels = canvas.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, canvas.width, canvas.height).data
      for (let i = 3; i < pixels.length; i += 64) if (pixels[i]! > 0) return true
    }
    return false
  })

describe('the map offline', () => {
  it('shows the province outlines and one offline notice after a reload without a connection (km, phone)', async () => {
    const { page, context, errors } = await openSession(browser, { login: 'demo-rep', language: 'km', viewport: PHONE })
    await page.goto('/')
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 })
    // Opened once online: the outlines are fetched (even with a basemap) and kept by the service worker.
    await expect
      .poll(() => page.evaluate(async () => (await (await caches.open('dey-province-outlines')).keys()).length), { timeout: 30_000 })
      .toBeGreaterThan(0)

    await context.setOffline(true)
    await page.reload()
    await page.getByTestId('map-offline').waitFor({ state: 'visible', timeout: 30_000 })
    await expect.poll(() => outlinesDrawn(page), { timeout: 30_000 }).toBe(true)
    await expect(page.locator('.map-chip-error').count()).resolves.toBe(0)
    await expect(page.getByTestId('map-offline').count()).resolves.toBe(1)
    // Nothing is loading while offline: no spinner that never ends.
    await expect(page.locator('.map-chip-spinner').count()).resolves.toBe(0)
    await screenshot(page, 'km', 'map-offline-phone')
    await context.setOffline(false)
    // Failed requests while offline are expected; the page itself must not break.
    expect(errors.filter((error) => error.startsWith('pageerror'))).toEqual([])
    await context.close()
  })
})
