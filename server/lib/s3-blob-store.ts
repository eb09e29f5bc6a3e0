// The blob store in an S3-compatible bucket (AWS S3, MinIO, Garage, Ceph RGW, Backblaze B2), on
// the AWS SDK v3. Keys under the location's prefix:
//   blobs/aa/bb/<sha256>          evidence, named by the SHA-256 of its bytes
//   blobs/aa/bb/<sha256>.<name>   files derived from it (a thumbnail)
//   files/<name>                  named files that are not evidence (a finished dossier ZIP)
//   tmp/<uuid>                    uploads being staged, until commit moves them to their address
// An upload streams through a hash-and-count transform into a multipart upload of its tmp key;
// only its first LOCAL_HEAD_BYTES are also written to a local file (type sniffing, EXIF,
// thumbnails), never the whole file. Commit copies server-side to the content address, so a blob
// is either complete at its address or absent. Because blobs are never rewritten, the blobs/
// prefix can sit under S3 Object Lock or versioning (README: "Evidence in object storage").
import {
  AbortMultipartUploadCommand,
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ServiceException,
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, open, readdir, rm, stat, type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { S3Location } from '../config.ts'
import { HashAndCount, type BlobStore, type ByteRange, type StagedBlob } from './blob-store.ts'

const SHA256 = /^[0-9a-f]{64}$/
/**
 * How much of an upload is also kept on local disk before commit: the type sniffer reads 64 KiB,
 * EXIF sits in the first megabytes, and a photo of up to 64 MiB still gets its thumbnail. Larger
 * files (videos, huge scans) get no thumbnail; readers that need every byte fetch them.
 */
export const LOCAL_HEAD_BYTES = 64 * 1024 ** 2
/**
 * S3's limit for one CopyObject. Larger blobs would need UploadPartCopy, which the test server
 * (s3rver) lacks, so Dey refuses to start with EVIDENCE_MAX_BYTES above it on an S3 store.
 */
export const MAX_COPY_BYTES = 5 * 1024 ** 3
/** Multipart part size: 8 MiB × 10,000 parts allows 80 GB, far above MAX_COPY_BYTES. */
const PART_BYTES = 8 * 1024 ** 2
/** Staged uploads and multipart uploads older than this are left over from a crash. */
const STALE_AFTER_MS = 24 * 3600 * 1000

/**
 * An S3 client for a location. Credentials come from the SDK's standard chain (AWS_ACCESS_KEY_ID
 * and AWS_SECRET_ACCESS_KEY, a profile, or an instance role). Checksums are sent only where S3
 * requires them: the SDK's default trailing CRC32 (aws-chunked bodies) is refused by several
 * S3-compatible stores (older MinIO and Ceph, B2), and Dey checks SHA-256 itself.
 */
export function s3ClientFor(location: Pick<S3Location, 'endpoint' | 'region' | 'forcePathStyle'>): S3Client {
  return new S3Client({
    region: location.region,
    forcePathStyle: location.forcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(location.endpoint ? { endpoint: location.endpoint } : {}),
  })
}

/** The store cannot be used: said in one line, for start-up and commands. */
export class S3StoreUnavailableError extends Error {}

/** Fails with S3StoreUnavailableError when the bucket cannot be reached, is missing or is not ours to use. */
export async function checkS3Bucket(client: S3Client, location: S3Location): Promise<void> {
  const where = `s3://${location.bucket}${location.prefix ? `/${location.prefix.slice(0, -1)}` : ''}${location.endpoint ? ` at ${location.endpoint}` : ''}`
  try {
    await client.send(new HeadBucketCommand({ Bucket: location.bucket }))
  } catch (error) {
    const status = (error as S3ServiceException).$metadata?.httpStatusCode
    if (status === 404) throw new S3StoreUnavailableError(`the evidence store ${where} does not exist: create the bucket first`)
    if (status === 403 || status === 401)
      throw new S3StoreUnavailableError(
        `the evidence store ${where} refused access (HTTP ${status}): check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and the bucket policy`,
      )
    const reason = status ? `HTTP ${status}` : ((error as Error).message ?? String(error))
    throw new S3StoreUnavailableError(`the evidence store ${where} cannot be reached: ${reason}`)
  }
}

export interface S3BlobStoreOptions {
  location: S3Location
  /** A local folder for the bounded head copies of uploads being staged. */
  scratchDir: string
  client?: S3Client
  /** Tests only: a smaller head, to exercise files larger than it. */
  localHeadBytes?: number
  /** Temporary objects younger than this may belong to an upload in progress on another server; 24 h by default. */
  staleAfterMs?: number
}

export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const { location, scratchDir } = options
  const client = options.client ?? s3ClientFor(location)
  const Bucket = location.bucket
  const headBytes = options.localHeadBytes ?? LOCAL_HEAD_BYTES
  const blobsPrefix = `${location.prefix}blobs/`
  const tmpPrefix = `${location.prefix}tmp/`

  const blobKey = (sha256: string) => {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`)
    return `${blobsPrefix}${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`
  }
  const fileKey = (name: string) => {
    if (!/^[a-z0-9-]+(\/[a-z0-9-]+)*\.[a-z0-9]+$/.test(name)) throw new Error(`not a file name: ${name}`)
    return `${location.prefix}files/${name}`
  }
  const derivedKey = (sha256: string, name: string) => {
    if (!/^[a-z0-9.-]+$/.test(name)) throw new Error(`not a derived-file name: ${name}`)
    return `${blobKey(sha256)}.${name}`
  }

  const sizeOf = async (Key: string) => {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket, Key }))
      return { sizeBytes: head.ContentLength ?? 0 }
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
  }
  const remove = (Key: string) => client.send(new DeleteObjectCommand({ Bucket, Key }))
  const readObject = (Key: string, range?: ByteRange): Readable => {
    const out = new PassThrough()
    client.send(new GetObjectCommand({ Bucket, Key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) })).then(
      (response) => {
        const body = response.Body as Readable
        // The reader may have gone before S3 answered: free the connection at once.
        if (out.destroyed) return void body.destroy()
        body.on('error', (error) => out.destroy(error))
        if (range) body.pipe(new ExactRange(range, firstByteOf(response.ContentRange))).pipe(out)
        else body.pipe(out)
        // A reader that stops early (a client that hangs up) must not keep the connection busy.
        out.on('close', () => body.destroy())
      },
      (error: unknown) => out.destroy(isNotFound(error) ? missing(Key) : (error as Error)),
    )
    return out
  }
  async function* keysUnder(Prefix: string) {
    let ContinuationToken: string | undefined
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix, ContinuationToken }))
      for (const object of page.Contents ?? []) yield object
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (ContinuationToken)
  }
  /** Uploads a stream (multipart when large) to a key. */
  const uploadStream = (Key: string, Body: Readable) =>
    new Upload({ client, params: { Bucket, Key, Body }, partSize: PART_BYTES, queueSize: 2, leavePartsOnError: false })

  return {
    async stage(source, { maxBytes }) {
      await mkdir(scratchDir, { recursive: true })
      const id = randomUUID()
      const tmpKey = `${tmpPrefix}${id}`
      const localPath = path.join(scratchDir, `${id}.head`)
      const hasher = new HashAndCount(Math.min(maxBytes, MAX_COPY_BYTES))
      const head = await HeadToFile.open(localPath, headBytes)
      const body = new PassThrough()
      const upload = uploadStream(tmpKey, body)
      const uploading = upload.done()
      // S3 failing must stop the reading too, or the pipeline waits on a body nobody drains.
      uploading.catch((error: unknown) => body.destroy(error as Error))
      const [piped, uploaded] = await Promise.allSettled([pipeline(source, hasher, head, body), uploading])
      if (piped.status === 'rejected' || uploaded.status === 'rejected') {
        await Promise.all([rm(localPath, { force: true }), remove(tmpKey).catch(() => undefined)])
        // The source's own failure (too large, a client that hung up) is the one to report.
        if (piped.status === 'rejected' && (uploaded.status === 'fulfilled' || piped.reason !== uploaded.reason)) throw piped.reason
        throw (uploaded as PromiseRejectedResult).reason
      }
      const sha256 = hasher.digest()
      const sizeBytes = hasher.sizeBytes
      let isDone = false
      // A tmp/ key that cannot be removed now (S3 briefly unavailable) must not fail a commit whose
      // copy succeeded: cleanTemporaryFiles removes it a day later.
      const cleanUp = async () => {
        isDone = true
        await Promise.all([rm(localPath, { force: true }), remove(tmpKey).catch(() => undefined)])
      }
      return {
        sha256,
        sizeBytes,
        localPath,
        isLocalComplete: sizeBytes <= headBytes,
        readStaged: () => readObject(tmpKey),
        async commit() {
          const target = blobKey(sha256)
          // Already there: the same bytes, uploaded before (content addressing makes this a dedupe).
          if (await sizeOf(target)) {
            await cleanUp()
            return { isNew: false }
          }
          // Two uploads of the same bytes racing here both copy identical bytes: harmless.
          await client.send(new CopyObjectCommand({ Bucket, Key: target, CopySource: copySource(Bucket, tmpKey) }))
          await cleanUp()
          return { isNew: true }
        },
        async discard() {
          if (!isDone) await cleanUp()
        },
      } satisfies StagedBlob
    },

    read: (sha256, range) => readObject(blobKey(sha256), range),
    stat: async (sha256) => sizeOf(blobKey(sha256)),

    async delete(sha256) {
      const key = blobKey(sha256)
      const derived: string[] = []
      for await (const object of keysUnder(`${key}.`)) if (object.Key) derived.push(object.Key)
      await Promise.all([key, ...derived].map(remove))
    },

    async *list() {
      for await (const object of keysUnder(blobsPrefix)) {
        const name = object.Key?.slice(object.Key.lastIndexOf('/') + 1)
        if (name && SHA256.test(name)) yield name
      }
    },

    async writeDerived(sha256, name, bytes) {
      await client.send(new PutObjectCommand({ Bucket, Key: derivedKey(sha256, name), Body: bytes, ContentLength: bytes.length }))
    },
    readDerived: (sha256, name) => readObject(derivedKey(sha256, name)),
    hasDerived: async (sha256, name) => (await sizeOf(derivedKey(sha256, name))) !== undefined,

    async putFile(name, localPath) {
      const Key = fileKey(name)
      await uploadStream(Key, createReadStream(localPath)).done()
      await rm(localPath, { force: true })
      const stored = await sizeOf(Key)
      if (!stored) throw new Error(`${Key} is missing right after its upload`)
      return stored
    },
    readFile: (name, range) => readObject(fileKey(name), range),
    statFile: async (name) => sizeOf(fileKey(name)),
    async deleteFile(name) {
      await remove(fileKey(name))
    },

    async cleanTemporaryFiles() {
      const staleBefore = Date.now() - (options.staleAfterMs ?? STALE_AFTER_MS)
      let removed = 0
      for await (const object of keysUnder(tmpPrefix)) {
        if (!object.Key || (object.LastModified && object.LastModified.getTime() >= staleBefore)) continue
        await remove(object.Key)
        removed++
      }
      removed += await abortStaleMultipartUploads(client, Bucket, tmpPrefix, staleBefore)
      // Local heads of uploads interrupted by a crash of this server (other servers have their own).
      for (const name of await readdir(scratchDir).catch(() => [] as string[])) {
        const file = path.join(scratchDir, name)
        const info = await stat(file).catch(() => undefined)
        if (info && info.mtimeMs < staleBefore) await rm(file, { force: true })
      }
      return removed
    },
  }
}

/**
 * Multipart uploads of staged files abandoned by a crash keep their parts (and their cost) until
 * aborted. Stores without ListMultipartUploads (s3rver answers 501) are skipped: a bucket
 * lifecycle rule (AbortIncompleteMultipartUpload) covers them and is recommended anyway.
 */
async function abortStaleMultipartUploads(client: S3Client, Bucket: string, Prefix: string, staleBefore: number): Promise<number> {
  let aborted = 0
  let KeyMarker: string | undefined
  let UploadIdMarker: string | undefined
  try {
    do {
      const page = await client.send(new ListMultipartUploadsCommand({ Bucket, Prefix, KeyMarker, UploadIdMarker }))
      for (const upload of page.Uploads ?? []) {
        if (!upload.Key || !upload.UploadId || (upload.Initiated && upload.Initiated.getTime() > staleBefore)) continue
        await client.send(new AbortMultipartUploadCommand({ Bucket, Key: upload.Key, UploadId: upload.UploadId }))
        aborted++
      }
      KeyMarker = page.IsTruncated ? page.NextKeyMarker : undefined
      UploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined
    } while (KeyMarker)
  } catch (error) {
    const status = (error as S3ServiceException).$metadata?.httpStatusCode
    if (status !== 501 && status !== 405) throw error
  }
  return aborted
}

/** CopySource is "bucket/key", URL-encoded (keys may hold characters that must be). */
const copySource = (bucket: string, key: string) => `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`

function isNotFound(error: unknown): boolean {
  const exception = error as S3ServiceException
  return exception?.$metadata?.httpStatusCode === 404 || exception?.name === 'NoSuchKey' || exception?.name === 'NotFound'
}

/** The same error a missing local file gives, so callers treat both stores alike. */
function missing(key: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`no such object: ${key}`), { code: 'ENOENT' })
}

/** "bytes 100-199/5000" → 100; no Content-Range (a 200 with the whole object) → 0. */
const firstByteOf = (contentRange: string | undefined) => Number(/^bytes (\d+)-/.exec(contentRange ?? '')?.[1] ?? 0)

/**
 * Passes exactly the requested range through. Some servers answer a range with more than was
 * asked: the whole object when they ignore Range, or (s3rver) everything from 0 for bytes=0-0.
 */
class ExactRange extends Transform {
  private position: number
  constructor(
    private readonly range: ByteRange,
    firstByte: number,
  ) {
    super()
    this.position = firstByte
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    const from = Math.max(0, this.range.start - this.position)
    const to = Math.min(chunk.length, this.range.end + 1 - this.position)
    this.position += chunk.length
    done(null, from < to ? chunk.subarray(from, to) : undefined)
  }
}

/** Passes bytes through, writing the first `limit` of them to a local file. */
class HeadToFile extends Transform {
  private written = 0

  private constructor(
    private readonly handle: FileHandle,
    private readonly limit: number,
  ) {
    super()
  }

  static async open(file: string, limit: number) {
    return new HeadToFile(await open(file, 'wx'), limit)
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    if (this.written >= this.limit) return done(null, chunk)
    const part = chunk.subarray(0, this.limit - this.written)
    this.written += part.length
    this.handle.write(part).then(
      () => done(null, chunk),
      (error: Error) => done(error),
    )
  }

  override _flush(done: TransformCallback) {
    this.handle.close().then(
      () => done(),
      (error: Error) => done(error),
    )
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void) {
    this.handle.close().then(
      () => done(error),
      () => done(error),
    )
  }
}
