// The map in Chromium (Debian's, via playwright-core) against a started server: how long until
// the home map draws its first data, and frame times while panning. Shared by `npm run bench:map`
// and the browser journey that pans the map over the 200k data set.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { chromiumPath } from '../../helpers/chromium.ts'
import { startServer, type ServerProcess } from '../../helpers/server-process.ts'
import { BENCH_LOGIN, BENCH_PASSWORD } from './setup.ts'
import { SCREEN } from './viewport.ts'

/** A basemap that cannot load (no internet in CI): the map shows its offline province outlines. */
export const NO_BASEMAP = 'https://tiles.invalid/{z}/{x}/{y}.png'

export interface MapServer {
  server: ServerProcess
  baseUrl: string
  stop(): Promise<void>
}

/** `npm start`'s server over an existing PostgreSQL database holding the bench data (the client must be built). */
export async function startMapServer(databaseUrl: string): Promise<MapServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'dey-bench-map-server-'))
  // The bench's admin is no demo account: without this it could only set up two-step sign-in.
  const server = await startServer({
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    DEY_DEMO: '0',
    LOG_LEVEL: 'info',
    TILE_URL: NO_BASEMAP,
    TWO_FACTOR_ROLES: 'none',
  })
  return {
    server,
    baseUrl: server.baseUrl,
    stop: async () => {
      await server.stop()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] })
}

/** A 1440×900 context signed in as the bench's admin; `view` is where the map opens (its remembered view). */
export async function openMapContext(
  browser: Browser,
  baseUrl: string,
  view?: { lng: number; lat: number; zoom: number },
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: SCREEN, baseURL: baseUrl, locale: 'en-GB' })
  const login = await context.request.post('/api/auth/login', {
    data: { login: BENCH_LOGIN, password: BENCH_PASSWORD },
    headers: { origin: baseUrl },
  })
  if (!login.ok()) throw new Error(`bench sign-in failed: ${login.status()} ${await login.text()}`)
  if (view)
    await context.addInitScript((saved) => sessionStorage.setItem('dey.map.view', JSON.stringify(saved)), {
      lat: view.lat,
      lng: view.lng,
      zoom: view.zoom,
    })
  return context
}

/**
 * Resolves with the page's time (ms since navigation start) when the map first shows data. A map
 * that knows may say so with a `data-map-drawn` attribute; otherwise data is drawn when a marker,
 * an SVG shape or a canvas with ink appears in any map pane except the basemap's province outlines
 * — which covers today's GeoJSON layers (markers, SVG panes) and canvas-drawn vector tiles.
 */
export async function waitForDrawnData(page: Page, timeoutMs = 120_000): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      if (document.querySelector('[data-map-drawn]')) return performance.now()
      const map = document.querySelector('.leaflet-map-pane')
      if (!map) return false
      for (const pane of map.querySelectorAll<HTMLElement>(':scope > .leaflet-pane')) {
        if (pane.classList.contains('leaflet-province-outlines-pane')) continue
        if (pane.querySelector('.leaflet-marker-icon, path')) return performance.now()
        for (const canvas of pane.querySelectorAll('canvas')) {
          if (canvas.width === 0 || canvas.height === 0) continue
          const context = canvas.getContext('2d', { willReadFrequently: true })
          if (!context) continue
          const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data
          for (let i = 3; i < pixels.length; i += 64) if (pixels[i]! > 0) return performance.now()
        }
      }
      return false
    },
    undefined,
    { polling: 'raf', timeout: timeoutMs },
  )
  return (await handle.jsonValue()) as number
}

/**
 * Drags the map in `steps` moves of (dx, dy) pixels, one every ~frame, then lets it settle for
 * `settleMs` (new data arrives and is drawn); resolves with every frame's duration in ms meanwhile.
 */
export async function panAndRecordFrames(page: Page, steps = 20, delta = { dx: -40, dy: -25 }, settleMs = 1500): Promise<number[]> {
  // A string, not a function: the bench runs under tsx, whose name-keeping helper (__name) does
  // not exist in the page.
  // Each recording has its own number: the last one's loop, still waiting for its next frame when
  // this one starts, stops there instead of adding every frame a second time.
  await page.evaluate(`(() => {
    const frames = []
    window.__frames = frames
    const recording = (window.__recording = (window.__recording ?? 0) + 1)
    let last = performance.now()
    const tick = (now) => {
      if (window.__recording !== recording) return
      frames.push(now - last)
      last = now
      requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })()`)
  const box = (await page.locator('.leaflet-container').first().boundingBox())!
  let x = box.x + box.width / 2
  let y = box.y + box.height / 2
  await page.mouse.move(x, y)
  await page.mouse.down()
  for (let step = 0; step < steps; step++) {
    x += delta.dx
    y += delta.dy
    await page.mouse.move(x, y)
    await page.waitForTimeout(16)
  }
  await page.mouse.up()
  await page.waitForTimeout(settleMs)
  // The first delta is from the recorder's start, not a frame.
  return page.evaluate<number[]>(`(() => { window.__recording += 1; return window.__frames.slice(1) })()`)
}

/**
 * Waits until the map has loaded what it shows: no network request for half a second, then no
 * "Loading…" chip (the tiles in view are fetched and decoded), then a second for the last of them
 * to be drawn. Gives up quietly after `timeoutMs`: the measurement then says what it saw.
 */
export async function settle(page: Page, timeoutMs = 30_000) {
  await page.waitForLoadState('networkidle', { timeout: timeoutMs }).catch(() => undefined)
  await page
    .locator('.map-chip-spinner')
    .waitFor({ state: 'detached', timeout: timeoutMs })
    .catch(() => undefined)
  await page.waitForTimeout(1000)
}
