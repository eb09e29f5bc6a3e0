// Khmer PDF through Chromium's print: the text extracted back with pdftotext (poppler-utils) holds
// the Khmer title and the English line; without a usable Chromium renderPdf says why instead of throwing.
// CI installs chromium, fonts-khmeros, fonts-noto-core and poppler-utils before the suites (.ci/run).
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { closePdfRenderer, renderPdf } from '../../server/lib/pdf.ts'
import { canPrintPdf } from '../helpers/chromium.ts'

const run = promisify(execFile)
const KHMER_TITLE = 'សំណុំរឿងដីធ្លីភូមិអូរអំពិល'
const ENGLISH_LINE = 'Land dispute of Ou Ampil village'

const page = (title: string) => `<!doctype html>
<html lang="km"><head><meta charset="utf-8"><title>${title}</title>
<style>body { font-family: 'Noto Sans Khmer', 'Khmer OS', sans-serif; } h1 { color: #7a2e0e; }</style></head>
<body><h1>${title}</h1><p lang="en">${ENGLISH_LINE}</p></body></html>`

/** pdftotext's output with runs of whitespace (and its line breaks) folded to one space. */
async function textOf(pdf: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dey-pdf-'))
  try {
    const file = path.join(dir, 'page.pdf')
    await writeFile(file, pdf)
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-'])
    return stdout.replace(/\s+/g, ' ').trim()
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

describe('renderPdf', () => {
  afterAll(() => closePdfRenderer())

  it.skipIf(!canPrintPdf)('prints Khmer and English text that pdftotext reads back', async () => {
    const result = await renderPdf(page(KHMER_TITLE))
    if ('skipped' in result) throw new Error(`no PDF: ${result.skipped}`)
    expect(result.pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const text = await textOf(result.pdf)
    // Khmer has no spaces between words, but pdftotext may guess some from glyph gaps.
    expect(text.replace(/\s/g, '')).toContain(KHMER_TITLE)
    expect(text).toContain(ENGLISH_LINE)
  })

  it.skipIf(!canPrintPdf)('reuses one browser across calls', async () => {
    const [first, second] = await Promise.all([renderPdf(page('ទំព័រទី១')), renderPdf(page('ទំព័រទី២'))])
    expect('pdf' in first && 'pdf' in second).toBe(true)
  })

  it('returns a plain reason, not an error, when Chromium is missing', async () => {
    const result = await renderPdf(page(KHMER_TITLE), { executablePath: '/nonexistent/chromium' })
    expect(result).toEqual({ skipped: expect.stringContaining('/nonexistent/chromium') })
  })

  it('returns a plain reason when the executable is not Chromium', async () => {
    const result = await renderPdf(page(KHMER_TITLE), { executablePath: '/bin/false', timeoutMs: 5_000 })
    expect('skipped' in result && result.skipped).toMatch(/could not start/)
  })
})
