// Someone without an account — a farmer who saw the bulldozers — opens a community's public report
// link on a cheap phone (360 px), in Khmer, writes a report with a photo while offline, and gets a
// receipt code once the connection returns. A lawyer then accepts it from the queue of reports
// from outside, and it is in triage with the photo and its SHA-256, as sent.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { Browser, Locator } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publicReportMessages } from '../../client/features/public-report/messages.ts'
import { reportMessages } from '../../client/features/report/messages.ts'
import { vocabMessages } from '../../shared/vocabulary-labels.ts'
import { apiJson, baseUrl, launchBrowser, openSession, PHONE, screenshot } from './helpers/browser.ts'

const PHOTO = 'test/fixtures/photos/exif-samples_gps_DSCN0010.jpg'
const km = { public: publicReportMessages.km, report: reportMessages.km, vocab: vocabMessages.km }

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

interface IntakeLink {
  slug: string
  closedAt: string | null
  communityId: string | null
}

/** What a finger must hit is at least 44 × 44 px. */
async function expectTappable(target: Locator) {
  const box = (await target.boundingBox())!
  expect(Math.min(box.width, box.height), await target.evaluate((element) => element.outerHTML.slice(0, 100))).toBeGreaterThanOrEqual(44)
}

describe('a report from someone without an account', () => {
  it('is written offline on a phone in Khmer, sent when the connection returns, and accepted by a lawyer into triage with its photo', async () => {
    // The demo data has an open link; a lawyer may make one too.
    const legal = await openSession(browser, { login: 'demo-legal' })
    const links = await apiJson<{ items: IntakeLink[] }>(legal.page, 'GET', '/api/intake/links')
    let link = links.items.find((candidate) => candidate.closedAt === null)
    if (!link) {
      const communities = await apiJson<{ items: { id: string }[] }>(legal.page, 'GET', '/api/communities?limit=1')
      link = await apiJson<IntakeLink>(legal.page, 'POST', '/api/intake/links', {
        title: 'Report a threat to the community',
        communityId: communities.items[0]!.id,
      })
    }

    // A phone that prefers English, no account, nothing stored: the page still opens in Khmer.
    const context = await browser.newContext({ viewport: PHONE, baseURL: baseUrl(), locale: 'en-GB' })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(`console: ${message.text()}`)
    })
    await page.goto(`/r/${link.slug}`)
    const form = page.getByTestId('public-report-form')
    await form.waitFor()
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('km')
    await expect(page.getByTestId('public-link-title').isVisible()).resolves.toBe(true)
    // None of the app around it: no menu, no report button, no sign-in.
    await expect(page.locator('nav, .topbar, .report-fab').count()).resolves.toBe(0)
    expect(page.url()).toContain(`/r/${link.slug}`)

    await form.getByRole('radio', { name: km.vocab.incidentKind.fencing, exact: true }).check()
    const description = `ក្រុមហ៊ុនបានព័ទ្ធរបងវាលស្មៅរបស់ភូមិ (public ${Date.now()})`
    await form.getByLabel(km.report.description).fill(description)
    await page
      .getByTestId('location-picker')
      .locator('.leaflet-container')
      .click({ position: { x: 150, y: 120 } })
    await form.getByLabel(km.public.photos, { exact: true }).setInputFiles(PHOTO)
    await form.getByLabel(km.public.name).fill('សុខ ចាន់')
    await form.getByLabel(km.public.phone).fill('012 345 678')
    await form.getByRole('checkbox', { name: km.public.mayContact }).check()
    await expect(form.locator('.thumb').count()).resolves.toBe(1)

    // A phone's width: nothing wider than the screen, and every control a finger's size.
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(PHONE.width)
    for (const target of [
      form.getByRole('radio', { name: km.vocab.incidentKind.fencing, exact: true }).locator('xpath=..'),
      page.getByRole('button', { name: km.report.useMyLocation }),
      page.locator('.file-button').first(),
      form.locator('.public-report-check'),
      page.getByRole('button', { name: km.report.submit }),
      page.locator('.language-switch button').first(),
      page.locator('.language-switch button').last(),
    ])
      await expectTappable(target)
    await page.evaluate(() => window.scrollTo(0, 0))
    await screenshot(page, 'km', 'public-report-form-phone')

    // The service worker has the page on the phone once it controls it: the connection goes.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 })
    await context.setOffline(true)
    await page.getByRole('button', { name: km.report.submit }).click()
    const kept = page.getByTestId('public-report-kept')
    await kept.waitFor({ timeout: 30_000 })
    await expect(kept.textContent()).resolves.toContain(km.public.kept)
    await screenshot(page, 'km', 'public-report-kept-phone')
    // Still there after a reload without any connection: the page from the service worker, the report from the phone.
    await page.reload()
    await kept.waitFor({ timeout: 30_000 })

    await context.setOffline(false)
    const code = page.getByTestId('receipt-code')
    await code.waitFor({ timeout: 90_000 })
    const receiptCode = (await code.textContent())!.trim()
    expect(receiptCode).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/)
    await expect(page.getByTestId('public-report-received').textContent()).resolves.toContain(km.public.received)
    // Nothing else of Dey: not one link into the app.
    await expect(page.locator('a[href]').count()).resolves.toBe(0)
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(PHONE.width)
    await screenshot(page, 'km', 'public-report-received-phone')
    // Kept on the phone: a reload shows the same code.
    await page.reload()
    await expect(page.getByTestId('receipt-code').textContent({ timeout: 30_000 })).resolves.toBe(receiptCode)
    await page.getByRole('button', { name: 'English' }).click()
    await expect.poll(() => page.getByTestId('public-report-received').textContent()).toContain('Report received')
    await screenshot(page, 'en', 'public-report-received-phone')
    expect(errors).toEqual([])
    await context.close()

    // A lawyer finds it in the queue by its receipt code and accepts it.
    const lawyer = legal.page
    await lawyer.goto('/')
    await lawyer.getByRole('link', { name: 'Reports from outside' }).click()
    await lawyer.waitForURL(/\/intake$/)
    const row = lawyer.getByTestId('intake-report').filter({ hasText: receiptCode })
    await row.waitFor({ timeout: 30_000 })
    await row.getByRole('link').first().click()
    await lawyer.waitForURL(/\/intake\/[0-9a-f-]{36}$/)
    await lawyer.getByRole('button', { name: 'Accept', exact: true }).click()
    const title = `Company fenced the village grazing land (public link ${Date.now()})`
    await lawyer.getByRole('textbox', { name: 'Title', exact: true }).fill(title)
    await lawyer.getByRole('button', { name: 'Accept as incident' }).click()
    const open = lawyer.getByRole('link', { name: 'Open incident' })
    await open.waitFor({ timeout: 30_000 })
    const incidentId = /\/incidents\/([0-9a-f-]{36})$/.exec((await open.getAttribute('href'))!)![1]!

    await lawyer.goto('/triage')
    await lawyer.getByTestId('triage-item').filter({ hasText: title }).waitFor({ timeout: 30_000 })

    // Its evidence: the photo as it left the phone, byte for byte.
    const sha256 = createHash('sha256')
      .update(await readFile(PHOTO))
      .digest('hex')
    await lawyer.goto(`/incidents/${incidentId}`)
    // The incident's evidence is the photo: its file, as the page links it, is the fixture byte for
    // byte, and the server records the same SHA-256 (computed on arrival, kept through acceptance).
    const item = lawyer.locator('.rec-evidence-item')
    await item.first().waitFor({ timeout: 30_000 })
    await expect(item.count()).resolves.toBe(1)
    const href = (await item.locator('a.rec-evidence-title').getAttribute('href'))!
    const download = await lawyer.request.get(href)
    expect(download.ok()).toBe(true)
    expect(
      createHash('sha256')
        .update(await download.body())
        .digest('hex'),
    ).toBe(sha256)
    const evidence = await apiJson<{ items: { sha256: string; mediaType: string }[] }>(
      lawyer,
      'GET',
      `/api/evidence?incident=${incidentId}`,
    )
    expect(evidence.items).toEqual([expect.objectContaining({ sha256, mediaType: 'image/jpeg' })])
    await item.first().scrollIntoViewIfNeeded()
    await screenshot(lawyer, 'en', 'public-report-accepted-incident')
    expect(legal.errors).toEqual([])
    await legal.context.close()
  })
})
