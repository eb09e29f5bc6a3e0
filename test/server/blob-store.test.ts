// The local-disk blob store on a real temporary folder: no HTTP, no database.
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { text } from 'node:stream/consumers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BlobTooLargeError, type BlobStore } from '../../server/lib/blob-store.ts'
import { createLocalBlobStore } from '../../server/lib/local-blob-store.ts'

let root: string
let store: BlobStore
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'dey-blobs-'))
  store = createLocalBlobStore(root)
})
afterEach(() => rm(root, { recursive: true, force: true }))

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')
const addressOf = (hash: string) => path.join(root, hash.slice(0, 2), hash.slice(2, 4), hash)
/** A stream in several chunks, as an upload arrives. */
const chunked = (bytes: Buffer, size = 1000) =>
  Readable.from(Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size)))

/** Every file under the store's root, relative to it. */
async function allFiles(): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort()
}

async function put(bytes: Buffer) {
  const staged = await store.stage(chunked(bytes), { maxBytes: 1 << 20 })
  return { staged, ...(await staged.commit()) }
}

const tmpFiles = () => readdir(path.join(root, 'tmp')).catch(() => [] as string[])

describe('local blob store', () => {
  it('stages and commits bytes at aa/bb/<sha256>, with the right hash and size', async () => {
    const bytes = randomBytes(10_000)
    const { staged, isNew } = await put(bytes)
    expect(staged.sha256).toBe(sha256(bytes))
    expect(staged.sizeBytes).toBe(10_000)
    expect(isNew).toBe(true)
    expect(await readFile(addressOf(staged.sha256))).toEqual(bytes)
    expect(await allFiles()).toEqual([path.join(staged.sha256.slice(0, 2), staged.sha256.slice(2, 4), staged.sha256)])
    expect(await store.stat(staged.sha256)).toEqual({ sizeBytes: 10_000 })
    expect(await tmpFiles()).toEqual([])
  })

  it('stores the same bytes once', async () => {
    const bytes = Buffer.from('ដីធ្លី — the same eviction notice, uploaded twice')
    const first = await put(bytes)
    const second = await put(bytes)
    expect(first.isNew).toBe(true)
    expect(second.isNew).toBe(false)
    expect(second.staged.sha256).toBe(first.staged.sha256)
    expect(await allFiles()).toHaveLength(1)
    expect(await tmpFiles()).toEqual([])
  })

  it('refuses bytes over maxBytes with BlobTooLargeError and keeps nothing', async () => {
    const rejection = store.stage(chunked(randomBytes(5_000)), { maxBytes: 4_096 })
    await expect(rejection).rejects.toBeInstanceOf(BlobTooLargeError)
    await expect(rejection).rejects.toMatchObject({ maxBytes: 4_096 })
    expect(await tmpFiles()).toEqual([])
    expect(await allFiles()).toEqual([])
  })

  it('accepts exactly maxBytes', async () => {
    const staged = await store.stage(chunked(randomBytes(4_096)), { maxBytes: 4_096 })
    expect(staged.sizeBytes).toBe(4_096)
    await staged.discard()
  })

  it('rejects a source that fails half-way (a client abort) and keeps nothing', async () => {
    async function* aborted() {
      yield randomBytes(3_000)
      yield randomBytes(3_000)
      throw new Error('connection reset by the client')
    }
    await expect(store.stage(Readable.from(aborted()), { maxBytes: 1 << 20 })).rejects.toThrow('connection reset')
    expect(await tmpFiles()).toEqual([])
    expect(await allFiles()).toEqual([])
  })

  it('reads exactly the bytes of a range (inclusive, as HTTP Range)', async () => {
    const bytes = randomBytes(50_000)
    const { staged } = await put(bytes)
    const read = async (range?: { start: number; end: number }) => {
      const chunks: Buffer[] = []
      for await (const chunk of store.read(staged.sha256, range)) chunks.push(chunk as Buffer)
      return Buffer.concat(chunks)
    }
    expect(await read({ start: 100, end: 199 })).toEqual(bytes.subarray(100, 200))
    expect(await read({ start: 0, end: 0 })).toEqual(bytes.subarray(0, 1))
    expect(await read({ start: 49_990, end: 49_999 })).toEqual(bytes.subarray(49_990))
    expect(await read()).toEqual(bytes)
  })

  it('discard removes the staged bytes, and does nothing after a commit', async () => {
    const staged = await store.stage(chunked(randomBytes(2_000)), { maxBytes: 1 << 20 })
    expect(await tmpFiles()).toHaveLength(1)
    await staged.discard()
    expect(await tmpFiles()).toEqual([])
    expect(await store.stat(staged.sha256)).toBeUndefined()

    const { staged: committed } = await put(randomBytes(2_000))
    await committed.discard()
    expect(await store.stat(committed.sha256)).toEqual({ sizeBytes: 2_000 })
  })

  it('cleans temporary files left by a crash, and only those', async () => {
    const { staged } = await put(randomBytes(1_000))
    await mkdir(path.join(root, 'tmp'), { recursive: true })
    await writeFile(path.join(root, 'tmp', 'c0ffee.part'), randomBytes(700))
    await writeFile(path.join(root, 'tmp', 'd00d.part'), randomBytes(70))
    expect(await store.cleanTemporaryFiles()).toBe(2)
    expect(await tmpFiles()).toEqual([])
    expect(await store.stat(staged.sha256)).toEqual({ sizeBytes: 1_000 })
    expect(await store.cleanTemporaryFiles()).toBe(0)
  })

  it('cleans nothing, without failing, when tmp/ was never created', async () => {
    expect(await store.cleanTemporaryFiles()).toBe(0)
  })

  it('lists every stored hash, and nothing else (no tmp/ files, no derived files)', async () => {
    const hashes = await Promise.all([randomBytes(10), randomBytes(20), randomBytes(30)].map(async (b) => (await put(b)).staged.sha256))
    await store.writeDerived(hashes[0]!, 'thumb.webp', Buffer.from('thumbnail'))
    await store.stage(chunked(randomBytes(40)), { maxBytes: 1 << 20 }) // staged, never committed
    const listed: string[] = []
    for await (const hash of store.list()) listed.push(hash)
    expect(listed.sort()).toEqual([...hashes].sort())
  })

  it('lists nothing in an empty or absent store', async () => {
    const listed: string[] = []
    for await (const hash of createLocalBlobStore(path.join(root, 'absent')).list()) listed.push(hash)
    expect(listed).toEqual([])
  })

  it('stores derived files beside the blob', async () => {
    const { staged } = await put(randomBytes(100))
    expect(await store.hasDerived(staged.sha256, 'thumb.webp')).toBe(false)
    await store.writeDerived(staged.sha256, 'thumb.webp', Buffer.from('a small picture'))
    expect(await store.hasDerived(staged.sha256, 'thumb.webp')).toBe(true)
    expect(await text(store.readDerived(staged.sha256, 'thumb.webp'))).toBe('a small picture')
    expect(await readFile(`${addressOf(staged.sha256)}.thumb.webp`, 'utf8')).toBe('a small picture')
    expect(await tmpFiles()).toEqual([])
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

  it('refuses names that are not a SHA-256 or a safe derived name (never a path)', async () => {
    expect(() => store.read('../../etc/passwd')).toThrow(/not a SHA-256/)
    await expect(store.stat('ABC')).rejects.toThrow(/not a SHA-256/)
    const { staged } = await put(randomBytes(10))
    await expect(store.writeDerived(staged.sha256, '../x', Buffer.from('x'))).rejects.toThrow(/derived-file name/)
  })
})
