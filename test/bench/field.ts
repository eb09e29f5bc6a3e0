// `npm run bench:field`: a community representative's phone on a slow link (issue 15). Debian's
// Chromium at 360 × 740, in Khmer, a fresh profile, the network throttled through the DevTools
// protocol to 400 kbit/s down and up with 400 ms of latency, against `npm start`'s server over
// the embedded database with the demo data. Measured twice in the same run: as the server sends
// today (brotli or gzip) and as it sent before compression (the browser asks for `identity`).
//
//   npm run bench:field -- [--runs=2]
//
// Figures: bytes received and time until the report form can be used, on a first visit (cold)
// and again once the service worker holds the app (warm); time until the map home draws its
// first data; and from tapping Send to the server's 201 for a report with one 2 MB photo, and to
// the photo being stored.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core'
import { chromiumPath } from '../helpers/chromium.ts'
import { startServer } from '../helpers/server-process.ts'
import { NO_BASEMAP, waitForDrawnData } from './map/browser.ts'
import { kb, printTable } from './map/table.ts'

const args = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]))
const runs = Number(args.get('runs') ?? 2)
const PHONE = { width: 360, height: 740 }
/** 400 kbit/s in bytes per second, and the round trip the link adds. */
const LINK = { throughput: (400 * 1000) / 8, latencyMs: 400 }
const PHOTO = 'test/fixtures/photos/exif-samples_gps_DSCN0010.jpg'
const LOGIN = { login: 'demo-rep', password: 'demo-rep-2026' }

type Mode = 'identity' | 'compressed'

interface Visit {
  bytes: number
  ms: number
}

interface Figures {
  cold: Visit[]
  warm: Visit[]
  firstMapData: number[]
  sendTo201: number[]
  sendToStored: number[]
}

const log = (message: string) => process.stderr.write(`[bench:field ${new Date().toISOString().slice(11, 19)}] ${message}\n`)

/** Counts the bytes the page receives over the network (a service worker's cached answers count none). */
async function throttledSession(context: BrowserContext, page: Page, mode: Mode) {
  const cdp: CDPSession = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: LINK.latencyMs,
    downloadThroughput: LINK.throughput,
    uploadThroughput: LINK.throughput,
  })
  if (mode === 'identity') await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } })
  let bytes = 0
  cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
    bytes += event.encodedDataLength
  })
  return {
    take: () => {
      const taken = bytes
      bytes = 0
      return taken
    },
  }
}

async function newPhone(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: PHONE, baseURL: baseUrl, locale: 'km-KH' })
  await context.addInitScript(() => localStorage.setItem('dey.language', 'km'))
  const login = await context.request.post('/api/auth/login', { data: LOGIN, headers: { origin: baseUrl } })
  if (!login.ok()) throw new Error(`sign-in failed: ${login.status()} ${await login.text()}`)
  return context
}

/** Loads the report form and returns when it can be used: the form is there and its first choice answers. */
async function openReportForm(page: Page): Promise<number> {
  const start = performance.now()
  await page.goto('/report', { waitUntil: 'commit' })
  await page.getByTestId('report-form').locator('input[type=radio]').first().waitFor({ state: 'visible', timeout: 180_000 })
  return performance.now() - start
}

async function measure(browser: Browser, baseUrl: string, mode: Mode, photo: string, figures: Figures) {
  const context = await newPhone(browser, baseUrl)
  const page = await context.newPage()
  const network = await throttledSession(context, page, mode)

  const coldMs = await openReportForm(page)
  figures.cold.push({ ms: coldMs, bytes: network.take() })
  // Warm: the service worker holds the app (and takes over this tab), as on a second visit.
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 180_000 })
  await page.waitForLoadState('networkidle', { timeout: 180_000 }).catch(() => undefined)
  network.take()
  const warmMs = await openReportForm(page)
  figures.warm.push({ ms: warmMs, bytes: network.take() })

  await page.goto('/', { waitUntil: 'commit' })
  figures.firstMapData.push(await waitForDrawnData(page, 180_000))

  // A report with one 2 MB photo.
  const form = page.getByTestId('report-form')
  await openReportForm(page)
  await form.locator('input[type=radio][name^="kind-"]').first().check()
  const community = form.locator('input[type=radio][name^="community-"]')
  if ((await community.count()) > 0) await community.first().check()
  await page
    .getByTestId('location-picker')
    .locator('.leaflet-container')
    .click({ position: { x: 150, y: 120 } })
  await form.locator('textarea').first().fill(`Field bench ${mode} ${Date.now()}`)
  await form.locator('input[type=file]').first().setInputFiles(photo)
  const created = page.waitForResponse((response) => response.url().endsWith('/api/incidents') && response.request().method() === 'POST', {
    timeout: 300_000,
  })
  const start = performance.now()
  await form.locator('button[type=submit]').click()
  const response = await created
  if (response.status() !== 201) throw new Error(`report answered ${response.status()}: ${await response.text()}`)
  figures.sendTo201.push(performance.now() - start)
  await page.getByTestId('report-sent').waitFor({ state: 'visible', timeout: 600_000 })
  figures.sendToStored.push(performance.now() - start)
  await context.close()
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length === 0 ? NaN : sorted[Math.floor((sorted.length - 1) / 2)]!
}
const seconds = (value: number) => (Number.isFinite(value) ? `${(value / 1000).toFixed(1)} s` : '—')

async function main() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'dey-bench-field-'))
  // A 2 MB photo: a real JPEG (its EXIF and GPS intact) with padding after its end marker.
  const photo = path.join(dataDir, 'photo-2mb.jpg')
  const original = await readFile(PHOTO)
  await writeFile(photo, Buffer.concat([original, Buffer.alloc(2_000_000 - original.length, 0)]))
  log('starting the server (embedded database, demo data)')
  const server = await startServer({ DATA_DIR: path.join(dataDir, 'data'), TILE_URL: NO_BASEMAP, LOG_LEVEL: 'info' })
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] })
  const results = new Map<Mode, Figures>()
  try {
    for (const mode of ['identity', 'compressed'] as const) {
      const figures: Figures = { cold: [], warm: [], firstMapData: [], sendTo201: [], sendToStored: [] }
      results.set(mode, figures)
      for (let run = 0; run < runs; run++) {
        log(`${mode}: run ${run + 1} of ${runs}`)
        await measure(browser, server.baseUrl, mode, photo, figures)
      }
    }
  } finally {
    await browser.close()
    await server.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
  const row = (name: string, pick: (figures: Figures) => string, goal: string) => [
    name,
    pick(results.get('identity')!),
    pick(results.get('compressed')!),
    goal,
  ]
  process.stdout.write(
    `\n## npm run bench:field — ${new Date().toISOString()}\nChromium 360 × 740, Khmer, fresh profile, 400 kbit/s down and up, 400 ms latency; median of ${runs} runs; "before" = the same server asked for identity (no compression)\n\n`,
  )
  printTable(
    'The phone on a slow link',
    ['measure', 'before (identity)', 'after (compressed)', 'goal'],
    [
      row('report form, first visit: bytes received', (f) => kb(median(f.cold.map((v) => v.bytes))), '≤ 350 kB'),
      row('report form, first visit: time to usable', (f) => seconds(median(f.cold.map((v) => v.ms))), '≤ 8 s'),
      row('report form, again (service worker): bytes', (f) => kb(median(f.warm.map((v) => v.bytes))), ''),
      row('report form, again (service worker): time', (f) => seconds(median(f.warm.map((v) => v.ms))), '≤ 2 s'),
      row('map home: first data drawn', (f) => seconds(median(f.firstMapData)), ''),
      row('Send → 201 (report with a 2 MB photo)', (f) => seconds(median(f.sendTo201)), ''),
      row('Send → photo stored ("sent")', (f) => seconds(median(f.sendToStored)), ''),
    ],
  )
}

await main()
