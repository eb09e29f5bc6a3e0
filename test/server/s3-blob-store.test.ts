// The blob store contract, run against both implementations: local disk (a temporary folder) and
// S3 (a real S3-protocol server, s3rver, over HTTP on loopback — test/helpers/s3-server.ts).
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { buffer, text } from 'node:stream/consumers'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { S3Location } from '../../server/config.ts'
import { BlobTooLargeError, withWholeLocalFile, type BlobStore } from '../../server/lib/blob-store.ts'
import { createLocalBlobStore } from '../../server/lib/local-blob-store.ts'
import { checkS3Bucket, createS3BlobStore, s3ClientFor, S3StoreUnavailableError } from '../../server/lib/s3-blob-store.ts'
import { startS3Server, type S3Server } from '../helpers/s3-server.ts'

let s3: S3Server
let client: S3Client
beforeAll(async () => {
  s3 = await startS3Server()
  client = s3ClientFor(locationIn(s3, s3.prefix))
  // The SDK reads the credentials from the environment, as in production.
  process.env.AWS_ACCESS_KEY_ID = s3.env.AWS_ACCESS_KEY_ID
  process.env.AWS_SECRET_ACCESS_KEY = s3.env.AWS_SECRET_ACCESS_KEY
})
afterAll(() => s3?.stop())

const locationIn = (server: S3Server, prefix: string): S3Location => ({
  bucket: server.bucket,
  prefix,
  endpoint: server.endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
})

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')
/** A stream in several chunks, as an upload arrives. */
const chunked = (bytes: Buffer, size = 1000) =>
  Readable.from(Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size)))

/** What differs between the two stores: where their bytes are, for the test to look. */
interface Backend {
  store: BlobStore
  /** Every stored name (file or object key) relative to the store's root, sorted. */
  everything(): Promise<string[]>
  /** Temporary (staged) names. */
  temporary(): Promise<string[]>
  /** Leaves a temporary file as a crash would. */
  leaveTemporary(name: string, bytes: Buffer): Promise<void>
  /** Where a blob's bytes are, relative to the root. */
  addressOf(hash: string): string
  /** Overwrites a stored name's bytes behind the store's back. */
  overwrite(name: string, bytes: Buffer): Promise<void>
}

let scratch: string
beforeEach(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'dey-blobs-'))
})
afterEach(() => rm(scratch, { recursive: true, force: true }))

function localBackend(): Backend {
  const root = path.join(scratch, 'store')
  const files = async (dir: string) => {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
    return entries
      .filter((e) => e.isFile())
      .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
      .sort()
  }
  return {
    store: createLocalBlobStore(root),
    everything: () => files(root),
    temporary: () => files(path.join(root, 'tmp')),
    async leaveTemporary(name, bytes) {
      await mkdir(path.join(root, 'tmp'), { recursive: true })
      await writeFile(path.join(root, 'tmp', name), bytes)
    },
    addressOf: (hash) => `${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`,
    overwrite: (name, bytes) => writeFile(path.join(root, name), bytes),
  }
}

function s3Backend(options: { localHeadBytes?: number } = {}): Backend {
  // Each test gets its own prefix in the one bucket.
  const prefix = `t-${randomBytes(6).toString('hex')}/`
  const keys = async (under: string) => {
    const found: string[] = []
    let ContinuationToken: string | undefined
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `${prefix}${under}`, ContinuationToken }))
      found.push(...(page.Contents ?? []).map((object) => object.Key!.slice(prefix.length)))
      ContinuationToken = page.NextContinuationToken
    } while (ContinuationToken)
    return found.sort()
  }
  const put = (name: string, bytes: Buffer) =>
    client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `${prefix}${name}`, Body: bytes }))
  return {
    store: createS3BlobStore({ location: locationIn(s3, prefix), scratchDir: path.join(scratch, 'heads'), staleAfterMs: 0, ...options }),
    everything: () => keys(''),
    temporary: () => keys('tmp/'),
    leaveTemporary: async (name, bytes) => void (await put(`tmp/${name}`, bytes)),
    addressOf: (hash) => `blobs/${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`,
    overwrite: async (name, bytes) => void (await put(name, bytes)),
  }
}

describe.each([
  ['local disk', localBackend],
  ['S3 (s3rver over HTTP)', () => s3Backend()],
])('blob store on %s', (_name, makeBackend) => {
  let backend: Backend
  let store: BlobStore
  beforeEach(() => {
    backend = makeBackend()
    store = backend.store
  })

  async function put(bytes: Buffer) {
    const staged = await store.stage(chunked(bytes), { maxBytes: 1 << 20 })
    return { staged, ...(await staged.commit()) }
  }

  it('stages and commits bytes at their content address, with the right hash and size', async () => {
    const bytes = randomBytes(10_000)
    const { staged, isNew } = await put(bytes)
    expect(staged.sha256).toBe(sha256(bytes))
    expect(staged.sizeBytes).toBe(10_000)
    expect(isNew).toBe(true)
    expect(await buffer(store.read(staged.sha256))).toEqual(bytes)
    expect(await backend.everything()).toEqual([backend.addressOf(staged.sha256)])
    expect(await store.stat(staged.sha256)).toEqual({ sizeBytes: 10_000 })
  })

  it('gives the staged bytes locally before commit', async () => {
    const bytes = randomBytes(3_000)
    const staged = await store.stage(chunked(bytes), { maxBytes: 1 << 20 })
    expect(staged.isLocalComplete).toBe(true)
    expect(await readFile(staged.localPath)).toEqual(bytes)
    expect(await buffer(staged.readStaged())).toEqual(bytes)
    await staged.discard()
  })

  it('stores the same bytes once', async () => {
    const bytes = Buffer.from('ដីធ្លី — the same eviction notice, uploaded twice')
    const first = await put(bytes)
    const second = await put(bytes)
    expect(first.isNew).toBe(true)
    expect(second.isNew).toBe(false)
    expect(second.staged.sha256).toBe(first.staged.sha256)
    expect(await backend.everything()).toEqual([backend.addressOf(first.staged.sha256)])
  })

  it('refuses bytes over maxBytes with BlobTooLargeError and keeps nothing', async () => {
    const rejection = store.stage(chunked(randomBytes(5_000)), { maxBytes: 4_096 })
    await expect(rejection).rejects.toBeInstanceOf(BlobTooLargeError)
    await expect(rejection).rejects.toMatchObject({ maxBytes: 4_096 })
    expect(await backend.everything()).toEqual([])
  })

  it('accepts exactly maxBytes', async () => {
    const staged = await store.stage(chunked(randomBytes(4_096)), { maxBytes: 4_096 })
    expect(staged.sizeBytes).toBe(4_096)
    await staged.discard()
    expect(await backend.everything()).toEqual([])
  })

  it('rejects a source that fails half-way (a client abort) and keeps nothing', async () => {
    async function* aborted() {
      yield randomBytes(3_000)
      yield randomBytes(3_000)
      throw new Error('connection reset by the client')
    }
    await expect(store.stage(Readable.from(aborted()), { maxBytes: 1 << 20 })).rejects.toThrow('connection reset')
    expect(await backend.everything()).toEqual([])
  })

  it('reads exactly the bytes of a range (inclusive, as HTTP Range)', async () => {
    const bytes = randomBytes(50_000)
    const { staged } = await put(bytes)
    const read = (range?: { start: number; end: number }) => buffer(store.read(staged.sha256, range))
    expect(await read({ start: 100, end: 199 })).toEqual(bytes.subarray(100, 200))
    expect(await read({ start: 0, end: 0 })).toEqual(bytes.subarray(0, 1))
    expect(await read({ start: 49_990, end: 49_999 })).toEqual(bytes.subarray(49_990))
    expect(await read()).toEqual(bytes)
  })

  it('fails a read of a missing blob with ENOENT, and stat says undefined', async () => {
    const absent = sha256(Buffer.from('never stored'))
    await expect(buffer(store.read(absent))).rejects.toMatchObject({ code: 'ENOENT' })
    expect(await store.stat(absent)).toBeUndefined()
  })

  it('discard removes the staged bytes, and does nothing after a commit', async () => {
    const staged = await store.stage(chunked(randomBytes(2_000)), { maxBytes: 1 << 20 })
    expect(await backend.temporary()).toHaveLength(1)
    await staged.discard()
    expect(await backend.temporary()).toEqual([])
    expect(await store.stat(staged.sha256)).toBeUndefined()

    const { staged: committed } = await put(randomBytes(2_000))
    await committed.discard()
    expect(await store.stat(committed.sha256)).toEqual({ sizeBytes: 2_000 })
  })

  it('cleans temporary files left by a crash, and only those', async () => {
    const { staged } = await put(randomBytes(1_000))
    await backend.leaveTemporary('c0ffee.part', randomBytes(700))
    await backend.leaveTemporary('d00d.part', randomBytes(70))
    expect(await store.cleanTemporaryFiles()).toBe(2)
    expect(await backend.temporary()).toEqual([])
    expect(await store.stat(staged.sha256)).toEqual({ sizeBytes: 1_000 })
    expect(await store.cleanTemporaryFiles()).toBe(0)
  })

  it('lists every stored hash, and nothing else (no staged files, no derived files, no named files)', async () => {
    const hashes = await Promise.all([randomBytes(10), randomBytes(20), randomBytes(30)].map(async (b) => (await put(b)).staged.sha256))
    await store.writeDerived(hashes[0]!, 'thumb.webp', Buffer.from('thumbnail'))
    await store.stage(chunked(randomBytes(40)), { maxBytes: 1 << 20 }) // staged, never committed
    const zip = path.join(scratch, 'export.zip')
    await writeFile(zip, 'PK')
    await store.putFile('exports/abc.zip', zip)
    const listed: string[] = []
    for await (const hash of store.list()) listed.push(hash)
    expect(listed.sort()).toEqual([...hashes].sort())
  })

  it('stores derived files beside the blob', async () => {
    const { staged } = await put(randomBytes(100))
    expect(await store.hasDerived(staged.sha256, 'thumb.webp')).toBe(false)
    await store.writeDerived(staged.sha256, 'thumb.webp', Buffer.from('a small picture'))
    expect(await store.hasDerived(staged.sha256, 'thumb.webp')).toBe(true)
    expect(await text(store.readDerived(staged.sha256, 'thumb.webp'))).toBe('a small picture')
    expect(await backend.everything()).toEqual([backend.addressOf(staged.sha256), `${backend.addressOf(staged.sha256)}.thumb.webp`])
  })

  it('delete removes the blob and its derived files, and no other blob', async () => {
    const { staged } = await put(randomBytes(100))
    const { staged: other } = await put(randomBytes(100))
    await store.writeDerived(staged.sha256, 'thumb.webp', Buffer.from('thumb'))
    await store.writeDerived(other.sha256, 'thumb.webp', Buffer.from('thumb'))
    await store.delete(staged.sha256)
    expect(await store.stat(staged.sha256)).toBeUndefined()
    expect(await store.hasDerived(staged.sha256, 'thumb.webp')).toBe(false)
    expect(await store.stat(other.sha256)).toEqual({ sizeBytes: 100 })
    expect(await store.hasDerived(other.sha256, 'thumb.webp')).toBe(true)
    await store.delete(staged.sha256) // deleting again is harmless
  })

  it('keeps named files (a dossier ZIP): put takes the local file, read by range, stat, delete', async () => {
    const bytes = randomBytes(20_000)
    const local = path.join(scratch, 'dossier.zip.part')
    await writeFile(local, bytes)
    expect(await store.putFile('exports/0b5e.zip', local)).toEqual({ sizeBytes: 20_000 })
    expect(await store.statFile('exports/0b5e.zip')).toEqual({ sizeBytes: 20_000 })
    expect(await buffer(store.readFile('exports/0b5e.zip'))).toEqual(bytes)
    expect(await buffer(store.readFile('exports/0b5e.zip', { start: 10, end: 19 }))).toEqual(bytes.subarray(10, 20))
    await store.deleteFile('exports/0b5e.zip')
    expect(await store.statFile('exports/0b5e.zip')).toBeUndefined()
    await store.deleteFile('exports/0b5e.zip') // deleting again is harmless
    expect(await backend.everything()).toEqual([])
  })

  it('refuses names that are not a SHA-256 or a safe derived or file name (never a path)', async () => {
    expect(() => store.read('../../etc/passwd')).toThrow(/not a SHA-256/)
    await expect(store.stat('ABC')).rejects.toThrow(/not a SHA-256/)
    const { staged } = await put(randomBytes(10))
    await expect(store.writeDerived(staged.sha256, '../x', Buffer.from('x'))).rejects.toThrow(/derived-file name/)
    await expect(store.statFile('../secrets.txt')).rejects.toThrow(/not a file name/)
  })

  it('reads back what was overwritten behind its back (verification sees the change)', async () => {
    const { staged } = await put(Buffer.from('original'))
    await backend.overwrite(backend.addressOf(staged.sha256), Buffer.from('tampered'))
    expect(await text(store.read(staged.sha256))).toBe('tampered')
  })
})

describe('S3 blob store', () => {
  it('keeps only a bounded head locally; the whole file is read back from the bucket', async () => {
    const backend = s3Backend({ localHeadBytes: 4_096 })
    const bytes = randomBytes(10_000)
    const staged = await backend.store.stage(chunked(bytes), { maxBytes: 1 << 20 })
    expect(staged.isLocalComplete).toBe(false)
    expect(await readFile(staged.localPath)).toEqual(bytes.subarray(0, 4_096))
    expect(await buffer(staged.readStaged())).toEqual(bytes)
    const whole = await withWholeLocalFile(staged, path.join(scratch, 'whole'), (file) => readFile(file))
    expect(whole).toEqual(bytes)
    await expect(readFile(path.join(scratch, 'whole'))).rejects.toMatchObject({ code: 'ENOENT' })
    await staged.commit()
    await expect(readFile(staged.localPath)).rejects.toMatchObject({ code: 'ENOENT' })
    expect(await buffer(backend.store.read(staged.sha256))).toEqual(bytes)
  })

  it('streams a file larger than one part as a multipart upload, and refuses one past the limit keeping nothing', async () => {
    const backend = s3Backend()
    const bytes = randomBytes(20 * 1024 ** 2)
    const staged = await backend.store.stage(chunked(bytes, 256 * 1024), { maxBytes: 64 * 1024 ** 2 })
    expect(staged.sha256).toBe(sha256(bytes))
    await staged.commit()
    expect(await backend.store.stat(staged.sha256)).toEqual({ sizeBytes: bytes.length })
    expect(sha256(await buffer(backend.store.read(staged.sha256)))).toBe(staged.sha256)

    // Two 8 MiB parts are already in the bucket when the limit is crossed.
    await expect(
      backend.store.stage(chunked(randomBytes(20 * 1024 ** 2), 256 * 1024), { maxBytes: 17 * 1024 ** 2 }),
    ).rejects.toBeInstanceOf(BlobTooLargeError)
    expect(await backend.everything()).toEqual([backend.addressOf(staged.sha256)])
  })

  it('lists past one page of ListObjectsV2 (1000 keys)', async () => {
    const backend = s3Backend()
    const hashes = Array.from({ length: 1_001 }, (_, i) => sha256(Buffer.from(`blob ${i}`)))
    for (let i = 0; i < hashes.length; i += 50) {
      await Promise.all(hashes.slice(i, i + 50).map((hash) => backend.overwrite(backend.addressOf(hash), Buffer.from('x'))))
    }
    const listed: string[] = []
    for await (const hash of backend.store.list()) listed.push(hash)
    expect(listed.sort()).toEqual([...hashes].sort())
  })

  it('says in one line when the bucket is missing or the server cannot be reached', async () => {
    await expect(checkS3Bucket(client, { ...locationIn(s3, ''), bucket: 'no-such-bucket' })).rejects.toThrow(
      new S3StoreUnavailableError(`the evidence store s3://no-such-bucket at ${s3.endpoint} does not exist: create the bucket first`),
    )
    const nowhere = { ...locationIn(s3, ''), endpoint: 'http://127.0.0.1:9' }
    await expect(checkS3Bucket(s3ClientFor(nowhere), nowhere)).rejects.toThrow(/cannot be reached/)
    await expect(checkS3Bucket(client, locationIn(s3, 'evidence/'))).resolves.toBeUndefined()
  })
})
