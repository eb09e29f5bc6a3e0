// Evidence: files that prove something, identified by the SHA-256 of their bytes.
import { z } from 'zod'
import { DateTime, OptionalText, RowMeta, Uuid, Version } from './common.ts'
import { BboxParam, FeatureCollection, PointGeometry } from './geo.ts'
import { listQueryFields } from './list.ts'

/** What the bytes may be (sniffed, never the client's word): the allow-list. */
export const EVIDENCE_MEDIA_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'image/heif',
  'image/gif',
  'application/pdf',
  'video/mp4',
  'video/quicktime',
  'video/webm',
  'audio/mpeg',
  'audio/mp4',
  'audio/x-m4a',
  'audio/ogg',
  'audio/wav',
  'audio/x-wav',
  'audio/vnd.wave',
  'video/ogg',
  'application/ogg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.google-earth.kml+xml',
  'application/vnd.google-earth.kmz',
  'application/geo+json',
  'application/zip',
  'text/plain',
] as const

export const Evidence = z.object({
  ...RowMeta,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sizeBytes: z.number().int().nonnegative(),
  mediaType: z.string(),
  declaredType: z.string().nullable(),
  originalFilename: z.string().nullable(),
  title: z.string(),
  description: z.string().nullable(),
  capturedAt: DateTime.nullable(),
  /** As the camera wrote it, e.g. "2008:10:22 16:28:39" (+ offset when the camera gave one). */
  capturedAtText: z.string().nullable(),
  capturedBy: z.string().nullable(),
  /** Absent for roles that may not see exact locations. */
  location: PointGeometry.nullable().optional(),
  cameraMake: z.string().nullable(),
  cameraModel: z.string().nullable(),
  orientation: z.number().int().nullable(),
  pageCount: z.number().int().nullable(),
  durationSeconds: z.number().nullable(),
  hasThumbnail: z.boolean(),
  isConfidential: z.boolean(),
  incidentId: Uuid.nullable(),
  caseId: Uuid.nullable(),
  parcelId: Uuid.nullable(),
  communityId: Uuid.nullable(),
  /** An attendance sheet or photo of an activity (a training, meeting…). */
  activityId: Uuid.nullable(),
  /** A photo sent with a report from outside, while it waits in the moderation queue. */
  intakeReportId: Uuid.nullable().optional(),
  /** Absent for roles that may not see who uploaded it (except the uploader). */
  uploadedByUserId: Uuid.nullable().optional(),
  purgedAt: DateTime.nullable(),
})
export type Evidence = z.infer<typeof Evidence>

export const EvidenceList = z.object({ items: z.array(Evidence) })
export const EvidenceCreated = z.object({ items: z.array(Evidence) })

/**
 * The text fields of a multipart upload. Send them BEFORE the file parts: each file is stored
 * as it streams in, and needs to know what it is attached to. Exactly one of incidentId,
 * caseId, parcelId, communityId, activityId.
 */
export const UploadEvidenceFields = z
  .object({
    incidentId: Uuid.optional(),
    caseId: Uuid.optional(),
    parcelId: Uuid.optional(),
    communityId: Uuid.optional(),
    activityId: Uuid.optional(),
    title: z.string().trim().min(1).max(300).optional(),
    description: OptionalText(),
    capturedAt: DateTime.optional(),
    capturedBy: OptionalText(300),
    isConfidential: z
      .enum(['true', 'false', '1', '0'])
      .transform((v) => v === 'true' || v === '1')
      .optional(),
    /** The SHA-256 the device computed (hex); a mismatch is refused with 422. */
    sha256: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  })
  .strict()
export type UploadEvidenceFields = z.infer<typeof UploadEvidenceFields>

/** Without `limit`, the list holds up to this many records, newest first (it is not paged). */
export const MAX_EVIDENCE_LIST = 1000

export const EvidenceListQuery = z.object({
  incident: Uuid.optional(),
  case: Uuid.optional(),
  parcel: Uuid.optional(),
  community: Uuid.optional(),
  activity: Uuid.optional(),
  /**
   * Only evidence with a GPS location inside `minLon,minLat,maxLon,maxLat` (the map's photo
   * layer). Roles that may not see exact locations get an empty list: a box that narrows down
   * would tell them where the photo was taken.
   */
  bbox: BboxParam.optional(),
  /** The newest this many records. */
  limit: z.coerce.number().int().min(1).max(MAX_EVIDENCE_LIST).optional(),
  /** `geojson`: a FeatureCollection of the records at their location (null where there is none or the role may not see it). */
  format: listQueryFields.format,
})
export type EvidenceListQuery = z.infer<typeof EvidenceListQuery>

/** The list as GeoJSON; `nextCursor` is always null (the list is not paged). */
export const EvidenceFeatures = FeatureCollection(Evidence.omit({ location: true }), PointGeometry)

export const UpdateEvidenceBody = z.object({
  title: z.string().trim().min(1).max(300).optional(),
  description: OptionalText(),
  capturedAt: DateTime.nullable().optional(),
  capturedBy: OptionalText(300),
  isConfidential: z.boolean().optional(),
  version: Version.optional(),
})
export type UpdateEvidenceBody = z.infer<typeof UpdateEvidenceBody>

export const PurgeEvidenceBody = z.object({ reason: z.string().trim().min(3).max(2000) })

export const FileQuery = z.object({
  stripLocation: z
    .enum(['1', '0', 'true', 'false'])
    .transform((v) => v === '1' || v === 'true')
    .optional(),
})

export const CustodyEntry = z.object({
  id: z.number().int(),
  at: DateTime,
  actorId: Uuid.nullable(),
  actorLabel: z.string(),
  action: z.string(),
  sha256: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
})
export const Custody = z.object({ evidenceId: Uuid, sha256: z.string(), entries: z.array(CustodyEntry) })

/** What `POST /api/evidence/verify` (and `npm run evidence:verify`) report. */
const BlobProblem = z.object({ sha256: z.string(), evidenceIds: z.array(z.uuid()) })
export const EvidenceIntegrityReport = z.object({
  checked: z.number().int(),
  bytesChecked: z.number(),
  missing: z.array(BlobProblem),
  mismatched: z.array(BlobProblem.extend({ actualSha256: z.string() })),
  orphans: z.object({ count: z.number().int(), sample: z.array(z.string()) }),
  isIntact: z.boolean(),
})
