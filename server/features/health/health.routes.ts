import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { sql } from 'drizzle-orm'
import { Health, Readiness } from '../../../shared/health.ts'
import { postgisVersion } from '../../../db/open.ts'
import { createNotReadyError } from './health.errors.ts'

/** Past this a check counts as failed: a balancer's probe must get an answer, not a hang. */
const CHECK_TIMEOUT_MS = 5000
/** A content address no evidence has: asking the store for it proves the store answers. */
const ABSENT_HASH = '0'.repeat(64)

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    { config: { permission: 'public' }, schema: { tags: ['system'], summary: 'Server and database health', response: { 200: Health } } },
    async () => ({
      status: 'ok' as const,
      database: app.database.driver,
      postgis: await postgisVersion(app.db),
    }),
  )

  app.get(
    '/ready',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Readiness for a load balancer: 200 when the database and the evidence store answer, 503 naming what failed',
        response: { 200: Readiness },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'no-store')
      // From the moment shutdown starts (server/main.ts), so the balancer drains this server while
      // its requests in flight finish.
      if (app.readiness.isShuttingDown) throw createNotReadyError(['shutdown'], 'the server is shutting down')
      const checks = {
        database: () => app.db.execute(sql`SELECT 1`),
        evidenceStore: () => app.blobStore.stat(ABSENT_HASH),
      }
      const results = await Promise.all(Object.entries(checks).map(async ([name, check]) => ({ name, error: await failureOf(check) })))
      const failed = results.filter((result) => result.error !== undefined)
      if (failed.length > 0) {
        for (const { name, error } of failed) app.log.warn({ check: name, err: error }, 'readiness check failed')
        throw createNotReadyError(
          failed.map((result) => result.name),
          failed.map((result) => `${result.name} (${describe(result.error)})`).join(', '),
        )
      }
      return { status: 'ready' as const, checks: { database: 'ok' as const, evidenceStore: 'ok' as const } }
    },
  )
}

async function failureOf(check: () => Promise<unknown>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS)
  })
  try {
    await Promise.race([check(), timeout])
    return undefined
  } catch (error) {
    return error ?? new Error('failed')
  } finally {
    clearTimeout(timer)
  }
}

/** The reason, without connection strings or query parameters (they may hold secrets or personal data). */
function describe(error: unknown): string {
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') return code
  return error instanceof Error && error.message.startsWith('no answer') ? error.message : 'unavailable'
}
