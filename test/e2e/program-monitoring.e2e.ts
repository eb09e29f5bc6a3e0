// Program monitoring, the journey: an administrator adds a target through the admin
// screen (trainings on leadership this year); a community representative on a phone, in Khmer,
// records such a training with its participants; the dashboard shows the target one further on,
// with its pace; and the yearly report downloads as a PDF whose Khmer text pdftotext reads, and
// as a spreadsheet that ExcelJS reads back with the same figures.
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import ExcelJS from 'exceljs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { activitiesMessages } from '../../client/features/activities/messages.ts'
import { programReportMessages } from '../../server/features/program-report/program-report.messages.ts'
import { cambodiaClock } from '../../shared/dates.ts'
import type { ProgramTarget } from '../../shared/targets.ts'
import { vocabMessages } from '../../shared/vocabulary-labels.ts'
import { apiJson, DESKTOP, launchBrowser, openSession, PHONE, screenshot } from './helpers/browser.ts'

const run = promisify(execFile)

let browser: Browser
let downloads: string
beforeAll(async () => {
  browser = await launchBrowser()
  downloads = await mkdtemp(path.join(os.tmpdir(), 'dey-program-report-'))
})
afterAll(async () => {
  await browser?.close()
  await rm(downloads, { recursive: true, force: true })
})

const hasNoSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

async function targetNamed(page: Page, label: string): Promise<ProgramTarget> {
  const found = await apiJson<{ items: ProgramTarget[] }>(page, 'GET', `/api/program-targets?q=${encodeURIComponent(label)}`)
  expect(found.items).toHaveLength(1)
  return found.items[0]!
}

describe('program monitoring', () => {
  it('a target added in the admin screen moves when a representative records a training in Khmer on a phone; the yearly report downloads as PDF and XLSX', async () => {
    const year = cambodiaClock(new Date()).year
    const label = `Leadership trainings ${Date.now()}`

    // 1. The administrator adds the target through the UI.
    const admin = await openSession(browser, { login: 'demo-admin', viewport: DESKTOP })
    await admin.page.goto('/admin/targets')
    await admin.page.getByRole('heading', { name: 'Program targets', level: 1 }).waitFor()
    await admin.page.getByRole('button', { name: 'Add target' }).click()
    await admin.page.getByLabel('Code', { exact: true }).fill('E2E')
    await admin.page.getByLabel('Label', { exact: true }).fill(label)
    await admin.page.getByLabel('First year', { exact: true }).fill(String(year))
    await admin.page.getByLabel('Last year', { exact: true }).fill(String(year))
    await admin.page.getByLabel('Target', { exact: true }).fill('40')
    await admin.page.getByLabel('Counts', { exact: true }).selectOption('activities')
    await admin.page.getByRole('group', { name: 'Activity kinds' }).getByRole('checkbox', { name: 'Training', exact: true }).check()
    await admin.page.getByRole('group', { name: 'Topics' }).getByRole('checkbox', { name: 'Leadership', exact: true }).check()
    await expect(admin.page.getByTestId('rule-sentence').textContent()).resolves.toMatch(/leadership/i)
    await screenshot(admin.page, 'en', 'program-target-form-desktop')
    await admin.page.getByRole('button', { name: 'Save target' }).click()
    await admin.page.getByText(`Saved “${label}”.`).waitFor()
    const before = await targetNamed(admin.page, label)
    expect(before.rule).toMatchObject({ count: 'activities', activityKinds: ['training'], activityTopics: ['leadership'] })

    // 2. The representative records a training on leadership, on a phone, in Khmer.
    const km = activitiesMessages.km
    const rep = await openSession(browser, { login: 'demo-rep', language: 'km', viewport: PHONE })
    await rep.page.goto('/activities/new')
    await rep.page.getByRole('heading', { name: km.form.newTitle, level: 1 }).waitFor()
    await rep.page.getByRole('combobox', { name: km.field.kind, exact: true }).selectOption('training')
    await rep.page.getByRole('combobox', { name: km.field.topic, exact: true }).selectOption('leadership')
    await rep.page.getByRole('textbox', { name: km.field.title, exact: true }).fill('វគ្គបណ្តុះបណ្តាលភាពជាអ្នកដឹកនាំ e2e')
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Phnom_Penh' })
    await rep.page.getByLabel(km.field.startedOn).fill(today)
    const communities = rep.page.getByRole('group', { name: km.field.communities })
    await communities.getByRole('checkbox').first().check()
    await rep.page.getByRole('spinbutton', { name: km.field.women, exact: true }).fill('14')
    await rep.page.getByRole('spinbutton', { name: km.field.men, exact: true }).fill('9')
    await rep.page.getByRole('spinbutton', { name: km.field.youth, exact: true }).fill('7')
    await rep.page.getByText(km.form.totalLine.replace('{{total}}', '23')).waitFor()
    await expect(hasNoSidewaysScroll(rep.page)).resolves.toBe(true)
    await screenshot(rep.page, 'km', 'activity-form-phone')
    await rep.page.getByRole('button', { name: km.form.save }).click()
    await rep.page.waitForURL(/\/activities\/[0-9a-f-]{36}$/)
    await rep.page.getByRole('heading', { name: 'វគ្គបណ្តុះបណ្តាលភាពជាអ្នកដឹកនាំ e2e', level: 1 }).waitFor()
    await expect(hasNoSidewaysScroll(rep.page)).resolves.toBe(true)
    await screenshot(rep.page, 'km', 'activity-page-phone')
    expect(rep.errors).toEqual([])
    await rep.context.close()

    // 3. The dashboard shows the target one further on, with its pace, as the API counts it.
    const after = await targetNamed(admin.page, label)
    expect(after.progress.done).toBe(before.progress.done + 1)
    expect(after.progress.status).not.toBeNull()
    await admin.page.goto('/dashboard')
    const card = admin.page.getByTestId('target-card').filter({ has: admin.page.getByRole('heading', { name: label }) })
    await card.getByText(`Done ${after.progress.done} of 40`).waitFor()
    await expect(card.getByTestId('pace-status').textContent()).resolves.toContain(vocabMessages.en.paceStatus[after.progress.status!])
    await card.scrollIntoViewIfNeeded()
    await screenshot(admin.page, 'en', 'dashboard-target-pace-desktop')

    // 4. The yearly report, in Khmer: a PDF that pdftotext reads, and a spreadsheet read back.
    const report = admin.page.getByRole('region', { name: 'Yearly report' })
    await report.getByLabel('Year', { exact: true }).selectOption(String(year))
    await report.getByLabel('Language', { exact: true }).selectOption('km')
    const [pdf] = await Promise.all([admin.page.waitForEvent('download'), report.getByRole('link', { name: 'Download PDF' }).click()])
    const pdfPath = path.join(downloads, 'report.pdf')
    await pdf.saveAs(pdfPath)
    expect((await readFile(pdfPath)).subarray(0, 5).toString()).toBe('%PDF-')
    const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', pdfPath, '-'])
    // pdftotext puts a space between some of the boxes Chromium laid Khmer out in: compare without spaces.
    const flat = (value: string) => value.replace(/\s+/g, '')
    expect(flat(text)).toContain(flat(programReportMessages.km.title))
    expect(flat(text)).toContain(flat(label))

    const [xlsx] = await Promise.all([
      admin.page.waitForEvent('download'),
      report.getByRole('link', { name: 'Download spreadsheet (XLSX)' }).click(),
    ])
    const xlsxPath = path.join(downloads, 'report.xlsx')
    await xlsx.saveAs(xlsxPath)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(xlsxPath)
    const targets = workbook.getWorksheet('targets')
    expect(targets, 'the targets sheet').toBeDefined()
    const rows: unknown[][] = []
    targets!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
    const ours = rows.find((row) => row.includes(label))
    expect(ours, JSON.stringify(rows.slice(0, 3))).toBeDefined()
    expect(ours).toContain(after.progress.done)
    expect(admin.errors).toEqual([])
    await admin.context.close()
  })
})
