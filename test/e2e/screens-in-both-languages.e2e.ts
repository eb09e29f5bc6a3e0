// Every main screen, for the role that uses it, in English and in Khmer, at desktop and phone
// width: screenshots under test-results/screenshots/<language>/ for people to look at, and in
// Khmer no English UI message may be left on screen.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiJson, DESKTOP, launchBrowser, openSession, PHONE, screenshot, type DemoLogin, type Language } from './helpers/browser.ts'
import { englishLeftOn } from './helpers/english-left.ts'

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

interface Screen {
  name: string
  login: DemoLogin
  /** A path, or a function finding one through the API (a record's detail page). */
  path: string | ((page: Page) => Promise<string>)
}

const firstId = async (page: Page, list: string) =>
  (await apiJson<{ items: { id: string }[] }>(page, 'GET', `${list}${list.includes('?') ? '&' : '?'}limit=1`)).items[0]!.id

const SCREENS: Screen[] = [
  { name: 'map', login: 'demo-legal', path: '/' },
  { name: 'report', login: 'demo-rep', path: '/report' },
  { name: 'incidents', login: 'demo-legal', path: '/incidents' },
  { name: 'incident', login: 'demo-legal', path: async (page) => `/incidents/${await firstId(page, '/api/incidents')}` },
  { name: 'communities', login: 'demo-legal', path: '/communities' },
  { name: 'community', login: 'demo-legal', path: async (page) => `/communities/${await firstId(page, '/api/communities')}` },
  { name: 'parcels', login: 'demo-legal', path: '/parcels' },
  { name: 'parcel', login: 'demo-legal', path: async (page) => `/parcels/${await firstId(page, '/api/parcels')}` },
  { name: 'parcel-new', login: 'demo-legal', path: '/parcels/new' },
  { name: 'concessions', login: 'demo-legal', path: '/concessions' },
  { name: 'concession', login: 'demo-legal', path: async (page) => `/concessions/${await firstId(page, '/api/concessions')}` },
  { name: 'cases', login: 'demo-legal', path: '/cases' },
  { name: 'case', login: 'demo-legal', path: async (page) => `/cases/${await firstId(page, '/api/cases')}` },
  { name: 'triage', login: 'demo-legal', path: '/triage' },
  { name: 'calendar', login: 'demo-legal', path: '/calendar' },
  { name: 'dashboard', login: 'demo-advocate', path: '/dashboard' },
  { name: 'activities', login: 'demo-rep', path: '/activities' },
  { name: 'activity', login: 'demo-rep', path: async (page) => `/activities/${await firstId(page, '/api/activities')}` },
  { name: 'activity-new', login: 'demo-rep', path: '/activities/new' },
  { name: 'target', login: 'demo-advocate', path: async (page) => `/targets/${await firstId(page, '/api/program-targets')}` },
  { name: 'targets-admin', login: 'demo-admin', path: '/admin/targets' },
  { name: 'users', login: 'demo-admin', path: '/admin/users' },
  { name: 'audit', login: 'demo-admin', path: '/admin/audit' },
  { name: 'account', login: 'demo-rep', path: '/account' },
]

async function settle(page: Page) {
  await page.waitForLoadState('networkidle')
  await page
    .locator('.page-loading')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => undefined)
  // Map tiles fail fast (no internet); give the province outlines and charts a moment to draw.
  await page.waitForTimeout(600)
}

for (const language of ['en', 'km'] as Language[]) {
  describe(`main screens in ${language === 'km' ? 'Khmer' : 'English'}`, () => {
    for (const login of [...new Set(SCREENS.map((screen) => screen.login))]) {
      it(`${login}: renders each screen${language === 'km' ? ' with no English left' : ''}`, async () => {
        const { page, context, errors } = await openSession(browser, { login, language, viewport: DESKTOP })
        const leftovers: Record<string, string[]> = {}
        for (const screen of SCREENS.filter((s) => s.login === login)) {
          const path = typeof screen.path === 'string' ? screen.path : await screen.path(page)
          for (const [viewport, suffix] of [
            [DESKTOP, ''],
            [PHONE, '-phone'],
          ] as const) {
            await page.setViewportSize(viewport)
            await page.goto(path)
            await settle(page)
            await screenshot(page, language, `${screen.name}${suffix}`)
          }
          const heading = await page.getByRole('heading', { level: 1 }).first().textContent()
          expect(heading?.trim(), `${screen.name} has a title`).toBeTruthy()
          if (language === 'km') {
            // A record's page is titled by its name (data); its section headings are the interface.
            const headings = (await page.getByRole('heading').allTextContents()).join(' ')
            expect(headings, `${screen.name}'s headings are in Khmer`).toMatch(/[\u1780-\u17FF]/)
            const english = await englishLeftOn(page)
            if (english.length > 0) leftovers[screen.name] = english
          }
        }
        expect(leftovers).toEqual({})
        expect(errors).toEqual([])
        await context.close()
      })
    }
  })
}
