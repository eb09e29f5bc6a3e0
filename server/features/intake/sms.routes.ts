// The SMS gateway's webhook (/api/intake/sms/<SMS_WEBHOOK_SECRET>): SMS Gateway for Android™ posts
// every SMS the reporting phone receives here (event sms:received). Anyone could post to a public
// address, so the secret in the path is checked first, in constant time, before the body is read;
// a signed delivery's X-Signature is checked against the same secret. Without SMS intake
// configured the route answers 404, as if it did not exist.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { SmsGatewayEvent, SmsWebhookAnswer, SmsWebhookParams } from '../../../shared/intake-sms.ts'
import { createRouteNotFoundError } from '../../lib/security.errors.ts'
import type { IntakeOptions } from './intake.options.ts'
import { intakeDb } from './intake.service.ts'
import { isValidSignature, smsGatewayClient } from './sms-gateway.ts'
import { createSmsBodyNotJsonError, createSmsSignatureInvalidError, createSmsWebhookRefusedError } from './sms.errors.ts'
import { receiveSmsDelivery } from './sms.service.ts'

/** A delivery is one SMS (at most a few KB even when long): anything bigger is not from the gateway. */
const MAX_BODY_BYTES = 256 * 1024

export const smsIntakeRoutes: FastifyPluginAsyncZod<IntakeOptions> = async (app, options) => {
  const sms = options.sms
  const gateway = sms?.gatewayUrl ? smsGatewayClient(sms.gatewayUrl) : undefined
  const now = options.now ?? (() => new Date())

  // The signature covers the body exactly as sent: keep it beside the parsed JSON (this plugin only).
  const rawBodies = new WeakMap<FastifyRequest, string>()
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: MAX_BODY_BYTES }, (request, body, done) => {
    try {
      rawBodies.set(request, body as string)
      done(null, JSON.parse(body as string))
    } catch {
      done(createSmsBodyNotJsonError(), undefined)
    }
  })

  app.post(
    '/:secret',
    {
      config: { permission: 'public' },
      bodyLimit: MAX_BODY_BYTES,
      schema: {
        tags: ['intake'],
        summary: 'The SMS gateway’s webhook: an SMS report (DEY <community code> <kind code> <text>), answered by SMS',
        params: SmsWebhookParams,
        body: SmsGatewayEvent,
        response: { 200: SmsWebhookAnswer },
      },
      // Before the body is read: an unconfigured or wrong address costs nothing.
      onRequest: async (req) => {
        const { secret } = req.params as { secret?: string }
        if (!sms) throw createRouteNotFoundError(req.method, req.url)
        if (!isSameSecret(secret ?? '', sms.webhookSecret)) throw createSmsWebhookRefusedError()
      },
      preValidation: async (req) => {
        const signature = req.headers['x-signature']
        if (signature === undefined || !sms) return
        const timestamp = req.headers['x-timestamp']
        const isValid =
          typeof signature === 'string' &&
          typeof timestamp === 'string' &&
          isValidSignature(sms.webhookSecret, rawBodies.get(req) ?? '', timestamp, signature, now())
        if (!isValid) throw createSmsSignatureInvalidError()
      },
    },
    async (req) =>
      receiveSmsDelivery({ db: intakeDb(app.db, 'sms', String(req.id)), store: app.blobStore, gateway, log: req.log }, req.body),
  )
}

/** Compared as hashes: constant time whatever the lengths. */
function isSameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest()
  return timingSafeEqual(digest(given), digest(expected))
}
