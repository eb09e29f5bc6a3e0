// The home map's usability on a desktop and a phone, in both languages (issue 15, point 12): a
// community under an incident bubble can still be clicked; the legend is on the map, not 1,000 px
// down the sidebar; Cambodia fills the map it opens on; the notices stack in one place, one only
// offline; zoomed into a province the map still shows where it is (district and commune outlines
// without a basemap); Khmer panels name places and communities in Khmer.
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiJson,
  DESKTOP,
  isUnderFinger,
  launchBrowser,
  openSession,
  paneHasInk,
  PHONE,
  screenshot,
  type Language,
} from './helpers/browser.ts'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

interface CommunityItem {
  id: string
  name: string
  nameKm: string | null
  province: string
  location: { coordinates: [number, number] } | null
}

interface Box {
  x: number
  y: number
  width: number
  height: number
}

/** Opens the map at a place and zoom (the map remembers its view per tab). */
async function openMapAt(page: Page, at: { lat: number; lng: number; zoom: number }) {
  await page.goto('/account')
  await page.evaluate((view) => sessionStorage.setItem('dey.map.view', JSON.stringify(view)), at)
  await page.goto('/')
  await page.waitForLoadState('networkidle')
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
const contains = (box: Box, x: number, y: number) => x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height

/** Whether the whole element lies in the window (seen without scrolling). */
async function isInWindow(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox()
  const size = page.viewportSize()!
  return box !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height
}

/**
 * A community whose house marker lies under an incident bubble at zoom 11 (the demo reports
 * incidents at its communities' villages), with the map open there.
 */
async function openCommunityUnderCluster(page: Page, language: Language) {
  const communities = await apiJson<{ items: CommunityItem[] }>(page, 'GET', '/api/communities?limit=100&territory=omit')
  for (const community of communities.items.filter((item) => item.location)) {
    const [lng, lat] = community.location!.coordinates
    await openMapAt(page, { lat, lng, zoom: 11 })
    const name = language === 'km' && community.nameKm ? community.nameKm : community.name
    const marker = page.locator(`.leaflet-marker-icon[title="${name.replace(/"/g, '\\"')}"]`)
    await marker.first().waitFor({ state: 'attached', timeout: 15_000 })
    const box = (await marker.first().boundingBox())!
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2]
    const clusters = await page.getByTestId('incident-cluster').evaluateAll((elements) =>
      elements.map((element) => {
        const rect = element.getBoundingClientRect()
        return { x: rect.x, y: rect.y, width: rect.width, height: rect.height }
      }),
    )
    if (clusters.some((cluster) => contains(cluster, x, y))) return { community, name, at: { x, y } }
  }
  throw new Error('no community of the demo lies under an incident bubble at zoom 11')
}

describe('the home map’s usability', () => {
  for (const language of ['en', 'km'] as const) {
    it(`opens a community whose marker lies under an incident bubble (${language})`, async () => {
      const { page, context, errors } = await openSession(browser, { login: 'demo-legal', language, viewport: DESKTOP })
      const { community, name, at } = await openCommunityUnderCluster(page, language)
      // A real click where the house is drawn (not a click dispatched to the marker element).
      await page.mouse.click(at.x, at.y)
      const panel = page.getByTestId('map-panel')
      await expect.poll(() => panel.getByRole('heading', { level: 2 }).textContent(), { timeout: 15_000 }).toBe(name)
      await expect.poll(() => panel.getByRole('link').getAttribute('href'), { timeout: 15_000 }).toBe(`/communities/${community.id}`)
      await screenshot(page, language, 'map-community-under-cluster')

      if (language === 'km') {
        // Its place in Khmer: the province's Khmer name, not the English one the record stores.
        const provinces = await apiJson<{ items: { name: string; nameKm: string | null }[] }>(
          page,
          'GET',
          '/api/admin-areas?level=1&limit=100',
        )
        const province = provinces.items.find((item) => item.name === community.province)!
        const place = panel
          .locator('.facts-row')
          .filter({ has: page.locator('dt', { hasText: /^ទីកន្លែង$/ }) })
          .locator('dd')
        await expect.poll(() => place.textContent(), { timeout: 15_000 }).toContain(province.nameKm!.replace(/^ខេត្ត\s*/, ''))
        await expect(place.textContent()).resolves.not.toContain(community.province)
      }
      expect(errors).toEqual([])
      await context.close()
    })
  }

  it('names an incident’s community in Khmer in its panel (km)', async () => {
    const { page, context, errors } = await openSession(browser, { login: 'demo-legal', language: 'km', viewport: DESKTOP })
    const incidents = await apiJson<{
      items: {
        id: string
        title: string
        titleKm: string | null
        communityId: string | null
        location: { coordinates: [number, number] } | null
      }[]
    }>(page, 'GET', '/api/incidents?limit=100')
    const communities = await apiJson<{ items: CommunityItem[] }>(page, 'GET', '/api/communities?limit=100&territory=omit')
    const incident = incidents.items.find(
      (item) => item.location && communities.items.find((community) => community.id === item.communityId)?.nameKm,
    )!
    const community = communities.items.find((item) => item.id === incident.communityId)!
    const [lng, lat] = incident.location!.coordinates
    await openMapAt(page, { lat, lng, zoom: 17 })
    // Opened from the list of what is in view: no marker to aim at.
    await page.locator('summary', { hasText: 'អ្វីដែលមើលឃើញលើផែនទី' }).click()
    const title = incident.titleKm ?? incident.title
    await page.locator('.map-in-view-list button', { hasText: title }).first().click()
    const panel = page.getByTestId('map-panel')
    const row = panel
      .locator('.facts-row')
      .filter({ has: page.locator('dt', { hasText: /^សហគមន៍$/ }) })
      .locator('dd')
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toBe(community.nameKm)
    await screenshot(page, 'km', 'map-incident-panel-community')
    expect(errors).toEqual([])
    await context.close()
  })

  for (const [language, viewport, suffix] of [
    ['en', DESKTOP, ''],
    ['km', PHONE, '-phone'],
  ] as const) {
    it(`shows the legend on the map, one tap away (${language}${suffix})`, async () => {
      const { page, context, errors } = await openSession(browser, { login: 'demo-legal', language, viewport })
      await page.goto('/')
      await page.waitForLoadState('networkidle')
      const toggle = page.getByTestId('map-legend-toggle')
      await expect(isInWindow(page, toggle)).resolves.toBe(true)
      await expect(isUnderFinger(toggle)).resolves.toBe(true)
      await toggle.click()
      const legend = page.getByTestId('map-legend')
      const heading = legend.getByRole('heading', { level: 3 }).first()
      await heading.waitFor({ state: 'visible', timeout: 10_000 })
      await expect(isInWindow(page, heading)).resolves.toBe(true)
      await expect(isUnderFinger(heading)).resolves.toBe(true)
      await screenshot(page, language, `map-legend${suffix}`)
      await toggle.click()
      await expect.poll(() => legend.count()).toBe(0)
      expect(errors).toEqual([])
      await context.close()
    })
  }

  it('opens on Cambodia filling the map (desktop)', async () => {
    const { page, context, errors } = await openSession(browser, { login: 'demo-legal', language: 'en', viewport: DESKTOP })
    await page.goto('/account')
    await page.evaluate(() => sessionStorage.removeItem('dey.map.view'))
    await page.goto('/')
    await page.waitForLoadState('networkidle')
    // A keyboard pan (80 px) makes the map save its view: the zoom it opened at.
    await page.locator('.leaflet-container').focus()
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => page.evaluate(() => sessionStorage.getItem('dey.map.view')), { timeout: 10_000 }).not.toBeNull()
    const { zoom } = JSON.parse((await page.evaluate(() => sessionStorage.getItem('dey.map.view')))!) as { zoom: number }
    const map = (await page.locator('.leaflet-container').boundingBox())!
    // Cambodia's extent (102.33–107.63° E, 10.41–14.69° N) in Web Mercator pixels at that zoom.
    const worldPx = 256 * 2 ** zoom
    const y = (lat: number) => (worldPx / (2 * Math.PI)) * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))
    const [widthPx, heightPx] = [((107.63 - 102.33) / 360) * worldPx, y(14.69) - y(10.41)]
    expect(widthPx).toBeLessThanOrEqual(map.width)
    expect(heightPx).toBeLessThanOrEqual(map.height)
    expect(Math.max(widthPx / map.width, heightPx / map.height)).toBeGreaterThan(0.85)
    await screenshot(page, 'en', 'map-cambodia-fits')
    expect(errors).toEqual([])
    await context.close()
  })

  for (const language of ['en', 'km'] as const) {
    it(`stacks the map's notices in one place clear of the controls (${language}, phone)`, async () => {
      const { page, context, errors } = await openSession(browser, { login: 'demo-legal', language, viewport: PHONE })
      await page.goto('/')
      await page.waitForLoadState('networkidle')
      // No basemap here (the test server's tiles cannot load): its notice and the zoom hint at least.
      const notices = page.locator('.map-stage .map-chip')
      await expect.poll(() => notices.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2)
      await expect(page.locator('.map-notice').count()).resolves.toBe(0)
      const boxes = (await Promise.all((await notices.all()).map((notice) => notice.boundingBox()))).filter((box) => box !== null)
      const controls = (
        await Promise.all(
          ['.leaflet-control-zoom', '.map-sheet-toggle', '.map-legend-toggle'].map((selector) => page.locator(selector).boundingBox()),
        )
      ).filter((box) => box !== null)
      expect(controls).toHaveLength(3)
      for (const [index, box] of boxes.entries()) {
        for (const other of boxes.slice(index + 1)) expect(overlaps(box, other)).toBe(false)
        for (const control of controls) expect(overlaps(box, control)).toBe(false)
      }
      await screenshot(page, language, 'map-notices-phone')
      expect(errors).toEqual([])
      await context.close()
    })
  }

  it('shows one notice offline (km, phone)', async () => {
    const { page, context, errors } = await openSession(browser, { login: 'demo-rep', language: 'km', viewport: PHONE })
    await page.goto('/')
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 })
    // The first load may have asked for the outlines before the service worker took control (it
    // then keeps nothing): load once more through it, and go offline only once it has kept them.
    await page.reload()
    await expect
      .poll(() => page.evaluate(async () => (await (await caches.open('dey-province-outlines')).keys()).length), { timeout: 30_000 })
      .toBeGreaterThan(0)
    await context.setOffline(true)
    await page.reload()
    await page.getByTestId('map-offline').waitFor({ state: 'visible', timeout: 30_000 })
    // Offline the outlines come from the service worker (the province fill is drawn).
    await expect.poll(() => paneHasInk(page, 'leaflet-province-outlines-pane'), { timeout: 30_000 }).toBe(true)
    await expect(page.locator('.map-stage .map-chip, .map-stage .map-notice').count()).resolves.toBe(1)
    await screenshot(page, 'km', 'map-offline-one-notice-phone')
    await context.setOffline(false)
    expect(errors.filter((error) => error.startsWith('pageerror'))).toEqual([])
    await context.close()
  })

  it('shows district and commune outlines zoomed into a province without a basemap', async () => {
    const { page, context, errors } = await openSession(browser, { login: 'demo-legal', language: 'en', viewport: DESKTOP })
    // Inside Kampong Speu, far from any province border: the province outlines alone leave the view blank.
    await openMapAt(page, { lat: 11.45, lng: 104.3, zoom: 12 })
    await expect.poll(() => paneHasInk(page, 'leaflet-province-outlines-pane'), { timeout: 30_000 }).toBe(true)
    await expect.poll(() => paneHasInk(page, 'leaflet-admin-outlines-pane'), { timeout: 30_000 }).toBe(true)
    await expect.poll(() => page.locator('.admin-area-label').count(), { timeout: 15_000 }).toBeGreaterThan(0)
    await screenshot(page, 'en', 'map-province-zoomed-in')
    expect(errors).toEqual([])
    await context.close()
  })
})
