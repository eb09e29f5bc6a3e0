// A community representative on a slow link (issue 15): Chromium throttled as a rural 2G/3G phone
// (400 kbit/s each way, 400 ms round trips, Chrome DevTools' Network.emulateNetworkConditions), at
// 360 × 740, in Khmer, with nothing cached: the first visit signs in, the report form becomes
// usable, and a report with a photo reaches the server exactly once. No timing is asserted (the
// figures are `npm run bench:field`'s): only that the journey completes on such a link.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reportMessages } from '../../client/features/report/messages.ts'
import { vocabMessages } from '../../shared/vocabulary-labels.ts'
import { apiJson, baseUrl, launchBrowser, PHONE, screenshot, signIn } from './helpers/browser.ts'

const PHOTO = 'test/fixtures/photos/exif-samples_gps_DSCN0010.jpg'
const SLOW_LINK = { offline: false, latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 }
const km = reportMessages.km

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

describe('a representative on a slow link', () => {
  it('signs in on a first visit, fills the report form in Khmer and sends a report with a photo, once', async () => {
    const context = await browser.newContext({ viewport: PHONE, baseURL: baseUrl(), locale: 'km-KH' })
    await context.addInitScript(() => localStorage.setItem('dey.language', 'km'))
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', SLOW_LINK)

    // Every file of the app arrives over the slow link: generous limits, no timing asserted.
    page.setDefaultTimeout(120_000)
    await signIn(page, 'demo-rep', 'km')
    await page.goto('/report')
    const form = page.getByTestId('report-form')
    await form.waitFor()
    await form.getByRole('radio', { name: vocabMessages.km.incidentKind.land_grabbing }).check()
    const { communities } = await apiJson<{ communities: { name: string; nameKm: string | null }[] }>(page, 'GET', '/api/communities/mine')
    await form.getByRole('radio', { name: communities[0]!.nameKm ?? communities[0]!.name }).check()
    // The picker's map arrives after the form (it is its own chunk): tap it once it is there.
    await page
      .getByTestId('location-picker')
      .locator('.leaflet-container')
      .click({ position: { x: 150, y: 120 } })
    await expect.poll(() => form.textContent(), { timeout: 60_000 }).toContain(km.chosenPlace.split('{{')[0]!.trim())
    const description = `ឈូសឆាយស្រែនៅព្រឹកព្រលឹម (slow link ${Date.now()})`
    await form.getByLabel(km.description).fill(description)
    await form.getByLabel(km.photos).setInputFiles(PHOTO)
    await screenshot(page, 'km', 'report-slow-link-phone')
    await page.getByRole('button', { name: km.submit }).click()
    await page.getByTestId('report-sent').waitFor({ state: 'visible', timeout: 180_000 })

    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
    const found = await apiJson<{ items: { id: string }[] }>(page, 'GET', `/api/incidents?q=${encodeURIComponent(description)}&limit=10`)
    expect(found.items).toHaveLength(1)
    await context.close()
  })
})
