// Evidence in an S3-compatible bucket, end to end: uploads through the app, `npm run
// evidence:verify` against the bucket, `npm run evidence:copy-to-s3`, and start-up refusing a
// bucket it cannot use. The bucket is served by s3rver over real HTTP (test/helpers/s3-server.ts).
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { buffer } from 'node:stream/consumers'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { openDatabase, type Database, type Db } from '../../db/open.ts'
import { evidence } from '../../db/schema/index.ts'
import { runCommand } from '../../server/cli/run-cli.ts'
import type { S3Location } from '../../server/config.ts'
import type { BlobStore } from '../../server/lib/blob-store.ts'
import { createLocalBlobStore } from '../../server/lib/local-blob-store.ts'
import { createS3BlobStore, s3ClientFor } from '../../server/lib/s3-blob-store.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { withDatabaseName } from '../helpers/global-setup.ts'
import { multipart } from '../helpers/multipart.ts'
import { dropDatabase, withAdminClient } from '../helpers/postgres-admin.ts'
import { startS3Server, type S3Server } from '../helpers/s3-server.ts'
import { runCliProcess, runServerExpectingExit } from '../helpers/server-process.ts'
import { createTestApp } from '../helpers/test-app.ts'
import { openMigratedDataDir, testDriver } from '../helpers/test-db.ts'

const PHOTO = path.resolve(import.meta.dirname, '../fixtures/photos/exif-samples_gps_DSCN0010.jpg')
const GEOJSON = path.resolve(import.meta.dirname, '../fixtures/gis/odc_kh_special_economic_zones.geojson')

let s3: S3Server
let client: S3Client
let scratch: string
beforeAll(async () => {
  s3 = await startS3Server()
  // The SDK reads the credentials from the environment, as in production.
  process.env.AWS_ACCESS_KEY_ID = s3.env.AWS_ACCESS_KEY_ID
  process.env.AWS_SECRET_ACCESS_KEY = s3.env.AWS_SECRET_ACCESS_KEY
  client = s3ClientFor(locationOf(''))
  scratch = await mkdtemp(path.join(os.tmpdir(), 'dey-evidence-s3-'))
})
afterAll(async () => {
  await s3?.stop()
  await rm(scratch, { recursive: true, force: true })
})

function locationOf(prefix: string): S3Location {
  return { bucket: s3.bucket, prefix, endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true }
}
const freshPrefix = () => `t-${randomBytes(6).toString('hex')}/`
const s3Store = (prefix: string) => createS3BlobStore({ location: locationOf(prefix), scratchDir: path.join(scratch, 'heads') })
const addressOf = (prefix: string, sha256: string) => `${prefix}blobs/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`
const overwrite = (key: string, bytes: Buffer) => client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: bytes }))

/**
 * A migrated database a command-line task can open from its environment (DATA_DIR for PGlite,
 * DATABASE_URL for PostgreSQL), with the environment to reach it.
 */
async function commandDatabase(): Promise<{
  database: Database
  env: Record<string, string>
  release(): Promise<void>
  drop(): Promise<void>
}> {
  const dataDir = await mkdtemp(path.join(scratch, 'data-'))
  const adminUrl = process.env.TEST_DATABASE_URL
  if (!adminUrl) {
    const database = await openMigratedDataDir(path.join(dataDir, 'pglite'))
    // Only one process may open the embedded database: the task opens it after the test lets go.
    return { database, env: { DATA_DIR: dataDir }, release: () => database.close(), drop: async () => undefined }
  }
  const name = `dey_test_${randomBytes(6).toString('hex')}`
  await withAdminClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`))
  const url = withDatabaseName(adminUrl, name)
  const database = await openDatabase({ databaseUrl: url })
  return {
    database,
    env: { DATA_DIR: dataDir, DATABASE_URL: url },
    release: () => database.close(),
    drop: async () => void (await dropDatabase(adminUrl, name)),
  }
}

/** Commits bytes to the store and records them as evidence of a community, as an upload would. */
async function addEvidence(db: Db, store: BlobStore, communityId: string, bytes: Buffer) {
  const staged = await store.stage(Readable.from([bytes]), { maxBytes: 1 << 20 })
  await staged.commit()
  const [row] = await db
    .insert(evidence)
    .values({ sha256: staged.sha256, sizeBytes: staged.sizeBytes, mediaType: 'application/octet-stream', title: 'Notice', communityId })
    .returning({ id: evidence.id, sha256: evidence.sha256 })
  return row!
}

describe(`evidence in an S3 bucket on ${testDriver}`, () => {
  it('an upload through the app lands in the bucket at its content address, with its thumbnail, and downloads back whole and by range', async () => {
    const prefix = freshPrefix()
    const store = s3Store(prefix)
    const t = await createTestApp({ evidenceStore: store })
    try {
      const communityId = (await makeCommunity(t.db)).id
      const photo = await readFile(PHOTO)
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/evidence',
        ...multipart({ communityId }, [{ filename: 'bulldozer.jpg', bytes: photo }]),
      })
      expect(res.statusCode, res.body).toBe(201)
      const [item] = res.json().items
      expect(item.mediaType).toBe('image/jpeg')
      expect(item.location).toEqual({ type: 'Point', coordinates: [expect.any(Number), expect.any(Number)] })
      expect(item.hasThumbnail).toBe(true)

      expect(await buffer(store.read(item.sha256))).toEqual(photo)
      expect(await store.hasDerived(item.sha256, 'thumb.webp')).toBe(true)
      const staging: string[] = []
      for await (const object of listKeys(`${prefix}tmp/`)) staging.push(object)
      expect(staging).toEqual([])

      const whole = await t.app.inject({ url: `/api/evidence/${item.id}/file` })
      expect(whole.statusCode).toBe(200)
      expect(whole.rawPayload.equals(photo)).toBe(true)
      const ranged = await t.app.inject({ url: `/api/evidence/${item.id}/file`, headers: { range: 'bytes=1000-1999' } })
      expect(ranged.statusCode).toBe(206)
      expect(ranged.headers['content-range']).toBe(`bytes 1000-1999/${photo.length}`)
      expect(ranged.rawPayload.equals(photo.subarray(1000, 2000))).toBe(true)
      const thumbnail = await t.app.inject({ url: `/api/evidence/${item.id}/thumbnail` })
      expect(thumbnail.statusCode).toBe(200)
      expect(thumbnail.headers['content-type']).toBe('image/webp')
    } finally {
      await t.close()
    }
  })

  it('a file larger than the local head is stored whole: type and EXIF from the head, no thumbnail; a GIS import is inspected whole', async () => {
    const prefix = freshPrefix()
    const store = createS3BlobStore({ location: locationOf(prefix), scratchDir: path.join(scratch, 'heads'), localHeadBytes: 16 * 1024 })
    const t = await createTestApp({ evidenceStore: store })
    try {
      const communityId = (await makeCommunity(t.db)).id
      const photo = await readFile(PHOTO)
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/evidence',
        ...multipart({ communityId }, [{ filename: 'bulldozer.jpg', bytes: photo }]),
      })
      expect(res.statusCode, res.body).toBe(201)
      const [item] = res.json().items
      expect(item).toMatchObject({ mediaType: 'image/jpeg', sizeBytes: photo.length, hasThumbnail: false, cameraMake: 'NIKON' })
      expect(await buffer(store.read(item.sha256))).toEqual(photo)

      // 30 kB of GeoJSON: its first 16 kB alone do not parse.
      const geojson = await readFile(GEOJSON)
      const legal = await t.signIn('legal')
      const body = multipart({ sourceName: 'Open Development Cambodia' }, [{ filename: 'zones.geojson', bytes: geojson }])
      const imported = await t.app.inject({
        method: 'POST',
        url: '/api/imports',
        payload: body.payload,
        headers: { ...body.headers, ...legal.headers },
      })
      expect(imported.statusCode, imported.body).toBe(201)
      expect(imported.json().inspection.layers[0].featureCount).toBe(29)
      expect(await readdir(path.join(scratch, 'heads'))).toEqual([])
    } finally {
      await t.close()
    }
  })

  it('npm run evidence:verify checks the bucket: intact, then DAMAGED naming the blob once its object holds other bytes', async () => {
    const prefix = freshPrefix()
    const target = await commandDatabase()
    try {
      const store = s3Store(prefix)
      const communityId = (await makeCommunity(target.database.db)).id
      const victim = await addEvidence(target.database.db, store, communityId, randomBytes(20_000))
      await addEvidence(target.database.db, store, communityId, randomBytes(30_000))
      await target.release()
      const env = { ...target.env, ...s3.env, EVIDENCE_STORE: `s3://${s3.bucket}/${prefix.slice(0, -1)}` }

      const intact = await runCommand('evidence:verify', [], env)
      expect(intact).toEqual({ exitCode: 0, output: 'evidence intact: 2 files verified (50000 bytes)' })

      await overwrite(addressOf(prefix, victim.sha256), randomBytes(20_000))
      const damaged = await runCommand('evidence:verify', [], env)
      expect(damaged.exitCode).toBe(1)
      expect(damaged.output).toContain('evidence DAMAGED: 1 altered, 0 missing of 2 files checked')
      expect(damaged.output).toContain(`ALTERED ${victim.sha256}`)
      expect(damaged.output).toContain(victim.id)
    } finally {
      await target.drop()
    }
  })

  it('npm run evidence:verify says in one line when the bucket does not exist', async () => {
    const target = await commandDatabase()
    try {
      await target.release()
      const result = await runCommand('evidence:verify', [], { ...target.env, ...s3.env, EVIDENCE_STORE: 's3://no-such-bucket/evidence' })
      expect(result).toEqual({
        exitCode: 1,
        output: `the evidence store s3://no-such-bucket/evidence at ${s3.endpoint} does not exist: create the bucket first`,
      })
    } finally {
      await target.drop()
    }
  })
})

describe('npm run evidence:copy-to-s3', () => {
  it('copies every blob and thumbnail of the local store, skips what is there, and re-hashes every object; exit 1 on a mismatch', async () => {
    const dataDir = await mkdtemp(path.join(scratch, 'copy-'))
    const local = createLocalBlobStore(path.join(dataDir, 'evidence'))
    const hashes: string[] = []
    for (const bytes of [randomBytes(10_000), randomBytes(20_000), Buffer.from('ដីធ្លី')]) {
      const staged = await local.stage(Readable.from([bytes]), { maxBytes: 1 << 20 })
      await staged.commit()
      hashes.push(staged.sha256)
    }
    await local.writeDerived(hashes[0]!, 'thumb.webp', Buffer.from('a small picture'))
    const prefix = freshPrefix()
    const url = `s3://${s3.bucket}/${prefix.slice(0, -1)}`
    // The copy's target comes from the command line; the way to reach it from the AWS variables.
    const { EVIDENCE_STORE: _unused, ...aws } = s3.env
    const env = { ...aws, DATA_DIR: dataDir }

    const first = await runCliProcess('evidence-copy-to-s3', [url], env)
    expect(first.stderr).not.toMatch(/dey:/)
    expect(first.code).toBe(0)
    expect(first.stdout).toContain(
      `evidence copied: 3 copied (30018 bytes), 0 already there, 1 thumbnail(s) copied; 3 read back from ${url}/`,
    )
    const bucket = s3Store(prefix)
    for (const hash of hashes) expect(await buffer(bucket.read(hash))).toEqual(await buffer(local.read(hash)))
    expect(await buffer(bucket.readDerived(hashes[0]!, 'thumb.webp'))).toEqual(Buffer.from('a small picture'))

    const again = await runCliProcess('evidence-copy-to-s3', [url], env)
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('0 copied (0 bytes), 3 already there, 0 thumbnail(s) copied')

    // Same size, other bytes: skipped by the copy, caught by the read-back.
    await overwrite(addressOf(prefix, hashes[1]!), randomBytes(20_000))
    const damaged = await runCliProcess('evidence-copy-to-s3', [url], env)
    expect(damaged.code).toBe(1)
    expect(damaged.stderr).toContain(`MISMATCH ${hashes[1]}`)

    const nowhere = await runCliProcess('evidence-copy-to-s3', ['s3://no-such-bucket'], env)
    expect(nowhere.code).toBe(1)
    expect(lastLine(nowhere.stderr)).toBe(`dey: the target s3://no-such-bucket at ${s3.endpoint} does not exist: create the bucket first`)
    const bad = await runCliProcess('evidence-copy-to-s3', ['/tmp/somewhere'], env)
    expect(bad.code).toBe(1)
    expect(lastLine(bad.stderr)).toBe('dey: name the bucket to copy into: npm run evidence:copy-to-s3 -- s3://bucket/prefix')
  })
})

describe('start-up with an S3 evidence store', () => {
  it('stops with one line and exit code 1 when the bucket is missing or the server cannot be reached', async () => {
    const dataDir = await mkdtemp(path.join(scratch, 'start-'))
    const missing = await runServerExpectingExit({ ...s3.env, DATA_DIR: dataDir, EVIDENCE_STORE: 's3://no-such-bucket/evidence' })
    expect(missing.code).toBe(1)
    expect(lastLine(missing.stderr)).toBe(
      `dey: the evidence store s3://no-such-bucket/evidence at ${s3.endpoint} does not exist: create the bucket first`,
    )
    const unreachable = await runServerExpectingExit({ ...s3.env, DATA_DIR: dataDir, AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9' })
    expect(unreachable.code).toBe(1)
    expect(lastLine(unreachable.stderr)).toMatch(/^dey: the evidence store s3:\/\/.* at http:\/\/127\.0\.0\.1:9 cannot be reached: /)
  })
})

/** The AWS SDK may print a Node version notice first; Dey's own message is the last line. */
const lastLine = (text: string) => text.trim().split('\n').at(-1)

async function* listKeys(prefix: string) {
  const page = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }))
  for (const object of page.Contents ?? []) yield object.Key!
}
