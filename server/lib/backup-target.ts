// Where backups are kept: a folder (another disk, a mounted share) or an S3-compatible bucket. Its
// layout is
//   evidence/<aa>/<bb>/<sha256>[.<derived>]   one pool of evidence blobs shared by every backup,
//                                             laid out as DATA_DIR/evidence (so it is a BlobStore;
//                                             in a bucket, as the S3 store lays it out: evidence/blobs/…)
//   backups/<UTC time>/manifest.json          one backup: what it holds and how to check it,
//   backups/<UTC time>/database.*             the database dump,
//   backups/<UTC time>/audit/…                the audit checkpoints and their public key,
//   backups/<UTC time>/SHA256SUMS             written last: a backup without it is unfinished.
// Blobs never change at their address, so a backup copies only blobs the pool lacks.
import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, mkdtemp, open, readdir, rename, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { PassThrough, Readable, Transform, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3ServiceException } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { s3LocationOf, type S3Access, type S3Location } from '../config.ts'
import type { BlobStore } from './blob-store.ts'
import { createLocalBlobStore } from './local-blob-store.ts'
import { createS3BlobStore, s3ClientFor } from './s3-blob-store.ts'

/** A failure the operator can act on (a bad path, a non-empty target, a damaged backup). */
export class BackupError extends Error {
  override name = 'BackupError'
}

export interface BackupTarget {
  /** Printable: the folder or s3:// URL. */
  location: string
  /** The pool of evidence blobs shared by every backup. */
  evidence: BlobStore
  /** Writes a file whole or not at all, hashing it on the way. */
  writeFile(key: string, source: Buffer | Readable): Promise<{ sizeBytes: number; sha256: string }>
  readFile(key: string): Readable
  statFile(key: string): Promise<{ sizeBytes: number } | undefined>
  /** Keys of the files under a folder key (recursively), relative to it, sorted. */
  listFiles(folderKey: string): Promise<string[]>
  /** Names of the folders directly under a folder key, sorted. */
  listFolders(folderKey: string): Promise<string[]>
  /** The file on this machine's disk (a folder target's own file, or a temporary download). */
  localCopy(key: string): Promise<{ path: string; release(): Promise<void> }>
}

export const BACKUPS_FOLDER = 'backups'
export const SUMS_FILE = 'SHA256SUMS'
export const MANIFEST_FILE = 'manifest.json'

/** A folder, or s3://bucket/prefix reached with `s3` (the AWS variables). */
export function openBackupTarget(location: string, s3: S3Access): BackupTarget {
  if (location.startsWith('s3://')) {
    const bucketLocation = s3LocationOf(location, s3)
    if (!bucketLocation) throw new BackupError(`${location} is not an s3://bucket/prefix URL`)
    return bucketTarget(bucketLocation)
  }
  return folderTarget(path.resolve(location))
}

/** A backup named on the command line: `<target>/backups/<name>`, or `<target>` for its newest finished backup. */
export async function locateBackup(location: string, s3: S3Access): Promise<{ target: BackupTarget; name: string }> {
  const trimmed = location.replace(/\/+$/, '')
  const parts = trimmed.split('/')
  if (parts.length >= 3 && parts.at(-2) === BACKUPS_FOLDER) {
    const target = openBackupTarget(parts.slice(0, -2).join('/') || '/', s3)
    const name = parts.at(-1)!
    if (!(await target.statFile(`${BACKUPS_FOLDER}/${name}/${MANIFEST_FILE}`))) {
      throw new BackupError(`${location} is not a backup: it has no ${MANIFEST_FILE}`)
    }
    return { target, name }
  }
  const target = openBackupTarget(trimmed, s3)
  const names = await target.listFolders(BACKUPS_FOLDER)
  for (const name of names.reverse()) {
    if (await target.statFile(`${BACKUPS_FOLDER}/${name}/${SUMS_FILE}`)) return { target, name }
  }
  throw new BackupError(`${location} holds no finished backup (looked for ${BACKUPS_FOLDER}/<time>/${SUMS_FILE})`)
}

function folderTarget(root: string): BackupTarget {
  const fileOf = (key: string) => {
    const file = path.resolve(root, key)
    if (!file.startsWith(`${root}${path.sep}`)) throw new BackupError(`not a key inside the backup target: ${key}`)
    return file
  }
  return {
    location: root,
    evidence: createLocalBlobStore(path.join(root, 'evidence')),

    async writeFile(key, source) {
      const file = fileOf(key)
      await mkdir(path.dirname(file), { recursive: true })
      const temporary = `${file}.${randomUUID()}.part`
      const hasher = new HashingPassThrough()
      try {
        await pipeline(Buffer.isBuffer(source) ? Readable.from([source]) : source, hasher, createWriteStream(temporary, { flags: 'wx' }))
        await syncPath(temporary, 'r+')
        await rename(temporary, file)
        await syncPath(path.dirname(file), 'r')
      } catch (error) {
        await rm(temporary, { force: true })
        throw error
      }
      return { sizeBytes: hasher.sizeBytes, sha256: hasher.digest() }
    },

    readFile(key) {
      return createReadStream(fileOf(key))
    },

    async statFile(key) {
      const info = await stat(fileOf(key)).catch(() => undefined)
      return info?.isFile() ? { sizeBytes: info.size } : undefined
    },

    async listFiles(folderKey) {
      const folder = fileOf(folderKey)
      const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => [])
      return entries
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
        .sort()
    },

    async listFolders(folderKey) {
      const entries = await readdir(fileOf(folderKey), { withFileTypes: true }).catch(() => [])
      return entries
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    },

    async localCopy(key) {
      return { path: fileOf(key), release: async () => undefined }
    },
  }
}

/**
 * A bucket: the pool is an S3 blob store under `<prefix>evidence/`, the backups' files are objects
 * under `<prefix>backups/`. An object appears whole when its upload completes, or not at all.
 */
function bucketTarget(location: S3Location): BackupTarget {
  const client = s3ClientFor(location)
  const Bucket = location.bucket
  const keyOf = (key: string) => `${location.prefix}${key}`
  const listKeys = async (prefix: string, delimiter?: string) => {
    const keys: string[] = []
    const folders: string[] = []
    let ContinuationToken: string | undefined
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken, ...(delimiter ? { Delimiter: delimiter } : {}) }),
      )
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key.slice(prefix.length))
      for (const common of page.CommonPrefixes ?? []) if (common.Prefix) folders.push(common.Prefix.slice(prefix.length).replace(/\/$/, ''))
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (ContinuationToken)
    return { keys: keys.sort(), folders: folders.sort() }
  }
  const download = async (key: string, file: string) => {
    const object = await client.send(new GetObjectCommand({ Bucket, Key: keyOf(key) }))
    await mkdir(path.dirname(file), { recursive: true })
    await pipeline(object.Body as Readable, createWriteStream(file, { flags: 'wx' }))
  }
  return {
    location: `s3://${Bucket}${location.prefix ? `/${location.prefix.slice(0, -1)}` : ''}`,
    evidence: createS3BlobStore({
      location: { ...location, prefix: `${location.prefix}evidence/` },
      client,
      scratchDir: path.join(os.tmpdir(), 'dey-backup-staging'),
    }),

    async writeFile(key, source) {
      const hasher = new HashingPassThrough()
      const body = (Buffer.isBuffer(source) ? Readable.from([source]) : source).pipe(hasher)
      await new Upload({ client, params: { Bucket, Key: keyOf(key), Body: body } }).done()
      return { sizeBytes: hasher.sizeBytes, sha256: hasher.digest() }
    },

    readFile(key) {
      const output = new PassThrough()
      client.send(new GetObjectCommand({ Bucket, Key: keyOf(key) })).then(
        (object) => (object.Body as Readable).on('error', (error) => output.destroy(error)).pipe(output),
        (error: Error) => output.destroy(error),
      )
      return output
    },

    async statFile(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: keyOf(key) }))
        return { sizeBytes: head.ContentLength ?? 0 }
      } catch (error) {
        if ((error as S3ServiceException).$metadata?.httpStatusCode === 404) return undefined
        throw error
      }
    },

    async listFiles(folderKey) {
      return (await listKeys(keyOf(`${folderKey}/`))).keys
    },

    async listFolders(folderKey) {
      return (await listKeys(keyOf(`${folderKey}/`), '/')).folders
    },

    async localCopy(key) {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'dey-backup-copy-'))
      const release = () => rm(dir, { recursive: true, force: true })
      try {
        // A key is a file, or a folder of files (a backup's checkpoints).
        const inside = (await listKeys(keyOf(`${key}/`))).keys
        if (inside.length > 0 || !(await this.statFile(key))) {
          for (const name of inside) await download(`${key}/${name}`, path.join(dir, ...name.split('/')))
          return { path: dir, release }
        }
        const file = path.join(dir, path.posix.basename(key))
        await download(key, file)
        return { path: file, release }
      } catch (error) {
        await release()
        throw error
      }
    },
  }
}

/** Passes bytes through while hashing and counting them. */
export class HashingPassThrough extends Transform {
  private readonly hash = createHash('sha256')
  sizeBytes = 0

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.sizeBytes += chunk.length
    this.hash.update(chunk)
    done(null, chunk)
  }

  digest(): string {
    return this.hash.digest('hex')
  }
}

async function syncPath(target: string, flags: 'r' | 'r+') {
  const handle = await open(target, flags)
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
