// A lawyer's day: draw a community's parcel, open a case, schedule a hearing, file a PDF as
// evidence, and find the hearing in the case timeline and in the calendar.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clickMapAt, launchBrowser, openSession, screenshot } from './helpers/browser.ts'

const PDF = 'test/fixtures/pdf/py-pdf_minimal-document.pdf'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

describe('a lawyer', () => {
  it('draws a parcel, opens a case, adds a hearing and a PDF, and sees them in the timeline and the calendar', async () => {
    const { page, context, errors } = await openSession(browser, { login: 'demo-legal' })
    const stamp = Date.now().toString(36)

    // 1. A parcel, drawn on the map.
    await page.goto('/parcels/new')
    const community = page.getByRole('combobox', { name: 'Community', exact: true })
    await community.waitFor()
    const firstCommunity = await community.locator('option:not([value=""])').first().getAttribute('value')
    await community.selectOption(firstCommunity!)
    await page.getByRole('textbox', { name: 'Name of the parcel' }).fill(`Rice field ${stamp}`)
    await page.getByRole('button', { name: 'Draw polygon' }).click()
    await clickMapAt(page, [
      [0.4, 0.4],
      [0.6, 0.4],
      [0.6, 0.6],
      [0.4, 0.6],
      [0.4, 0.4],
    ])
    const area = page.getByTestId('geometry-area')
    await expect.poll(async () => (await area.textContent()) ?? '').toMatch(/[1-9]/)
    await screenshot(page, 'en', 'parcel-drawn')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.waitForURL(/\/parcels\/[0-9a-f-]{36}$/)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain(`Rice field ${stamp}`)

    // 2. A case.
    await page.goto('/cases/new')
    await page.getByRole('textbox', { name: 'Title', exact: true }).fill(`Cadastral complaint ${stamp}`)
    await page.getByRole('combobox', { name: 'Kind of case' }).selectOption('cadastral_commission')
    await page.getByRole('button', { name: 'Open the case' }).click()
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/)
    const caseUrl = page.url()

    // 3. A hearing ten days from now, at 09:30 in Phnom Penh.
    const day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10)
    const hearing = `Hearing at the Provincial Cadastral Commission ${stamp}`
    const addEvent = page.getByRole('form', { name: 'New event' })
    await addEvent.getByRole('combobox', { name: 'Event type' }).selectOption('hearing')
    await addEvent.getByLabel('Date and time').fill(`${day}T09:30`)
    await addEvent.getByRole('textbox', { name: 'Title', exact: true }).fill(hearing)
    await addEvent.getByRole('button', { name: 'Add event' }).click()
    await expect.poll(() => page.getByTestId('case-events').textContent()).toContain(hearing)

    // 4. A PDF as evidence, hashed on the device and checked by the server.
    const sha256 = createHash('sha256')
      .update(await readFile(PDF))
      .digest('hex')
    await page.getByLabel('Choose files to upload').setInputFiles(PDF)
    const item = page.getByTestId('evidence-item').filter({ hasText: sha256 })
    await item.waitFor({ state: 'visible', timeout: 30_000 })

    // 5. The timeline and the calendar.
    await page.goto(caseUrl)
    await expect.poll(() => page.getByTestId('case-timeline').textContent()).toContain(hearing)
    await screenshot(page, 'en', 'case-legal')
    await page.goto('/calendar')
    await expect.poll(async () => (await page.getByTestId('calendar-item').allTextContents()).join('\n')).toContain(hearing)
    await screenshot(page, 'en', 'calendar-legal')
    expect(errors).toEqual([])
    await context.close()
  })
})
