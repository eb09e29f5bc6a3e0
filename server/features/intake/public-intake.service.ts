// The public report link: a proof-of-work challenge instead of a captcha (nothing is asked of a
// third party), and one report read from a multipart body — the `report` JSON field first, then
// the photos — filed all or nothing. A sender is told a receipt code and nothing else.
import type { Multipart } from '@fastify/multipart'
import { createChallenge, verifySolution, type Challenge } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2'
import { createHmac, randomInt } from 'node:crypto'
import type { Readable } from 'node:stream'
import { z } from 'zod'
import type { Database } from '../../../db/open.ts'
import { startOfPeriod } from '../../../shared/dates.ts'
import {
  INTAKE_MAX_PHOTOS,
  INTAKE_PHOTO_TYPES,
  PublicReportBody,
  type IntakeChallenge,
  type IntakeReceipt,
} from '../../../shared/intake.ts'
import { AppError } from '../../lib/app-error.ts'
import { BlobTooLargeError, type BlobStore } from '../../lib/blob-store.ts'
import { checkPosition } from '../../lib/geometry.ts'
import type { GeometryRules } from '../../lib/geometry-rules.ts'
import { countHit } from '../../lib/rate-limits.ts'
import { unlessParserStalls } from '../../lib/multipart-stall.ts'
import { createTooLargeError, createUploadAbortedError } from '../evidence/evidence.errors.ts'
import { discardIntakePhotos, stageIntakePhoto, type MultipartUpload, type StagedIntakePhoto } from '../evidence/evidence.service.ts'
import { findReceiptByClientReportId } from './intake.queries.ts'
import { fileIntakeReport, intakeDb, normalizePhone, serverSecret } from './intake.service.ts'
import {
  createHoneypotError,
  createMalformedReportError,
  createProofMissingError,
  createProofRefusedError,
  createReportFieldTooLargeError,
  createTooManyPhotosError,
  createTooManyReportsError,
} from './public-intake.errors.ts'
import { isChallengeSpent } from './public-intake.queries.ts'

// ---- Proof of work --------------------------------------------------------------------------------

/**
 * ALTCHA v2 in its deterministic mode: the server picks the counter, so the work is bounded (the
 * phone derives `counter + 1` keys, never an unlucky run of many more) and the server verifies a
 * solution with one HMAC. PBKDF2/SHA-256 because browsers run it natively (WebCrypto).
 *
 * Work: 1,000 iterations × a counter of 300–700 = 0.3–0.7 million PBKDF2 iterations, about 0.5 M
 * on average. Measured with altcha-lib's solver in Node 20 on a shared development server (10
 * solves): median 0.17 s with Node's pbkdf2, 0.26 s with WebCrypto (what browsers use); a cheap
 * Android phone is some 5–10× slower, so about 1–2 s, never more than 0.7 M iterations.
 * A robot pays the same per report, on top of the per-address and per-link limits.
 */
export const POW_ALGORITHM = 'PBKDF2/SHA-256'
export const POW_COST = 1000
export const POW_COUNTER_MIN = 300
export const POW_COUNTER_MAX = 700
/** A challenge is good for 30 minutes: a phone that went offline fetches a new one before sending. */
export const POW_LIFETIME_MS = 30 * 60 * 1000

export interface PowSecrets {
  hmacSignatureSecret: string
  hmacKeySignatureSecret: string
}

/** The keys that sign challenges, shared by every app server through the database. */
export async function loadPowSecrets(database: Pick<Database, 'db'>): Promise<PowSecrets> {
  const secret = await serverSecret(database.db, 'altcha-hmac')
  return {
    hmacSignatureSecret: secret,
    hmacKeySignatureSecret: createHmac('sha256', secret).update('altcha derived-key signatures').digest('hex'),
  }
}

export async function newChallenge(secrets: PowSecrets, now: Date): Promise<IntakeChallenge> {
  const challenge = await createChallenge({
    algorithm: POW_ALGORITHM,
    cost: POW_COST,
    counter: randomInt(POW_COUNTER_MIN, POW_COUNTER_MAX + 1),
    deriveKey,
    expiresAt: new Date(now.getTime() + POW_LIFETIME_MS),
    ...secrets,
  })
  return { parameters: { ...challenge.parameters }, signature: challenge.signature! }
}

/** `altcha` as the widget sends it (base64 of JSON), or the JSON itself. */
const ProofPayload = z.object({
  challenge: z.object({
    parameters: z.looseObject({ algorithm: z.literal(POW_ALGORITHM), expiresAt: z.number(), keySignature: z.string() }),
    signature: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  solution: z.object({ counter: z.number(), derivedKey: z.string().max(256) }),
})

function decodeProof(text: string): unknown {
  try {
    const json = text.trim().startsWith('{') ? text : Buffer.from(text, 'base64').toString('utf8')
    return JSON.parse(json)
  } catch {
    return undefined
  }
}

/**
 * Checks a solved challenge (signed by this installation, not expired by `now`, solved) and
 * returns its id — its signature, unique to it — for the report to spend. Throws 422 otherwise.
 * Expiry is checked by the app's clock first; altcha-lib checks it again by the system clock.
 */
export async function verifyProof(text: string, secrets: PowSecrets, now: Date): Promise<string> {
  const parsed = ProofPayload.safeParse(decodeProof(text))
  if (!parsed.success) throw createProofRefusedError('invalid')
  const { challenge, solution } = parsed.data
  if (challenge.parameters.expiresAt * 1000 <= now.getTime()) throw createProofRefusedError('expired')
  const result = await verifySolution({ challenge: challenge as unknown as Challenge, solution, deriveKey, ...secrets }).catch(
    () => undefined,
  )
  if (result?.expired) throw createProofRefusedError('expired')
  if (!result?.verified) throw createProofRefusedError('invalid')
  return challenge.signature
}

// ---- One report ------------------------------------------------------------------------------

export interface OpenLink {
  id: string
  communityId: string | null
  hourlyLimit: number
}

export interface PublicReportContext {
  database: Database
  store: BlobStore
  rules: GeometryRules
  link: OpenLink
  requestId: string
  now: Date
  /** The largest photo accepted, in bytes. */
  maxPhotoBytes: number
  secrets: () => Promise<PowSecrets>
}

/** The report field once accepted: new (its proof spent by this report), or a repeat of one filed before. */
type AcceptedReport = { body: PublicReportBody; challengeId: string; earlier?: undefined } | { earlier: IntakeReceipt }

export interface ReceivedReport {
  receipt: IntakeReceipt
  /** false: the device had sent this report before (same clientReportId); nothing new was written. */
  isNew: boolean
}

/**
 * Reads one public report from its multipart parts and files it. On any refusal — a bad field, a
 * photo too large or of the wrong type, a client that hangs up, a database error — nothing is
 * written and every staged photo is thrown away. A repeat of a clientReportId (the phone's
 * outbox sending again after a lost answer) gets the first receipt back before the proof of work
 * is checked: its proof was spent by the first request, and the repeat writes nothing. That
 * answers a receipt code to whoever knows a random UUID — the phone that made it.
 */
export async function receivePublicReport(context: PublicReportContext, upload: PublicUpload): Promise<ReceivedReport> {
  let report: AcceptedReport | undefined
  let photoCount = 0
  const staged: StagedIntakePhoto[] = []
  try {
    for await (const part of readParts(upload)) {
      if (part.type === 'field') {
        if (part.fieldname !== 'report')
          throw createMalformedReportError(fieldOf(part), 'is not a field of a report: send report, then photo files')
        if (report) throw createMalformedReportError('body.report', 'send it once')
        if (part.valueTruncated) throw createReportFieldTooLargeError(REPORT_FIELD_MAX_BYTES)
        report = await acceptReport(context, part.value)
        continue
      }
      const refusal = refusalOfFile(part.fieldname, report, ++photoCount)
      if (refusal || report?.earlier) {
        // The rest of the body is read and thrown away, so the answer reaches the client.
        part.file.resume()
        if (refusal) throw refusal
        continue
      }
      staged.push(await stagePhoto(context, part, photoCount - 1, upload))
    }
    if (!report) throw createMalformedReportError('body.report', 'is required (the report as JSON, before the photos)')
    if (report.earlier) return { receipt: report.earlier, isNew: false }
    return await fileReport(context, report.body, report.challengeId, staged)
  } catch (error) {
    await discardIntakePhotos(staged)
    if (error instanceof BlobTooLargeError) throw createTooLargeError(context.maxPhotoBytes)
    throw error
  }
}

/** A multipart upload, and the request it comes from (to tell when all of its bytes have arrived). */
export interface PublicUpload extends MultipartUpload {
  request: Readable
}

/** The parts of the body, with a failure to read them told as what it is (a refusal, not a 500). */
async function* readParts(upload: PublicUpload): AsyncGenerator<Multipart> {
  const parts = upload.parts[Symbol.asyncIterator]()
  const malformed = () => createMalformedReportError('body', 'is not well-formed multipart/form-data')
  try {
    for (;;) {
      let next: IteratorResult<Multipart>
      try {
        next = await unlessParserStalls(parts.next(), upload.request, malformed)
      } catch (error) {
        throw asReadError(error, upload)
      }
      if (next.done) return
      yield next.value
    }
  } finally {
    // Not awaited: a stalled parser's iterator never settles.
    parts.return?.().catch(() => undefined)
  }
}

/**
 * An error met while reading the body: the client hung up, multipart's own limits (4xx), a
 * system error (the disk), or else a body that is not well-formed multipart (busboy's errors).
 */
function asReadError(error: unknown, upload: MultipartUpload): unknown {
  if (error instanceof AppError || error instanceof BlobTooLargeError) return error
  const { code, statusCode, message } = error as { code?: unknown; statusCode?: unknown; message?: unknown }
  if (upload.isAborted() || code === 'ECONNRESET' || message === 'aborted') return createUploadAbortedError()
  if (typeof statusCode === 'number' && statusCode < 500) return error
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return error
  return createMalformedReportError('body', 'is not well-formed multipart/form-data')
}

/** The `report` field's largest size: the text of a report, far below what any report needs. */
export const REPORT_FIELD_MAX_BYTES = 64 * 1024

const fieldOf = (part: Multipart) => `body.${part.fieldname.slice(0, 40)}`

function refusalOfFile(fieldname: string, report: AcceptedReport | undefined, photoNumber: number): AppError | undefined {
  if (fieldname !== 'photo')
    return createMalformedReportError(`body.${fieldname.slice(0, 40)}`, 'is not a field of a report: photos are sent as photo')
  if (!report) return createMalformedReportError('body.report', 'send the report field before the photos')
  if (photoNumber > INTAKE_MAX_PHOTOS) return createTooManyPhotosError()
  return undefined
}

async function stagePhoto(context: PublicReportContext, part: Multipart & { type: 'file' }, index: number, upload: MultipartUpload) {
  const field = `body.photo[${index}]`
  let photo: StagedIntakePhoto
  try {
    photo = await stageIntakePhoto(
      context.store,
      part.file,
      { filename: part.filename, declaredType: part.mimetype },
      context.maxPhotoBytes,
      INTAKE_PHOTO_TYPES,
      field,
    )
  } catch (error) {
    part.file.resume()
    throw asReadError(error, upload)
  }
  // Multipart's own limit truncates silently: a truncated photo is too large, never stored short.
  if (part.file.truncated) {
    await photo.blob.discard()
    throw createTooLargeError(context.maxPhotoBytes)
  }
  return photo
}

/**
 * Checks the report field, in the order that tells a sender most and costs the server least:
 * the honeypot, the fields, the place; then a repeat of an earlier report; then the proof of work
 * and whether it was spent; last the link's hourly limit (only reports that would be filed count).
 */
async function acceptReport(context: PublicReportContext, value: unknown): Promise<AcceptedReport> {
  const raw = typeof value === 'string' ? parseJson(value) : value
  if (raw === undefined || typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw createMalformedReportError('body.report', 'must be a JSON object')
  }
  const fields = raw as Record<string, unknown>
  if (fields.website !== undefined && fields.website !== null && fields.website !== '') throw createHoneypotError()
  if (typeof fields.altcha !== 'string' || fields.altcha.trim() === '') throw createProofMissingError()
  const parsed = PublicReportBody.safeParse(raw)
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({
      field: issue.code === 'unrecognized_keys' ? `body.report.${issue.keys.join(',')}` : ['body', 'report', ...issue.path].join('.'),
      message: issue.code === 'unrecognized_keys' ? 'is not a field of a report' : issue.message,
    }))
    throw new AppError('request.invalid', 400, `${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}; nothing was kept`, errors)
  }
  const body = parsed.data
  if (body.location) checkPosition(body.location.coordinates, 'body.report.location', context.rules)

  const earlier = await findReceiptByClientReportId(context.database.db, body.clientReportId)
  if (earlier) return { earlier: { receiptCode: earlier.receiptCode, receivedAt: earlier.createdAt } }

  const challengeId = await verifyProof(body.altcha, await context.secrets(), context.now)
  if (await isChallengeSpent(context.database.db, challengeId)) throw createProofRefusedError('spent')

  const { db, driver } = context.database
  const hits = await countHit(db, driver, `intake-link:${context.link.id}`, 60 * 60 * 1000)
  if (hits.current > context.link.hourlyLimit) throw createTooManyReportsError('link', Math.max(1, Math.ceil(hits.ttl / 1000)))
  return { body, challengeId }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

async function fileReport(
  context: PublicReportContext,
  body: PublicReportBody,
  challengeId: string,
  photos: StagedIntakePhoto[],
): Promise<ReceivedReport> {
  const isDated = body.occurredAt !== undefined && body.occurredPrecision !== 'unknown'
  const values = {
    source: 'web' as const,
    status: 'new' as const,
    linkId: context.link.id,
    communityId: context.link.communityId,
    kind: body.kind,
    description: body.description,
    // Like incidents: a month or a year is stored as its first moment in Cambodia.
    occurredAt: isDated
      ? startOfPeriod(body.occurredAt!, body.occurredPrecision as Exclude<typeof body.occurredPrecision, 'unknown'>)
      : null,
    occurredPrecision: isDated ? body.occurredPrecision : ('unknown' as const),
    location: body.location ?? null,
    language: body.language,
    senderName: body.senderName ?? null,
    phone: normalizePhone(body.phone),
    mayContact: body.mayContact,
    clientReportId: body.clientReportId,
    powChallenge: challengeId,
  }
  const db = intakeDb(context.database.db, 'web', context.requestId)
  try {
    const filed = await fileIntakeReport(db, context.store, values, photos)
    return { receipt: { receiptCode: filed.receiptCode, receivedAt: filed.createdAt }, isNew: filed.isNew }
  } catch (error) {
    // Two requests spending one challenge at once: the second insert meets the unique index.
    if (await isChallengeSpent(context.database.db, challengeId)) throw createProofRefusedError('spent')
    throw error
  }
}
