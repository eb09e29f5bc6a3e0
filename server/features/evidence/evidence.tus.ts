// Resumable evidence uploads with the tus protocol (https://tus.io), for weak rural connections:
// an upload interrupted at 80 % continues from where it stopped. Mounted under /api/uploads:
// POST creates an upload (metadata checked here, before a byte is stored), HEAD tells the offset,
// PATCH appends, DELETE terminates. The finished file goes through the same pipeline as the
// multipart route (createEvidenceFromStream): the same content-addressed store, the same records.
import { FileStore } from '@tus/file-store'
import { Server, type Locker, type Upload } from '@tus/server'
import { NodeRequest, sendNodeResponse } from 'srvx/node'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { createReadStream } from 'node:fs'
import { STATUS_CODES, type IncomingMessage } from 'node:http'
import { z } from 'zod'
import type { UploadEvidenceFields } from '../../../shared/evidence.ts'
import { AppError } from '../../lib/app-error.ts'
import { isDiskFull, PROBLEM_CONTENT_TYPE } from '../../lib/problem.ts'
import { checkFields, checkFilename, createEvidenceFromStream } from './evidence.service.ts'
import { signedInViewer } from '../../lib/security.ts'
import {
  createMalformedUploadMetadataError,
  createMetadataNotBase64Error,
  createUploadLengthTooLargeError,
  createUploadNotFoundError,
} from './evidence.errors.ts'

export interface TusUploadsOptions {
  /**
   * Where partial uploads wait until they are complete (not the blob store: bytes land there at
   * the end). Several servers resume each other's uploads when they share this folder.
   */
  uploadsDir: string
  /** Locks on uploads across servers (evidence.tus-locker.ts); tus's in-process MemoryLocker by default. */
  locker?: Locker | undefined
}

/** Metadata keys that describe the file rather than the evidence record. */
const FILE_KEYS = ['filename', 'filetype'] as const
/** Set by the server on create: who started the upload (only they may continue it). */
const OWNER_KEY = 'deyUserId'
/** The response header that carries the new evidence record's id on the finishing PATCH. */
export const EVIDENCE_ID_HEADER = 'Dey-Evidence-Id'
const UPLOAD_ID = /^[0-9a-f]{32}$/

const tags = ['evidence']
const upload = { permission: 'evidence.upload' } as const
const UploadParams = z.object({ id: z.string() })

/** Parses a tus Upload-Metadata header: comma-separated `key base64value` pairs (value optional). */
export function parseUploadMetadata(header: string | undefined): Record<string, string> {
  const result: Record<string, string> = {}
  if (!header) return result
  for (const pair of header.split(',')) {
    const [key, value, ...rest] = pair.trim().split(' ')
    if (!key || rest.length > 0 || !/^[\x21-\x7e]+$/.test(key) || key.includes(',') || key in result) {
      throw createMalformedUploadMetadataError()
    }
    if (value !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
      throw createMetadataNotBase64Error(key)
    }
    result[key] = value === undefined ? '' : Buffer.from(value, 'base64').toString('utf8')
  }
  return result
}

/** The evidence fields of an upload's metadata (without filename/filetype and the server's own keys). */
function evidenceFields(metadata: Record<string, string | null | undefined>): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const [key, value] of Object.entries(metadata)) {
    if ((FILE_KEYS as readonly string[]).includes(key) || key === OWNER_KEY || value === null || value === undefined) continue
    // Empty values mean "not given", as an unset field in a form.
    if (value !== '') fields[key] = value
  }
  return fields
}

/** A tus hook's error: the status, and a problem+json body naming the field. */
function tusError(error: unknown, req: FastifyRequest) {
  if (error instanceof AppError) {
    return {
      status_code: error.status,
      body: JSON.stringify({
        type: 'about:blank',
        title: STATUS_CODES[error.status] ?? 'Error',
        status: error.status,
        code: error.code,
        detail: error.message,
        ...(error.errors ? { errors: error.errors } : {}),
        instance: req.url,
        requestId: String(req.id),
      }),
    }
  }
  req.log.error({ err: error }, 'tus upload could not be turned into evidence')
  return {
    status_code: 500,
    body: JSON.stringify({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'The upload could not be stored; nothing was kept',
      requestId: String(req.id),
    }),
  }
}

/** Codes for the refusals tus makes itself, by status. */
const TUS_PROBLEM_CODES: Record<number, string> = {
  400: 'upload.invalid_request',
  403: 'upload.forbidden',
  404: 'upload.not_found',
  409: 'upload.offset_mismatch',
  410: 'upload.gone',
  412: 'upload.tus_version_required',
  413: 'upload.too_large',
  415: 'upload.unsupported_media_type',
  460: 'upload.checksum_mismatch',
}

/**
 * tus answers its own refusals in plain text (`Maximum size exceeded`); ours come back from its
 * hooks as JSON in a text response. Every error leaves as application/problem+json.
 */
async function asProblem(response: Response, req: FastifyRequest): Promise<Response> {
  if (response.status < 400) return response
  const text = await response.text()
  let body: Record<string, unknown> | undefined
  try {
    const parsed = JSON.parse(text) as unknown
    if (parsed && typeof parsed === 'object' && 'status' in parsed) body = parsed as Record<string, unknown>
  } catch {
    // tus's own plain-text message
  }
  body ??= {
    type: 'about:blank',
    title: STATUS_CODES[response.status] ?? 'Error',
    status: response.status,
    code: TUS_PROBLEM_CODES[response.status] ?? 'upload.failed',
    detail: text.trim() || (STATUS_CODES[response.status] ?? 'The upload was refused'),
    instance: req.url,
    requestId: String(req.id),
  }
  const json = JSON.stringify(body)
  const headers = new Headers(response.headers)
  headers.set('content-type', PROBLEM_CONTENT_TYPE)
  // A HEAD answer carries no body, only the headers that would describe it.
  headers.set('content-length', String(Buffer.byteLength(json)))
  return new Response(req.method === 'HEAD' ? null : json, { status: response.status, headers })
}

const ABANDONED_AFTER_MS = 7 * 24 * 3600 * 1000

export const tusUploadRoutes: FastifyPluginAsyncZod<TusUploadsOptions> = async (app, options) => {
  // An upload nobody resumes for a week is abandoned: its partial file is removed.
  const datastore = new FileStore({ directory: options.uploadsDir, expirationPeriodInMilliseconds: ABANDONED_AFTER_MS })
  /** The Fastify request behind each raw request handed to tus (its viewer and audited db). */
  const requests = new WeakMap<object, FastifyRequest>()
  /** The checked evidence fields of a POST, keyed by its raw request. */
  const checked = new WeakMap<IncomingMessage, UploadEvidenceFields>()
  const fastifyRequestOf = (req: { runtime?: { node?: { req: object } } }) => {
    const raw = req.runtime?.node?.req
    const request = raw && requests.get(raw)
    if (!request) throw { status_code: 500, body: 'The upload lost its request context\n' }
    return request
  }

  const tus = new Server({
    path: `${app.prefix}`,
    datastore,
    ...(options.locker ? { locker: options.locker } : {}),
    relativeLocation: true,
    maxSize: app.maxUploadBytes,
    exposedHeaders: [EVIDENCE_ID_HEADER],
    // A full disk while the partial file grows: 507, as for every other write.
    onResponseError: (_req, error) => {
      if (!isDiskFull(error)) return undefined
      return {
        status_code: 507,
        body: JSON.stringify({
          type: 'about:blank',
          title: STATUS_CODES[507],
          status: 507,
          code: 'storage.full',
          detail: "The server's disk is full: the upload stopped. Resume it later.",
        }),
      }
    },
    // Checked before anything is written to disk; the server records who started the upload.
    onUploadCreate: async (req, upload) => {
      const request = fastifyRequestOf(req)
      if (!checked.has(request.raw)) throw { status_code: 400, body: 'Upload-Metadata was not checked\n' }
      return { metadata: { ...upload.metadata, [OWNER_KEY]: signedInViewer(request).id } }
    },
    onUploadFinish: async (req, upload) => {
      const request = fastifyRequestOf(req)
      try {
        const id = await finish(request, upload)
        return { headers: { [EVIDENCE_ID_HEADER]: id } }
      } catch (error) {
        throw tusError(error, request)
      }
    },
  })

  // Sweep abandoned uploads at start-up and then daily (a weak connection may resume for days).
  const sweep = () =>
    tus.cleanUpExpiredUploads().then(
      (removed) => removed > 0 && app.log.info(`removed ${removed} abandoned resumable upload(s)`),
      (error) => app.log.warn({ err: error }, 'could not sweep abandoned resumable uploads'),
    )
  app.addHook('onReady', async () => {
    void sweep()
  })
  const sweeper = setInterval(() => void sweep(), 24 * 3600 * 1000)
  sweeper.unref()
  app.addHook('onClose', async () => clearInterval(sweeper))

  /** Streams the finished upload into the blob store and creates the record; the partial file goes either way. */
  async function finish(request: FastifyRequest, upload: Upload): Promise<string> {
    try {
      const metadata = upload.metadata ?? {}
      // Checked again: the record may have gone, or the finishing user lost access, since the upload began.
      const fields = await checkFields(request.db, evidenceFields(metadata), signedInViewer(request), 'metadata')
      const path = upload.storage?.path
      if (!path) throw new Error(`tus upload ${upload.id} has no file`)
      const row = await createEvidenceFromStream(
        request.db,
        app.blobStore,
        app.maxUploadBytes,
        createReadStream(path),
        { filename: metadata.filename?.slice(0, 500) || null, declaredType: metadata.filetype || null },
        fields,
        signedInViewer(request),
        'metadata',
      )
      return row.id
    } finally {
      await datastore
        .remove(upload.id)
        .catch((error: unknown) => request.log.warn({ err: error, upload: upload.id }, 'could not remove a finished tus upload'))
    }
  }

  /** Only the user who started an upload may see, continue or end it; anyone else is told it does not exist. */
  async function checkOwner(req: FastifyRequest<{ Params: { id: string } }>) {
    const { id } = req.params
    const notFound = createUploadNotFoundError()
    if (!UPLOAD_ID.test(id)) throw notFound
    let stored: Upload
    try {
      stored = await datastore.getUpload(id)
    } catch {
      throw notFound
    }
    if (stored.metadata?.[OWNER_KEY] !== signedInViewer(req).id) throw notFound
  }

  async function checkCreate(req: FastifyRequest) {
    const length = req.headers['upload-length']
    if (length !== undefined && Number(length) > app.maxUploadBytes) {
      throw createUploadLengthTooLargeError(app.maxUploadBytes)
    }
    const metadata = parseUploadMetadata(req.headers['upload-metadata'] as string | undefined)
    checkFilename(metadata.filename, 'metadata.filename')
    checked.set(req.raw, await checkFields(req.db, evidenceFields(metadata), signedInViewer(req), 'metadata'))
  }

  const handOver = async (req: FastifyRequest, reply: FastifyReply) => {
    requests.set(req.raw, req)
    reply.hijack()
    try {
      const response = await tus.handleWeb(new NodeRequest({ req: req.raw, res: reply.raw }))
      await sendNodeResponse(reply.raw, await asProblem(response, req))
    } catch (error) {
      req.log.error({ err: error }, 'tus failed')
      if (!reply.raw.headersSent)
        reply.raw
          .writeHead(500, { 'content-type': PROBLEM_CONTENT_TYPE })
          .end(JSON.stringify({ type: 'about:blank', title: 'Internal Server Error', status: 500 }))
      else reply.raw.destroy()
    }
  }

  // The PATCH body is read by tus, straight from the socket into the partial file.
  app.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null))

  const doc = (summary: string, description: string, status: 200 | 201 | 204) => ({
    tags,
    summary,
    description,
    response: { [status]: z.null().describe(description) },
  })
  app.post(
    '/',
    {
      config: upload,
      preHandler: checkCreate,
      schema: doc(
        'Start a resumable upload (tus)',
        'tus creation. Upload-Length ≤ the size limit (413 otherwise); Upload-Metadata (base64 values): filename, filetype, exactly one of incidentId/caseId/parcelId/communityId/activityId, and optional title, description, capturedAt, capturedBy, isConfidential, sha256 — the same rules as POST /api/evidence, checked before any byte is stored. Answers 201 with Location.',
        201,
      ),
    },
    handOver,
  )
  app.head(
    '/:id',
    {
      config: { ...upload, swagger: { exposeHeadRoute: true } },
      preHandler: checkOwner,
      schema: { ...doc('Offset of a resumable upload (tus)', 'Upload-Offset: how many bytes the server has.', 200), params: UploadParams },
    },
    handOver,
  )
  app.patch(
    '/:id',
    {
      config: upload,
      preHandler: checkOwner,
      schema: {
        ...doc(
          'Append to a resumable upload (tus)',
          `application/offset+octet-stream at Upload-Offset. When the last byte arrives the file becomes an evidence record (same checks as POST /api/evidence: 415 type, 422 sha256) whose id is in the ${EVIDENCE_ID_HEADER} header.`,
          204,
        ),
        params: UploadParams,
      },
    },
    handOver,
  )
  app.delete(
    '/:id',
    {
      config: upload,
      preHandler: checkOwner,
      schema: { ...doc('Cancel a resumable upload (tus)', 'Deletes the partial upload.', 204), params: UploadParams },
    },
    handOver,
  )
  app.options('/', { config: upload, schema: doc('tus capabilities', 'Tus-Version, Tus-Extension, Tus-Max-Size.', 204) }, handOver)
  app.options(
    '/:id',
    { config: upload, schema: { ...doc('tus capabilities', 'Tus-Version, Tus-Extension, Tus-Max-Size.', 204), params: UploadParams } },
    handOver,
  )
}
