// Frame time of the home map while dragging it, in Debian's Chromium (headless): the figure the
// README's "The web client" quotes. Against a running server with demo data:
//   DEY_DEMO=1 DATA_DIR=/tmp/dey-frames PORT=3987 npm start   (then, once it answers)
//   BASE_URL=http://127.0.0.1:3987 node --import tsx test/bench/map-frames.ts
// Page functions are passed as strings: tsx would wrap functions in helpers the page lacks.
import { chromium } from 'playwright-core'
const base = process.env.BASE_URL ?? 'http://127.0.0.1:3987'
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
await page.goto(`${base}/sign-in`)
await page.getByLabel('E-mail or username').fill('demo-legal')
await page.getByLabel('Password').fill('demo-legal-2026')
await page.getByRole('button', { name: 'Sign in' }).click()
await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'))
for (const view of [
  { lat: 12.6, lng: 105, zoom: 7 },
  { lat: 13.62, lng: 107.15, zoom: 13 },
  { lat: 13.62, lng: 107.15, zoom: 15 },
]) {
  await page.goto(`${base}/account`)
  await page.evaluate((v) => sessionStorage.setItem('dey.map.view', JSON.stringify(v)), view)
  await page.goto(`${base}/`)
  await page.waitForLoadState('networkidle')
  await page.waitForTimeout(1000)
  const box = (await page.locator('.leaflet-container').boundingBox())!
  const cx = box.x + box.width / 2,
    cy = box.y + box.height / 2
  await page.evaluate(
    `(() => { window.frames_ = []; let last = performance.now(); const tick = (now) => { window.frames_.push(now - last); last = now; requestAnimationFrame(tick) }; requestAnimationFrame(tick) })()`,
  )
  await page.mouse.move(cx, cy)
  await page.mouse.down()
  for (let i = 0; i < 60; i++) {
    await page.mouse.move(cx + Math.sin(i / 6) * 200, cy + Math.cos(i / 6) * 120)
    await page.waitForTimeout(16)
  }
  await page.mouse.up()
  const frames = ((await page.evaluate('window.frames_')) as number[]).slice(2).sort((a, b) => a - b)
  const q = (p: number) => frames[Math.min(frames.length - 1, Math.floor(p * frames.length))]!.toFixed(1)
  const paths = await page.locator('.leaflet-pane path').count()
  const markers = await page.locator('.leaflet-marker-icon').count()
  console.log(
    `zoom ${view.zoom}: ${frames.length} frames while dragging, median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(0.999)} ms; ${paths} paths, ${markers} markers`,
  )
}
await browser.close()
