// The map on a phone without a connection: a representative who opened Dey once online finds the
// province outlines there offline (kept by the service worker), their own communities with the
// districts and communes around them (kept in IndexedDB), and one calm notice instead of a red
// error per layer; the report form's picker outlines the community chosen.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiJson, launchBrowser, openSession, paneHasInk, PHONE, screenshot } from './helpers/browser.ts'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

/** Whether the province outlines are drawn (SVG paths or a canvas). */
const outlinesDrawn = (page: Page) => paneHasInk(page, 'leaflet-province-outlines-pane')

/** Whether the picker's map has the territory's dark green outline (COMMUNITY_COLOR) on its canvas. */
const territoryDrawn = (page: Page) =>
  page.evaluate(() => {
    for (const canvas of document.querySelectorAll<HTMLCanvasElement>('[data-testid="location-picker"] .leaflet-overlay-pane canvas')) {
      if (canvas.width === 0 || canvas.height === 0) continue
      const pixels = canvas.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, canvas.width, canvas.height).data
      for (let i = 0; i < pixels.length; i += 4) {
        const [red, green, blue, alpha] = [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!, pixels[i + 3]!]
        if (alpha > 200 && red < 50 && green > 65 && green < 105 && blue < 65) return true
      }
    }
    return false
  })

describe('the map offline', () => {
  it('shows the province outlines, the representative’s communities and one offline notice after a reload without a connection (km, phone)', async () => {
    const { page, context, errors } = await openSession(browser, { login: 'demo-rep', language: 'km', viewport: PHONE })
    const mine = await apiJson<{
      communities: { id: string; name: string; nameKm: string | null; territory: unknown }[]
      areas: unknown[]
    }>(page, 'GET', '/api/communities/mine')
    expect(mine.communities.length).toBe(2)
    expect(mine.areas.length).toBeGreaterThan(0)
    const names = mine.communities.map((community) => community.nameKm ?? community.name)
    const withTerritory = mine.communities.find((community) => community.territory)
    expect(withTerritory).toBeDefined()
    const territoryName = withTerritory!.nameKm ?? withTerritory!.name
    await page.goto('/')
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 })
    // Opened online through the service worker (the first load may have asked before it took
    // control): the outlines are fetched (even with a basemap) and kept by the service worker.
    await page.reload()
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
    // The representative's own communities, named in Khmer, from the copy kept on the phone.
    for (const name of names) await page.locator('.my-community-name', { hasText: name }).waitFor({ timeout: 30_000 })
    await screenshot(page, 'km', 'map-offline-phone')

    // The report form, still offline: the chosen community's territory and name on the picker's map.
    await page.goto('/report')
    await page.getByRole('radio', { name: territoryName }).check()
    const picker = page.getByTestId('location-picker')
    await picker.locator('.my-community-name', { hasText: territoryName }).waitFor({ timeout: 30_000 })
    await picker.scrollIntoViewIfNeeded()
    await screenshot(page, 'km', 'report-picker-offline-phone')
    await expect.poll(() => territoryDrawn(page), { timeout: 30_000 }).toBe(true)
    await context.setOffline(false)
    // Failed requests while offline are expected; the page itself must not break.
    expect(errors.filter((error) => error.startsWith('pageerror'))).toEqual([])
    await context.close()
  })
})
