// Rate-limit counters every app server shares: with several servers behind a balancer, a
// per-process count would let a guesser multiply the limit by the number of servers. They live in
// PostgreSQL (rate_limit_counters, one atomic upsert per hit), or in Redis when REDIS_URL is set
// (@fastify/rate-limit's own Redis store). The embedded database uses the same table: one process,
// but the counts then survive a restart, and it costs one small write per limited request.
import fastifyRateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import { Redis } from 'ioredis'
import { lt, sql } from 'drizzle-orm'
import { queryRows, type Database, type Db, type DriverName } from '../../db/open.ts'
import { rateLimitCounters } from '../../db/schema/index.ts'

/** How often expired counters are deleted; a counter only matters until its reset_at. */
const PURGE_INTERVAL_MS = 5 * 60 * 1000

export interface RateLimitStoreOptions {
  /** redis:// URL: counters in Redis; absent: in the database. */
  redisUrl?: string | undefined
}

/** Registers @fastify/rate-limit (routes opt in with `config.rateLimit`) over a shared store. */
export async function registerRateLimits(app: FastifyInstance, options: RateLimitStoreOptions) {
  if (options.redisUrl) {
    // Fail fast rather than queue requests behind a Redis that is down; with skipOnError a Redis
    // outage lifts the limits (sign-in stays protected by the account lockout, in the database)
    // instead of refusing every sign-in.
    const redis = new Redis(options.redisUrl, { connectTimeout: 1000, maxRetriesPerRequest: 1, lazyConnect: true })
    redis.on('error', (error) => app.log.warn({ err: error }, 'rate limits: Redis is unreachable'))
    await redis.connect().catch((error: unknown) => app.log.warn({ err: error }, 'rate limits: Redis is unreachable at start'))
    await app.register(fastifyRateLimit, { global: false, redis, nameSpace: 'dey-rate-limit:', skipOnError: true })
    app.addHook('onClose', async () => void (await redis.quit().catch(() => undefined)))
    return
  }
  await app.register(fastifyRateLimit, { global: false, store: databaseRateLimitStore(app.database) })
  const purge = setInterval(() => {
    purgeExpiredCounters(app.db).catch((error: unknown) => app.log.warn({ err: error }, 'could not purge expired rate-limit counters'))
  }, PURGE_INTERVAL_MS)
  purge.unref()
  app.addHook('onClose', async () => clearInterval(purge))
}

/** What @fastify/rate-limit passes to a store: the merged limit options, and the route's address. */
interface StoreParams {
  continueExceeding?: boolean
  exponentialBackoff?: boolean
  routeInfo?: { method?: string | string[]; url?: string }
}

type Done = (error: Error | null, result?: { current: number; ttl: number }) => void

/**
 * A store class for @fastify/rate-limit's `store` option (it calls `new Store(params)` and then
 * `child(routeParams)` for each route with its own limit, so each route counts separately).
 */
export function databaseRateLimitStore({ db, driver }: Pick<Database, 'db' | 'driver'>) {
  return class DatabaseRateLimitStore {
    readonly continueExceeding: boolean
    constructor(
      params: StoreParams,
      readonly prefix = '',
    ) {
      if (params.exponentialBackoff) throw new Error('the database rate-limit store does not implement exponentialBackoff')
      this.continueExceeding = params.continueExceeding ?? false
    }

    incr(key: string, done: Done, timeWindowMs: number, max: number) {
      countHit(db, driver, this.prefix + key, timeWindowMs, this.continueExceeding ? max : undefined).then(
        (result) => done(null, result),
        (error: Error) => done(error),
      )
    }

    read(key: string, done: Done) {
      readCounter(db, this.prefix + key).then(
        (result) => done(null, result),
        (error: Error) => done(error),
      )
    }

    // Typed by the plugin as the route's options; at run time they also carry the merged limits.
    child(routeOptions: object) {
      const params = routeOptions as StoreParams
      const method = [params.routeInfo?.method ?? ''].flat().join(',')
      return new DatabaseRateLimitStore(params, `${this.prefix}${method}${params.routeInfo?.url ?? ''}-`)
    }
  }
}

/**
 * One hit on `key`: one statement, so hits from several servers at once each count. A window that
 * has ended starts again at 1. With `restartPastMax`, a hit beyond the limit restarts the window
 * (continueExceeding: a client that keeps trying stays blocked).
 */
export async function countHit(db: Db, driver: DriverName, key: string, timeWindowMs: number, restartPastMax?: number) {
  const window = sql`make_interval(secs => ${timeWindowMs / 1000})`
  const isExpired = sql`c.reset_at <= clock_timestamp()`
  const restart = restartPastMax === undefined ? isExpired : sql`(${isExpired} OR c.hits + 1 > ${restartPastMax})`
  const upsert = sql`INSERT INTO rate_limit_counters AS c (key, hits, reset_at) VALUES (${key}, 1, clock_timestamp() + ${window})
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN ${isExpired} THEN 1 ELSE c.hits + 1 END,
      reset_at = CASE WHEN ${restart} THEN excluded.reset_at ELSE c.reset_at END
    RETURNING hits, greatest(0, ceil(extract(epoch FROM reset_at - clock_timestamp()) * 1000))::int AS ttl_ms`
  // A count lost in a database crash costs nothing that matters; waiting for the disk at every
  // limited request does (measured 3.9 → 1.4 ms a hit on PostgreSQL). PGlite's transactions cost
  // more than its commits (1.2 → 2.8 ms), so there the upsert runs alone.
  const [row] =
    driver === 'postgres'
      ? await db.transaction(async (tx) => {
          await tx.execute(sql`SET LOCAL synchronous_commit = off`)
          return queryRows<{ hits: number; ttl_ms: number }>(tx, upsert)
        })
      : await queryRows<{ hits: number; ttl_ms: number }>(db, upsert)
  return { current: Number(row!.hits), ttl: Number(row!.ttl_ms) }
}

async function readCounter(db: Db, key: string) {
  const [row] = await queryRows<{ hits: number; ttl_ms: number }>(
    db,
    sql`SELECT hits, ceil(extract(epoch FROM reset_at - clock_timestamp()) * 1000)::int AS ttl_ms
      FROM rate_limit_counters WHERE key = ${key} AND reset_at > clock_timestamp()`,
  )
  return row ? { current: Number(row.hits), ttl: Number(row.ttl_ms) } : { current: 0, ttl: 0 }
}

/** Deletes the counters whose window has ended (the upsert would restart them anyway). */
export async function purgeExpiredCounters(db: Db): Promise<number> {
  const deleted = await db
    .delete(rateLimitCounters)
    .where(lt(rateLimitCounters.resetAt, sql`clock_timestamp()`))
    .returning({ key: rateLimitCounters.key })
  return deleted.length
}
