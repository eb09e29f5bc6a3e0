// Moving evidence into object storage (`npm run evidence:copy-to-s3 -- s3://bucket/prefix`): every
// blob of one store, with its derived files, is copied into another unless already there with the
// same size (blobs never change at their address, so the copy can be run again after an
// interruption, or once more just before switching EVIDENCE_STORE). Then every copied-or-present
// blob is read back from the destination and re-hashed: the copy is trusted only once each object
// hashes to its name.
import { createHash } from 'node:crypto'
import { THUMBNAIL } from '../features/evidence/evidence.service.ts'
import type { BlobStore } from './blob-store.ts'

/** Files derived from blobs that Dey writes (a gallery thumbnail). */
const DERIVED_NAMES = [THUMBNAIL]

export interface EvidenceCopyReport {
  /** Blobs written to the destination. */
  copied: number
  copiedBytes: number
  /** Blobs the destination already had with the same size. */
  skipped: number
  derivedCopied: number
  /** Blobs read back from the destination and re-hashed. */
  verified: number
  /** Blobs whose source bytes no longer hash to their name (not copied). */
  damagedAtSource: string[]
  /** Blobs (or `<sha256>.<derived name>`) that the destination holds with other bytes. */
  mismatched: string[]
}

export async function copyEvidence(from: BlobStore, to: BlobStore): Promise<EvidenceCopyReport> {
  const report: EvidenceCopyReport = {
    copied: 0,
    copiedBytes: 0,
    skipped: 0,
    derivedCopied: 0,
    verified: 0,
    damagedAtSource: [],
    mismatched: [],
  }
  const present: string[] = []
  for await (const sha256 of from.list()) {
    const copied = await copyBlob(from, to, sha256)
    if (copied.outcome === 'missing') continue // deleted meanwhile
    if (copied.outcome === 'damaged') {
      report.damagedAtSource.push(sha256)
      continue
    }
    if (copied.outcome === 'copied') {
      report.copied++
      report.copiedBytes += copied.sizeBytes
    } else {
      report.skipped++
    }
    report.derivedCopied += copied.derivedCopied
    present.push(sha256)
  }

  for (const sha256 of present) {
    report.verified++
    if ((await hashOf(to.read(sha256))) !== sha256) report.mismatched.push(sha256)
    for (const name of DERIVED_NAMES) {
      if (!(await from.hasDerived(sha256, name))) continue
      const [expected, actual] = await Promise.all([hashOf(from.readDerived(sha256, name)), hashOf(to.readDerived(sha256, name))])
      if (expected !== actual) report.mismatched.push(`${sha256}.${name}`)
    }
  }
  return report
}

export type BlobCopy =
  | { outcome: 'copied' | 'present'; sizeBytes: number; derived: string[]; derivedCopied: number }
  | { outcome: 'missing' }
  | { outcome: 'damaged'; actualSha256: string }

/**
 * Copies one blob between stores unless the destination has it already (same size: blobs never
 * change at their address), re-hashing the bytes on the way: bytes that no longer match their
 * name are never written under it. Its derived files (a thumbnail) follow it.
 */
export async function copyBlob(from: BlobStore, to: BlobStore, sha256: string): Promise<BlobCopy> {
  const source = await from.stat(sha256)
  if (!source) return { outcome: 'missing' }
  const existing = await to.stat(sha256)
  let outcome: 'copied' | 'present' = 'present'
  if (existing?.sizeBytes !== source.sizeBytes) {
    const staged = await to.stage(from.read(sha256), { maxBytes: source.sizeBytes })
    if (staged.sha256 !== sha256) {
      await staged.discard()
      return { outcome: 'damaged', actualSha256: staged.sha256 }
    }
    await staged.commit()
    outcome = 'copied'
  }
  const derived: string[] = []
  let derivedCopied = 0
  for (const name of DERIVED_NAMES) {
    if (!(await from.hasDerived(sha256, name))) continue
    derived.push(name)
    if (await to.hasDerived(sha256, name)) continue
    await to.writeDerived(sha256, name, await readAll(from.readDerived(sha256, name)))
    derivedCopied++
  }
  return { outcome, sizeBytes: source.sizeBytes, derived, derivedCopied }
}

async function hashOf(stream: AsyncIterable<unknown>): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of stream) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
