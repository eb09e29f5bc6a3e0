// A concession known only as a point (issue 14), as a lawyer meets it: recorded by its location
// and the area a source declares, shown as "Boundary unknown" with no mapped area, then given its
// boundary in the geometry editor, after which its area is measured. Deleted again at the end, so
// the other journeys' overlaps are not changed by it.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clickMapAt, launchBrowser, openSession, screenshot } from './helpers/browser.ts'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

describe('a concession known only as a point', () => {
  it('is recorded by its location and declared area, says its boundary is unknown, and is mapped later', async () => {
    const { page, errors } = await openSession(browser, { login: 'demo-legal' })
    const name = `Point-only ELC ${Date.now().toString(36)}`

    await page.goto('/concessions/new')
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name)
    await page.getByRole('radio', { name: 'Location only (boundary unknown)' }).check()
    await page.getByRole('textbox', { name: 'Longitude' }).fill('106.9')
    await page.getByRole('textbox', { name: 'Latitude' }).fill('13.87')
    await page.getByRole('textbox', { name: /Area \(ha\)/ }).fill('7500')
    await page.getByRole('textbox', { name: /^Source(?! of)/ }).fill('ODC, Government data 2012')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.waitForURL(/\/concessions\/[0-9a-f-]{36}$/)

    const notice = page.getByTestId('boundary-unknown')
    await notice.waitFor()
    expect(await notice.textContent()).toContain('Declared area: 7,500 ha (ODC, Government data 2012).')
    expect(await page.locator('.land-facts').first().textContent()).toContain('— (boundary unknown)')
    await screenshot(page, 'en', 'concession-boundary-unknown')

    await page.getByRole('link', { name: 'Map the boundary' }).click()
    await page.waitForURL(/\/edit#boundary$/)
    await page.getByRole('button', { name: 'Draw polygon' }).click()
    await clickMapAt(page, [
      [0.45, 0.45],
      [0.55, 0.45],
      [0.55, 0.55],
      [0.45, 0.55],
      [0.45, 0.45],
    ])
    await expect.poll(async () => (await page.getByTestId('geometry-area').textContent()) ?? '').toMatch(/[1-9]/)
    await page.getByRole('button', { name: 'Save' }).click()
    await page.waitForURL(/\/concessions\/[0-9a-f-]{36}$/)
    await page.getByRole('heading', { name: 'Declared areas' }).waitFor()
    expect(await page.getByTestId('boundary-unknown').count()).toBe(0)
    expect(await page.locator('.land-facts').first().textContent()).toMatch(/Mapped area[\d,.]+ ha/)

    await page.getByRole('button', { name: 'Delete concession' }).click()
    await page.getByRole('button', { name: 'Yes, delete it' }).click()
    await page.waitForURL(/\/concessions$/)
    expect(errors).toEqual([])
  })
})
