// Where evidence bytes live. Content-addressed: a blob's name is the SHA-256 of its bytes, so the
// same file uploaded twice is stored once and any change to the bytes is detectable. The local
// disk implementation is in local-blob-store.ts; an S3-compatible store would implement the same
// interface (stage = multipart upload to a temporary key, commit = copy to the hash key).
import type { Readable } from 'node:stream'

export interface StagedBlob {
  sha256: string
  sizeBytes: number
  /** A local file with the bytes, for sniffing the type and reading metadata before commit. */
  localPath: string
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
