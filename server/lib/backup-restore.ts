// `npm run restore`: a backup (backup.ts) back into an EMPTY embedded database or PostgreSQL
// database, and its evidence into the configured store, each blob re-hashed while it is copied.
// Also reading a backup — its manifest and SHA256SUMS — for backup-verify.ts.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import { currentRole, grantAppRole } from '../../db/app-role.ts'
import { openDatabase, type Database } from '../../db/open.ts'
import type { S3Access } from '../config.ts'
import { BACKUPS_FOLDER, BackupError, locateBackup, MANIFEST_FILE, SUMS_FILE, type BackupTarget } from './backup-target.ts'
import { BACKUP_FORMAT, type BackupManifest } from './backup.ts'
import { copyBlob } from './evidence-copy.ts'
import { countRowsPerTable, hasAnyTables } from './backup.queries.ts'
import type { BlobStore } from './blob-store.ts'
import { pgRestore } from './pg-tools.ts'

export interface OpenedBackup {
  target: BackupTarget
  /** `backups/<name>` inside the target. */
  folder: string
  /** Printable. */
  location: string
  manifest: BackupManifest
}

export async function openBackup(location: string, s3: S3Access): Promise<OpenedBackup> {
  const { target, name } = await locateBackup(location, s3)
  const folder = `${BACKUPS_FOLDER}/${name}`
  let manifest: BackupManifest
  try {
    manifest = JSON.parse(await readText(target, `${folder}/${MANIFEST_FILE}`)) as BackupManifest
  } catch (error) {
    throw new BackupError(`${target.location}/${folder}/${MANIFEST_FILE} is not readable JSON: ${(error as Error).message}`)
  }
  if (manifest.format !== BACKUP_FORMAT) {
    throw new BackupError(`${target.location}/${folder} is a backup of format ${String(manifest.format)}; this Dey reads ${BACKUP_FORMAT}`)
  }
  return { target, folder, location: `${target.location}/${folder}`, manifest }
}

export interface SumCheck {
  file: string
  problem: string | undefined
}

/** Every file SHA256SUMS names re-hashed, and every file of the backup's folder it does not name. */
export async function checkSums(backup: OpenedBackup): Promise<SumCheck[]> {
  const { target, folder } = backup
  if (!(await target.statFile(`${folder}/${SUMS_FILE}`))) {
    return [{ file: SUMS_FILE, problem: 'missing: the backup was not finished' }]
  }
  const listed = new Map<string, string>()
  for (const line of (await readText(target, `${folder}/${SUMS_FILE}`)).split('\n')) {
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line)
    if (match) listed.set(match[2]!, match[1]!)
  }
  const checks: SumCheck[] = []
  for (const [file, expected] of listed) {
    if (!(await target.statFile(`${folder}/${file}`))) {
      checks.push({ file, problem: 'missing' })
      continue
    }
    const hash = createHash('sha256')
    for await (const chunk of target.readFile(`${folder}/${file}`)) hash.update(chunk as Buffer)
    const actual = hash.digest('hex')
    checks.push({ file, problem: actual === expected ? undefined : `altered (SHA-256 now ${actual})` })
  }
  for (const file of await target.listFiles(folder)) {
    if (file !== SUMS_FILE && !listed.has(file)) checks.push({ file, problem: `not listed in ${SUMS_FILE}` })
  }
  if (!listed.has(MANIFEST_FILE)) checks.push({ file: MANIFEST_FILE, problem: `not listed in ${SUMS_FILE}` })
  return checks
}

/** Where a backup's database goes. */
export type DatabaseDestination =
  | { kind: 'pglite'; pgliteDir: string | undefined }
  /** `restoreUrl` runs pg_restore (the schema owner's, when there is one); `appUrl` is then granted what the app needs. */
  | { kind: 'postgres'; restoreUrl: string; appUrl: string }

/**
 * Loads the backup's dump into an empty destination and opens it. PGlite without a folder: in
 * memory (for verification). The caller closes the database.
 */
export async function restoreDatabase(backup: OpenedBackup, destination: DatabaseDestination): Promise<Database> {
  const { manifest, target, folder } = backup
  if (manifest.database.kind !== destination.kind) {
    throw new BackupError(
      `${backup.location} holds a ${describeKind(manifest.database.kind)} database; it restores only into ${describeKind(manifest.database.kind)} ` +
        `(the configured database is ${describeKind(destination.kind)})`,
    )
  }
  const dump = await target.localCopy(`${folder}/${manifest.database.file}`)
  try {
    if (destination.kind === 'pglite') {
      // PGlite does not catch a broken tarball's error (it surfaces as an unhandled rejection): check it first.
      await pipeline(createReadStream(dump.path), createGunzip(), new Writable({ write: (_chunk, _encoding, done) => done() })).catch(
        (error: Error) => {
          throw new BackupError(`${manifest.database.file} is not a readable gzip'd tarball: ${error.message}`)
        },
      )
      const tarball = new Blob([await readFile(dump.path)])
      return await openDatabase({ pgliteDir: destination.pgliteDir, pgliteSnapshot: tarball })
    }
    await pgRestore(destination.restoreUrl, dump.path)
    if (destination.restoreUrl !== destination.appUrl) {
      const owner = await openDatabase({ databaseUrl: destination.restoreUrl })
      try {
        const app = await openDatabase({ databaseUrl: destination.appUrl })
        try {
          await grantAppRole(owner.db, await currentRole(app.db))
        } finally {
          await app.close()
        }
      } finally {
        await owner.close()
      }
    }
    return await openDatabase({ databaseUrl: destination.appUrl })
  } finally {
    await dump.release()
  }
}

const describeKind = (kind: 'pglite' | 'postgres') => (kind === 'pglite' ? 'embedded (PGlite)' : 'PostgreSQL')

export interface RestoreDestination {
  /** How an s3:// backup is reached. */
  s3: S3Access
  database: DatabaseDestination
  store: BlobStore
  auditCheckpointDir: string
}

export interface RestoreResult {
  location: string
  manifest: BackupManifest
  rowCountMismatches: string[]
  blobs: { copied: number; present: number; bytesCopied: number }
  blobProblems: string[]
  checkpointsRestored: number
  publicKeyFile: string | undefined
  durationMs: number
}

/** Restores into an empty database (refused otherwise, before anything is written). */
export async function restoreBackup(location: string, destination: RestoreDestination): Promise<RestoreResult> {
  const startedAt = performance.now()
  const backup = await openBackup(location, destination.s3)
  const damaged = (await checkSums(backup)).filter((check) => check.problem)
  if (damaged.length > 0) {
    throw new BackupError(
      `${backup.location} is damaged, nothing was restored: ${damaged.map((check) => `${check.file} ${check.problem}`).join('; ')}`,
    )
  }
  await refuseUnlessEmpty(destination.database)

  const database = await restoreDatabase(backup, destination.database)
  let rowCountMismatches: string[]
  try {
    rowCountMismatches = compareRowCounts(backup.manifest.rowCounts, await countRowsPerTable(database.db))
  } finally {
    await database.close()
  }

  const pool = backup.target.evidence
  const blobs = { copied: 0, present: 0, bytesCopied: 0 }
  const blobProblems: string[] = []
  for (const { sha256 } of backup.manifest.evidence.blobs) {
    const copied = await copyBlob(pool, destination.store, sha256)
    if (copied.outcome === 'missing') blobProblems.push(`MISSING from the backup ${sha256}`)
    else if (copied.outcome === 'damaged') blobProblems.push(`ALTERED in the backup ${sha256} (now hashes to ${copied.actualSha256})`)
    else if (copied.outcome === 'present') blobs.present++
    else {
      blobs.copied++
      blobs.bytesCopied += copied.sizeBytes
    }
  }

  const { restored, publicKeyFile } = await restoreAuditFiles(backup, destination.auditCheckpointDir)
  return {
    location: backup.location,
    manifest: backup.manifest,
    rowCountMismatches,
    blobs,
    blobProblems,
    checkpointsRestored: restored,
    publicKeyFile,
    durationMs: performance.now() - startedAt,
  }
}

async function refuseUnlessEmpty(destination: DatabaseDestination) {
  if (destination.kind === 'pglite') {
    const dir = destination.pgliteDir!
    const entries = await readdir(dir).catch(() => [] as string[])
    if (entries.length > 0) {
      throw new BackupError(
        `${dir} is not empty: restore goes only into an empty database, so nothing is overwritten. ` +
          'Point DATA_DIR at a new folder (or move this one away) and run restore again',
      )
    }
    return
  }
  const database = await openDatabase({ databaseUrl: destination.appUrl })
  try {
    if (await hasAnyTables(database.db)) {
      throw new BackupError(
        'the database of DATABASE_URL is not empty: restore goes only into an empty database, so nothing is overwritten. ' +
          'Create a new one (createdb NAME) and point DATABASE_URL at it',
      )
    }
  } finally {
    await database.close()
  }
}

/** Tables whose row count differs from the manifest's, as "table: expected N, found M". */
export function compareRowCounts(expected: Record<string, number>, actual: Record<string, number>): string[] {
  const tables = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort()
  return tables
    .filter((table) => expected[table] !== actual[table])
    .map((table) => `${table}: expected ${expected[table] ?? 'no table'}, found ${actual[table] ?? 'no table'}`)
}

/**
 * The backed-up checkpoints go beside the server's own (never over one); their public key beside
 * them, named by key id: the restored server may make itself a new signing key, and the old
 * checkpoints are then verified with `audit:verify -- --key <that file>`.
 */
async function restoreAuditFiles(backup: OpenedBackup, checkpointDir: string) {
  const { target, folder, manifest } = backup
  let restored = 0
  let publicKeyFile: string | undefined
  if (manifest.audit.checkpointFiles.length === 0 && !manifest.audit.publicKeyFile) return { restored, publicKeyFile }
  await mkdir(checkpointDir, { recursive: true })
  for (const file of manifest.audit.checkpointFiles) {
    const destination = path.join(checkpointDir, path.basename(file))
    if (await stat(destination).catch(() => undefined)) continue
    await writeFile(destination, await readText(target, `${folder}/${file}`), { flag: 'wx' })
    restored++
  }
  if (manifest.audit.publicKeyFile && manifest.audit.keyId) {
    publicKeyFile = path.join(checkpointDir, `signing-key-${manifest.audit.keyId.slice(0, 16)}.pub`)
    await writeFile(publicKeyFile, await readText(target, `${folder}/${manifest.audit.publicKeyFile}`))
  }
  return { restored, publicKeyFile }
}

async function readText(target: BackupTarget, key: string): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of target.readFile(key)) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
