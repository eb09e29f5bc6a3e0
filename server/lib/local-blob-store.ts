// The blob store on local disk: DATA_DIR/evidence/<aa>/<bb>/<sha256>, with derived files (a
// thumbnail) as <sha256>.<name>. Uploads stream into tmp/ and are renamed into place after an
// fsync, so a blob is either complete at its address or absent — never half-written.
import { randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { copyFile, mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { HashAndCount, type BlobStore, type ByteRange, type StagedBlob } from './blob-store.ts'

const SHA256 = /^[0-9a-f]{64}$/

export function createLocalBlobStore(root: string): BlobStore {
  const tmpDir = path.join(root, 'tmp')
  const blobPath = (sha256: string) => {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`)
    return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256)
  }
  const filePath = (name: string) => {
    if (!/^[a-z0-9-]+(\/[a-z0-9-]+)*\.[a-z0-9]+$/.test(name)) throw new Error(`not a file name: ${name}`)
    return path.join(root, 'files', name)
  }
  const derivedPath = (sha256: string, name: string) => {
    if (!/^[a-z0-9.-]+$/.test(name)) throw new Error(`not a derived-file name: ${name}`)
    return `${blobPath(sha256)}.${name}`
  }

  return {
    async stage(source, { maxBytes }) {
      await mkdir(tmpDir, { recursive: true })
      const localPath = path.join(tmpDir, `${randomUUID()}.part`)
      const hasher = new HashAndCount(maxBytes)
      try {
        await pipeline(source, hasher, createWriteStream(localPath, { flags: 'wx' }))
        await fsyncFile(localPath)
      } catch (error) {
        await rm(localPath, { force: true })
        throw error
      }
      const sha256 = hasher.digest()
      let isCommitted = false
      const staged: StagedBlob = {
        sha256,
        sizeBytes: hasher.sizeBytes,
        localPath,
        isLocalComplete: true,
        readStaged: () => createReadStream(localPath),
        async commit() {
          const target = blobPath(sha256)
          const existing = await stat(target).catch(() => undefined)
          if (existing) {
            await rm(localPath, { force: true })
            isCommitted = true
            return { isNew: false }
          }
          await mkdir(path.dirname(target), { recursive: true })
          await rename(localPath, target)
          await fsyncDirectory(path.dirname(target))
          isCommitted = true
          return { isNew: true }
        },
        async discard() {
          if (!isCommitted) await rm(localPath, { force: true })
        },
      }
      return staged
    },

    read(sha256: string, range?: ByteRange): Readable {
      return createReadStream(blobPath(sha256), range ? { start: range.start, end: range.end } : {})
    },

    async stat(sha256) {
      const info = await stat(blobPath(sha256)).catch(() => undefined)
      return info ? { sizeBytes: info.size } : undefined
    },

    async delete(sha256) {
      const target = blobPath(sha256)
      const dir = path.dirname(target)
      const derived = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.startsWith(`${sha256}.`))
      await Promise.all([target, ...derived.map((name) => path.join(dir, name))].map((file) => rm(file, { force: true })))
    },

    async *list() {
      for (const first of await readdir(root).catch(() => [] as string[])) {
        if (!/^[0-9a-f]{2}$/.test(first)) continue
        for (const second of await readdir(path.join(root, first))) {
          for (const name of await readdir(path.join(root, first, second))) {
            if (SHA256.test(name)) yield name
          }
        }
      }
    },

    async writeDerived(sha256, name, bytes) {
      const target = derivedPath(sha256, name)
      await mkdir(path.dirname(target), { recursive: true })
      const temporary = path.join(tmpDir, `${randomUUID()}.part`)
      await mkdir(tmpDir, { recursive: true })
      await writeFile(temporary, bytes, { flush: true })
      await rename(temporary, target)
    },

    readDerived(sha256, name) {
      return createReadStream(derivedPath(sha256, name))
    },

    async hasDerived(sha256, name) {
      return (await stat(derivedPath(sha256, name)).catch(() => undefined)) !== undefined
    },

    async putFile(name, localPath) {
      const target = filePath(name)
      await mkdir(path.dirname(target), { recursive: true })
      await fsyncFile(localPath)
      try {
        await rename(localPath, target)
      } catch (error) {
        // Another file system (DATA_DIR/exports on a different disk): copy, then remove.
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
        await copyFile(localPath, target)
        await fsyncFile(target)
        await rm(localPath, { force: true })
      }
      await fsyncDirectory(path.dirname(target))
      return { sizeBytes: (await stat(target)).size }
    },

    readFile(name, range) {
      return createReadStream(filePath(name), range ? { start: range.start, end: range.end } : {})
    },

    async statFile(name) {
      const info = await stat(filePath(name)).catch(() => undefined)
      return info ? { sizeBytes: info.size } : undefined
    },

    async deleteFile(name) {
      await rm(filePath(name), { force: true })
    },

    async cleanTemporaryFiles() {
      const names = await readdir(tmpDir).catch(() => [] as string[])
      await Promise.all(names.map((name) => rm(path.join(tmpDir, name), { force: true })))
      return names.length
    },
  }
}

async function fsyncFile(file: string) {
  const handle = await open(file, 'r+')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** A rename is durable only once its directory entry is: fsync the directory too. */
async function fsyncDirectory(dir: string) {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
