// `npm run audit:verify`: re-walks the audit trail's hash chain; exit 1 at the first broken link.
import { openDatabase } from '../../db/open.ts'
import { loadConfig, pgliteDirOf } from '../config.ts'
import { verifyAuditChain } from '../lib/audit.ts'
import { CliError, runCli } from './run-cli.ts'

await runCli(async () => {
  const config = loadConfig(process.env)
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDirOf(config) })
  try {
    const report = await verifyAuditChain(database.db)
    if (!report.isIntact) {
      throw new CliError(`audit trail BROKEN at entry ${report.firstBrokenId}: ${report.reason} (${report.checked} entries before it are intact)`)
    }
    return `audit trail intact: ${report.checked} entries verified`
  } finally {
    await database.close()
  }
})
