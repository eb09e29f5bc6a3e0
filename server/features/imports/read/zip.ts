// Zip archives (zipped shapefiles, KMZ) with yauzl: list the entries, unpack the ones a reader needs
// into a fresh temporary folder, stream by stream.
import { createWriteStream } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import yauzl from 'yauzl'
import { createCorruptFileError, createNotAZipError, createZipTooLargeError } from './imports-read.errors.ts'

export interface ZipEntryInfo {
  /** The path inside the zip, with forward slashes. */
  name: string
  sizeBytes: number
}

export interface UnpackedZip {
  folder: string
  /** Entry name → path on disk. */
  files: Map<string, string>
  remove(): Promise<void>
}

/** Entries a person or an OS put there that are not data: macOS resource forks, folders. */
const isJunk = (name: string) => name.endsWith('/') || name.startsWith('__MACOSX/') || /(^|\/)\._/.test(name)

async function openZip(path: string, fileName: string) {
  try {
    return await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, decodeStrings: true, strictFileNames: false })
  } catch {
    throw createNotAZipError(fileName)
  }
}

async function forEachEntry(zip: yauzl.ZipFile, visit: (entry: yauzl.Entry) => Promise<void>): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      visit(entry).then(
        () => zip.readEntry(),
        (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
      )
    })
    zip.on('end', () => resolve())
    zip.on('error', (error: Error) => reject(createCorruptFileError('The zip archive', error.message)))
    zip.readEntry()
  })
}

export async function listZip(path: string, fileName: string): Promise<ZipEntryInfo[]> {
  const zip = await openZip(path, fileName)
  const entries: ZipEntryInfo[] = []
  try {
    await forEachEntry(zip, async (entry) => {
      if (!isJunk(entry.fileName)) entries.push({ name: entry.fileName, sizeBytes: entry.uncompressedSize })
    })
  } finally {
    zip.close()
  }
  return entries
}

/** Unpacks the entries `wanted` says yes to; the caller must `remove()` the folder (also on error). */
export async function unpackZip(
  path: string,
  fileName: string,
  wanted: (name: string) => boolean,
  options: { tempDir: string | undefined; maxUnzippedBytes: number },
): Promise<UnpackedZip> {
  const folder = await mkdtemp(join(options.tempDir ?? tmpdir(), 'dey-import-'))
  const remove = () => rm(folder, { recursive: true, force: true })
  const files = new Map<string, string>()
  try {
    const zip = await openZip(path, fileName)
    let totalBytes = 0
    try {
      await forEachEntry(zip, async (entry) => {
        if (isJunk(entry.fileName) || !wanted(entry.fileName)) return
        // yauzl refuses absolute paths and `..` itself; names are still kept inside `folder` by construction.
        const target = join(folder, 'entries', String(files.size), entry.fileName.split('/').pop()!)
        totalBytes += entry.uncompressedSize
        if (totalBytes > options.maxUnzippedBytes) throw createZipTooLargeError(options.maxUnzippedBytes)
        await mkdir(dirname(target), { recursive: true })
        try {
          // yauzl checks that the bytes written match the declared size (validateEntrySizes), so a zip bomb's lie is caught.
          await pipeline(await zip.openReadStreamPromise(entry), createWriteStream(target))
        } catch (error) {
          throw createCorruptFileError(`${entry.fileName} in the zip`, error instanceof Error ? error.message : String(error))
        }
        files.set(entry.fileName, target)
      })
    } finally {
      zip.close()
    }
    return { folder, files, remove }
  } catch (error) {
    await remove()
    throw error
  }
}
