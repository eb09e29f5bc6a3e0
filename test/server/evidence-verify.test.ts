// Evidence integrity: re-hashing stored blobs against their records, on a real database and real
// files; and `npm run evidence:verify` as a child process.
import { randomBytes } from 'node:crypto'
import { mkdtemp, open, rm, unlink } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type Database, type Db } from '../../db/open.ts'
import { evidence } from '../../db/schema/index.ts'
import type { BlobStore } from '../../server/lib/blob-store.ts'
import { verifyEvidenceBlobs } from '../../server/lib/evidence-integrity.ts'
import { createLocalBlobStore } from '../../server/lib/local-blob-store.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { createTestDatabase, openMigratedDataDir, testDriver } from '../helpers/test-db.ts'
import { runCommand } from '../../server/cli/run-cli.ts'

/** Commits bytes to the store and records them as evidence of a community, as an upload would. */
async function addEvidence(db: Db, store: BlobStore, communityId: string, bytes: Buffer, title = 'Photo of the bulldozer') {
  const staged = await store.stage(Readable.from([bytes]), { maxBytes: 1 << 20 })
  await staged.commit()
  const [row] = await db
    .insert(evidence)
    .values({ sha256: staged.sha256, sizeBytes: staged.sizeBytes, mediaType: 'application/octet-stream', title, communityId })
    .returning({ id: evidence.id, sha256: evidence.sha256 })
  return row!
}

const blobPath = (root: string, sha256: string) => path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256)

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

describe(`verifyEvidenceBlobs on ${testDriver}`, () => {
  let database: Database
  let db: Db
  let root: string
  let store: BlobStore
  let communityId: string
  beforeAll(async () => {
    database = await createTestDatabase()
    db = database.db
    communityId = (await makeCommunity(db)).id
  })
  afterAll(() => database?.close())
  beforeEach(async () => {
    await db.execute(sql`DELETE FROM evidence`)
    if (root) await rm(root, { recursive: true, force: true })
    root = await mkdtemp(path.join(os.tmpdir(), 'dey-verify-'))
    store = createLocalBlobStore(root)
  })
  afterAll(() => rm(root, { recursive: true, force: true }))

  it('finds an empty store intact', async () => {
    expect(await verifyEvidenceBlobs(db, store)).toEqual({
      checked: 0,
      bytesChecked: 0,
      missing: [],
      mismatched: [],
      orphans: { count: 0, sample: [] },
      isIntact: true,
    })
  })

  it('finds intact blobs intact, checking a shared blob once', async () => {
    const bytes = randomBytes(70_000)
    const a = await addEvidence(db, store, communityId, bytes)
    await addEvidence(db, store, communityId, bytes, 'The same photo, attached twice')
    await addEvidence(db, store, communityId, randomBytes(3_000))
    const report = await verifyEvidenceBlobs(db, store)
    expect(report).toMatchObject({ checked: 2, bytesChecked: 73_000, missing: [], mismatched: [], isIntact: true })
    expect(report.orphans.count).toBe(0)
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  it('names a blob whose bytes were altered, with every record that points at it', async () => {
    const bytes = randomBytes(10_000)
    const a = await addEvidence(db, store, communityId, bytes)
    const b = await addEvidence(db, store, communityId, bytes, 'Second record')
    const untouched = await addEvidence(db, store, communityId, randomBytes(500))
    await flipByte(blobPath(root, a.sha256), 5_000)
    const report = await verifyEvidenceBlobs(db, store)
    expect(report.isIntact).toBe(false)
    expect(report.checked).toBe(2)
    expect(report.missing).toEqual([])
    expect(report.mismatched).toHaveLength(1)
    expect(report.mismatched[0]).toMatchObject({ sha256: a.sha256, evidenceIds: expect.arrayContaining([a.id, b.id]) })
    expect(report.mismatched[0]!.evidenceIds).toHaveLength(2)
    expect(report.mismatched[0]!.actualSha256).toMatch(/^[0-9a-f]{64}$/)
    expect(report.mismatched[0]!.actualSha256).not.toBe(a.sha256)
    expect(report.mismatched.map((m) => m.sha256)).not.toContain(untouched.sha256)
  })

  it('names a missing blob', async () => {
    const gone = await addEvidence(db, store, communityId, randomBytes(1_000))
    await addEvidence(db, store, communityId, randomBytes(1_000))
    await unlink(blobPath(root, gone.sha256))
    const report = await verifyEvidenceBlobs(db, store)
    expect(report).toMatchObject({
      checked: 2,
      isIntact: false,
      mismatched: [],
      missing: [{ sha256: gone.sha256, evidenceIds: [gone.id] }],
    })
  })

  it('counts stored blobs no live record references as orphans, and keeps them', async () => {
    const kept = await addEvidence(db, store, communityId, randomBytes(100))
    const purged = await addEvidence(db, store, communityId, randomBytes(200))
    await db.update(evidence).set({ purgedAt: new Date() }).where(eq(evidence.id, purged.id))
    const stray = await store.stage(Readable.from([randomBytes(300)]), { maxBytes: 1 << 20 })
    await stray.commit()
    const report = await verifyEvidenceBlobs(db, store)
    expect(report).toMatchObject({ checked: 1, isIntact: true })
    expect(report.orphans.count).toBe(2)
    expect(report.orphans.sample.sort()).toEqual([purged.sha256, stray.sha256].sort())
    expect(await store.stat(stray.sha256)).toBeDefined()
    expect(await store.stat(kept.sha256)).toBeDefined()
  })

  it('does not check purged records (their blob may be gone) but does check soft-deleted ones', async () => {
    const purged = await addEvidence(db, store, communityId, randomBytes(100))
    const hidden = await addEvidence(db, store, communityId, randomBytes(100))
    await db.update(evidence).set({ purgedAt: new Date() }).where(eq(evidence.id, purged.id))
    await db.update(evidence).set({ deletedAt: new Date() }).where(eq(evidence.id, hidden.id))
    await store.delete(purged.sha256)
    await store.delete(hidden.sha256)
    const report = await verifyEvidenceBlobs(db, store)
    expect(report).toMatchObject({ checked: 1, isIntact: false, missing: [{ sha256: hidden.sha256, evidenceIds: [hidden.id] }] })
  })

  it('pages through more records than one query page', async () => {
    const values = Array.from({ length: 1_203 }, (_, i) => ({
      sha256: i.toString(16).padStart(64, '0'),
      sizeBytes: 1,
      mediaType: 'text/plain',
      title: `Note ${i}`,
      communityId,
    }))
    for (let i = 0; i < values.length; i += 400) await db.insert(evidence).values(values.slice(i, i + 400))
    const report = await verifyEvidenceBlobs(db, store)
    expect(report.checked).toBe(1_203)
    expect(new Set(report.missing.map((m) => m.sha256)).size).toBe(1_203)
  })
})

describe.runIf(testDriver === 'pglite')('npm run evidence:verify', () => {
  let dataDir: string
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'dey-evidence-verify-'))
  })
  afterAll(() => rm(dataDir, { recursive: true, force: true }))

  // The command as `npm run evidence:verify` runs it (server/cli/run-cli.ts), in this process.
  const verify = () => runCommand('evidence:verify', [], { DATA_DIR: dataDir })

  it('exits 0 when every file is intact, then 1 naming the file after a flipped byte', async () => {
    const database = await openMigratedDataDir(path.join(dataDir, 'pglite'))
    const store = createLocalBlobStore(path.join(dataDir, 'evidence'))
    const communityId = (await makeCommunity(database.db)).id
    const victim = await addEvidence(database.db, store, communityId, randomBytes(20_000))
    await addEvidence(database.db, store, communityId, randomBytes(20_000))
    await database.close()

    const ok = await verify()
    expect(ok.exitCode).toBe(0)
    expect(ok.output).toBe('evidence intact: 2 files verified (40000 bytes)')

    await flipByte(blobPath(path.join(dataDir, 'evidence'), victim.sha256), 19_999)
    const broken = await verify()
    expect(broken.exitCode).toBe(1)
    expect(broken.output).toContain('evidence DAMAGED: 1 altered, 0 missing of 2 files checked')
    expect(broken.output).toContain(`ALTERED ${victim.sha256}`)
    expect(broken.output).toContain(victim.id)
  })
})
