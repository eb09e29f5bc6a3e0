// Chromium for the journeys: Debian's /usr/bin/chromium (CHROMIUM_PATH to override), headless,
// --no-sandbox (CI runs as root). Pages fail the test on any uncaught page error.
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { inject } from 'vitest'

export const PHONE = { width: 360, height: 740 }
export const DESKTOP = { width: 1440, height: 900 }

export type Language = 'en' | 'km'
export type DemoLogin = 'demo-rep' | 'demo-legal' | 'demo-advocate' | 'demo-admin'

export const baseUrl = () => inject('e2eBaseUrl')

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] })
}

export interface Session {
  context: BrowserContext
  page: Page
  /** Uncaught exceptions and console errors seen so far (4xx/5xx resource loads excluded). */
  errors: string[]
}

/**
 * Session cookies per demo login, for this run's server. Signing in once per login keeps the
 * journeys under the server's sign-in rate limit (10 a minute from one address).
 */
const sessionCookies = new Map<string, Awaited<ReturnType<BrowserContext['cookies']>>>()

/** A new browser context in the given language and viewport, signed in (through the form the first time). */
export async function openSession(
  browser: Browser,
  options: { login?: DemoLogin; language?: Language; viewport?: { width: number; height: number }; freshSignIn?: boolean } = {},
): Promise<Session> {
  const context = await browser.newContext({
    viewport: options.viewport ?? DESKTOP,
    baseURL: baseUrl(),
    locale: options.language === 'km' ? 'km-KH' : 'en-GB',
  })
  const language = options.language ?? 'en'
  // The language is set once per tab: a switch made by the test survives its reloads.
  await context.addInitScript((lang) => {
    if (!sessionStorage.getItem('dey.e2e.language-set')) {
      localStorage.setItem('dey.language', lang)
      sessionStorage.setItem('dey.e2e.language-set', '1')
    }
  }, language)
  const key = `${baseUrl()} ${options.login}`
  const cookies = options.login && !options.freshSignIn ? sessionCookies.get(key) : undefined
  if (cookies) await context.addCookies(cookies)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(`console: ${message.text()}`)
  })
  if (options.login && !cookies) {
    await signIn(page, options.login, language)
    sessionCookies.set(key, await context.cookies())
  }
  return { context, page, errors }
}

export async function signIn(page: Page, login: DemoLogin, language: Language = 'en') {
  await page.goto('/sign-in')
  const labels =
    language === 'km'
      ? { login: 'អ៊ីមែល ឬឈ្មោះអ្នកប្រើ', password: 'ពាក្យសម្ងាត់', submit: 'ចូលប្រើ' }
      : { login: 'E-mail or username', password: 'Password', submit: 'Sign in' }
  await page.getByLabel(labels.login).fill(login)
  await page.getByLabel(labels.password).fill(`${login}-2026`)
  await page.getByRole('button', { name: labels.submit }).click()
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'))
}

/**
 * Whether a finger on the middle of the element lands on it (not on something floating above it,
 * such as the report button). Scrolls it into view first.
 */
export async function isUnderFinger(locator: Locator): Promise<boolean> {
  await locator.scrollIntoViewIfNeeded()
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect()
    const top = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2)
    return top !== null && element.contains(top)
  })
}

/** Saves a screenshot under test-results/screenshots/<language>/<name>.png (looked at by people, not compared). */
export async function screenshot(page: Page, language: Language, name: string) {
  const folder = path.resolve('test-results/screenshots', language)
  await mkdir(folder, { recursive: true })
  await page.screenshot({ path: path.join(folder, `${name}.png`), fullPage: false })
}

/** An API call with the page's session cookie (same origin, so the server's CSRF check passes). */
export async function apiJson<T>(page: Page, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, data?: unknown): Promise<T> {
  const response = await page.request.fetch(url, { method, data, headers: { origin: baseUrl() } })
  if (!response.ok()) throw new Error(`${method} ${url} → ${response.status()}: ${await response.text()}`)
  return (await response.json()) as T
}

/** Clicks the editor's map at points given as fractions of its width and height. */
export async function clickMapAt(page: Page, points: [number, number][]) {
  const map = page.getByTestId('geometry-editor').locator('.leaflet-container')
  const box = (await map.boundingBox())!
  for (const [x, y] of points) {
    await page.mouse.click(box.x + box.width * x, box.y + box.height * y)
    await page.waitForTimeout(150)
  }
}

/** Whether a map pane (by its class) has ink: SVG paths, or a canvas with a painted pixel. */
export const paneHasInk = (page: Page, paneClass: string) =>
  page.evaluate((selector) => {
    const pane = document.querySelector(selector)
    if (!pane) return false
    if (pane.querySelector('path')) return true
    for (const canvas of pane.querySelectorAll('canvas')) {
      if (canvas.width === 0 || canvas.height === 0) continue
      const pixels = canvas.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, canvas.width, canvas.height).data
      for (let i = 3; i < pixels.length; i += 64) if (pixels[i]! > 0) return true
    }
    return false
  }, `.${paneClass}`)
