// A shape far larger than land of its kind can be (a parcel drawn with the map zoomed out to a
// province): the server refuses it, the map editor says why in the user's language, and only an
// admin is offered to store it anyway. On a phone, in Khmer, and on a desktop in English.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { baseUrl, DESKTOP, launchBrowser, openSession, PHONE, screenshot, type DemoLogin, type Language } from './helpers/browser.ts'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

const TEXT = {
  en: {
    draw: 'Draw polygon',
    clear: 'Clear',
    name: 'Name of the parcel',
    save: 'Save',
    tooLarge: /far larger than land of this kind/,
    anyway: 'Store it anyway',
  },
  km: { draw: 'គូរពហុកោណ', clear: 'សម្អាត', name: 'ឈ្មោះក្បាលដី', save: 'រក្សាទុក', tooLarge: /ធំជាងដីប្រភេទនេះ/, anyway: 'រក្សាទុកវាដដែល' },
}

/**
 * Opens a new parcel of the first community and draws a square over the middle of the editor's
 * map, zooming out until the square covers 20,000 ha or more (the editor opens at the community's
 * scale, which depends on what is around it): far more than a parcel can be, yet still inside the
 * region the server covers.
 */
async function drawHugeParcel(page: Page, language: Language, name: string) {
  const text = TEXT[language]
  await page.goto('/parcels/new')
  // The form's first choice is the community.
  const community = page.locator('form select').first()
  await community.waitFor()
  const first = await community.locator('option:not([value=""])').first().getAttribute('value')
  await community.selectOption(first!)
  await page.getByRole('textbox', { name: text.name }).fill(name)
  const editor = page.getByTestId('geometry-editor')
  const map = editor.locator('.leaflet-container')
  await map.scrollIntoViewIfNeeded()
  await page.waitForTimeout(500)
  for (let attempt = 0; attempt < 6; attempt++) {
    // "Clear" fits the map to the community again: zoom out from there, one step more each time.
    for (let step = 0; step <= attempt + 1; step++) {
      await editor.locator('.leaflet-control-zoom-out').click()
      await page.waitForTimeout(400)
    }
    await page.getByRole('button', { name: text.draw }).click()
    const box = (await map.boundingBox())!
    for (const [x, y] of [
      [0.3, 0.3],
      [0.7, 0.3],
      [0.7, 0.7],
      [0.3, 0.7],
      [0.3, 0.3],
    ] as const) {
      await page.mouse.click(box.x + box.width * x, box.y + box.height * y)
      await page.waitForTimeout(150)
    }
    // In Khmer the figure is written in Khmer digits (០–៩).
    const figure = ((await page.getByTestId('geometry-area').textContent()) ?? '').replace(/[០-៩]/g, (digit) =>
      String(digit.charCodeAt(0) - 0x17e0),
    )
    const area = Number(figure.replace(/[^0-9.]/g, ''))
    if (area >= 20_000) break
    await page.getByRole('button', { name: text.clear }).click()
  }
  await page.getByRole('button', { name: text.save, exact: true }).click()
}

describe('a parcel too large to be one', () => {
  for (const [login, language, viewport, suffix] of [
    ['demo-admin', 'km', PHONE, '-phone'],
    ['demo-legal', 'en', DESKTOP, ''],
  ] as const) {
    it(`is refused with the reason (${login}, ${language}${suffix}); only an admin may store it anyway`, async () => {
      const { page, context, errors } = await openSession(browser, { login: login as DemoLogin, language, viewport })
      const text = TEXT[language]
      const name = `Huge block ${Date.now().toString(36)}`
      await drawHugeParcel(page, language, name)
      const problem = page.locator('.geometry-server-problem')
      await expect.poll(() => problem.textContent(), { timeout: 15_000 }).toMatch(text.tooLarge)
      await problem.scrollIntoViewIfNeeded()
      await screenshot(page, language, `parcel-too-large${suffix}`)
      const anyway = page.getByRole('button', { name: text.anyway })
      if (login === 'demo-admin') {
        await anyway.click()
        await page.waitForURL(/\/parcels\/[0-9a-f-]{36}$/)
        await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain(name)
        // Removed again: the other journeys draw on the same community, and its editor would fit this one.
        const id = new URL(page.url()).pathname.split('/').pop()!
        const removed = await page.request.delete(`/api/parcels/${id}`, { headers: { origin: baseUrl(), 'if-match': '"1"' } })
        expect(removed.status()).toBe(204)
      } else {
        expect(await anyway.count()).toBe(0)
        expect(page.url()).toMatch(/\/parcels\/new/)
      }
      expect(errors).toEqual([])
      await context.close()
    })
  }
})
