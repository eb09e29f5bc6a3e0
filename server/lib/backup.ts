// `npm run backup`: one consistent backup of the database and the evidence it refers to, into a
// folder or bucket laid out as backup-target.ts describes. The database is dumped while held still
// (db/snapshot.ts), and what the manifest says about it (row counts, the audit trail's head, the
// evidence list) is read in that same instant; then the evidence blobs the pool lacks are copied,
// each re-hashed on the way. The manifest and SHA256SUMS (`sha256sum -c` reads it) come last.
import { createReadStream, readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { migrationsFolder } from '../../db/migrate.ts'
import type { Database } from '../../db/open.ts'
import type { S3Access } from '../config.ts'
import { withFrozenDatabase } from '../../db/snapshot.ts'
import { loadVerifyingKey, readCheckpoints } from '../features/audit/audit.checkpoints.ts'
import { findChainHead } from '../features/audit/audit.queries.ts'
import { copyBlob } from './evidence-copy.ts'
import { BACKUPS_FOLDER, MANIFEST_FILE, openBackupTarget, SUMS_FILE, type BackupTarget } from './backup-target.ts'
import { countRowsPerTable, findMigrationLevel, findNeededBlobs } from './backup.queries.ts'
import type { BlobStore } from './blob-store.ts'
import { pgDump } from './pg-tools.ts'

export const BACKUP_FORMAT = 'dey-backup/1'
const APP_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
/** Files derived from a blob that a backup keeps with it (rebuilding a thumbnail needs the image tools). */

export interface BackupManifest {
  format: typeof BACKUP_FORMAT
  name: string
  createdAt: string
  app: { name: 'dey'; version: string }
  database: {
    kind: 'pglite' | 'postgres'
    /** Inside the backup's folder. */
    file: string
    sizeBytes: number
    migrations: { applied: number; newest: string | null }
  }
  rowCounts: Record<string, number>
  auditHead: { headId: number; headHash: string; count: number } | null
  audit: {
    /** Inside the backup's folder; null when the server never made a signing key. */
    publicKeyFile: string | null
    keyId: string | null
    checkpointFiles: string[]
    /** The private key is left out unless asked for: see README, "Backups and restore". */
    privateKeyFile: string | null
  }
  evidence: {
    /** The shared pool, relative to the backup's folder. */
    pool: string
    blobs: { sha256: string; sizeBytes: number; derived: string[] }[]
    /** Blobs this backup added to the pool (the others were there from earlier backups). */
    newBlobs: string[]
    totalBytes: number
    newBytes: number
    /** Evidence blobs the store did not have, or whose bytes no longer matched their hash: not in this backup. */
    missingInStore: string[]
    damagedInStore: string[]
  }
}

export interface BackupSources {
  database: Database
  /**
   * PostgreSQL: the connection that exports the snapshot and runs pg_dump — the schema owner's
   * when there is one, since the app's role may not read every table (db/app-role.ts).
   */
  databaseUrl: string | undefined
  store: BlobStore
  auditCheckpointDir: string
  auditSigningKeyFile: string
}

export interface BackupResult {
  location: string
  manifest: BackupManifest
  durationMs: number
}

export async function createBackup(
  sources: BackupSources,
  targetLocation: string,
  options: { s3: S3Access; includeSigningKey?: boolean },
): Promise<BackupResult> {
  const startedAt = performance.now()
  const target = openBackupTarget(targetLocation, options.s3)
  const name = await freeBackupName(target, new Date())
  const folder = `${BACKUPS_FOLDER}/${name}`
  const sums: { sha256: string; file: string }[] = []
  const written = (file: string, result: { sha256: string }) => sums.push({ sha256: result.sha256, file })

  const scratch = await mkdtemp(path.join(os.tmpdir(), 'dey-backup-'))
  let facts
  try {
    // Only reading and dumping happen while the database is held still (on PGlite, every request
    // waits meanwhile); writing the dump to the target comes after.
    const frozenFacts = await withFrozenDatabase(sources.database, sources.databaseUrl, async (frozen) => {
      const read = {
        rowCounts: await countRowsPerTable(frozen.db),
        migrations: await findMigrationLevel(frozen.db),
        auditHead: (await findChainHead(frozen.db)) ?? null,
        blobs: await findNeededBlobs(frozen.db),
      }
      if (frozen.dumpDataDir) return { ...read, file: 'database.tar.gz', dump: await frozen.dumpDataDir() }
      const dumpFile = path.join(scratch, 'database.pgdump')
      await pgDump(sources.databaseUrl!, dumpFile, frozen.snapshotId)
      return { ...read, file: 'database.pgdump', dump: dumpFile }
    })
    const { file, dump, ...read } = frozenFacts
    const source = typeof dump === 'string' ? createReadStream(dump) : Readable.fromWeb(dump.stream() as WebReadableStream<Uint8Array>)
    const stored = await target.writeFile(`${folder}/${file}`, source)
    written(file, stored)
    facts = { ...read, database: { kind: sources.database.driver, file, sizeBytes: stored.sizeBytes } }
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }

  const evidence = await copyNeededBlobs(sources.store, target.evidence, facts.blobs)
  const audit = await copyAuditFiles(target, folder, sources, facts.auditHead?.headId ?? 0, options.includeSigningKey ?? false, written)

  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    name,
    createdAt: new Date().toISOString(),
    app: { name: 'dey', version: APP_VERSION },
    database: {
      ...facts.database,
      migrations: { applied: facts.migrations.applied, newest: migrationTag(facts.migrations.newestCreatedAt) },
    },
    rowCounts: facts.rowCounts,
    auditHead: facts.auditHead,
    audit,
    evidence: { pool: '../../evidence', ...evidence },
  }
  written(MANIFEST_FILE, await target.writeFile(`${folder}/${MANIFEST_FILE}`, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)))
  await target.writeFile(`${folder}/${SUMS_FILE}`, Buffer.from(formatSums(sums)))
  return { location: `${target.location}/${folder}`, manifest, durationMs: performance.now() - startedAt }
}

/** `sha256sum` format: the hash, two spaces, the path relative to the backup's folder. */
export function formatSums(sums: readonly { sha256: string; file: string }[]): string {
  return [...sums]
    .sort((a, b) => a.file.localeCompare(b.file))
    .map(({ sha256, file }) => `${sha256}  ${file}\n`)
    .join('')
}

/** The UTC time, to the millisecond, in a form every file system and bucket accepts: 20261206T140042.123Z. */
async function freeBackupName(target: BackupTarget, at: Date): Promise<string> {
  const base = at.toISOString().replace(/[-:]/g, '')
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}-${n}`
    if ((await target.listFiles(`${BACKUPS_FOLDER}/${name}`)).length === 0) return name
  }
}

function migrationTag(createdAt: number | null): string | null {
  if (createdAt === null) return null
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { when: number; tag: string }[]
  }
  return journal.entries.find((entry) => entry.when === createdAt)?.tag ?? `unknown migration of ${new Date(createdAt).toISOString()}`
}

/** Copies to the pool the needed blobs it lacks (and their derived files). */
async function copyNeededBlobs(store: BlobStore, pool: BlobStore, needed: { sha256: string; sizeBytes: number; isEvidence: boolean }[]) {
  const result = {
    blobs: [] as BackupManifest['evidence']['blobs'],
    newBlobs: [] as string[],
    totalBytes: 0,
    newBytes: 0,
    missingInStore: [] as string[],
    damagedInStore: [] as string[],
  }
  for (const blob of needed) {
    const copied = await copyBlob(store, pool, blob.sha256)
    if (copied.outcome === 'missing') {
      // An import's source file may have been cleaned away; evidence may not.
      if (blob.isEvidence) result.missingInStore.push(blob.sha256)
      continue
    }
    if (copied.outcome === 'damaged') {
      result.damagedInStore.push(blob.sha256)
      continue
    }
    result.blobs.push({ sha256: blob.sha256, sizeBytes: copied.sizeBytes, derived: copied.derived })
    result.totalBytes += copied.sizeBytes
    if (copied.outcome === 'copied') {
      result.newBlobs.push(blob.sha256)
      result.newBytes += copied.sizeBytes
    }
  }
  return result
}

/**
 * The checkpoints that sign the backed-up trail (those naming an entry past the dump's head were
 * signed after it, and would make the restored trail look truncated), and the public key that
 * verifies them. The private key stays out unless asked for: whoever holds a backup with it could
 * sign checkpoints for a rewritten trail, which is what checkpoints exist to prevent.
 */
async function copyAuditFiles(
  target: BackupTarget,
  folder: string,
  sources: BackupSources,
  headId: number,
  includeSigningKey: boolean,
  written: (file: string, result: { sha256: string }) => void,
): Promise<BackupManifest['audit']> {
  const audit: BackupManifest['audit'] = { publicKeyFile: null, keyId: null, checkpointFiles: [], privateKeyFile: null }
  const key = await loadVerifyingKey(sources.auditSigningKeyFile).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return loadVerifyingKey(`${sources.auditSigningKeyFile}.pub`).catch(() => undefined)
    throw error
  })
  if (key) {
    const file = 'audit/audit-signing.key.pub'
    written(file, await target.writeFile(`${folder}/${file}`, Buffer.from(key.publicKey.export({ type: 'spki', format: 'pem' }))))
    audit.publicKeyFile = file
    audit.keyId = key.keyId
  }
  if (includeSigningKey) {
    const pem = await readFile(sources.auditSigningKeyFile).catch(() => undefined)
    if (pem) {
      const file = 'audit/audit-signing.key'
      written(file, await target.writeFile(`${folder}/${file}`, pem))
      audit.privateKeyFile = file
    }
  }
  for (const checkpoint of await readCheckpoints(sources.auditCheckpointDir)) {
    if (!checkpoint.file || checkpoint.headId < 0 || checkpoint.headId > headId) continue
    const file = `audit/checkpoints/${path.basename(checkpoint.file)}`
    written(file, await target.writeFile(`${folder}/${file}`, await readFile(checkpoint.file)))
    audit.checkpointFiles.push(file)
  }
  return audit
}
