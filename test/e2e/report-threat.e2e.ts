// A community representative on a cheap phone reports a threat with a photo, online and with the
// connection cut; the report reaches the server exactly once either way.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiJson, launchBrowser, openSession, PHONE, screenshot } from './helpers/browser.ts'

const PHOTO = 'test/fixtures/photos/exif-samples_gps_DSCN0010.jpg'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

interface Incident {
  id: string
  title: string
  description: string | null
  householdsAffected: number | null
}

const incidentsMatching = async (page: Page, text: string) =>
  (await apiJson<{ items: Incident[] }>(page, 'GET', `/api/incidents?q=${encodeURIComponent(text)}&limit=50`)).items

/** Fills the report form: kind, community, a place tapped on the map, households, a description, a photo. */
async function fillReport(page: Page, description: string) {
  await page.goto('/report')
  const form = page.getByTestId('report-form')
  await form.waitFor()
  await form.getByRole('radio', { name: 'Land grabbing' }).check()
  const communities = await apiJson<{ items: { name: string }[] }>(page, 'GET', '/api/communities?limit=10&sort=name')
  await form.getByRole('radio', { name: communities.items[0]!.name }).check()
  await page
    .getByTestId('location-picker')
    .locator('.leaflet-container')
    .click({ position: { x: 150, y: 120 } })
  await expect.poll(() => form.textContent()).toMatch(/Chosen place: \d/)
  await form.getByLabel('How many households are affected?').fill('14')
  await form.getByLabel('Describe what happened').fill(description)
  await form.getByLabel('Photos and videos').setInputFiles(PHOTO)
}

describe('a community representative on a phone', () => {
  it('reports a threat with a photo at a place tapped on the map, and sees it on the map', async () => {
    const { page, context, errors } = await openSession(browser, { login: 'demo-rep', viewport: PHONE })
    const description = `Company bulldozers cleared rice fields at dawn (online ${Date.now()})`
    await fillReport(page, description)
    await screenshot(page, 'en', 'report-filled-phone')
    // What a finger must hit is at least 44 × 44 px (the zoom buttons were 30, the language switch
    // 34 × 36, "Place the pin" 28 px tall).
    for (const target of [
      page.getByRole('button', { name: 'Place the pin at the centre of the map' }),
      page.locator('.leaflet-control-zoom-in'),
      page.locator('.leaflet-control-zoom-out'),
      page.locator('.topbar .language-switch button').first(),
      page.locator('.topbar .language-switch button').last(),
    ]) {
      const box = (await target.boundingBox())!
      expect(Math.min(box.width, box.height), await target.evaluate((element) => element.outerHTML.slice(0, 80))).toBeGreaterThanOrEqual(44)
    }
    await page.getByRole('button', { name: 'Send report' }).click()
    await page.getByTestId('report-sent').waitFor({ state: 'visible', timeout: 60_000 })

    const [incident, ...more] = await incidentsMatching(page, description)
    expect(more).toEqual([])
    expect(incident).toMatchObject({ description, householdsAffected: 14 })
    const evidence = await apiJson<{ items: { sha256: string; mediaType: string }[] }>(
      page,
      'GET',
      `/api/evidence?incident=${incident!.id}`,
    )
    const photoHash = createHash('sha256')
      .update(await readFile(PHOTO))
      .digest('hex')
    expect(evidence.items).toEqual([expect.objectContaining({ sha256: photoHash, mediaType: 'image/jpeg' })])

    await page.goto(`/?q=${encodeURIComponent(description)}`)
    // Zoomed out, the server sends the one matching incident as a cluster of one: a tap zooms to it.
    const cluster = page.getByTestId('incident-cluster')
    await cluster.first().waitFor({ state: 'attached', timeout: 30_000 })
    await expect(cluster.allTextContents()).resolves.toEqual(['1'])
    await cluster.first().click({ force: true })
    const marker = page.getByTestId('incident-marker')
    await marker.first().waitFor({ state: 'attached', timeout: 30_000 })
    await expect(marker.count()).resolves.toBe(1)
    await marker.first().click({ force: true })
    await expect.poll(() => page.getByTestId('map-panel').textContent()).toContain('Land grabbing')
    await screenshot(page, 'en', 'map-report-phone')
    expect(errors).toEqual([])
    await context.close()
  })

  it('keeps the report on the phone while offline and sends it once when the connection returns', async () => {
    const { page, context, errors } = await openSession(browser, { login: 'demo-rep', viewport: PHONE })
    const description = `Soldiers fenced the grazing land (offline ${Date.now()})`
    await fillReport(page, description)
    await context.setOffline(true)
    await page.getByRole('button', { name: 'Send report' }).click()
    const status = page.getByTestId('outbox-status')
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain('1')
    await screenshot(page, 'en', 'report-waiting-phone')
    // While offline nothing can have arrived.
    await page.waitForTimeout(1000)

    await context.setOffline(false)
    await page.getByTestId('report-sent').waitFor({ state: 'visible', timeout: 90_000 })
    await expect.poll(async () => (await incidentsMatching(page, description)).length, { timeout: 30_000 }).toBe(1)
    const [incident] = await incidentsMatching(page, description)
    const evidence = await apiJson<{ items: unknown[] }>(page, 'GET', `/api/evidence?incident=${incident!.id}`)
    expect(evidence.items).toHaveLength(1)
    await expect.poll(() => status.count().then((n) => (n === 0 ? '' : status.textContent()))).not.toMatch(/\d/)
    expect(errors).toEqual([])
    await context.close()
  })

  it('confirms a report queued offline before a reload once it goes out', async () => {
    const { page, context, errors } = await openSession(browser, { login: 'demo-rep', viewport: PHONE })
    const description = `Company guards blocked the road to the fields (after reload ${Date.now()})`
    await fillReport(page, description)
    // The service worker has the app on the phone once it controls the page: a reload works offline.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 })
    await context.setOffline(true)
    await page.getByRole('button', { name: 'Send report' }).click()
    const status = page.getByTestId('outbox-status')
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain('1')
    await page.reload()
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain('1')
    // The queued report is not also back in the form as an unfinished draft (sent twice, it was
    // two incidents): queuing it and forgetting the draft are one transaction.
    await page.getByTestId('report-form').waitFor()
    await expect(page.getByTestId('report-form').getByLabel('Describe what happened').inputValue()).resolves.toBe('')
    await expect(page.locator('.report-restored').count()).resolves.toBe(0)

    await context.setOffline(false)
    const toast = page.getByTestId('sent-toast')
    await toast.waitFor({ state: 'visible', timeout: 90_000 })
    await expect(toast.textContent()).resolves.toContain('was sent')
    await screenshot(page, 'en', 'report-sent-after-reload-phone')
    await expect.poll(async () => (await incidentsMatching(page, description)).length, { timeout: 30_000 }).toBe(1)
    // The confirmation leads to the report.
    await toast.getByRole('link', { name: 'Open the report' }).click()
    await page.waitForURL(/\/incidents\/[0-9a-f-]{36}$/)
    expect(errors).toEqual([])
    await context.close()
  })

  it('does not create the report twice when the server received it but the answer was lost', async () => {
    const { page, context } = await openSession(browser, { login: 'demo-rep', viewport: PHONE })
    const description = `Eviction notice pinned to the pagoda gate (answer lost ${Date.now()})`
    await fillReport(page, description)
    let dropped = 0
    await page.route('**/api/incidents', async (route) => {
      if (route.request().method() !== 'POST' || dropped > 0) return route.continue()
      dropped += 1
      await route.fetch() // the server creates the incident…
      await route.abort('connectionreset') // …and the phone never hears back
    })
    await page.getByRole('button', { name: 'Send report' }).click()
    await page.getByTestId('report-sent').waitFor({ state: 'visible', timeout: 90_000 })
    expect(dropped).toBe(1)
    await expect(incidentsMatching(page, description).then((items) => items.length)).resolves.toBe(1)
    await context.close()
  })

  it('opens the app and keeps what was typed across a reload without any connection', async () => {
    const { page, context } = await openSession(browser, { login: 'demo-rep', viewport: PHONE })
    await page.goto('/report')
    // The service worker has the app on the phone once it controls the page.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 })
    const description = `Commune chief threatened the committee (reload offline ${Date.now()})`
    await page.getByTestId('report-form').getByLabel('Describe what happened').fill(description)
    await page.waitForTimeout(800)
    await context.setOffline(true)
    await page.reload()
    const field = page.getByTestId('report-form').getByLabel('Describe what happened')
    await expect.poll(() => field.inputValue(), { timeout: 15_000 }).toBe(description)
    await screenshot(page, 'en', 'report-offline-reload-phone')
    await context.setOffline(false)
    await context.close()
  })
})
