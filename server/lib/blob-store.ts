// Where evidence bytes live. Content-addressed: a blob's name is the SHA-256 of its bytes, so the
// same file uploaded twice is stored once and any change to the bytes is detectable. Two
// implementations: local disk (local-blob-store.ts) and an S3-compatible bucket (s3-blob-store.ts:
// stage = streaming multipart upload to a temporary key, commit = server-side copy to the hash
// key); blob-stores.ts picks one from the configuration.
import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { Transform, type Readable, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'

export interface StagedBlob {
  sha256: string
  sizeBytes: number
  /**
   * A local file with the bytes, for sniffing the type and reading metadata before commit: all of
   * them when isLocalComplete, else only the first ones (a store that keeps the upload elsewhere
   * copies a bounded head here: enough for the type, EXIF and most images, never a whole video).
   */
  localPath: string
  /** Does localPath hold every byte? When false, read the whole file with readStaged(). */
  isLocalComplete: boolean
  /** All the staged bytes, from wherever the store keeps them until commit. */
  readStaged(): Readable
  /** Moves the bytes to their content address (fsync'd); isNew is false when the store already had them. */
  commit(): Promise<{ isNew: boolean }>
  /** Removes the staged bytes; safe to call after commit (then it does nothing). */
  discard(): Promise<void>
}

export interface ByteRange {
  /** Inclusive, as in HTTP Range. */
  start: number
  end: number
}

export interface BlobStore {
  /**
   * Streams bytes to a temporary place while hashing them; the whole file is never in memory.
   * Rejects with BlobTooLargeError past maxBytes (nothing is kept), and with the source's error
   * when the client aborts (nothing is kept).
   */
  stage(source: Readable, options: { maxBytes: number }): Promise<StagedBlob>
  /** The stored bytes, or a byte range of them. */
  read(sha256: string, range?: ByteRange): Readable
  /** Size in bytes, or undefined when the blob is missing. */
  stat(sha256: string): Promise<{ sizeBytes: number } | undefined>
  delete(sha256: string): Promise<void>
  /** Every stored blob's hash (for verification). */
  list(): AsyncIterable<string>
  /** Files derived from a blob (a thumbnail), stored beside it. */
  writeDerived(sha256: string, name: string, bytes: Buffer): Promise<void>
  readDerived(sha256: string, name: string): Readable
  hasDerived(sha256: string, name: string): Promise<boolean>
  /**
   * Files that are not evidence (a finished dossier ZIP, `exports/<id>.zip`), kept by name where
   * every app server finds them. `putFile` takes the bytes of a finished local file (and may move it).
   */
  putFile(name: string, localPath: string): Promise<{ sizeBytes: number }>
  readFile(name: string, range?: ByteRange): Readable
  statFile(name: string): Promise<{ sizeBytes: number } | undefined>
  deleteFile(name: string): Promise<void>
  /** Deletes temporary files left by uploads interrupted by a crash; returns how many. */
  cleanTemporaryFiles(): Promise<number>
}

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than the limit of ${maxBytes} bytes`)
    this.name = 'BlobTooLargeError'
  }
}

/** The first `maxBytes` of a blob (all of it when shorter): enough to read a file's header. */
export async function readHead(store: BlobStore, sha256: string, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of store.read(sha256, { start: 0, end: maxBytes - 1 })) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** Passes bytes through while hashing and counting them; fails past the size limit. */
export class HashAndCount extends Transform {
  private readonly hash = createHash('sha256')
  sizeBytes = 0

  constructor(private readonly maxBytes: number) {
    super()
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.sizeBytes += chunk.length
    if (this.sizeBytes > this.maxBytes) return done(new BlobTooLargeError(this.maxBytes))
    this.hash.update(chunk)
    done(null, chunk)
  }

  digest(): string {
    return this.hash.digest('hex')
  }
}

/**
 * Runs `use` with a local file holding every staged byte: the staged file itself when complete,
 * else a copy fetched from the store into `workDir` (removed afterwards). For readers that need
 * the whole file (a GIS import's inspection, a PDF's page count).
 */
export async function withWholeLocalFile<T>(staged: StagedBlob, workFile: string, use: (file: string) => Promise<T>): Promise<T> {
  if (staged.isLocalComplete) return use(staged.localPath)
  try {
    await pipeline(staged.readStaged(), createWriteStream(workFile, { flags: 'wx' }))
    return await use(workFile)
  } finally {
    await rm(workFile, { force: true })
  }
}
