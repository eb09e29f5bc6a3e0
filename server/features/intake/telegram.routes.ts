// At /api/intake/telegram: the bot's webhook (Telegram's setWebhook points here, with the secret
// in the path and as secret_token). Telegram resends an update until it gets a 2xx, so every
// update that reaches the handler is answered 200: handled, replayed or ignored alike.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { AppError } from '../../lib/app-error.ts'
import type { IntakeOptions } from './intake.options.ts'
import { intakeDb } from './intake.service.ts'
import { TelegramUpdateBody } from './telegram-update.ts'
import { createTelegramBot, handleTelegramUpdate } from './telegram.service.ts'

const tags = ['intake']
export const TELEGRAM_SECRET_HEADER = 'x-telegram-bot-api-secret-token'

/**
 * Whatever is wrong (no bot configured, a wrong path, a wrong or missing header) the answer is
 * the same 404 an unknown route gets: a caller learns neither which part failed nor that a bot
 * listens here. (401/403 would confirm the endpoint to a scanner, and a 403 is audited as a
 * signed-in user's refusal, which this is not.)
 */
const notFound = (req: FastifyRequest) => new AppError('route.not_found', 404, `No route ${req.method} /api/intake/telegram/…`)

/** Equal, in a time that does not depend on where two strings first differ (nor on their lengths). */
function isSameSecret(given: string | undefined, expected: string) {
  const digest = (text: string) => createHash('sha256').update(text).digest()
  return timingSafeEqual(digest(given ?? ''), digest(expected)) && given !== undefined
}

export const telegramIntakeRoutes: FastifyPluginAsyncZod<IntakeOptions> = async (app, options) => {
  const telegram = options.telegram
  const bot = telegram && createTelegramBot(telegram)

  app.post(
    '/:secret',
    {
      config: { permission: 'public' },
      // Before the body is read: a caller without both secrets gets nothing parsed.
      onRequest: async (req) => {
        if (!telegram) throw notFound(req)
        const { secret } = req.params as { secret?: string }
        const header = req.headers[TELEGRAM_SECRET_HEADER]
        const isPathRight = isSameSecret(secret, telegram.webhookSecret)
        const isHeaderRight = isSameSecret(typeof header === 'string' ? header : undefined, telegram.webhookSecret)
        if (!(isPathRight && isHeaderRight)) throw notFound(req)
      },
      schema: {
        tags,
        summary: "The Telegram bot's webhook: one Bot API Update per request",
        description:
          'Needs the webhook secret in the path and in the X-Telegram-Bot-Api-Secret-Token header (setWebhook secret_token); otherwise 404. ' +
          'Every update is answered 200, also one already handled (nothing changes) or of a kind the bot ignores.',
        params: z.object({ secret: z.string() }),
        body: TelegramUpdateBody,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => {
      const outcome = await handleTelegramUpdate(
        { db: intakeDb(app.db, 'telegram', String(req.id)), store: app.blobStore, bot: bot!, log: req.log },
        req.body,
      )
      req.log.info({ outcome }, 'telegram update')
      return { ok: true as const }
    },
  )
}
