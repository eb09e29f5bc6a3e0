// Checks a dossier ZIP against its own SHA256SUMS and manifest.json, reading entries as streams
// (a dossier with gigabytes of evidence never sits in memory). The contract checked:
// - SHA256SUMS (sha256sum format, `<hex>  <path>`) lists every file of the ZIP except itself,
//   once, with its SHA-256, and nothing that is not in the ZIP;
// - manifest.json's `files: [{ path, sizeBytes, sha256 }]` lists every file except manifest.json
//   and SHA256SUMS (which cannot hash themselves into it), each with its true size and SHA-256.
// The first problem found is reported; a file that cannot be read as a ZIP at all is an error.
import { createHash } from 'node:crypto'
import type { Readable } from 'node:stream'
import yauzl from 'yauzl'
import { z } from 'zod'
import { DossierFileEntry } from '../../shared/dossiers.ts'

export const SUMS_FILE = 'SHA256SUMS'
export const MANIFEST_FILE = 'manifest.json'
/** SHA256SUMS and manifest.json are read into memory to parse them; real ones are far smaller. */
const MAX_INDEX_BYTES = 64 * 1024 * 1024

export type DossierVerifyResult = { ok: true; files: number } | { ok: false; path: string; reason: string }

/** The ZIP could not be opened or read (missing file, not a ZIP, corrupt structure). */
export class DossierUnreadableError extends Error {}

interface ZipFileFacts {
  sha256: string
  sizeBytes: number
}

const Manifest = z.object({ files: z.array(DossierFileEntry) })

export async function verifyDossierZip(zipPath: string): Promise<DossierVerifyResult> {
  const { files, order, indexes, duplicate } = await readZip(zipPath)
  if (duplicate) return mismatch(duplicate, 'appears more than once in the ZIP')

  const sumsText = indexes.get(SUMS_FILE)
  if (sumsText === undefined) return mismatch(SUMS_FILE, 'missing from the ZIP')
  const sums = parseSums(sumsText)
  if ('problem' in sums) return mismatch(sums.path, sums.problem)

  for (const path of order) {
    if (path === SUMS_FILE) continue
    const listed = sums.entries.get(path)
    const actual = files.get(path)!
    if (listed === undefined) return mismatch(path, `not listed in ${SUMS_FILE}`)
    if (listed !== actual.sha256) return mismatch(path, `SHA-256 is ${actual.sha256}, ${SUMS_FILE} says ${listed}`)
  }
  for (const path of sums.entries.keys()) {
    if (path === SUMS_FILE) return mismatch(path, `${SUMS_FILE} lists itself`)
    if (!files.has(path)) return mismatch(path, `listed in ${SUMS_FILE} but missing from the ZIP`)
  }

  const manifestText = indexes.get(MANIFEST_FILE)
  if (manifestText === undefined) return mismatch(MANIFEST_FILE, 'missing from the ZIP')
  let manifestJson: unknown
  try {
    manifestJson = JSON.parse(manifestText)
  } catch {
    return mismatch(MANIFEST_FILE, 'is not valid JSON')
  }
  const manifest = Manifest.safeParse(manifestJson)
  if (!manifest.success) return mismatch(MANIFEST_FILE, 'has no valid files list ([{ path, sizeBytes, sha256 }])')
  const inManifest = new Set<string>()
  for (const entry of manifest.data.files) {
    if (inManifest.has(entry.path)) return mismatch(entry.path, `listed twice in ${MANIFEST_FILE}`)
    inManifest.add(entry.path)
    const actual = files.get(entry.path)
    if (!actual) return mismatch(entry.path, `listed in ${MANIFEST_FILE} but missing from the ZIP`)
    if (actual.sizeBytes !== entry.sizeBytes) {
      return mismatch(entry.path, `size is ${actual.sizeBytes} bytes, ${MANIFEST_FILE} says ${entry.sizeBytes}`)
    }
    if (actual.sha256 !== entry.sha256.toLowerCase()) {
      return mismatch(entry.path, `SHA-256 is ${actual.sha256}, ${MANIFEST_FILE} says ${entry.sha256}`)
    }
  }
  for (const path of order) {
    if (path !== SUMS_FILE && path !== MANIFEST_FILE && !inManifest.has(path)) {
      return mismatch(path, `not listed in ${MANIFEST_FILE}`)
    }
  }
  return { ok: true, files: order.length }
}

const mismatch = (path: string, reason: string): DossierVerifyResult => ({ ok: false, path, reason })

type ParsedSums = { entries: Map<string, string> } | { path: string; problem: string }

/** sha256sum's format: `<64 hex>  <path>` (text mode) or `<64 hex> *<path>` (binary mode). */
function parseSums(text: string): ParsedSums {
  const entries = new Map<string, string>()
  const lines = text.split('\n')
  for (const [index, raw] of lines.entries()) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (line === '') continue
    const match = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line)
    if (!match) return { path: SUMS_FILE, problem: `line ${index + 1} is not "<sha256>  <path>"` }
    const [, hash, path] = match as unknown as [string, string, string]
    if (entries.has(path)) return { path, problem: `listed twice in ${SUMS_FILE}` }
    entries.set(path, hash.toLowerCase())
  }
  return { entries }
}

async function readZip(zipPath: string) {
  let zip: yauzl.ZipFile
  try {
    zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: true, strictFileNames: true, validateEntrySizes: true })
  } catch (error) {
    throw new DossierUnreadableError(`cannot read ${zipPath}: ${describe(error)}`)
  }
  const files = new Map<string, ZipFileFacts>()
  const order: string[] = []
  const indexes = new Map<string, string>()
  let duplicate: string | undefined
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject)
      zip.on('end', () => resolve())
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry()
        const path = entry.fileName
        const isIndex = path === SUMS_FILE || path === MANIFEST_FILE
        zip
          .openReadStreamPromise(entry)
          .then((stream) => digest(stream, isIndex))
          .then(({ sha256, sizeBytes, text }) => {
            if (files.has(path)) duplicate ??= path
            else order.push(path)
            files.set(path, { sha256, sizeBytes })
            if (text !== undefined) indexes.set(path, text)
            zip.readEntry()
          })
          .catch(reject)
      })
      zip.readEntry()
    })
  } catch (error) {
    zip.close()
    throw new DossierUnreadableError(`cannot read ${zipPath}: ${describe(error)}`)
  }
  return { files, order, indexes, duplicate }
}

async function digest(stream: Readable, keepText: boolean) {
  const hash = createHash('sha256')
  let sizeBytes = 0
  const chunks: Buffer[] = []
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk)
    sizeBytes += chunk.length
    if (keepText) {
      if (sizeBytes > MAX_INDEX_BYTES) throw new Error(`an index file is over ${MAX_INDEX_BYTES} bytes`)
      chunks.push(chunk)
    }
  }
  return { sha256: hash.digest('hex'), sizeBytes, text: keepText ? Buffer.concat(chunks).toString('utf8') : undefined }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EACCES') return 'permission denied'
  if (code === 'EISDIR') return 'is a directory'
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!
}
