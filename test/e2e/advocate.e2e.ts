// An advocate prepares a campaign: the dashboard's charts and targets, and case pages without
// the lawyers' privileged notes (which legal staff do see on the same case).
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiJson, launchBrowser, openSession, screenshot } from './helpers/browser.ts'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

describe('an advocate', () => {
  it('opens the dashboard: incidents by month, kind and province, and the targets', async () => {
    const { page, context, errors } = await openSession(browser, { login: 'demo-advocate' })
    await page.goto('/dashboard')
    for (const chart of ['chart-by-month', 'chart-by-kind', 'chart-by-province']) {
      const canvas = page.getByTestId(chart).locator('canvas')
      await canvas.waitFor({ state: 'visible' })
      const box = await canvas.boundingBox()
      expect(box!.width * box!.height, `${chart} is drawn`).toBeGreaterThan(10_000)
    }
    await expect(page.getByTestId('target-progress').count()).resolves.toBeGreaterThan(0)
    await screenshot(page, 'en', 'dashboard-advocate')
    expect(errors).toEqual([])
    await context.close()
  })

  it('never sees privileged notes, which legal staff see on the same case', async () => {
    const legal = await openSession(browser, { login: 'demo-legal' })
    const cases = await apiJson<{ items: { id: string }[] }>(legal.page, 'GET', '/api/cases?limit=50')
    const details = await Promise.all(
      cases.items.map((item) => apiJson<{ id: string; privilegedNotes?: string | null }>(legal.page, 'GET', `/api/cases/${item.id}`)),
    )
    const withNotes = details.find((item) => item.privilegedNotes)
    expect(withNotes, 'a demo case has privileged notes').toBeDefined()
    await legal.page.goto(`/cases/${withNotes!.id}`)
    const notes = legal.page.getByTestId('privileged-notes')
    await notes.waitFor({ state: 'visible' })
    await expect(notes.textContent()).resolves.toContain('PRIVILEGED')
    await legal.context.close()

    const { page, context, errors } = await openSession(browser, { login: 'demo-advocate' })
    await page.goto(`/cases/${withNotes!.id}`)
    await page.getByRole('heading', { name: 'Timeline' }).waitFor({ state: 'visible' })
    await expect(page.getByTestId('privileged-notes').count()).resolves.toBe(0)
    await expect(page.getByRole('heading', { name: 'Privileged notes' }).count()).resolves.toBe(0)
    await expect(page.content()).resolves.not.toContain('PRIVILEGED')
    await screenshot(page, 'en', 'case-advocate')
    expect(errors).toEqual([])
    await context.close()
  })
})
