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
    const source = await from.stat(sha256)
    if (!source) continue // deleted meanwhile
    const existing = await to.stat(sha256)
    if (existing?.sizeBytes === source.sizeBytes) {
      report.skipped++
    } else {
      const staged = await to.stage(from.read(sha256), { maxBytes: source.sizeBytes })
      if (staged.sha256 !== sha256) {
        await staged.discard()
        report.damagedAtSource.push(sha256)
        continue
      }
      await staged.commit()
      report.copied++
      report.copiedBytes += source.sizeBytes
    }
    present.push(sha256)
    for (const name of DERIVED_NAMES) {
      if (!(await from.hasDerived(sha256, name)) || (await to.hasDerived(sha256, name))) continue
      await to.writeDerived(sha256, name, await readAll(from.readDerived(sha256, name)))
      report.derivedCopied++
    }
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
