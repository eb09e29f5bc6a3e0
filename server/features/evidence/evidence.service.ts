// Rules that span the blob store and the database: uploads (all-or-nothing), edits, purges.
import type { Multipart, MultipartFile } from '@fastify/multipart'
import type { Readable } from 'node:stream'
import type { Db } from '../../../db/open.ts'
import { evidence } from '../../../db/schema/index.ts'
import { UploadEvidenceFields, type UpdateEvidenceBody } from '../../../shared/evidence.ts'
import { AppError, notFound } from '../../lib/app-error.ts'
import { recordAudit, type AuditContext } from '../../lib/audit.ts'
import { BlobTooLargeError, type BlobStore, type StagedBlob } from '../../lib/blob-store.ts'
import { createStaleVersionError } from '../../lib/concurrency.errors.ts'
import { requireVersion } from '../../lib/concurrency.ts'
import type { Viewer } from '../../lib/policy.ts'
import { softDelete, updateIfVersion } from '../../lib/versioned-rows.queries.ts'
import { extractMetadata, isAllowedType, makeThumbnail, sniffType, type ExtractedMetadata } from './evidence.metadata.ts'
import {
  countOtherReferences,
  deleteEvidenceOfIntakeReport,
  findEvidence,
  findPurgeState,
  insertEvidence,
  isAttachable,
  markPurged,
} from './evidence.queries.ts'
import {
  createHashMismatchError,
  createInvalidFieldError,
  createInvalidFieldsError,
  createTooLargeError,
  createUnsupportedTypeError,
  createUploadAbortedError,
} from './evidence.errors.ts'

export const THUMBNAIL = 'thumb.webp'
const ATTACH_FIELDS = [
  ['incidentId', 'incident'],
  ['caseId', 'case'],
  ['parcelId', 'parcel'],
  ['communityId', 'community'],
  ['activityId', 'activity'],
] as const

interface StagedFile {
  blob: StagedBlob
  filename: string | null
  declaredType: string | null
  mediaType: string
  metadata: ExtractedMetadata
}

/** A multipart request's parts, and whether its client has hung up. */
export interface MultipartUpload {
  parts: AsyncIterable<Multipart>
  isAborted: () => boolean
}

/**
 * Reads a multipart upload: the text fields first, then one or more files, each streamed into
 * the blob store's staging area, hashed, sniffed and read for metadata. Only when every file is
 * accepted are the blobs committed and the rows inserted, in one transaction; on any failure
 * (a refused file, a client that hangs up, a database error) nothing is kept.
 */
export async function uploadEvidence(db: Db, viewer: Viewer, upload: MultipartUpload, store: BlobStore, maxBytes: number) {
  const raw: Record<string, string> = {}
  let fields: UploadEvidenceFields | undefined
  const staged: StagedFile[] = []
  try {
    for await (const part of upload.parts) {
      if (part.type === 'field') {
        if (fields) throw createInvalidFieldError(`body.${part.fieldname}`, 'send the text fields before the files')
        if (part.fieldnameTruncated || part.valueTruncated) throw createInvalidFieldError(`body.${part.fieldname}`, 'is too long')
        raw[part.fieldname] = String(part.value)
        continue
      }
      fields ??= await checkFields(db, raw, viewer)
      staged.push(await stageFile(part, store, maxBytes, fields))
    }
    if (!fields) fields = await checkFields(db, raw, viewer)
    if (staged.length === 0) throw createInvalidFieldError('body.file', 'send at least one file')
    return await storeAll(db, store, staged, fields, viewer.id)
  } catch (error) {
    await Promise.all(staged.map((file) => file.blob.discard()))
    if (error instanceof AppError) throw error
    if (error instanceof BlobTooLargeError) throw createTooLargeError(maxBytes)
    if (upload.isAborted() || (error as { code?: string }).code === 'ECONNRESET' || (error as Error).message === 'aborted') {
      throw createUploadAbortedError()
    }
    throw error
  }
}

/**
 * Checks the text fields of an upload (multipart fields, or tus Upload-Metadata) and that the
 * viewer may attach to the record they name; `prefix` is how the fields are named in errors.
 */
export async function checkFields(db: Db, raw: Record<string, string>, viewer: Viewer, prefix = 'body'): Promise<UploadEvidenceFields> {
  const parsed = UploadEvidenceFields.safeParse(raw)
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({
      field: issue.code === 'unrecognized_keys' ? `${prefix}.${issue.keys.join(',')}` : `${prefix}.${issue.path.join('.')}`,
      message: issue.code === 'unrecognized_keys' ? 'is not a known field' : issue.message,
    }))
    throw createInvalidFieldsError(errors)
  }
  const given = ATTACH_FIELDS.filter(([field]) => parsed.data[field] !== undefined)
  if (given.length !== 1) {
    throw createInvalidFieldError(`${prefix}.attachTo`, 'give exactly one of incidentId, caseId, parcelId, communityId, activityId')
  }
  const [field, kind] = given[0]!
  if (!(await isAttachable(db, kind, parsed.data[field]!, viewer))) {
    throw createInvalidFieldError(`${prefix}.${field}`, `no ${kind} with this id`, `${kind}.not_found`, 422)
  }
  return parsed.data
}

/**
 * A file name is kept as metadata and shown to people: one with a NUL or another control
 * character (a line break, a bell) is refused, before a byte of the file is stored.
 */
export function checkFilename(filename: string | null | undefined, field: string) {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (filename && /[\u0000-\u001f\u007f]/.test(filename)) {
    throw createInvalidFieldError(field, 'the file name contains a control character (such as NUL or a line break)')
  }
}

async function stageFile(part: MultipartFile, store: BlobStore, maxBytes: number, fields: UploadEvidenceFields): Promise<StagedFile> {
  try {
    checkFilename(part.filename, 'body.file')
  } catch (error) {
    // The rest of the body must still be read (and thrown away) for the answer to reach the client.
    part.file.resume()
    throw error
  }
  const blob = await store.stage(part.file, { maxBytes })
  // Multipart's own limit truncates silently: a truncated file is too large, never stored short.
  if (part.file.truncated) {
    await blob.discard()
    throw createTooLargeError(maxBytes)
  }
  return acceptStaged(blob, { filename: part.filename, declaredType: part.mimetype }, fields)
}

/** Checks a staged file (device hash, sniffed type on the allow-list) and reads its metadata; discards it when refused. */
async function acceptStaged(
  blob: StagedBlob,
  part: { filename?: string | null; declaredType?: string | null },
  fields: UploadEvidenceFields,
  prefix = 'body',
): Promise<StagedFile> {
  try {
    if (fields.sha256 && fields.sha256 !== blob.sha256) {
      throw createHashMismatchError(prefix, blob.sha256, fields.sha256)
    }
    const mediaType = await sniffType(blob.localPath)
    if (!mediaType || !isAllowedType(mediaType)) {
      throw createUnsupportedTypeError(part.filename, mediaType)
    }
    const declared = part.declaredType && part.declaredType !== 'application/octet-stream' ? part.declaredType : null
    return {
      blob,
      filename: part.filename ? part.filename.slice(0, 500) : null,
      declaredType: declared && declared !== mediaType ? declared.slice(0, 200) : null,
      mediaType,
      metadata: await extractMetadata(blob.localPath, mediaType, blob.isLocalComplete),
    }
  } catch (error) {
    await blob.discard()
    throw error
  }
}

/**
 * Turns one finished file (e.g. a completed tus upload) into an evidence record through the same
 * pipeline as the multipart route: streamed into the blob store's staging area (which hashes it),
 * device hash checked, type sniffed against the allow-list, metadata and thumbnail, then commit +
 * insert in one transaction attributed to `db`'s audit context. `fields` must come from
 * checkFields. On any refusal nothing is kept.
 */
export async function createEvidenceFromStream(
  db: Db,
  store: BlobStore,
  maxBytes: number,
  source: Readable,
  file: { filename?: string | null; declaredType?: string | null },
  fields: UploadEvidenceFields,
  viewer: Viewer,
  prefix = 'body',
) {
  let blob: StagedBlob
  try {
    blob = await store.stage(source, { maxBytes })
  } catch (error) {
    if (error instanceof BlobTooLargeError) throw createTooLargeError(maxBytes)
    throw error
  }
  const staged = await acceptStaged(blob, file, fields, prefix)
  try {
    return (await storeAll(db, store, [staged], fields, viewer.id))[0]!
  } catch (error) {
    await staged.blob.discard()
    throw error
  }
}

/** What the rows of one upload say: the checked fields, or an intake report's photos. */
type StoredFields = UploadEvidenceFields & { intakeReportId?: string }

async function storeAll(db: Db, store: BlobStore, files: StagedFile[], fields: StoredFields, uploadedByUserId: string | null) {
  const created: string[] = []
  const newBlobs: string[] = []
  // Thumbnails are made from the staged files, before they move; an image larger than the local
  // copy an S3 store keeps (64 MiB) gets none rather than being fetched back whole.
  const thumbnails = await Promise.all(
    files.map((file) =>
      isImage(file.mediaType) && file.blob.isLocalComplete ? makeThumbnail(file.blob.localPath) : Promise.resolve(undefined),
    ),
  )
  try {
    return await db.transaction(async (tx) => {
      for (const [index, file] of files.entries()) {
        const thumbnail = thumbnails[index]
        const { isNew } = await file.blob.commit()
        if (isNew) newBlobs.push(file.blob.sha256)
        if (thumbnail) await store.writeDerived(file.blob.sha256, THUMBNAIL, thumbnail)
        const { location, ...metadata } = file.metadata
        created.push(
          await insertEvidence(tx, {
            sha256: file.blob.sha256,
            sizeBytes: file.blob.sizeBytes,
            mediaType: file.mediaType,
            declaredType: file.declaredType,
            originalFilename: file.filename,
            title: fields.title ?? file.filename ?? 'Untitled',
            description: fields.description ?? null,
            capturedBy: fields.capturedBy ?? null,
            isConfidential: fields.isConfidential ?? false,
            incidentId: fields.incidentId ?? null,
            caseId: fields.caseId ?? null,
            parcelId: fields.parcelId ?? null,
            communityId: fields.communityId ?? null,
            activityId: fields.activityId ?? null,
            intakeReportId: fields.intakeReportId ?? null,
            uploadedByUserId,
            ...metadata,
            ...(location ? { location } : {}),
            capturedAt: fields.capturedAt ?? metadata.capturedAt,
            hasThumbnail: thumbnail !== undefined,
          }),
        )
      }
      // One query at a time: a transaction is one connection (pg warns about queries queued on it).
      const rows = []
      for (const id of created) rows.push((await findEvidence(tx, id))!)
      return rows
    })
  } catch (error) {
    // The rows are gone with the transaction: remove the blobs this upload brought, unless a
    // concurrent upload of the same bytes committed a record meanwhile.
    for (const sha256 of newBlobs) {
      if ((await countOtherReferences(db, sha256)) === 0) await store.delete(sha256)
    }
    throw error
  }
}

const isImage = (mediaType: string) => mediaType.startsWith('image/')

// ---- Photos from outside (public links, Telegram) ----------------------------------------------

/** A photo from someone without an account, staged (hashed, sniffed, read) but not yet stored. */
export type StagedIntakePhoto = StagedFile

/**
 * Stages one photo sent with a report from outside: streamed into the blob store's staging area
 * (hashed on the way), sniffed, and refused unless it is a picture of `allowedTypes`; nothing is
 * stored until storeIntakePhotos. Throws the same 413/415 errors as an evidence upload.
 */
export async function stageIntakePhoto(
  store: BlobStore,
  source: Readable,
  file: { filename?: string | null; declaredType?: string | null },
  maxBytes: number,
  allowedTypes: readonly string[],
  prefix = 'body.photo',
): Promise<StagedIntakePhoto> {
  checkFilename(file.filename, prefix)
  let blob: StagedBlob
  try {
    blob = await store.stage(source, { maxBytes })
  } catch (error) {
    if (error instanceof BlobTooLargeError) throw createTooLargeError(maxBytes)
    throw error
  }
  const staged = await acceptStaged(blob, file, {}, prefix)
  if (!allowedTypes.includes(staged.mediaType)) {
    await blob.discard()
    throw createUnsupportedTypeError(file.filename, staged.mediaType)
  }
  return staged
}

/**
 * Stores staged photos as evidence of an intake report: confidential (only moderators see them)
 * and uploaded by no account. Runs in the caller's transaction when `db` is one (a savepoint);
 * on failure the blobs this call brought are removed, and the caller discards the staged files.
 */
export async function storeIntakePhotos(db: Db, store: BlobStore, photos: StagedIntakePhoto[], intakeReportId: string, title: string) {
  return storeAll(db, store, photos, { intakeReportId, isConfidential: true, title }, null)
}

/** Throws staged photos away (a refused or abandoned report). */
export async function discardIntakePhotos(photos: StagedIntakePhoto[]) {
  await Promise.all(photos.map((photo) => photo.blob.discard()))
}

export async function updateEvidence(db: Db, id: string, body: UpdateEvidenceBody, expectedVersion: number, viewer: Viewer) {
  return db.transaction(async (tx) => {
    const current = await findEvidence(tx, id, viewer)
    if (!current) throw notFound('evidence', id)
    const { version: _version, ...changes } = body
    if (!(await updateIfVersion(tx, evidence, id, expectedVersion, changes)))
      throw createStaleVersionError('evidence', expectedVersion, current)
    return (await findEvidence(tx, id))!
  })
}

export async function deleteEvidence(db: Db, id: string, expectedVersion: number | undefined, viewer: Viewer) {
  await db.transaction(async (tx) => {
    const current = await findEvidence(tx, id, viewer)
    if (!current) throw notFound('evidence', id)
    requireVersion('evidence', expectedVersion, current)
    await softDelete(tx, evidence, id)
  })
}

/** Marks the record purged with the reason in the audit trail; the blob goes when nothing else needs it. */
export async function purgeEvidence(db: Db, auditContext: AuditContext, store: BlobStore, id: string, reason: string) {
  const { sha256, isBlobRemoved } = await db.transaction(async (tx) => {
    const current = await findPurgeState(tx, id)
    if (!current || current.purgedAt) throw notFound('evidence', id)
    await markPurged(tx, id)
    const isBlobRemoved = (await countOtherReferences(tx, current.sha256, id)) === 0
    await recordAudit(tx, auditContext, {
      action: 'purge',
      entity: 'evidence',
      entityId: id,
      details: { sha256: current.sha256, reason, blobRemoved: isBlobRemoved },
    })
    return { sha256: current.sha256, isBlobRemoved }
  })
  if (isBlobRemoved) await store.delete(sha256)
  return { id, sha256, blobRemoved: isBlobRemoved }
}

/**
 * Deletes the photos of a report that never reached the queue (a Telegram draft its sender
 * cancelled), in the caller's transaction: the rows go (the audit trigger records it), and the
 * hashes are returned for removeUnusedBlobs once the transaction has committed.
 */
export async function deleteIntakePhotos(db: Db, intakeReportId: string): Promise<string[]> {
  return deleteEvidenceOfIntakeReport(db, intakeReportId)
}

/** Removes blobs that no evidence record uses any more (call after the deleting transaction commits). */
export async function removeUnusedBlobs(db: Db, store: BlobStore, sha256s: string[]) {
  for (const sha256 of new Set(sha256s)) {
    if ((await countOtherReferences(db, sha256)) === 0) await store.delete(sha256)
  }
}
