// Background work in the database, through pg-boss 10 (v11+ needs Node 22), in a schema of its
// own (dey_jobs): a job survives the process that queued it, any app server may run it, a failed
// one is retried with exponential backoff, one that runs past its time limit (its server was
// killed, say) is failed by whichever server does pg-boss's maintenance next and retried on any
// server, and a scheduled job runs once per tick across the cluster.
//
// The same library serves the embedded database. Measured on PGlite 0.3 through pg-boss's
// `db: { executeSql }` adapter (Node 20, one core): install and start 58 ms, createQueue 15 ms,
// 200 sends 403 ms (2 ms each), retries with backoff and the time limit behave as on PostgreSQL,
// and sendThrottled refuses a second job in the same slot. PGlite runs one statement at a time
// for the whole process, so pg-boss's polls (one short query per queue per second) queue behind
// requests like any other query: a cost of a few milliseconds a second, for one code path
// instead of two. Jobs then persist in DATA_DIR too: a restart resumes them (see start()).
import type { FastifyBaseLogger } from 'fastify'
import pg from 'pg'
import PgBoss from 'pg-boss'
import { currentRole } from '../../db/app-role.ts'
import { openDatabase, type Database } from '../../db/open.ts'
import { serializeError } from '../logger.ts'

export const JOBS_SCHEMA = 'dey_jobs'
const CRON_QUEUE = '__pgboss__send-it'

export interface JobContext<Data> {
  id: string
  data: Data
  /** 0 on the first attempt. */
  retryCount: number
  /** No retry follows if this attempt fails: the handler records the failure for good. */
  isLastAttempt: boolean
  /** Aborted when the attempt passes its time limit or the server stops past its grace period. */
  signal: AbortSignal
  /** The server is stopping: a job that can resume later may hand itself back now (by throwing). */
  isStopping(): boolean
}

export type JobHandler<Data> = (job: JobContext<Data>) => Promise<void>

export interface QueueOptions {
  /** Attempts after the first (2 by default). */
  retryLimit?: number
  /** The first retry waits about this long, each next one about twice as long (10 s by default). */
  retryDelaySeconds?: number
  /** The attempt's time limit (the jobs' default otherwise). */
  timeoutSeconds?: number
  /** A job sent with a singletonKey is refused while another with that key waits (pg-boss's "short" policy). */
  isUniqueWhileQueued?: boolean
}

export interface DefineOptions<Data> extends QueueOptions {
  /**
   * Runs, on any server, once a job has failed for good: also when its last attempt was killed
   * mid-way and no handler could record the failure (through a dead-letter queue, `<name>-failed`).
   */
  onFailure?: JobHandler<Data>
}

/** How often a scheduled job runs: a cron expression (UTC, a minute at the finest) or every N seconds. */
export type Schedule = { cron: string } | { everySeconds: number }

export interface QueueDepth {
  /** Waiting to run, or waiting for a retry. */
  queued: number
  active: number
}

export interface Jobs {
  /** An attempt's default time limit: temporary files older than this belong to no live attempt. */
  readonly timeoutSeconds: number
  /** A queue and its handler, before start(). One job of a queue runs at a time in each process. */
  define<Data extends object>(name: string, handler: JobHandler<Data>, options?: DefineOptions<Data>): void
  /** Queues a job; returns null when refused (a singletonKey already waiting, see isUniqueWhileQueued). */
  send<Data extends object>(name: string, data: Data, options?: { singletonKey?: string }): Promise<string | null>
  /** A handler run on a schedule, once per tick across every process on this database. */
  schedule(name: string, when: Schedule, handler: JobHandler<Record<string, never>>, options?: QueueOptions): void
  /** Queued and active jobs per queue (metrics). */
  depth(): Promise<Record<string, QueueDepth>>
  /** The state of one job (tests and diagnostics). */
  find(name: string, id: string): Promise<{ state: string; retryCount: number; output: unknown } | undefined>
  start(): Promise<void>
  /** Takes no more work; running jobs get `graceSeconds` to finish, then are handed back to be retried. */
  stop(options?: { graceSeconds?: number }): Promise<void>
}

export interface JobsOptions {
  database: Database
  /** PostgreSQL with a separate schema owner (DATABASE_OWNER_URL): pg-boss's schema is installed by it. */
  ownerUrl?: string | undefined
  /** An attempt's default time limit (DEY_JOB_TIMEOUT_SECONDS). */
  timeoutSeconds: number
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>
  /** How often an idle worker asks for work (1 s by default). */
  pollingIntervalSeconds?: number
}

interface Definition {
  handler: JobHandler<object>
  options: Required<QueueOptions>
  schedule?: Schedule
  deadLetter?: string
}

/** The queue as pg-boss keeps it. */
const queueOf = (name: string, { options, deadLetter }: Definition): PgBoss.Queue => ({
  name,
  policy: options.isUniqueWhileQueued ? ('short' as const) : ('standard' as const),
  retryLimit: options.retryLimit,
  retryDelay: options.retryDelaySeconds,
  retryBackoff: true,
  expireInSeconds: options.timeoutSeconds,
  ...(deadLetter ? { deadLetter } : {}),
})

export function createJobs(options: JobsOptions): Jobs {
  const { database, log } = options
  const definitions = new Map<string, Definition>()
  const running = new Set<AbortController>()
  const timers: NodeJS.Timeout[] = []
  let boss: PgBoss | undefined
  let isStopping = false

  function add(name: string, handler: JobHandler<object>, queueOptions: DefineOptions<object> = {}, schedule?: Schedule) {
    if (boss) throw new Error(`the job queue ${name} was defined after start()`)
    if (definitions.has(name)) throw new Error(`the job queue ${name} is defined twice`)
    // The dead-letter queue first: pg-boss creates queues in this order, and the main one names it.
    if (queueOptions.onFailure) add(`${name}-failed`, queueOptions.onFailure, { retryLimit: 2 })
    definitions.set(name, {
      handler,
      options: {
        retryLimit: queueOptions.retryLimit ?? 2,
        retryDelaySeconds: queueOptions.retryDelaySeconds ?? 10,
        timeoutSeconds: queueOptions.timeoutSeconds ?? options.timeoutSeconds,
        isUniqueWhileQueued: queueOptions.isUniqueWhileQueued ?? false,
      },
      ...(schedule ? { schedule } : {}),
      ...(queueOptions.onFailure ? { deadLetter: `${name}-failed` } : {}),
    })
  }

  async function runAttempt(name: string, definition: Definition, job: PgBoss.JobWithMetadata<object>) {
    const controller = new AbortController()
    running.add(controller)
    // pg-boss gives up on the attempt at the same moment (and fails it); the handler hears of it.
    const timer = setTimeout(
      () => controller.abort(new Error(`the job ran past its limit of ${definition.options.timeoutSeconds} s`)),
      definition.options.timeoutSeconds * 1000,
    )
    try {
      await definition.handler({
        id: job.id,
        data: job.data,
        retryCount: job.retryCount,
        isLastAttempt: job.retryCount >= job.retryLimit,
        signal: controller.signal,
        isStopping: () => isStopping,
      })
      // Past its limit the attempt has been failed and the job handed on, whatever it did since.
      controller.signal.throwIfAborted()
    } catch (error) {
      log.warn({ err: error, queue: name, jobId: job.id, retryCount: job.retryCount }, 'a background job failed')
      // pg-boss records what is thrown as the job's output: the safe message (a failed query's own
      // carries its parameters).
      // eslint-disable-next-line preserve-caught-error -- the cause is what must not be stored
      throw new Error(serializeError(error).message)
    } finally {
      clearTimeout(timer)
      running.delete(controller)
    }
  }

  return {
    timeoutSeconds: options.timeoutSeconds,
    define: (name, handler, queueOptions) => add(name, handler as JobHandler<object>, queueOptions as DefineOptions<object>),
    schedule: (name, when, handler, queueOptions) => add(name, handler as JobHandler<object>, { retryLimit: 0, ...queueOptions }, when),

    async send(name, data, sendOptions = {}) {
      if (!boss) throw new Error(`the job queue is not started (sending to ${name})`)
      if (!definitions.has(name)) throw new Error(`no job queue ${name}`)
      return boss.send(name, data, sendOptions.singletonKey ? { singletonKey: sendOptions.singletonKey } : {})
    },

    async depth() {
      const db = await jobsDb(database)
      const { rows } = await db.executeSql(
        `SELECT name, count(*) FILTER (WHERE state IN ('created', 'retry'))::int AS queued,
                count(*) FILTER (WHERE state = 'active')::int AS active
           FROM ${JOBS_SCHEMA}.job GROUP BY name`,
        [],
      )
      const depths: Record<string, QueueDepth> = Object.fromEntries([...definitions.keys()].map((name) => [name, { queued: 0, active: 0 }]))
      for (const row of rows as { name: string; queued: number; active: number }[])
        depths[row.name] = { queued: row.queued, active: row.active }
      return depths
    },

    async find(name, id) {
      const job = await boss?.getJobById(name, id)
      return job ? { state: job.state, retryCount: job.retryCount, output: job.output } : undefined
    },

    async start() {
      if (boss) return
      const maintenanceSeconds = Math.max(1, Math.min(60, Math.floor(options.timeoutSeconds / 2)))
      const config = {
        schema: JOBS_SCHEMA,
        // Expired attempts are failed (and retried) by maintenance: run often enough that a killed server's job moves on soon after its limit.
        maintenanceIntervalSeconds: maintenanceSeconds,
        superviseIntervalSeconds: maintenanceSeconds,
        // Finished jobs are kept a day, then archived a week: enough to answer "what happened?".
        archiveCompletedAfterSeconds: 24 * 3600,
        archiveFailedAfterSeconds: 7 * 24 * 3600,
        deleteAfterDays: 7,
        cronMonitorIntervalSeconds: 30,
      }
      // Servers starting together would otherwise create the same queues (and their partitions)
      // at once, and PostgreSQL answers one of them with a deadlock: one sets up at a time.
      const started = await underSetupLock(database, async () => {
        if (database.driver === 'postgres') await install(options.ownerUrl ? options.ownerUrl : undefined)
        const created = new PgBoss({ ...config, db: await jobsDb(database), migrate: !options.ownerUrl })
        created.on('error', (error) => log.error({ err: error }, 'the job queue failed'))
        await created.start()
        if (database.driver === 'pglite') await resumeInterrupted(created)
        for (const [name, definition] of definitions) {
          await created.createQueue(name, queueOf(name, definition))
          if (definition.schedule && 'cron' in definition.schedule)
            await created.schedule(name, definition.schedule.cron, {}, { tz: 'UTC' })
        }
        return created
      })
      boss = started
      for (const [name, definition] of definitions) {
        await boss.work<object>(
          name,
          { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 },
          async ([job]) => {
            if (job) await runAttempt(name, definition, job)
          },
        )
        const schedule = definition.schedule
        if (schedule && 'everySeconds' in schedule) {
          // Every process offers a job each tick; the slot's unique key lets exactly one in.
          const offer = () =>
            void boss
              ?.sendThrottled(name, {}, {}, schedule.everySeconds)
              .catch((error) => log.error({ err: error, queue: name }, 'could not schedule a job'))
          offer()
          const timer = setInterval(offer, (schedule.everySeconds * 1000) / 2)
          timer.unref()
          timers.push(timer)
        }
      }
    },

    async stop({ graceSeconds = 30 } = {}) {
      if (!boss || isStopping) return
      isStopping = true
      for (const timer of timers) clearInterval(timer)
      // Handlers still running when pg-boss hands their jobs back are told to stop writing.
      const handBack = setTimeout(() => {
        for (const controller of running) controller.abort(new Error('the server stopped'))
      }, graceSeconds * 1000)
      try {
        await boss.stop({ graceful: true, wait: true, close: false, timeout: graceSeconds * 1000 })
      } finally {
        clearTimeout(handBack)
      }
    },
  }

  /**
   * PostgreSQL: pg-boss's schema and our queues' tables are created by the schema owner (the app's
   * role may only read and write rows, and each pg-boss queue is a table of its own), then the
   * app's role gets rights on them. pg-boss installs under an advisory lock of its own, so servers
   * starting together do it once.
   */
  async function install(ownerUrl: string | undefined) {
    if (!ownerUrl) return
    const owner = await openDatabase({ databaseUrl: ownerUrl })
    const installer = new PgBoss({ schema: JOBS_SCHEMA, db: await jobsDb(owner), supervise: false, schedule: false })
    try {
      await installer.start()
      // pg-boss's own queue for cron schedules, which its timekeeper would otherwise create as the app.
      await installer.createQueue(CRON_QUEUE)
      for (const [name, definition] of definitions) {
        await installer.createQueue(name, queueOf(name, definition))
      }
      await installer.stop({ graceful: false, close: false, wait: true })
      const appRole = pg.escapeIdentifier(await currentRole(database.db))
      const ownerDb = await jobsDb(owner)
      await ownerDb.executeSql(
        `GRANT USAGE ON SCHEMA ${JOBS_SCHEMA} TO ${appRole};
         GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${JOBS_SCHEMA} TO ${appRole};
         GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${JOBS_SCHEMA} TO ${appRole};
         ALTER DEFAULT PRIVILEGES IN SCHEMA ${JOBS_SCHEMA} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${appRole}`,
        [],
      )
    } finally {
      await owner.close()
    }
  }
}

/**
 * PGlite: this process holds DATA_DIR alone (server/lib/data-dir-lock.ts), so a job left active
 * belongs to a process that is gone: it goes back in line now rather than after its time limit.
 */
async function resumeInterrupted(boss: PgBoss) {
  await boss.getDb().executeSql(`UPDATE ${JOBS_SCHEMA}.job SET state = 'retry', start_after = now() WHERE state = 'active'`, [])
}

/** Any fixed number, the same in every server process: "dey-jb" as ASCII. */
const SETUP_LOCK_KEY = 0x6465792d6a62

/**
 * Runs `work` while holding a session advisory lock on PostgreSQL (PGlite: one process, no lock
 * needed). The lock is held on a connection of its own, not one of the pool's: pg-boss needs the
 * pool meanwhile, and a small pool would otherwise wait for itself.
 */
async function underSetupLock<T>(database: Database, work: () => Promise<T>): Promise<T> {
  if (database.driver !== 'postgres') return work()
  const pool = (database.db as unknown as { $client: pg.Pool }).$client
  const client = new pg.Client(pool.options)
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [SETUP_LOCK_KEY])
    return await work()
  } finally {
    // Ending the session releases its lock.
    await client.end()
  }
}

/** pg-boss's connection: the app's pool on PostgreSQL, the one PGlite client otherwise. */
async function jobsDb(database: Database): Promise<PgBoss.Db> {
  if (database.driver === 'pglite') {
    const client = database.pglite!
    return {
      async executeSql(text, values) {
        // Parameters need the extended protocol (one statement); pg-boss's installs and locked
        // sections are several statements and take none.
        if (values && values.length > 0) return client.query(text, values)
        const results = await client.exec(text)
        return results[results.length - 1] ?? { rows: [] }
      },
    }
  }
  const pool = (database.db as unknown as { $client: pg.Pool }).$client
  return { executeSql: (text, values) => pool.query(text, values && values.length > 0 ? values : undefined) }
}
