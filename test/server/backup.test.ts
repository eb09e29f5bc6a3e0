// Backups that are proven (#17): `backup` of a live database and its evidence, `restore` into an
// empty database, `backup:verify`, on the engine under test. The backup runs as it does through a
// running server's admin socket (runCommandOn, on the server's own connection); restore and verify
// run as `npm run` does (runCommand, with their own environment).
import { createHash, randomBytes } from 'node:crypto'
import { cp, mkdtemp, open, readdir, readFile, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { openDatabase, type Database } from '../../db/open.ts'
import { runCommand, runCommandOn } from '../../server/cli/run-cli.ts'
import { evidenceDirOf, loadConfig, pgliteDirOf, type Config } from '../../server/config.ts'
import { loadOrCreateSigner, writeCheckpoint } from '../../server/features/audit/audit.checkpoints.ts'
import type { BackupManifest } from '../../server/lib/backup.ts'
import { scheduleBackups } from '../../server/lib/backup-schedule.ts'
import { createJobs } from '../../server/lib/jobs.ts'
import { createLocalBlobStore } from '../../server/lib/local-blob-store.ts'
import { makeCase } from '../helpers/case-factories.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { withDatabaseName } from '../helpers/global-setup.ts'
import { solidPng } from '../helpers/images.ts'
import { multipart } from '../helpers/multipart.ts'
import { startS3Server } from '../helpers/s3-server.ts'
import { dropDatabase, withAdminClient } from '../helpers/postgres-admin.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { createEmptyPostgresDatabase, openMigratedDataDir, testDriver } from '../helpers/test-db.ts'

const PHOTO = path.resolve(import.meta.dirname, '../fixtures/photos/exif-samples_gps_DSCN0010.jpg')
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** A migrated database with its DATA_DIR, as a server would hold it. */
interface Deployment {
  env: Record<string, string>
  config: Config
  database: Database
  close(): Promise<void>
}

async function openSourceDeployment(dataDir: string): Promise<Deployment> {
  const adminUrl = process.env.TEST_DATABASE_URL
  if (adminUrl) {
    const name = `dey_backup_${randomBytes(6).toString('hex')}`
    await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`))
    const env = { DATA_DIR: dataDir, NODE_ENV: 'test', DATABASE_URL: withDatabaseName(adminUrl, name) }
    const database = await openDatabase({ databaseUrl: env.DATABASE_URL })
    return {
      env,
      config: loadConfig(env),
      database,
      close: async () => {
        await database.close()
        await dropDatabase(adminUrl, name)
      },
    }
  }
  const env = { DATA_DIR: dataDir, NODE_ENV: 'test' }
  const config = loadConfig(env)
  const database = await openMigratedDataDir(pgliteDirOf(config))
  return { env, config, database, close: () => database.close() }
}

/** A new, empty place to restore into: a new DATA_DIR, and on PostgreSQL a new empty database. */
async function emptyEnvironment(dataDir: string) {
  const empty = await createEmptyPostgresDatabase()
  const env: Record<string, string> = { DATA_DIR: dataDir, NODE_ENV: 'test', ...(empty ? { DATABASE_URL: empty.url } : {}) }
  return {
    env,
    open: () => (empty ? openDatabase({ databaseUrl: empty.url }) : openDatabase({ pgliteDir: path.join(dataDir, 'pglite') })),
    drop: async () => empty?.drop(),
  }
}

/** Flips one bit of one byte in place, as silent disk corruption or tampering would. */
async function flipByte(file: string, position: number) {
  const handle = await open(file, 'r+')
  try {
    const byte = Buffer.alloc(1)
    await handle.read(byte, 0, 1, position)
    byte[0] = byte[0]! ^ 0x01
    await handle.write(byte, 0, 1, position)
  } finally {
    await handle.close()
  }
}

const readManifest = async (backupDir: string) =>
  JSON.parse(await readFile(path.join(backupDir, 'manifest.json'), 'utf8')) as BackupManifest
const poolFile = (targetDir: string, hash: string) => path.join(targetDir, 'evidence', hash.slice(0, 2), hash.slice(2, 4), hash)

describe(`backup, restore and backup:verify on ${testDriver}`, () => {
  let work: string
  let targetDir: string
  let source: Deployment
  let t: TestApp
  let caseId: string
  let communityId: string
  let firstBackup: string
  const cleanups: (() => Promise<unknown>)[] = []

  const backupNow = async () => {
    const store = createLocalBlobStore(evidenceDirOf(source.config))
    const result = await runCommandOn({ database: source.database, config: source.config, store }, 'backup', [targetDir])
    expect(result.exitCode, result.output).toBe(0)
    return /^backup written: (\S+)/.exec(result.output)![1]!
  }
  /** An empty place to restore or verify from, removed after the tests. */
  const emptyPlace = async (name: string) => {
    const place = await emptyEnvironment(path.join(work, name))
    cleanups.push(place.drop)
    return place
  }
  const upload = async (bytes: Buffer, filename: string, type: string) => {
    const body = multipart({ caseId, title: filename }, [{ filename, type, bytes }])
    const res = await t.app.inject({ method: 'POST', url: '/api/evidence', ...body })
    expect(res.statusCode, res.body).toBe(201)
    return res.json().items[0].sha256 as string
  }

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'dey-backup-test-'))
    targetDir = path.join(work, 'target')
    source = await openSourceDeployment(path.join(work, 'source'))
    t = await createTestApp({ database: source.database, evidenceDir: evidenceDirOf(source.config) })
    communityId = (await makeCommunity(t.db)).id
    caseId = (await makeCase(t.db, { title: 'Eviction at Phum Thmey' })).id
    await upload(await readFile(PHOTO), 'bulldozer.jpg', 'image/jpeg')
    await upload(solidPng(64, [200, 40, 40]), 'map.png', 'image/png')
    // A signed checkpoint of the trail as it is: the backup carries it and its public key.
    const signer = await loadOrCreateSigner(source.config.auditSigningKeyFile)
    await writeCheckpoint(t.db, signer, source.config.auditCheckpointDir)
    firstBackup = await backupNow()
  }, 120_000)

  afterAll(async () => {
    await t?.close()
    await source?.close()
    for (const cleanup of cleanups) await cleanup()
    if (work) await rm(work, { recursive: true, force: true })
  })

  it('writes a manifest and SHA256SUMS that describe the backup', async () => {
    const manifest = await readManifest(firstBackup)
    expect(manifest).toMatchObject({
      format: 'dey-backup/1',
      app: { name: 'dey' },
      database: { kind: testDriver, migrations: { newest: expect.any(String) } },
      audit: { publicKeyFile: 'audit/audit-signing.key.pub', privateKeyFile: null },
    })
    expect(manifest.rowCounts.legal_cases).toBe(1)
    expect(manifest.rowCounts.evidence).toBe(2)
    expect(manifest.auditHead?.count).toBe(manifest.rowCounts.audit_log)
    expect(manifest.audit.checkpointFiles).toHaveLength(1)
    expect(manifest.evidence.blobs).toHaveLength(2)
    expect(manifest.evidence.newBlobs).toHaveLength(2)
    // The photo's thumbnail travels with it.
    expect(manifest.evidence.blobs.some((blob) => blob.derived.includes('thumb.webp'))).toBe(true)
    const sums = await readFile(path.join(firstBackup, 'SHA256SUMS'), 'utf8')
    const files = (await readdir(firstBackup, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile() && entry.name !== 'SHA256SUMS')
      .map((entry) => path.relative(firstBackup, path.join(entry.parentPath, entry.name)))
    for (const file of files) {
      expect(sums).toContain(`${sha256(await readFile(path.join(firstBackup, file)))}  ${file}\n`)
    }
    // The private signing key is not in a backup unless asked for.
    expect(files.some((file) => file.endsWith('.key'))).toBe(false)
  })

  it('restores into an empty database, verifies, and the restored app serves the same case and evidence', async () => {
    const restored = await emptyPlace('restored')
    const restore = await runCommand('restore', [firstBackup], restored.env)
    expect(restore.exitCode, restore.output).toBe(0)
    expect(restore.output).toContain('2 files copied and re-hashed')

    const verify = await runCommand('backup:verify', [firstBackup], restored.env)
    expect(verify.exitCode, verify.output).toBe(0)
    expect(verify.output).toMatch(/audit trail \(audit:verify\) \| ok \| \d+ entries intact, matching 1 signed checkpoint/)
    expect(verify.output).toMatch(/evidence:verify\) \| ok \| 2 files re-hashed/)

    const original = {
      case: (await t.app.inject({ url: `/api/cases/${caseId}` })).json(),
      evidence: (await t.app.inject({ url: `/api/evidence?case=${caseId}` })).json().items,
    }
    const database = await restored.open()
    const copy = await createTestApp({ database, evidenceDir: path.join(work, 'restored', 'evidence') })
    try {
      const restoredCase = await copy.app.inject({ url: `/api/cases/${caseId}` })
      expect(restoredCase.statusCode, restoredCase.body).toBe(200)
      expect(restoredCase.json()).toMatchObject({ id: caseId, reference: original.case.reference, title: 'Eviction at Phum Thmey' })
      const list = await copy.app.inject({ url: `/api/evidence?case=${caseId}` })
      expect(list.statusCode).toBe(200)
      const hashes = (items: { sha256: string }[]) => items.map((item) => item.sha256).sort()
      expect(hashes(list.json().items)).toEqual(hashes(original.evidence))
      for (const item of list.json().items as { id: string; sha256: string }[]) {
        const file = await copy.app.inject({ url: `/api/evidence/${item.id}/file` })
        expect(file.statusCode).toBe(200)
        expect(sha256(file.rawPayload)).toBe(item.sha256)
      }
    } finally {
      await copy.close()
      await database.close()
    }
  }, 120_000)

  it('copies only the blobs the pool lacks in the next backup, consistent with writes made meanwhile', async () => {
    const added = await upload(solidPng(64, [40, 200, 40]), 'second-map.png', 'image/png')
    // Writes while the backup runs: its row counts and its dump must still describe one moment.
    const [second] = await Promise.all([backupNow(), ...Array.from({ length: 5 }, () => makeCommunity(t.db))])
    const manifest = await readManifest(second)
    expect(manifest.evidence.blobs).toHaveLength(3)
    expect(manifest.evidence.newBlobs).toEqual([added])
    const pooled = (await readdir(path.join(targetDir, 'evidence'), { recursive: true })).filter((name) =>
      /^[0-9a-f]{64}$/.test(path.basename(name)),
    )
    expect(pooled).toHaveLength(3)
    const verify = await runCommand('backup:verify', [second], (await emptyPlace('scratch')).env)
    expect(verify.exitCode, verify.output).toBe(0)
    expect(verify.output).toMatch(/row counts match the manifest \| ok/)
    expect(communityId).toBeTruthy()
  }, 120_000)

  it('fails verification, and refuses to restore, when a file of the backup was altered', async () => {
    const tampered = `${firstBackup}-tampered`
    await cp(firstBackup, tampered, { recursive: true })
    const manifest = await readManifest(tampered)
    await flipByte(path.join(tampered, manifest.database.file), 1000)
    const scratch = await emptyPlace('tampered')

    const verify = await runCommand('backup:verify', [tampered], scratch.env)
    expect(verify.exitCode).toBe(1)
    expect(verify.output).toMatch(new RegExp(`files against SHA256SUMS \\| FAILED \\| ${manifest.database.file} altered`))
    expect(verify.output).toContain('backup DAMAGED')

    const restore = await runCommand('restore', [tampered], scratch.env)
    expect(restore.exitCode).toBe(1)
    expect(restore.output).toMatch(/is damaged, nothing was restored/)
  }, 120_000)

  it('fails verification when an evidence file in the pool was altered', async () => {
    const manifest = await readManifest(firstBackup)
    const blob = manifest.evidence.blobs[0]!
    await flipByte(poolFile(targetDir, blob.sha256), Math.floor(blob.sizeBytes / 2))
    try {
      const verify = await runCommand('backup:verify', [firstBackup], (await emptyPlace('scratch-2')).env)
      expect(verify.exitCode).toBe(1)
      expect(verify.output).toMatch(new RegExp(`evidence:verify\\) \\| FAILED \\| ALTERED ${blob.sha256}`))
    } finally {
      await flipByte(poolFile(targetDir, blob.sha256), Math.floor(blob.sizeBytes / 2))
    }
  }, 120_000)

  it('backs up to an S3 bucket, verifies there, and restores into an S3 evidence store', async () => {
    const s3 = await startS3Server({ extraBuckets: ['dey-backups'] })
    cleanups.push(() => s3.stop())
    const { EVIDENCE_STORE: evidenceStore, ...access } = s3.env
    // The SDK reads the credentials from the environment, as in production.
    process.env.AWS_ACCESS_KEY_ID = s3.env.AWS_ACCESS_KEY_ID
    process.env.AWS_SECRET_ACCESS_KEY = s3.env.AWS_SECRET_ACCESS_KEY
    const config = loadConfig({ ...source.env, ...access })
    const store = createLocalBlobStore(evidenceDirOf(config))
    const backup = await runCommandOn({ database: source.database, config, store }, 'backup', ['s3://dey-backups/site-a'])
    expect(backup.exitCode, backup.output).toBe(0)
    const location = /^backup written: (\S+)/.exec(backup.output)![1]!
    expect(location).toMatch(/^s3:\/\/dey-backups\/site-a\/backups\/\d{8}T\d{6}\.\d{3}Z$/)

    const restored = await emptyPlace('restored-s3')
    const env = { ...restored.env, ...access, EVIDENCE_STORE: evidenceStore! }
    const verify = await runCommand('backup:verify', [location], env)
    expect(verify.exitCode, verify.output).toBe(0)
    expect(verify.output).toMatch(/matching 1 signed checkpoint/)
    const restore = await runCommand('restore', ['s3://dey-backups/site-a'], env)
    expect(restore.exitCode, restore.output).toBe(0)
    const evidenceCheck = await runCommand('evidence:verify', [], env)
    expect(evidenceCheck.exitCode, evidenceCheck.output).toBe(0)
    expect(evidenceCheck.output).toMatch(/evidence intact: 3 files verified/)
  }, 180_000)

  it('runs scheduled backups through the job queue', async () => {
    const scheduledTarget = path.join(work, 'scheduled')
    const jobs = createJobs({ database: source.database, timeoutSeconds: 600, log: pino({ level: 'silent' }), pollingIntervalSeconds: 1 })
    scheduleBackups(jobs, {
      when: { everySeconds: 2 },
      target: scheduledTarget,
      s3: source.config.s3,
      sources: {
        database: source.database,
        databaseUrl: source.config.databaseUrl,
        store: createLocalBlobStore(evidenceDirOf(source.config)),
        auditCheckpointDir: source.config.auditCheckpointDir,
        auditSigningKeyFile: source.config.auditSigningKeyFile,
      },
      log: pino({ level: 'silent' }),
    })
    await jobs.start()
    try {
      const finished = async () => {
        for (const name of await readdir(path.join(scheduledTarget, 'backups')).catch(() => [] as string[])) {
          if (await stat(path.join(scheduledTarget, 'backups', name, 'SHA256SUMS')).catch(() => undefined)) return name
        }
        return undefined
      }
      const deadline = Date.now() + 120_000
      let name: string | undefined
      while (!(name = await finished()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500))
      expect(name).toBeDefined()
      expect((await readManifest(path.join(scheduledTarget, 'backups', name!))).evidence.blobs).toHaveLength(3)
    } finally {
      await jobs.stop({ graceSeconds: 60 })
    }
  }, 180_000)

  it('refuses to restore into a database that is not empty, and changes nothing', async () => {
    const before = (await t.app.inject({ url: '/api/evidence?case=' + caseId })).json().items.length
    const restore = await runCommand('restore', [firstBackup], source.env)
    expect(restore.exitCode).toBe(1)
    expect(restore.output).toMatch(/not empty: restore goes only into an empty database/)
    expect((await t.app.inject({ url: '/api/evidence?case=' + caseId })).json().items.length).toBe(before)
  })
})
