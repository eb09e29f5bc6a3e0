// Whether this machine can print PDFs with Chromium and read them back with pdftotext. CI
// (.ci/run) installs both and sets DEY_REQUIRE_CHROMIUM=1, so there the PDF tests always run; a
// developer's machine without Chromium skips them (and says so) instead of failing `npm test`.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

export const canPrintPdf = process.env.DEY_REQUIRE_CHROMIUM === '1' || (existsSync(chromiumPath) && hasPdftotext())
