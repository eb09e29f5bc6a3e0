// The legal team's day (#16): an admin adds a deadline rule; a lawyer opens "My work" and finds
// the overdue task first, records a judgment and accepts the appeal deadline the rule computes,
// subscribes to the calendar (read here with no cookie, by ical.js), writes a Khmer complaint letter
// from a template and finds it in the case's evidence with its hash. Then the same pages in Khmer
// on a phone.
import { createHash } from 'node:crypto'
import ICAL from 'ical.js'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiJson, launchBrowser, openSession, screenshot } from './helpers/browser.ts'

const PHONE = { width: 360, height: 740 }
const DAY_MS = 86_400_000

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

/** A day in Phnom Penh (UTC+7, no daylight saving), `offsetDays` from today, as YYYY-MM-DD. */
function phnomPenhDay(offsetDays: number): string {
  return new Date(Date.now() + 7 * 3_600_000 + offsetDays * DAY_MS).toISOString().slice(0, 10)
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

interface CaseDetail {
  id: string
  reference: string
}

/** A court case led by the signed-in lawyer, with one overdue task and one due next week. */
async function prepareCase(page: Page, stamp: string) {
  const me = await apiJson<{ id: string }>(page, 'GET', '/api/auth/me')
  const created = await apiJson<CaseDetail>(page, 'POST', '/api/cases', {
    title: `Civil suit over the rice fields ${stamp}`,
    kind: 'court_civil',
    stage: 'hearing',
  })
  await apiJson(page, 'PUT', `/api/cases/${created.id}/team/lead`, { userId: me.id })
  const overdue = `File the witness statements ${stamp}`
  await apiJson(page, 'POST', `/api/cases/${created.id}/tasks`, {
    title: overdue,
    assigneeUserId: me.id,
    dueOn: phnomPenhDay(-3),
    priority: 'high',
  })
  await apiJson(page, 'POST', `/api/cases/${created.id}/tasks`, {
    title: `Prepare the appeal brief ${stamp}`,
    assigneeUserId: me.id,
    dueOn: phnomPenhDay(9),
  })
  return { ...created, overdue }
}

describe("the legal team's day", () => {
  it('an admin adds an appeal rule through the admin page', async () => {
    const { page, context, errors } = await openSession(browser, { login: 'demo-admin' })
    await page.goto('/admin/deadline-rules')
    await page.getByRole('button', { name: 'New rule' }).click()
    const form = page.getByRole('form', { name: 'New rule' })
    await form.getByLabel('Name (English)').fill('Appeal against a civil judgment (journey rule)')
    await form.getByLabel('Counts from an event of kind').selectOption('judgment')
    await form.getByRole('spinbutton', { name: /^Days/ }).fill('30')
    await form.getByLabel('Title of the deadline (English)').fill('Last day to appeal')
    await form.getByLabel('Legal basis (English)').fill('Entered by the browser journey: not a statement of Cambodian law')
    await form.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => page.getByTestId('deadline-rules').textContent()).toContain('Appeal against a civil judgment (journey rule)')
    await screenshot(page, 'en', 'deadline-rules-admin')
    expect(errors).toEqual([])
    await context.close()
  })

  it('a lawyer starts from My work, accepts a computed deadline, subscribes to the calendar and writes a Khmer letter', async () => {
    const { page, context, errors } = await openSession(browser, { login: 'demo-legal' })
    const stamp = Date.now().toString(36)
    const legalCase = await prepareCase(page, stamp)

    // 1. My work: the overdue task comes first, in the overdue block.
    await page.goto('/work')
    const overdue = page.getByTestId('work-overdue')
    await expect.poll(() => overdue.textContent()).toContain(legalCase.overdue)
    const sections = await page
      .locator('[data-testid^="work-"]')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-testid')))
    expect(sections[0]).toBe('work-overdue')
    await screenshot(page, 'en', 'my-work')

    // 2. The judgment, and the appeal deadline the rule proposes (30 calendar days later).
    await overdue.getByRole('link', { name: new RegExp(legalCase.overdue) }).click()
    await page.waitForURL(new RegExp(`/cases/${legalCase.id}`))
    const judgmentDay = phnomPenhDay(-1)
    const judgment = `Judgment of the provincial court ${stamp}`
    const addEvent = page.getByRole('form', { name: 'New event' })
    await addEvent.getByRole('combobox', { name: 'Event type' }).selectOption('judgment')
    await addEvent.getByLabel('Date and time').fill(`${judgmentDay}T10:00`)
    await addEvent.getByRole('textbox', { name: 'Title', exact: true }).fill(judgment)
    await addEvent.getByRole('button', { name: 'Add event' }).click()
    const proposals = page.getByTestId('deadline-proposals')
    await proposals.waitFor()
    const dueOn = addDays(judgmentDay, 30)
    await expect.poll(() => proposals.locator('input[type="date"]').first().inputValue()).toBe(dueOn)
    await screenshot(page, 'en', 'deadline-proposal')
    await proposals.getByRole('button', { name: 'Add this deadline' }).first().click()
    await expect.poll(() => page.getByTestId('case-events').textContent()).toContain('Last day to appeal')

    // 3. The calendar link, read with no cookie as a phone's calendar app would.
    await page.goto('/account')
    await page.getByRole('button', { name: 'Create my calendar link' }).click()
    const link = page.getByLabel('Your calendar link')
    await expect.poll(() => link.inputValue()).toMatch(/\/api\/calendar\/feeds\/[A-Za-z0-9_-]+\.ics$/)
    await screenshot(page, 'en', 'calendar-feed-card')
    const feed = await fetch(await link.inputValue())
    expect(feed.status).toBe(200)
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/)
    const calendar = new ICAL.Component(ICAL.parse(await feed.text()) as unknown[])
    const appeal = calendar
      .getAllSubcomponents('vevent')
      .map((vevent) => new ICAL.Event(vevent))
      .find((event) => event.summary.includes('Last day to appeal') && event.summary.includes(legalCase.reference))
    expect(appeal, 'the accepted deadline is in the feed').toBeDefined()
    expect(appeal!.component.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Asia/Phnom_Penh')
    expect(appeal!.startDate.toString().slice(0, 10)).toBe(dueOn)

    // 4. A Khmer complaint letter from a template, saved to the case as a PDF with its hash.
    await page.goto(`/cases/${legalCase.id}`)
    await page.getByRole('link', { name: 'Write a letter' }).click()
    await page.getByLabel('Language of the letter').selectOption('km')
    const template = page.getByLabel('Template')
    await expect.poll(() => template.locator('option').count()).toBeGreaterThan(1)
    const complaint = await template.locator('option', { hasText: 'សុរិយោដី' }).first().getAttribute('value')
    await template.selectOption(complaint!)
    await page.getByLabel('Title of the document').fill(`ពាក្យបណ្ដឹង ${stamp}`)
    await page.getByRole('button', { name: 'Save to the case as PDF' }).click()
    const shown = page.getByTestId('letter-sha256')
    await shown.waitFor({ timeout: 60_000 })
    const sha256 = (await shown.textContent())!.trim()
    expect(sha256).toMatch(/^[0-9a-f]{64}$/)
    await screenshot(page, 'en', 'letter-saved')

    await page.goto(`/cases/${legalCase.id}`)
    const item = page.getByTestId('evidence-item').filter({ hasText: sha256 })
    await item.waitFor({ state: 'visible', timeout: 30_000 })
    const evidence = await apiJson<{ items: { id: string; sha256: string; mediaType: string }[] }>(
      page,
      'GET',
      `/api/evidence?case=${legalCase.id}`,
    )
    const letter = evidence.items.find((row) => row.sha256 === sha256)
    expect(letter?.mediaType).toBe('application/pdf')
    const pdf = await page.request.get(`/api/evidence/${letter!.id}/file`)
    expect(
      createHash('sha256')
        .update(await pdf.body())
        .digest('hex'),
    ).toBe(sha256)
    expect(errors).toEqual([])
    await context.close()
  })

  it('the same day reads in Khmer on a phone', async () => {
    const { page, context, errors } = await openSession(browser, { login: 'demo-legal', language: 'km', viewport: PHONE })
    const stamp = Date.now().toString(36)
    const legalCase = await prepareCase(page, stamp)
    await page.goto('/work')
    await expect.poll(() => page.getByTestId('work-overdue').textContent()).toContain(legalCase.overdue)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('ការងាររបស់ខ្ញុំ')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    await screenshot(page, 'km', 'my-work-phone')

    await page.goto(`/cases/${legalCase.id}`)
    await page.getByRole('link', { name: 'សរសេរលិខិត' }).click()
    await page.waitForURL(/\/letters\/new$/)
    const template = page.getByRole('combobox', { name: /^គំរូ/ })
    await expect.poll(() => template.locator('option').count()).toBeGreaterThan(1)
    const complaint = await template.locator('option', { hasText: 'សុរិយោដី' }).first().getAttribute('value')
    await template.selectOption(complaint!)
    // The letter is filled from the case: its reference appears in the editable body.
    await expect
      .poll(() => page.locator('[contenteditable="true"]').first().textContent(), { timeout: 30_000 })
      .toContain('ព្រះរាជាណាចក្រកម្ពុជា')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    await screenshot(page, 'km', 'letter-phone')
    expect(errors).toEqual([])
    await context.close()
  })
})
