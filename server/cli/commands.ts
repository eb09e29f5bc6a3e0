// The command-line tasks that work on the database, as plain functions: `run-command.ts` runs them
// on a database it opens itself, or hands them to the running server that holds the embedded
// database (server/lib/admin-socket.ts), which runs them here on its own connection.
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadAdminAreas } from '../../db/admin-areas/load-admin-areas.ts'
import { migrateDatabase } from '../../db/migrate.ts'
import type { Database, Db } from '../../db/open.ts'
import { hasAnyCommunities, loadDemoData } from '../../db/seed/load-demo.ts'
import { CreateUserBody } from '../../shared/users.ts'
import { evidenceDirOf, pgliteDirOf, s3LocationOf, type Config } from '../config.ts'
import { createUser } from '../features/users/users.service.ts'
import { loadOrCreateSigner, writeCheckpoint } from '../features/audit/audit.checkpoints.ts'
import { loadCheckpointAnchor, verifyAuditTrail } from '../features/audit/audit.service.ts'
import { withAuditContext } from '../lib/audit.ts'
import type { BlobStore } from '../lib/blob-store.ts'
import { createBackup, type BackupManifest } from '../lib/backup.ts'
import { restoreBackup, type RestoreResult } from '../lib/backup-restore.ts'
import { formatVerification, verifyBackup } from '../lib/backup-verify.ts'
import { DataDirInUseError, lockDataDir } from '../lib/data-dir-lock.ts'
import { loadDemoEvidence } from '../lib/demo-evidence.ts'
import { createDemoUsers, disableDemoUsers } from '../lib/demo-users.ts'
import { copyEvidence } from '../lib/evidence-copy.ts'
import { verifyEvidenceBlobs } from '../lib/evidence-integrity.ts'
import { checkS3Bucket, createS3BlobStore, s3ClientFor, S3StoreUnavailableError } from '../lib/s3-blob-store.ts'

/** A failure the user can act on: printed as one line, without a stack trace. */
export class CliError extends Error {}

export interface CommandContext {
  database: Database
  config: Config
  store: BlobStore
}

export type Command = DatabaseCommand | StandaloneCommand

export interface DatabaseCommand {
  opensDatabase?: true
  /**
   * May it run inside a running server (through its admin socket)? Migrations and the demo data
   * may not: the server applies migrations itself at start-up, and demo data goes into an empty
   * database before anyone uses it.
   */
  runsInServer: boolean
  /** Prints the result; throws CliError on an expected failure (exit code 1). */
  run(context: CommandContext, args: string[]): Promise<string>
}

/** A command that opens what it needs itself, never through a running server. */
export interface StandaloneCommand {
  opensDatabase: false
  runsInServer: false
  run(context: Omit<CommandContext, 'database'>, args: string[]): Promise<string>
}

/** Writes made by a command are attributed to the command line in the audit trail. */
function auditedDb(db: Db, command: string): Db {
  return withAuditContext(db, {
    actorId: undefined,
    actorLabel: `cli:${command}`,
    requestId: `cli-${crypto.randomUUID()}`,
    ip: `local:${safeUserName()}`,
  })
}

function safeUserName(): string {
  try {
    return os.userInfo().username
  } catch {
    return 'unknown'
  }
}

const SHOWN_PROBLEMS = 5

export const COMMANDS: Record<string, Command> = {
  // `npm run user:create -- --role admin --email ada@example.org [--name "Ada"] [--username ada] [--community <id>]…`
  'user:create': {
    runsInServer: true,
    async run({ database }, args) {
      const { values } = parseArgs({
        args,
        options: {
          role: { type: 'string' },
          email: { type: 'string' },
          name: { type: 'string' },
          username: { type: 'string' },
          community: { type: 'string', multiple: true },
        },
      })
      const parsed = CreateUserBody.safeParse({
        role: values.role,
        email: values.email,
        displayName: values.name ?? values.email?.split('@')[0],
        username: values.username,
        communityIds: values.community ?? [],
      })
      if (!parsed.success) {
        throw new CliError(parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; '))
      }
      const { user, temporaryPassword } = await createUser(auditedDb(database.db, 'user:create'), parsed.data)
      return `created ${user.role} ${user.email}; temporary password (shown once, must be changed at first sign-in): ${temporaryPassword}`
    },
  },

  // `npm run audit:verify [-- --checkpoints <dir>] [--key <file.pub>]`: the chain, and the chain
  // against the signed checkpoints (a copy shipped elsewhere can be named with --checkpoints).
  'audit:verify': {
    runsInServer: true,
    async run({ database, config }, args) {
      const { values } = parseArgs({ args, options: { checkpoints: { type: 'string' }, key: { type: 'string' } } })
      const anchor = await loadCheckpointAnchor({
        dir: values.checkpoints ?? config.auditCheckpointDir,
        keyFile: values.key ?? config.auditSigningKeyFile,
      })
      const report = await verifyAuditTrail(database.db, anchor)
      if (!report.isIntact) {
        throw new CliError(`audit trail BROKEN at entry ${report.firstBrokenId}: ${report.reason} (${report.checked} entries checked)`)
      }
      const { verified, untrusted, latest } = report.checkpoints
      const anchored = latest
        ? `, matching ${verified} signed checkpoint(s), the newest of ${latest.at} at entry ${latest.headId}`
        : anchor
          ? ', but no signed checkpoint was found: deleting the newest entries would go unnoticed'
          : `, but there is no checkpoint key (${config.auditSigningKeyFile}): deleting the newest entries would go unnoticed`
      const others = untrusted ? `; ${untrusted} checkpoint(s) signed by another key were not relied on` : ''
      return `audit trail intact: ${report.checked} entries verified${anchored}${others}`
    },
  },

  // `npm run audit:checkpoint`: signs the trail's head now (the server also does every AUDIT_CHECKPOINT_MINUTES).
  'audit:checkpoint': {
    runsInServer: true,
    async run({ database, config }) {
      const signer = await loadOrCreateSigner(config.auditSigningKeyFile)
      const checkpoint = await writeCheckpoint(database.db, signer, config.auditCheckpointDir)
      return checkpoint
        ? `checkpoint written: entry ${checkpoint.headId}, ${checkpoint.count} entries, ${checkpoint.file}`
        : 'the newest checkpoint already names the head of the trail: nothing written'
    },
  },

  'evidence:verify': {
    runsInServer: true,
    async run({ database, store }) {
      const report = await verifyEvidenceBlobs(database.db, store)
      const orphans = report.orphans.count ? `; ${report.orphans.count} stored file(s) no record references (kept)` : ''
      if (!report.isIntact) {
        const problems = [
          ...report.mismatched.map((p) => `ALTERED ${p.sha256} (now hashes to ${p.actualSha256}; evidence ${p.evidenceIds.join(', ')})`),
          ...report.missing.map((p) => `MISSING ${p.sha256} (evidence ${p.evidenceIds.join(', ')})`),
        ]
        const more = problems.length > SHOWN_PROBLEMS ? `; and ${problems.length - SHOWN_PROBLEMS} more` : ''
        throw new CliError(
          `evidence DAMAGED: ${report.mismatched.length} altered, ${report.missing.length} missing of ${report.checked} files checked${orphans}: ${problems.slice(0, SHOWN_PROBLEMS).join('; ')}${more}`,
        )
      }
      return `evidence intact: ${report.checked} files verified (${report.bytesChecked} bytes)${orphans}`
    },
  },

  // `npm run backup -- <folder> [--include-signing-key]`: the database and its evidence, consistent
  // (server/lib/backup.ts). Runs inside a running server that holds the embedded database.
  backup: {
    runsInServer: true,
    async run({ database, config, store }, args) {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'include-signing-key': { type: 'boolean' } } })
      const targetLocation = positionals[0] ?? config.backup?.target
      if (!targetLocation || positionals.length > 1) {
        throw new CliError('name one place to back up to: npm run backup -- /path/to/backups or s3://bucket/prefix (or set BACKUP_TARGET)')
      }
      const { location, manifest, durationMs } = await createBackup(
        {
          database,
          databaseUrl: config.databaseOwnerUrl ?? config.databaseUrl,
          store,
          auditCheckpointDir: config.auditCheckpointDir,
          auditSigningKeyFile: config.auditSigningKeyFile,
        },
        targetLocation,
        { s3: config.s3, includeSigningKey: values['include-signing-key'] ?? false },
      )
      return describeBackup(location, manifest, durationMs)
    },
  },

  // `npm run restore -- <backup>`: into an empty DATA_DIR or DATABASE_URL, evidence into the configured store.
  restore: {
    runsInServer: false,
    opensDatabase: false,
    async run({ config, store }, args) {
      const { positionals } = parseArgs({ args, allowPositionals: true, options: {} })
      if (positionals.length !== 1) throw new CliError('name the backup to restore: npm run restore -- /path/to/backups/<time>')
      // A server starting on DATA_DIR meanwhile would create a database there: hold its lock.
      const lock = config.databaseUrl ? undefined : await lockDataDir(config.dataDir, 'restore').catch(refuseWhileInUse)
      try {
        const result = await restoreBackup(positionals[0]!, {
          s3: config.s3,
          database: config.databaseUrl
            ? { kind: 'postgres', restoreUrl: config.databaseOwnerUrl ?? config.databaseUrl, appUrl: config.databaseUrl }
            : { kind: 'pglite', pgliteDir: pgliteDirOf(config) },
          store,
          auditCheckpointDir: config.auditCheckpointDir,
        })
        return describeRestore(result)
      } finally {
        await lock?.release()
      }
    },
  },

  // `npm run backup:verify -- <backup>`: restores into a scratch database and checks it; exit 1 on any problem.
  'backup:verify': {
    runsInServer: false,
    opensDatabase: false,
    async run({ config }, args) {
      const { positionals } = parseArgs({ args, allowPositionals: true, options: {} })
      if (positionals.length !== 1) throw new CliError('name the backup to verify: npm run backup:verify -- /path/to/backups/<time>')
      const verification = await verifyBackup(positionals[0]!, config.databaseOwnerUrl ?? config.databaseUrl, config.s3)
      if (!verification.isIntact) throw new CliError(`\n${formatVerification(verification)}`)
      return formatVerification(verification)
    },
  },

  // `npm run evidence:copy-to-s3 -- s3://bucket/prefix`: copies every blob of the evidence store (and
  // its thumbnails) into a bucket reached through the AWS variables, skipping those already there
  // with the same size, then re-reads each from the bucket and checks its SHA-256. Run it while
  // the server works, then once more after stopping it, then set EVIDENCE_STORE to the same URL.
  // It reads only the evidence files (never rewritten in place), not the database: it needs no
  // lock and may run beside a server, with this shell's AWS variables.
  'evidence:copy-to-s3': {
    runsInServer: false,
    opensDatabase: false,
    async run({ config, store }, args) {
      const { positionals } = parseArgs({ args, allowPositionals: true, options: {} })
      const location = positionals.length === 1 ? s3LocationOf(positionals[0]!, config.s3) : undefined
      if (!location) throw new CliError('name the bucket to copy into: npm run evidence:copy-to-s3 -- s3://bucket/prefix')
      const where = `s3://${location.bucket}/${location.prefix}`
      const client = s3ClientFor(location)
      try {
        await checkS3Bucket(client, location)
      } catch (error) {
        if (error instanceof S3StoreUnavailableError) throw new CliError(error.message.replace('the evidence store', 'the target'))
        throw error
      }
      const target = createS3BlobStore({ location, client, scratchDir: path.join(evidenceDirOf(config), 'tmp') })
      const report = await copyEvidence(store, target)
      const counts =
        `${report.copied} copied (${report.copiedBytes} bytes), ${report.skipped} already there, ` +
        `${report.derivedCopied} thumbnail(s) copied; ${report.verified} read back from ${where}`
      const problems = [
        ...report.mismatched.map((name) => `MISMATCH ${name} (the bucket holds other bytes)`),
        ...report.damagedAtSource.map((sha256) => `DAMAGED ${sha256} in the local store (not copied; run npm run evidence:verify)`),
      ]
      if (problems.length > 0) {
        const more = problems.length > SHOWN_PROBLEMS ? `; and ${problems.length - SHOWN_PROBLEMS} more` : ''
        throw new CliError(`evidence copy INCOMPLETE: ${counts}: ${problems.slice(0, SHOWN_PROBLEMS).join('; ')}${more}`)
      }
      return `evidence copied: ${counts}, every SHA-256 matches`
    },
  },

  // The demo accounts' passwords are published in the README: a real deployment switches them off.
  'demo:disable-accounts': {
    runsInServer: true,
    async run({ database }) {
      const disabled = await disableDemoUsers(auditedDb(database.db, 'demo:disable-accounts'))
      return disabled.length
        ? `deactivated ${disabled.length} demo account(s) and ended their sessions: ${disabled.join(', ')}`
        : 'no active demo accounts'
    },
  },

  // Applies migrations and loads the administrative boundaries if the database has none.
  'db:migrate': {
    runsInServer: false,
    async run({ database, config }) {
      await migrateDatabase(database, { ownerUrl: config.databaseOwnerUrl })
      const adminAreas = await loadAdminAreas(database.db)
      const loaded = adminAreas
        ? `; administrative boundaries loaded: ${adminAreas.provinces} provinces, ${adminAreas.districts} districts, ${adminAreas.communes} communes`
        : ''
      return `migrations applied (${database.driver})${loaded}`
    },
  },

  // Migrates, then loads the fictional demo data set into an empty database.
  'db:seed': {
    runsInServer: false,
    async run({ database, config, store }) {
      if (config.isProduction)
        throw new CliError('the fictional demo data, with its public passwords, is never loaded with NODE_ENV=production')
      await migrateDatabase(database, { ownerUrl: config.databaseOwnerUrl })
      // The demo's places are checked against the boundaries; they are reference data, loaded once.
      await loadAdminAreas(database.db)
      if (await hasAnyCommunities(database.db)) {
        throw new CliError('the database already holds communities; demo data goes only into an empty database')
      }
      const summary = {
        ...(await loadDemoData(database.db)),
        users: await createDemoUsers(database.db),
        evidence: await loadDemoEvidence(database.db, store),
      }
      return `demo data loaded: ${Object.entries(summary)
        .map(([table, n]) => `${n} ${table}`)
        .join(', ')}`
    },
  },
}

function describeBackup(location: string, manifest: BackupManifest, durationMs: number): string {
  const { evidence } = manifest
  const rows = Object.values(manifest.rowCounts).reduce((sum, n) => sum + n, 0)
  const lines = [
    `backup written: ${location} (${(durationMs / 1000).toFixed(1)} s)`,
    `  database: ${manifest.database.kind}, ${manifest.database.sizeBytes} bytes, ${rows} rows in ${Object.keys(manifest.rowCounts).length} tables, migrations up to ${manifest.database.migrations.newest ?? 'none'}`,
    `  evidence: ${evidence.blobs.length} files (${evidence.totalBytes} bytes), ${evidence.newBlobs.length} new in this backup (${evidence.newBytes} bytes)`,
    `  audit: head entry ${manifest.auditHead?.headId ?? 'none'}, ${manifest.audit.checkpointFiles.length} signed checkpoint(s)${manifest.audit.privateKeyFile ? ', WITH the private signing key' : ''}`,
    `  check it with: npm run backup:verify -- ${location}`,
  ]
  const missing = evidence.missingInStore.length + evidence.damagedInStore.length
  if (missing > 0) {
    throw new CliError(
      `${lines.join('\n')}\nbut ${evidence.missingInStore.length} evidence file(s) were missing from the store and ${evidence.damagedInStore.length} no longer matched their hash, so they are NOT in this backup (run npm run evidence:verify): ${[...evidence.missingInStore, ...evidence.damagedInStore].slice(0, SHOWN_PROBLEMS).join(', ')}`,
    )
  }
  return lines.join('\n')
}

function describeRestore(result: RestoreResult): string {
  const { blobs } = result
  const lines = [
    `restored ${result.location} (${(result.durationMs / 1000).toFixed(1)} s)`,
    `  database: ${result.manifest.database.kind}, ${Object.values(result.manifest.rowCounts).reduce((sum, n) => sum + n, 0)} rows`,
    `  evidence: ${blobs.copied} files copied and re-hashed (${blobs.bytesCopied} bytes), ${blobs.present} already in the store`,
    `  audit: ${result.checkpointsRestored} checkpoint(s) restored${result.publicKeyFile ? `; verify them with npm run audit:verify -- --key ${result.publicKeyFile}` : ''}`,
  ]
  const problems = [...result.rowCountMismatches, ...result.blobProblems]
  if (problems.length > 0) {
    const more = problems.length > SHOWN_PROBLEMS ? `; and ${problems.length - SHOWN_PROBLEMS} more` : ''
    throw new CliError(`${lines.join('\n')}\nbut the restore is INCOMPLETE: ${problems.slice(0, SHOWN_PROBLEMS).join('; ')}${more}`)
  }
  return lines.join('\n')
}

function refuseWhileInUse(error: unknown): never {
  if (error instanceof DataDirInUseError) throw new CliError(`${error.message}: stop it before restoring`)
  throw error
}
