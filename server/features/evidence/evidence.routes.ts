// HTTP for evidence: upload (multipart), list, read, edit, delete, purge, download, thumbnail, custody.
import contentDisposition from 'content-disposition'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import rangeParser from 'range-parser'
import { z } from 'zod'
import { IdParams } from '../../../shared/common.ts'
import {
  Custody,
  Evidence,
  EvidenceCreated,
  EvidenceFeatures,
  EvidenceList,
  EvidenceListQuery,
  FileQuery,
  PurgeEvidenceBody,
  EvidenceIntegrityReport,
  UpdateEvidenceBody,
} from '../../../shared/evidence.ts'
import { notFound } from '../../lib/app-error.ts'
import { recordAudit } from '../../lib/audit.ts'
import { verifyEvidenceBlobs } from '../../lib/evidence-integrity.ts'
import { expectedVersion, ifMatchVersion } from '../../lib/concurrency.ts'
import { GEOJSON_TYPE, toFeatureCollection, wantsGeoJson } from '../../lib/geojson.ts'
import { canSeeExactLocation, maskCustodyEntry, maskEvidence } from '../../lib/policy.ts'
import { IMAGE_HEAD_BYTES, IMAGE_TYPES, stripLocationTransform } from './evidence.metadata.ts'
import { readHead } from '../../lib/blob-store.ts'
import { findCustody, findEvidence, findEvidenceAnyState, listEvidence, type EvidenceRow } from './evidence.queries.ts'
import { deleteEvidence, purgeEvidence, THUMBNAIL, updateEvidence, uploadEvidence } from './evidence.service.ts'
import { signedInViewer } from '../../lib/security.ts'
import { createInvalidFieldError, createNoThumbnailError, createNotMultipartError, createTooLargeError } from './evidence.errors.ts'
import { partsUnlessStalled } from '../../lib/multipart-stall.ts'

const tags = ['evidence']
const read = { permission: 'evidence.read' } as const
const edit = { permission: 'evidence.edit' } as const
/** Room for the multipart boundaries and the text fields on top of the file itself. */
const MULTIPART_MARGIN = 64 * 1024
const binary = { content: { 'application/octet-stream': { schema: z.any() } } }

export const evidenceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/',
    {
      config: { permission: 'evidence.upload' },
      // Refused before a byte of the body is read when the client announces too much.
      onRequest: async (req) => {
        const length = Number(req.headers['content-length'] ?? 0)
        if (length > app.maxUploadBytes + MULTIPART_MARGIN) {
          throw createTooLargeError(app.maxUploadBytes)
        }
      },
      schema: {
        tags,
        summary: 'Upload evidence files (multipart)',
        description:
          'multipart/form-data. Send the text fields FIRST (exactly one of incidentId, caseId, parcelId, communityId, activityId; optional title, description, capturedAt, capturedBy, isConfidential, sha256), then one or more file parts. All files are kept or none. 413 over the size limit, 415 for a type not on the allow-list, 422 when sha256 does not match.',
        consumes: ['multipart/form-data'],
        response: { 201: EvidenceCreated },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw createNotMultipartError()
      const viewer = signedInViewer(req)
      const malformed = () => createInvalidFieldError('body', 'is not well-formed multipart/form-data')
      const upload = { parts: partsUnlessStalled(req.parts(), req.raw, malformed), isAborted: () => req.raw.destroyed || req.raw.aborted }
      const rows = await uploadEvidence(req.db, viewer, upload, app.blobStore, app.maxUploadBytes)
      return reply.code(201).send({ items: rows.map((row) => maskEvidence(viewer, row)) })
    },
  )

  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: 'List evidence (of a record, or with a GPS location inside bbox for the map)',
        querystring: EvidenceListQuery,
        response: { 200: { content: { 'application/json': { schema: EvidenceList }, [GEOJSON_TYPE]: { schema: EvidenceFeatures } } } },
      },
    },
    async (req, reply) => {
      const viewer = signedInViewer(req)
      const rows = await listEvidence(req.db, req.query, viewer)
      if (wantsGeoJson(req)) {
        // A role that may not see exact locations gets features without geometry.
        const items = rows.map((row) => ({
          ...maskEvidence(viewer, row),
          location: canSeeExactLocation(viewer) ? row.location : null,
        }))
        return reply.type(GEOJSON_TYPE).send(toFeatureCollection({ items, nextCursor: null }, 'location'))
      }
      return { items: rows.map((row) => maskEvidence(viewer, row)) }
    },
  )

  app.get(
    '/:id',
    { config: read, schema: { tags, summary: 'Get an evidence record', params: IdParams, response: { 200: Evidence } } },
    async (req, reply) => {
      const row = await findVisible(req, req.params.id)
      reply.header('etag', `"${row.version}"`)
      return maskEvidence(signedInViewer(req), row)
    },
  )

  app.patch(
    '/:id',
    {
      config: edit,
      schema: { tags, summary: 'Edit evidence metadata', params: IdParams, body: UpdateEvidenceBody, response: { 200: Evidence } },
    },
    async (req) =>
      maskEvidence(
        signedInViewer(req),
        await updateEvidence(req.db, req.params.id, req.body, expectedVersion(req, req.body.version), signedInViewer(req)),
      ),
  )

  app.delete(
    '/:id',
    { config: edit, schema: { tags, summary: 'Delete evidence (hidden, never erased)', params: IdParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await deleteEvidence(req.db, req.params.id, ifMatchVersion(req), signedInViewer(req))
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/:id/purge',
    {
      config: { permission: 'evidence.purge' },
      schema: {
        tags,
        summary: 'Purge evidence (admin; reason audited; blob removed when unreferenced)',
        params: IdParams,
        body: PurgeEvidenceBody,
        response: { 200: z.object({ id: z.uuid(), sha256: z.string(), blobRemoved: z.boolean() }) },
      },
    },
    async (req) => purgeEvidence(req.db, req.auditContext, app.blobStore, req.params.id, req.body.reason),
  )

  app.post(
    '/verify',
    {
      config: { permission: 'evidence.verify' },
      schema: {
        tags,
        summary: 'Re-hash every stored evidence file and report missing or altered ones (admin)',
        response: { 200: EvidenceIntegrityReport },
      },
    },
    async (req) => verifyEvidenceBlobs(req.db, app.blobStore),
  )

  app.get(
    '/:id/file',
    {
      config: read,
      schema: {
        tags,
        summary: 'Download the original file (Range supported; GPS stripped on request or by role)',
        params: IdParams,
        querystring: FileQuery,
        response: { 200: binary, 206: binary },
      },
    },
    async (req, reply) => {
      const row = await findVisible(req, req.params.id)
      const strip = IMAGE_TYPES.has(row.mediaType) && (req.query.stripLocation === true || !canSeeExactLocation(signedInViewer(req)))
      reply.header('x-content-type-options', 'nosniff')
      reply.header('content-disposition', contentDisposition(row.originalFilename ?? `${row.id}`, { type: 'attachment' }))
      reply.header('cache-control', 'private, no-store')
      if (strip) return sendStripped(req, reply, row)
      return sendOriginal(req, reply, row)
    },
  )

  app.get(
    '/:id/thumbnail',
    {
      config: read,
      schema: {
        tags,
        summary: 'A 320 px WebP thumbnail of an image (no metadata)',
        params: IdParams,
        response: { 200: { content: { 'image/webp': { schema: z.any() } } } },
      },
    },
    async (req, reply) => {
      const row = await findVisible(req, req.params.id)
      if (!row.hasThumbnail) throw createNoThumbnailError(row.id)
      return reply
        .type('image/webp')
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=3600')
        .send(app.blobStore.readDerived(row.sha256, THUMBNAIL))
    },
  )

  app.get(
    '/:id/custody',
    {
      config: read,
      schema: { tags, summary: 'Chain of custody: every audited event of this evidence', params: IdParams, response: { 200: Custody } },
    },
    async (req) => {
      const row = await findEvidenceAnyState(req.db, req.params.id, signedInViewer(req))
      if (!row) throw notFound('evidence', req.params.id)
      const entries = await findCustody(req.db, row.id)
      return {
        evidenceId: row.id,
        sha256: row.sha256,
        entries: entries.map((entry) => maskCustodyEntry(signedInViewer(req), entry, row.uploadedByUserId)),
      }
    },
  )

  async function findVisible(req: FastifyRequest, id: string) {
    const row = await findEvidence(req.db, id, req.viewer)
    if (!row) throw notFound('evidence', id)
    return row
  }

  async function sendOriginal(req: FastifyRequest, reply: FastifyReply, row: EvidenceRow) {
    const size = row.sizeBytes
    reply.header('etag', `"${row.sha256}"`).header('accept-ranges', 'bytes').type(row.mediaType)
    const header = req.headers.range && withSuffixesCapped(req.headers.range, size)
    const ranges = header ? rangeParser(size, header, { combine: true }) : undefined
    if (ranges === -1) {
      return reply
        .code(416)
        .header('content-range', `bytes */${size}`)
        .type('application/problem+json')
        .send({
          type: 'about:blank',
          title: 'Range Not Satisfiable',
          status: 416,
          code: 'evidence.range_not_satisfiable',
          detail: `header.range: ${header} is outside the file's ${size} bytes`,
          instance: req.url,
          requestId: String(req.id),
        })
    }
    // A malformed header (-2) or several ranges: the whole file, which RFC 9110 allows.
    const range = Array.isArray(ranges) && ranges.length === 1 && ranges.type === 'bytes' ? ranges[0]! : undefined
    await recordDownload(req, row, false, range)
    if (!range) return reply.header('content-length', size).send(app.blobStore.read(row.sha256))
    return reply
      .code(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
      .header('content-length', range.end - range.start + 1)
      .send(app.blobStore.read(row.sha256, range))
  }

  async function sendStripped(req: FastifyRequest, reply: FastifyReply, row: EvidenceRow) {
    const { transform, mediaType } = await stripLocationTransform(
      row.mediaType,
      await readHead(app.blobStore, row.sha256, IMAGE_HEAD_BYTES),
    )
    await recordDownload(req, row, true)
    // A re-encoded copy: its bytes are not the original's, so no byte ranges and another tag.
    return reply
      .header('etag', `"${row.sha256}-stripped"`)
      .header('accept-ranges', 'none')
      .type(mediaType)
      .send(app.blobStore.read(row.sha256).pipe(transform))
  }

  async function recordDownload(req: FastifyRequest, row: EvidenceRow, stripped: boolean, range?: { start: number; end: number }) {
    // A HEAD request reads headers only: no bytes left the server.
    if (req.method === 'HEAD') return
    await recordAudit(req.db, req.auditContext, {
      action: 'download',
      entity: 'evidence',
      entityId: row.id,
      details: { sha256: row.sha256, stripped, ...(range ? { range: `${range.start}-${range.end}` } : {}) },
    })
  }
}

/**
 * RFC 9110 §14.1.2: a suffix range longer than the file (`bytes=-999999999`) means the whole file,
 * where range-parser would call it unsatisfiable.
 */
function withSuffixesCapped(header: string, size: number): string {
  return header.replace(/(^\s*bytes=|,)\s*-(\d+)/g, (whole, before: string, length: string) =>
    size > 0 && Number(length) > size ? `${before}-${size}` : whole,
  )
}
