// `npm run backup:verify`: a backup is proven by restoring it. Its files are re-hashed against
// SHA256SUMS, its database is restored into a scratch place (an in-memory PGlite, or a temporary
// PostgreSQL database next to DATABASE_URL's, dropped afterwards), and the restored copy must pass
// what a live one passes: the audit trail's chain and signed checkpoints, every evidence file
// re-hashed from the backup's pool, and the row counts the manifest recorded at backup time.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { Database } from '../../db/open.ts'
import type { S3Access } from '../config.ts'
import { loadCheckpointAnchor, verifyAuditTrail } from '../features/audit/audit.service.ts'
import { findChainHead } from '../features/audit/audit.queries.ts'
import { checkSums, compareRowCounts, openBackup, restoreDatabase, type DatabaseDestination, type OpenedBackup } from './backup-restore.ts'
import { BackupError } from './backup-target.ts'
import { countRowsPerTable, findMigrationLevel } from './backup.queries.ts'
import { verifyEvidenceBlobs } from './evidence-integrity.ts'

export interface VerifyCheck {
  check: string
  isOk: boolean
  detail: string
}

export interface BackupVerification {
  location: string
  checks: VerifyCheck[]
  isIntact: boolean
  durationMs: number
}

const SHOWN_PROBLEMS = 5

/** `postgresUrl`: a connection allowed to create databases, for a PostgreSQL backup's scratch copy. */
export async function verifyBackup(location: string, postgresUrl: string | undefined, s3: S3Access): Promise<BackupVerification> {
  const startedAt = performance.now()
  const backup = await openBackup(location, s3)
  const checks: VerifyCheck[] = []
  const add = (check: string, problems: string[], okDetail: string) =>
    checks.push({ check, isOk: problems.length === 0, detail: problems.length === 0 ? okDetail : summarize(problems) })

  const sums = await checkSums(backup)
  add(
    'files against SHA256SUMS',
    sums.filter((s) => s.problem).map((s) => `${s.file} ${s.problem}`),
    `${sums.length} files re-hashed`,
  )

  const { manifest } = backup
  add(
    'evidence at backup time',
    [
      ...manifest.evidence.missingInStore.map((sha256) => `missing from the store when backed up: ${sha256}`),
      ...manifest.evidence.damagedInStore.map((sha256) => `altered in the store when backed up: ${sha256}`),
    ],
    `${manifest.evidence.blobs.length} files (${manifest.evidence.newBlobs.length} new in this backup)`,
  )

  const dumpProblem = sums.find((s) => s.file === manifest.database.file)?.problem
  if (dumpProblem) {
    add('restore into a scratch database', [`not attempted: ${manifest.database.file} is ${dumpProblem}`], '')
    return finish()
  }
  const scratch = await openScratch(backup, postgresUrl)
  try {
    const restoreStartedAt = performance.now()
    let database: Database
    try {
      database = await restoreDatabase(backup, scratch.destination)
    } catch (error) {
      add('restore into a scratch database', [(error as Error).message], '')
      return finish()
    }
    add('restore into a scratch database', [], `${scratch.describe} in ${seconds(performance.now() - restoreStartedAt)}`)
    try {
      await checkRestored(backup, database, add)
    } finally {
      await database.close()
    }
  } finally {
    await scratch.dispose()
  }
  return finish()

  function finish(): BackupVerification {
    return { location: backup.location, checks, isIntact: checks.every((c) => c.isOk), durationMs: performance.now() - startedAt }
  }
}

async function checkRestored(backup: OpenedBackup, database: Database, add: (check: string, problems: string[], okDetail: string) => void) {
  const { manifest, target, folder } = backup
  const counts = await countRowsPerTable(database.db)
  const totalRows = Object.values(counts).reduce((sum, n) => sum + n, 0)
  add(
    'row counts match the manifest',
    compareRowCounts(manifest.rowCounts, counts),
    `${Object.keys(counts).length} tables, ${totalRows} rows`,
  )

  const migrations = await findMigrationLevel(database.db)
  add(
    'migrations match the manifest',
    migrations.applied === manifest.database.migrations.applied
      ? []
      : [`expected ${manifest.database.migrations.applied} applied, found ${migrations.applied}`],
    `${migrations.applied} applied, newest ${manifest.database.migrations.newest ?? 'none'}`,
  )

  const keyFile = manifest.audit.publicKeyFile ? await target.localCopy(`${folder}/${manifest.audit.publicKeyFile}`) : undefined
  const checkpointDir = await target.localCopy(`${folder}/audit/checkpoints`)
  try {
    const anchor = keyFile ? await loadCheckpointAnchor({ dir: checkpointDir.path, keyFile: keyFile.path }) : undefined
    const report = await verifyAuditTrail(database.db, anchor)
    const head = (await findChainHead(database.db)) ?? null
    const problems = report.isIntact ? [] : [`broken at entry ${report.firstBrokenId}: ${report.reason}`]
    if (JSON.stringify(head) !== JSON.stringify(manifest.auditHead)) {
      problems.push(`head is ${JSON.stringify(head)}, the manifest says ${JSON.stringify(manifest.auditHead)}`)
    }
    const anchored = report.checkpoints.latest
      ? `, matching ${report.checkpoints.verified} signed checkpoint(s)`
      : ', no signed checkpoint in the backup'
    add('audit trail (audit:verify)', problems, `${report.checked} entries intact${anchored}`)
  } finally {
    await keyFile?.release()
    await checkpointDir.release()
  }

  const evidence = await verifyEvidenceBlobs(database.db, target.evidence)
  add(
    "evidence in the backup's pool (evidence:verify)",
    [
      ...evidence.mismatched.map((p) => `ALTERED ${p.sha256} (now hashes to ${p.actualSha256}; evidence ${p.evidenceIds.join(', ')})`),
      ...evidence.missing.map((p) => `MISSING ${p.sha256} (evidence ${p.evidenceIds.join(', ')})`),
    ],
    `${evidence.checked} files re-hashed (${evidence.bytesChecked} bytes)`,
  )
}

interface Scratch {
  destination: DatabaseDestination
  describe: string
  dispose(): Promise<void>
}

async function openScratch(backup: OpenedBackup, postgresUrl: string | undefined): Promise<Scratch> {
  if (backup.manifest.database.kind === 'pglite') {
    return { destination: { kind: 'pglite', pgliteDir: undefined }, describe: 'an in-memory PGlite', dispose: async () => undefined }
  }
  if (!postgresUrl) {
    throw new BackupError(
      `${backup.location} holds a PostgreSQL database: it is verified on a PostgreSQL server. Set DATABASE_URL (a role that may create databases) and run again`,
    )
  }
  const name = `dey_verify_${randomBytes(6).toString('hex')}`
  await withClient(postgresUrl, (client) => client.query(`CREATE DATABASE ${name}`))
  const url = new URL(postgresUrl)
  url.pathname = `/${name}`
  return {
    destination: { kind: 'postgres', restoreUrl: url.toString(), appUrl: url.toString() },
    describe: `a temporary PostgreSQL database (${name}, dropped after)`,
    dispose: () => withClient(postgresUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** The checks as a Markdown table. */
export function formatVerification(verification: BackupVerification): string {
  const rows = verification.checks.map((c) => `| ${c.check} | ${c.isOk ? 'ok' : 'FAILED'} | ${c.detail.replaceAll('|', '\\|')} |`)
  const verdict = verification.isIntact
    ? `backup verified: ${verification.location} restores and checks out (${seconds(verification.durationMs)})`
    : `backup DAMAGED: ${verification.location} (${seconds(verification.durationMs)})`
  return ['| check | result | detail |', '|---|---|---|', ...rows, '', verdict].join('\n')
}

function summarize(problems: string[]): string {
  const more = problems.length > SHOWN_PROBLEMS ? `; and ${problems.length - SHOWN_PROBLEMS} more` : ''
  return `${problems.slice(0, SHOWN_PROBLEMS).join('; ')}${more}`
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
