// `npm run evidence:verify`: re-hashes every stored evidence file; exit 1 when one is missing or altered.
import { openDatabase } from '../../db/open.ts'
import { evidenceDirOf, loadConfig, pgliteDirOf } from '../config.ts'
import { verifyEvidenceBlobs } from '../lib/evidence-integrity.ts'
import { createLocalBlobStore } from '../lib/local-blob-store.ts'
import { CliError, runCli } from './run-cli.ts'

const SHOWN = 5

await runCli(async () => {
  const config = loadConfig(process.env)
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDirOf(config) })
  try {
    const report = await verifyEvidenceBlobs(database.db, createLocalBlobStore(evidenceDirOf(config)))
    const orphans = report.orphans.count ? `; ${report.orphans.count} stored file(s) no record references (kept)` : ''
    if (!report.isIntact) {
      const problems = [
        ...report.mismatched.map((p) => `ALTERED ${p.sha256} (now hashes to ${p.actualSha256}; evidence ${p.evidenceIds.join(', ')})`),
        ...report.missing.map((p) => `MISSING ${p.sha256} (evidence ${p.evidenceIds.join(', ')})`),
      ]
      const more = problems.length > SHOWN ? `; and ${problems.length - SHOWN} more` : ''
      throw new CliError(
        `evidence DAMAGED: ${report.mismatched.length} altered, ${report.missing.length} missing of ${report.checked} files checked${orphans}: ${problems.slice(0, SHOWN).join('; ')}${more}`,
      )
    }
    return `evidence intact: ${report.checked} files verified (${report.bytesChecked} bytes)${orphans}`
  } finally {
    await database.close()
  }
})
