// The home map drawn from vector tiles, in a real browser against the real server and its demo
// data: zoomed out, the server's clusters whose numbers add up to the exact count in view;
// zoomed in, incidents and communities as markers, parcels as shapes, a click opening the record;
// filters changing what is drawn; Khmer labels; the list of what is in view working by keyboard.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiJson, DESKTOP, isUnderFinger, launchBrowser, openSession, PHONE, screenshot, type Language } from './helpers/browser.ts'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

interface IncidentItem {
  id: string
  title: string
  titleKm: string | null
  kind: string
  location: { coordinates: [number, number] } | null
}

/** Opens the map at a place and zoom (the map remembers its view per tab). */
async function openMapAt(page: Page, at: { lat: number; lng: number; zoom: number }, search = '') {
  await page.goto('/account')
  await page.evaluate((view) => sessionStorage.setItem('dey.map.view', JSON.stringify(view)), at)
  await page.goto(`/${search}`)
  await page.waitForLoadState('networkidle')
}

const clusterTotal = async (page: Page) =>
  (await page.getByTestId('incident-cluster').allTextContents()).reduce((sum, text) => sum + Number(text.replace(/\D/g, '')), 0)

describe('the home map', () => {
  it('shows the server’s clusters zoomed out, with counts that add up to the exact number in view', async () => {
    const { page, context, errors } = await openSession(browser, { login: 'demo-legal', viewport: DESKTOP })
    await page.goto('/')
    await page.getByTestId('incident-cluster').first().waitFor({ state: 'attached', timeout: 30_000 })
    await page.waitForLoadState('networkidle')
    const inView = page.locator('.map-layer-count .visually-hidden').first()
    await expect.poll(() => inView.textContent(), { timeout: 15_000 }).toMatch(/^\d[\d,]* in this area$/)
    const count = Number((await inView.textContent())!.replace(/\D/g, ''))
    expect(count).toBeGreaterThan(0)
    // The whole of Cambodia is in view: every incident is in one of the bubbles.
    await expect.poll(() => clusterTotal(page), { timeout: 15_000 }).toBe(count)
    expect(await page.getByText(/only the first/).count()).toBe(0)
    await screenshot(page, 'en', 'home-map-country')
    expect(errors).toEqual([])
    await context.close()
  })

  for (const [language, viewport, suffix] of [
    ['en', DESKTOP, ''],
    ['km', DESKTOP, ''],
    ['en', PHONE, '-phone'],
    ['km', PHONE, '-phone'],
  ] as const) {
    it(`zoomed in (${language}${suffix}): markers, shapes and labels; a click opens the record; filters change what is drawn`, async () => {
      const { page, context, errors } = await openSession(browser, { login: 'demo-legal', language: language as Language, viewport })
      const incidents = await apiJson<{ items: IncidentItem[] }>(page, 'GET', '/api/incidents?limit=50')
      // One on its own: incidents close together (reported at the same spot) share a bubble at any zoom.
      const located = incidents.items.filter((item) => item.location)
      const apart = (a: IncidentItem, b: IncidentItem) =>
        Math.hypot(a.location!.coordinates[0] - b.location!.coordinates[0], a.location!.coordinates[1] - b.location!.coordinates[1]) > 0.01
      const incident = located.find((item) => located.every((other) => other === item || apart(item, other)))!
      const [lng, lat] = incident.location!.coordinates
      await openMapAt(page, { lat, lng, zoom: 14 })

      const markers = page.getByTestId('incident-marker')
      await markers.first().waitFor({ state: 'attached', timeout: 30_000 })
      // The incident's own marker: its title (in the reader's language) is the marker's title.
      const title = language === 'km' && incident.titleKm ? incident.titleKm : incident.title
      const own = page.locator(`.leaflet-marker-icon[title^="${title.replace(/"/g, '\\"')}"]`)
      await own.first().waitFor({ state: 'attached', timeout: 15_000 })
      await screenshot(page, language as Language, `home-map-zoomed${suffix}`)

      await own.first().click({ force: true })
      const panel = page.getByTestId('map-panel')
      await expect.poll(() => panel.getByRole('link').count(), { timeout: 15_000 }).toBe(1)
      await expect(panel.getByRole('heading', { level: 2 }).textContent()).resolves.toBe(title)
      // On a phone the sheet's link is for the finger: the floating report button (which lay over
      // the sheet's bottom) stays away while it is open.
      await expect(page.locator('.report-fab').isVisible()).resolves.toBe(false)
      await expect(isUnderFinger(panel.getByRole('link'))).resolves.toBe(true)
      await screenshot(page, language as Language, `home-map-panel${suffix}`)
      await page.keyboard.press('Escape')

      // Another kind only: this incident's marker goes (the tile URL carries the filter).
      const otherKind = incident.kind === 'arrest' ? 'fencing' : 'arrest'
      await openMapAt(page, { lat, lng, zoom: 14 }, `?kind=${otherKind}`)
      await expect.poll(() => own.count(), { timeout: 15_000 }).toBe(0)
      await openMapAt(page, { lat, lng, zoom: 14 }, `?kind=${incident.kind}`)
      await own.first().waitFor({ state: 'attached', timeout: 15_000 })
      expect(errors).toEqual([])
      await context.close()
    })
  }

  for (const [language, viewport, suffix] of [
    ['en', DESKTOP, ''],
    ['km', PHONE, '-phone'],
  ] as const) {
    it(`draws parcels on a canvas (${language}${suffix}): the pointer shows a parcel's label, and a click on it opens it`, async () => {
      const { page, context, errors } = await openSession(browser, { login: 'demo-legal', language: language as Language, viewport })
      const parcels = await apiJson<{ features: { properties: { label: string }; geometry: { coordinates: [number, number][][][] } }[] }>(
        page,
        'GET',
        '/api/parcels?limit=50&format=geojson',
      )
      // A parcel's vertex average: inside the demo's convex parcels.
      const parcel = parcels.features.find((feature) => feature.geometry.coordinates.length === 1)!
      const ring = parcel.geometry.coordinates[0]![0]!.slice(0, -1)
      const [lng, lat] = [0, 1].map((axis) => ring.reduce((sum, point) => sum + point[axis]!, 0) / ring.length) as [number, number]
      await openMapAt(page, { lat, lng, zoom: 17 })
      const canvas = page.getByTestId('parcel-shapes')
      await expect.poll(() => canvas.getAttribute('data-count'), { timeout: 30_000 }).not.toBe('0')
      // No SVG path per parcel any more: a district's parcels are tens of thousands.
      expect(await page.locator('.leaflet-dey-parcels-pane path').count()).toBe(0)

      const box = (await page.locator('.leaflet-container').first().boundingBox())!
      const [x, y] = [box.x + box.width / 2, box.y + box.height / 2]
      await page.mouse.move(x - 3, y - 3)
      await page.mouse.move(x, y)
      await expect
        .poll(() => page.locator('.leaflet-tooltip.map-label').allTextContents(), { timeout: 10_000 })
        .toContainEqual(expect.stringContaining(parcel.properties.label))
      await expect(page.locator('.leaflet-container.is-over-shape').count()).resolves.toBe(1)

      await page.mouse.click(x, y)
      const panel = page.getByTestId('map-panel')
      await expect.poll(() => panel.getByRole('heading', { level: 2 }).textContent(), { timeout: 15_000 }).toBe(parcel.properties.label)
      await screenshot(page, language as Language, `home-map-parcel-selected${suffix}`)
      expect(errors).toEqual([])
      await context.close()
    })
  }

  it('labels communities in Khmer, draws parcels as cells zoomed out and as shapes zoomed in, and lists what is in view for the keyboard', async () => {
    const { page, context, errors } = await openSession(browser, { login: 'demo-legal', language: 'km', viewport: DESKTOP })
    const communities = await apiJson<{
      items: { id: string; nameKm: string | null; location: { coordinates: [number, number] } | null }[]
    }>(page, 'GET', '/api/communities?limit=50')
    const community = communities.items.find((item) => item.location && item.nameKm)!
    const [lng, lat] = community.location!.coordinates
    await openMapAt(page, { lat, lng, zoom: 13 })
    const label = page.locator('.community-label', { hasText: community.nameKm! })
    await label.first().waitFor({ state: 'attached', timeout: 30_000 })
    await expect(label.first().textContent()).resolves.toMatch(/[\u1780-\u17FF]/)
    await screenshot(page, 'km', 'home-map-community-labels')

    // Parcels: shapes in their pane from zoom 10 (if there are any here), cells below.
    const shapes = await page
      .locator('[data-testid="parcel-shapes"]')
      .evaluateAll((canvases) => canvases.reduce((sum, canvas) => sum + Number((canvas as HTMLElement).dataset.count ?? 0), 0))
    await openMapAt(page, { lat, lng, zoom: 8 })
    await page.waitForTimeout(500)
    const cells = await page.getByTestId('parcel-cell').count()
    expect(shapes + cells).toBeGreaterThan(0)
    await screenshot(page, 'km', 'home-map-parcel-cells')

    // The list of what is in view: a button per record, opened with the keyboard.
    await openMapAt(page, { lat, lng, zoom: 13 })
    await page.locator('summary', { hasText: 'អ្វីដែលមើលឃើញលើផែនទី' }).click()
    const button = page.locator('.map-in-view-list button').first()
    await button.waitFor({ state: 'visible', timeout: 15_000 })
    await button.focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('map-panel').waitFor({ state: 'visible', timeout: 15_000 })
    await screenshot(page, 'km', 'home-map-in-view-list')
    expect(errors).toEqual([])
    await context.close()
  })
})
