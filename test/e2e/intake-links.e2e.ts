// Reports from outside, staff side: an administrator on a phone, in Khmer, makes a public report
// link, sees its QR code and closes it, and a visitor without an account who opens the closed
// link is told so; a lawyer at a desk, in English, finds the demo's reports from outside in the
// menu and opens one with its possible duplicate. Screenshots in both languages.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiJson, DESKTOP, launchBrowser, openSession, PHONE, screenshot } from './helpers/browser.ts'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

const hasNoSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

describe('report links and the moderation queue', () => {
  it('an administrator on a phone, in Khmer, makes a link, sees its QR code and closes it; the closed link says so', async () => {
    const { page, context, errors } = await openSession(browser, { login: 'demo-admin', language: 'km', viewport: PHONE })
    const title = `ភូមិ e2e ${Date.now()}`

    await page.goto('/intake')
    await page.getByRole('heading', { name: 'របាយការណ៍ពីខាងក្រៅ', level: 1 }).waitFor()
    await page.getByTestId('intake-report').first().waitFor()
    await expect(hasNoSidewaysScroll(page)).resolves.toBe(true)
    await screenshot(page, 'km', 'intake-queue-phone')
    await page.getByRole('link', { name: 'តំណរាយការណ៍' }).click()
    await page.waitForURL(/\/intake\/links$/)
    await page.getByRole('textbox', { name: 'ចំណងជើង', exact: true }).fill(title)
    await page.getByLabel('របាយការណ៍ក្នុងមួយម៉ោង').fill('30')
    await page.getByRole('button', { name: 'បង្កើតតំណ' }).click()
    await page.getByRole('status').filter({ hasText: title }).waitFor()

    const card = page.getByTestId('intake-link').filter({ has: page.getByRole('heading', { name: title }) })
    const url = await card.getByRole('textbox').inputValue()
    const slug = /\/r\/([a-z0-9]{12})$/.exec(url)?.[1]
    expect(slug, url).toBeTruthy()

    await card.getByRole('button', { name: 'បង្ហាញកូដ QR' }).click()
    const qr = card.getByRole('img', { name: /កូដ QR/ })
    await qr.waitFor()
    await page.waitForFunction((element) => (element as HTMLImageElement).complete, await qr.elementHandle())
    await expect(qr.evaluate((image: HTMLImageElement) => image.naturalWidth > 0)).resolves.toBe(true)
    await expect(hasNoSidewaysScroll(page)).resolves.toBe(true)
    await qr.scrollIntoViewIfNeeded()
    await screenshot(page, 'km', 'intake-link-qr-phone')

    await card.getByRole('button', { name: 'បិទតំណ' }).click()
    await card.getByText('បានបិទ', { exact: true }).waitFor()
    await card.getByRole('button', { name: 'បើកតំណ' }).waitFor()
    expect(errors).toEqual([])
    await context.close()

    // A visitor without an account: the link's page says it is closed, and its API answers 410 Gone.
    const visitor = await openSession(browser, { language: 'km', viewport: PHONE })
    const answer = await visitor.page.request.get(`/api/public/intake/${slug}`)
    expect(answer.status()).toBe(410)
    await visitor.page.goto(`/r/${slug}`)
    await visitor.page.getByTestId('public-link-closed').waitFor()
    await expect(hasNoSidewaysScroll(visitor.page)).resolves.toBe(true)
    await screenshot(visitor.page, 'km', 'intake-link-closed-phone')
    await visitor.context.close()
  })

  it('a lawyer at a desk, in English, finds the reports from outside and opens one with its possible duplicate', async () => {
    const { page, context, errors } = await openSession(browser, { login: 'demo-legal', viewport: DESKTOP })
    await page.goto('/work')
    await page.getByRole('link', { name: 'Reports from outside' }).click()
    await page.waitForURL(/\/intake$/)
    await page.getByRole('heading', { name: 'Reports from outside', level: 1 }).waitFor()

    // The demo's queue: reports from the web link, the Telegram bot and SMS.
    const queue = await apiJson<{ items: { id: string; source: string; candidates?: unknown }[] }>(page, 'GET', '/api/intake/reports')
    expect(new Set(queue.items.map((item) => item.source))).toEqual(new Set(['web', 'telegram', 'sms']))
    const rows = page.getByTestId('intake-report')
    await rows.first().waitFor()
    await expect(rows.count()).resolves.toBe(queue.items.length)
    await screenshot(page, 'en', 'intake-queue-desktop')

    // The report that tells of a demo incident again is offered that incident to merge into.
    let withCandidate: string | undefined
    for (const item of queue.items) {
      const report = await apiJson<{ candidates: unknown[] }>(page, 'GET', `/api/intake/reports/${item.id}`)
      if (report.candidates.length > 0) withCandidate = item.id
    }
    expect(withCandidate).toBeTruthy()
    await page.locator(`a[href="/intake/${withCandidate}"]`).click()
    await page.getByRole('heading', { name: 'Maybe the same event' }).waitFor()
    await expect(page.locator('.intake-candidates li').count()).resolves.toBeGreaterThan(0)
    await page.getByRole('button', { name: 'Accept', exact: true }).click()
    await page.getByRole('textbox', { name: 'Title', exact: true }).waitFor()
    await page.getByRole('button', { name: 'Accept as incident' }).waitFor()
    await screenshot(page, 'en', 'intake-report-desktop')

    // The community's page shows its SMS code, which senders write in an SMS report.
    await page.locator('.intake-detail-grid a[href^="/communities/"]').first().click()
    await expect(page.getByTestId('community-sms-code').textContent()).resolves.toMatch(/^[0-9A-Z]{2,8}$/)
    expect(errors).toEqual([])
    await context.close()
  })
})
