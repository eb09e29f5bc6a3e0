// The public report link (/r/<slug> in the client): no account, no session. What an anonymous
// sender can reach here is a link's title, a proof-of-work challenge and a receipt code — never a
// record. Writes are attributed to "public report link" in the audit trail, with no IP address;
// the rate limits count addresses by a keyed hash, so no address is stored either.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { createHmac } from 'node:crypto'
import { z } from 'zod'
import {
  INTAKE_CHALLENGES_PER_IP_PER_MINUTE,
  INTAKE_MAX_PHOTO_BYTES,
  INTAKE_MAX_PHOTOS,
  INTAKE_REPORTS_PER_IP_PER_HOUR,
  IntakeChallenge,
  IntakeReceipt,
  IntakeSlug,
  PublicIntakeLink,
} from '../../../shared/intake.ts'
import { AppError } from '../../lib/app-error.ts'
import { createNotMultipartError, createTooLargeError } from '../evidence/evidence.errors.ts'
import type { IntakeOptions } from './intake.options.ts'
import { findOpenLinkBySlug } from './intake.queries.ts'
import { serverSecret } from './intake.service.ts'
import {
  createBodyTooLargeError,
  createLinkClosedError,
  createLinkNotFoundError,
  createTooManyRequestsError,
  createTooManyPhotosError,
  createTooManyReportsError,
  createMalformedReportError,
} from './public-intake.errors.ts'
import { loadPowSecrets, newChallenge, receivePublicReport, REPORT_FIELD_MAX_BYTES, type PowSecrets } from './public-intake.service.ts'

const tags = ['public report link']
/** Any string reaches the handler, which answers 404 alike for a malformed and an unknown slug. */
const SlugParams = z.object({ slug: z.string().max(200) })
/** Link pages one address may open per minute: far more than people do, far too few to guess slugs. */
const LINK_PAGES_PER_IP_PER_MINUTE = 60

export const publicIntakeRoutes: FastifyPluginAsyncZod<IntakeOptions> = async (app, options) => {
  const now = options.now ?? (() => new Date())
  // Photos are also held to the installation's evidence limit (MAX_UPLOAD_MB) when it is lower.
  const maxPhotoBytes = Math.min(INTAKE_MAX_PHOTO_BYTES, app.maxUploadBytes)
  const maxBodyBytes = REPORT_FIELD_MAX_BYTES + INTAKE_MAX_PHOTOS * (maxPhotoBytes + 64 * 1024)

  // Both secrets are made once per installation and never change: read once per process.
  let powSecrets: Promise<PowSecrets> | undefined
  const secrets = () => (powSecrets ??= loadPowSecrets(app).catch((error: unknown) => ((powSecrets = undefined), Promise.reject(error))))
  let ipKey: Promise<string> | undefined
  const addressKey = async (req: FastifyRequest) => {
    ipKey ??= serverSecret(app.db, 'intake-address-key').catch((error: unknown) => ((ipKey = undefined), Promise.reject(error)))
    return createHmac('sha256', await ipKey)
      .update(req.ip)
      .digest('base64url')
      .slice(0, 32)
  }

  async function openLink(slug: string) {
    const parsed = IntakeSlug.safeParse(slug)
    const link = parsed.success ? await findOpenLinkBySlug(app.db, parsed.data) : undefined
    if (!link) throw createLinkNotFoundError()
    if (link.closedAt) throw createLinkClosedError()
    return link
  }

  app.get(
    '/:slug',
    {
      config: {
        permission: 'public',
        rateLimit: {
          max: LINK_PAGES_PER_IP_PER_MINUTE,
          timeWindow: '1 minute',
          keyGenerator: addressKey,
          errorResponseBuilder: (_req, context) => createTooManyRequestsError(Math.ceil(context.ttl / 1000)),
        },
      },
      schema: {
        tags,
        summary: 'A public report link: its title and community, nothing else',
        params: SlugParams,
        response: { 200: PublicIntakeLink },
      },
    },
    async (req, reply) => {
      const link = await openLink(req.params.slug)
      reply.header('cache-control', 'no-store')
      return {
        slug: link.slug,
        title: link.title,
        titleKm: link.titleKm,
        communityName: link.communityName,
        communityNameKm: link.communityNameKm,
      }
    },
  )

  app.get(
    '/:slug/challenge',
    {
      config: {
        permission: 'public',
        rateLimit: {
          max: INTAKE_CHALLENGES_PER_IP_PER_MINUTE,
          timeWindow: '1 minute',
          keyGenerator: addressKey,
          errorResponseBuilder: (_req, context) => createTooManyRequestsError(Math.ceil(context.ttl / 1000)),
        },
      },
      schema: {
        tags,
        summary: 'A proof-of-work challenge (ALTCHA v2) for one report through this link',
        description:
          'Solve it with altcha-lib (about 1–2 s on a cheap phone) and send base64(JSON {challenge, solution}) as report.altcha. It expires after 30 minutes and is spent by one report: a report that waited offline fetches a new one just before sending.',
        params: SlugParams,
        response: { 200: IntakeChallenge },
      },
    },
    async (req, reply) => {
      await openLink(req.params.slug)
      reply.header('cache-control', 'no-store')
      return newChallenge(await secrets(), now())
    },
  )

  app.post(
    '/:slug/reports',
    {
      config: {
        permission: 'public',
        rateLimit: {
          max: INTAKE_REPORTS_PER_IP_PER_HOUR,
          timeWindow: '1 hour',
          keyGenerator: addressKey,
          errorResponseBuilder: (_req, context) => createTooManyReportsError('address', Math.ceil(context.ttl / 1000)),
        },
      },
      // Refused before a byte of the body is read when the client announces too much.
      onRequest: async (req) => {
        if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) throw createBodyTooLargeError(maxBodyBytes)
      },
      schema: {
        tags,
        summary: 'Send a report through a public link (multipart: the field report, then up to 5 photo files)',
        description: `multipart/form-data: first the field "report" (JSON of PublicReportBody, at most ${REPORT_FIELD_MAX_BYTES} bytes), then 0–${INTAKE_MAX_PHOTOS} files named "photo" (JPEG, PNG, WebP or HEIC by their bytes; each at most ${maxPhotoBytes} bytes). 201 with a receipt code; 200 with the first receipt when the same clientReportId was sent before (nothing new is written). Nothing is kept from a refused report.`,
        params: SlugParams,
        consumes: ['multipart/form-data'],
        response: { 200: IntakeReceipt, 201: IntakeReceipt },
      },
    },
    async (req, reply) => {
      const link = await openLink(req.params.slug)
      if (!req.isMultipart()) throw createNotMultipartError()
      const parts = req.parts({
        limits: {
          fileSize: maxPhotoBytes + 1,
          files: INTAKE_MAX_PHOTOS + 1,
          fields: 4,
          fieldSize: REPORT_FIELD_MAX_BYTES,
          parts: INTAKE_MAX_PHOTOS + 5,
        },
      })
      const context = {
        database: app.database,
        store: app.blobStore,
        rules: app.geometryRules,
        link,
        requestId: String(req.id),
        now: now(),
        maxPhotoBytes,
        secrets,
      }
      const { receipt, isNew } = await withRetryAfter(
        reply,
        receivePublicReport(context, { parts, request: req.raw, isAborted: () => req.raw.destroyed || req.raw.aborted }),
        maxPhotoBytes,
      )
      return reply.code(isNew ? 201 : 200).send(receipt)
    },
  )
}

/**
 * A refusal that says when to try again carries Retry-After; multipart's own limits are answered
 * as the field they concern.
 */
async function withRetryAfter<T>(reply: FastifyReply, work: Promise<T>, maxPhotoBytes: number): Promise<T> {
  try {
    return await work
  } catch (error) {
    const retryAfter = error instanceof AppError ? error.extra?.retryAfterSeconds : undefined
    if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter))
    const code = (error as { code?: string }).code
    if (code === 'FST_FILES_LIMIT') throw createTooManyPhotosError()
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw createTooLargeError(maxPhotoBytes)
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT')
      throw createMalformedReportError('body', 'has too many parts: send report, then photo files')
    if (code === 'FST_INVALID_JSON_FIELD_ERROR') throw createMalformedReportError('body.report', 'must be a JSON object')
    throw error
  }
}
