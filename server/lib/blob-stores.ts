// Which blob store this deployment uses: DATA_DIR/evidence on this machine, or an S3-compatible
// bucket when EVIDENCE_STORE=s3://bucket/prefix (then every app server sees the same evidence).
import path from 'node:path'
import { evidenceDirOf, type Config } from '../config.ts'
import type { BlobStore } from './blob-store.ts'
import { createLocalBlobStore } from './local-blob-store.ts'
import { checkS3Bucket, createS3BlobStore, MAX_COPY_BYTES, s3ClientFor, S3StoreUnavailableError } from './s3-blob-store.ts'

export { S3StoreUnavailableError }

/** The configured store, without touching the network. */
export function createBlobStore(config: Config): BlobStore {
  if (!config.evidenceStore) return createLocalBlobStore(evidenceDirOf(config))
  return createS3BlobStore({
    location: config.evidenceStore,
    client: s3ClientFor(config.evidenceStore),
    // Only the bounded heads of uploads being staged: the evidence itself is in the bucket.
    scratchDir: path.join(evidenceDirOf(config), 'tmp'),
  })
}

/**
 * The configured store, checked to be usable: an S3 bucket that cannot be reached, is missing or
 * refuses our credentials fails with S3StoreUnavailableError, one line an operator can act on.
 */
export async function openBlobStore(config: Config): Promise<BlobStore> {
  const location = config.evidenceStore
  if (location) {
    if (config.evidenceMaxBytes > MAX_COPY_BYTES) {
      throw new S3StoreUnavailableError(
        `EVIDENCE_MAX_BYTES is ${config.evidenceMaxBytes}, above the ${MAX_COPY_BYTES} bytes an S3 store can copy in one request: lower it`,
      )
    }
    await checkS3Bucket(s3ClientFor(location), location)
  }
  return createBlobStore(config)
}
