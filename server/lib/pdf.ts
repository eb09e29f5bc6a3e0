// Self-contained HTML printed to PDF by Chromium (playwright-core + Debian's chromium): the one
// PDF engine that shapes Khmer correctly, with font fallback to the system's Khmer fonts
// (fonts-khmeros / fonts-noto-core). One browser per executable, launched on first use and reused;
// closePdfRenderer() ends it when the app closes. Never throws: without a usable Chromium the
// caller gets { skipped: reason } and goes on without a PDF.
import { access, constants } from 'node:fs/promises'
import type { Browser } from 'playwright-core'

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium'
const DEFAULT_TIMEOUT_MS = 60_000
const LAUNCH_TIMEOUT_MS = 30_000

export interface RenderPdfOptions {
  /** The Chromium binary (config CHROMIUM_PATH); /usr/bin/chromium by default. */
  executablePath?: string
  /** The whole print (page load + PDF), in milliseconds. */
  timeoutMs?: number
}

export type RenderPdfResult = { pdf: Buffer } | { skipped: string }

const browsers = new Map<string, Promise<Browser>>()

export async function renderPdf(html: string, options: RenderPdfOptions = {}): Promise<RenderPdfResult> {
  const executablePath = options.executablePath ?? DEFAULT_CHROMIUM_PATH
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  let browser: Browser
  try {
    browser = await browserFor(executablePath)
  } catch (error) {
    return { skipped: plainReason(error, executablePath) }
  }
  let context: Awaited<ReturnType<Browser['newContext']>> | undefined
  try {
    // No network: the page is self-contained, and a dossier must not call out while printing.
    context = await browser.newContext({ offline: true, javaScriptEnabled: false })
    const page = await context.newPage()
    page.setDefaultTimeout(timeoutMs)
    await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs })
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '16mm', right: '14mm', bottom: '16mm', left: '14mm' },
    })
    return { pdf }
  } catch (error) {
    // A crashed browser is forgotten, so the next call launches a fresh one.
    if (!browser.isConnected()) browsers.delete(executablePath)
    return { skipped: `Chromium could not print the page: ${firstLine(error)}` }
  } finally {
    await context?.close().catch(() => undefined)
  }
}

/** Closes every browser renderPdf launched (call on app close; safe to call when none was). */
export async function closePdfRenderer(): Promise<void> {
  const launched = [...browsers.values()]
  browsers.clear()
  await Promise.all(launched.map(async (pending) => (await pending.catch(() => undefined))?.close().catch(() => undefined)))
}

function browserFor(executablePath: string): Promise<Browser> {
  let pending = browsers.get(executablePath)
  if (!pending) {
    pending = launch(executablePath)
    browsers.set(executablePath, pending)
    // A failed launch is not cached: installing Chromium later makes the next export print.
    pending.catch(() => browsers.delete(executablePath))
    void pending.then(
      (browser) =>
        browser.on('disconnected', () => {
          if (browsers.get(executablePath) === pending) browsers.delete(executablePath)
        }),
      () => undefined,
    )
  }
  return pending
}

async function launch(executablePath: string): Promise<Browser> {
  await access(executablePath, constants.X_OK).catch(() => {
    throw new ChromiumMissing(`no Chromium at ${executablePath} (install Debian's chromium, or set CHROMIUM_PATH)`)
  })
  const { chromium } = await import('playwright-core')
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'], timeout: LAUNCH_TIMEOUT_MS })
}

class ChromiumMissing extends Error {}

function plainReason(error: unknown, executablePath: string): string {
  if (error instanceof ChromiumMissing) return error.message
  return `Chromium at ${executablePath} could not start: ${firstLine(error)}`
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return (message.split('\n').find((line) => line.trim() !== '') ?? 'unknown error').trim().slice(0, 300)
}
