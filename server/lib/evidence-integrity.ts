// Proves that every stored evidence file is still exactly what was uploaded: each blob referenced
// by a live (non-purged) evidence record is re-hashed from the store and compared with its name,
// which is the SHA-256 recorded at upload. Streams one blob at a time and pages through the
// database, so memory stays bounded however large the store is. Used by `npm run evidence:verify`.
import { createHash } from 'node:crypto'
import type { Db } from '../../db/open.ts'
import type { BlobStore } from './blob-store.ts'
import { findLiveBlobPage, findReferencedHashes } from './evidence-integrity.queries.ts'

export interface BlobProblem {
  sha256: string
  /** The live evidence records that point at this blob. */
  evidenceIds: string[]
}

export interface EvidenceIntegrityReport {
  /** Distinct blobs referenced by live evidence records and checked. */
  checked: number
  bytesChecked: number
  /** Referenced blobs absent from the store. */
  missing: BlobProblem[]
  /** Referenced blobs whose bytes no longer hash to their name. */
  mismatched: Array<BlobProblem & { actualSha256: string }>
  /** Stored blobs no live record references (reported, never deleted). */
  orphans: { count: number; sample: string[] }
  isIntact: boolean
}

const PAGE_SIZE = 500
const ORPHAN_SAMPLE_SIZE = 20

export async function verifyEvidenceBlobs(db: Db, store: BlobStore): Promise<EvidenceIntegrityReport> {
  const report: EvidenceIntegrityReport = {
    checked: 0,
    bytesChecked: 0,
    missing: [],
    mismatched: [],
    orphans: { count: 0, sample: [] },
    isIntact: true,
  }

  for await (const { sha256, evidenceIds } of referencedBlobs(db)) {
    report.checked++
    const hashed = await hashStoredBlob(store, sha256)
    if (!hashed) {
      report.missing.push({ sha256, evidenceIds })
      continue
    }
    report.bytesChecked += hashed.sizeBytes
    if (hashed.sha256 !== sha256) report.mismatched.push({ sha256, actualSha256: hashed.sha256, evidenceIds })
  }

  let batch: string[] = []
  const flush = async () => {
    const referenced = await findReferencedHashes(db, batch)
    for (const sha256 of batch) {
      if (referenced.has(sha256)) continue
      report.orphans.count++
      if (report.orphans.sample.length < ORPHAN_SAMPLE_SIZE) report.orphans.sample.push(sha256)
    }
    batch = []
  }
  for await (const sha256 of store.list()) {
    batch.push(sha256)
    if (batch.length >= PAGE_SIZE) await flush()
  }
  if (batch.length) await flush()

  report.isIntact = report.missing.length === 0 && report.mismatched.length === 0
  return report
}

/** Distinct hashes of live evidence, in pages ordered by hash (keyset pagination). */
async function* referencedBlobs(db: Db): AsyncGenerator<BlobProblem> {
  let after = ''
  for (;;) {
    const page = await findLiveBlobPage(db, after, PAGE_SIZE)
    yield* page
    if (page.length < PAGE_SIZE) return
    after = page[page.length - 1]!.sha256
  }
}

/** Re-hashes a stored blob by streaming it; undefined when the store does not have it. */
async function hashStoredBlob(store: BlobStore, sha256: string): Promise<{ sha256: string; sizeBytes: number } | undefined> {
  if (!(await store.stat(sha256))) return undefined
  const hash = createHash('sha256')
  let sizeBytes = 0
  try {
    for await (const chunk of store.read(sha256)) {
      hash.update(chunk as Buffer)
      sizeBytes += (chunk as Buffer).length
    }
  } catch (error) {
    // Deleted between stat and read.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  return { sha256: hash.digest('hex'), sizeBytes }
}
