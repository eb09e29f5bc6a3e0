// The job queue (server/lib/jobs.ts) on the database under test: retries with backoff, failure
// for good with the error kept, the time limit, schedules that run once per tick however many
// instances share the database, queue depth; and on PostgreSQL, a job whose process is killed
// mid-way is finished by another instance after its time limit.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, queryRows, type Database } from '../../db/open.ts'
import { createJobs, JOBS_SCHEMA, type JobContext, type Jobs } from '../../server/lib/jobs.ts'
import { withDatabaseName } from '../helpers/global-setup.ts'
import { dropDatabase, withAdminClient } from '../helpers/postgres-admin.ts'
import { createEmptyPostgresDatabase, createTestDatabase, testDriver } from '../helpers/test-db.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const silent = { info() {}, warn() {}, error() {} }
/** A hang, not a slow machine. */
const LIMIT_MS = 120_000

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const startedAt = Date.now()
  for (;;) {
    const value = await probe()
    if (value !== undefined && value !== false) return value
    if (Date.now() - startedAt > LIMIT_MS) throw new Error(`gave up waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

let database: Database
const started: Jobs[] = []
function jobsOn(db: Database, timeoutSeconds = 60) {
  const jobs = createJobs({ database: db, timeoutSeconds, log: silent, pollingIntervalSeconds: 0.5 })
  started.push(jobs)
  return jobs
}

beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  for (const jobs of started) await jobs.stop({ graceSeconds: 1 })
  await database?.close()
})

describe(`the job queue on ${testDriver}`, () => {
  let jobs: Jobs
  const attempts = new Map<string, { at: number; retryCount: number; isLastAttempt: boolean }[]>()
  const record = (job: JobContext<object>) => {
    const list = attempts.get(job.id) ?? []
    list.push({ at: Date.now(), retryCount: job.retryCount, isLastAttempt: job.isLastAttempt })
    attempts.set(job.id, list)
  }
  let releaseBlocker: () => void = () => {}
  const blocker = new Promise<void>((resolve) => (releaseBlocker = resolve))
  const aborted: string[] = []

  beforeAll(async () => {
    jobs = jobsOn(database)
    jobs.define<{ failures: number }>(
      'flaky',
      async (job) => {
        record(job)
        if (job.retryCount < job.data.failures) throw new Error(`failure ${job.retryCount + 1}`)
      },
      { retryLimit: 3, retryDelaySeconds: 1 },
    )
    jobs.define(
      'doomed',
      async (job) => {
        record(job)
        throw new Error('the file is not a shapefile')
      },
      { retryLimit: 1, retryDelaySeconds: 1 },
    )
    jobs.define('blocked', async (job) => {
      record(job)
      await blocker
    })
    jobs.define(
      'slow',
      async (job) => {
        record(job)
        if (job.retryCount > 0) return
        // The first attempt outlives its limit: it is told so, and the job is retried.
        await new Promise<void>((resolve) => job.signal.addEventListener('abort', () => resolve()))
        aborted.push(job.id)
      },
      { timeoutSeconds: 2, retryLimit: 1, retryDelaySeconds: 1 },
    )
    jobs.define<{ label: string }>(
      'hopeless',
      async (job) => {
        record(job)
        // Never returns: no handler records the failure, the dead-letter queue's does.
        await new Promise(() => {})
      },
      {
        timeoutSeconds: 2,
        retryLimit: 0,
        onFailure: async (job) => {
          failedForGood.push(job.data.label)
        },
      },
    )
    await jobs.start()
  })
  const failedForGood: string[] = []

  it('hands a job that failed for good, even by its time limit, to its onFailure handler', async () => {
    const id = (await jobs.send('hopeless', { label: 'the hopeless one' }))!
    await waitFor('the failure to be handled', () => failedForGood.length > 0)
    expect(failedForGood).toEqual(['the hopeless one'])
    expect((await jobs.find('hopeless', id))?.state).toBe('failed')
  })

  it('retries a failed job with a growing wait, and completes it', async () => {
    const id = (await jobs.send('flaky', { failures: 2 }))!
    const job = await waitFor('the third attempt to complete', async () => {
      const found = await jobs.find('flaky', id)
      return found?.state === 'completed' ? found : undefined
    })
    expect(job.retryCount).toBe(2)
    const [first, second, third] = attempts.get(id)!
    expect([first!.retryCount, second!.retryCount, third!.retryCount]).toEqual([0, 1, 2])
    // pg-boss waits between delay·2ⁿ/2 and delay·2ⁿ after the n-th failure (delay 1 s).
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000)
    expect(third!.at - second!.at).toBeGreaterThanOrEqual(2000)
  })

  it('fails a job for good after its retries, with the error recorded, and says which attempt is the last', async () => {
    const id = (await jobs.send('doomed', {}))!
    const job = await waitFor('the job to fail', async () => {
      const found = await jobs.find('doomed', id)
      return found?.state === 'failed' ? found : undefined
    })
    expect(job.output).toMatchObject({ message: 'the file is not a shapefile' })
    expect(attempts.get(id)!.map((attempt) => attempt.isLastAttempt)).toEqual([false, true])
  })

  it('aborts an attempt past its time limit and retries the job', async () => {
    const id = (await jobs.send('slow', {}))!
    await waitFor('the retry to complete', async () => (await jobs.find('slow', id))?.state === 'completed')
    expect(aborted).toEqual([id])
    expect(attempts.get(id)!.map((attempt) => attempt.retryCount)).toEqual([0, 1])
  })

  it('counts queued and active jobs per queue', async () => {
    for (let i = 0; i < 3; i++) await jobs.send('blocked', {})
    // One runs at a time in a process: one active, two waiting.
    const depth = await waitFor('one blocked job to be taken', async () => {
      const all = await jobs.depth()
      return all.blocked?.active === 1 ? all : undefined
    })
    expect(depth.blocked).toEqual({ queued: 2, active: 1 })
    expect(depth.flaky).toEqual({ queued: 0, active: 0 })
    releaseBlocker()
    await waitFor('the blocked queue to empty', async () => {
      const { blocked } = await jobs.depth()
      return blocked?.queued === 0 && blocked.active === 0
    })
  })
})

describe(`schedules on ${testDriver}`, () => {
  it('runs a scheduled job once per tick, with two instances on one database', async () => {
    const runs: { instance: string; id: string }[] = []
    const instances = ['A', 'B'].map((instance) => {
      const jobs = jobsOn(database)
      jobs.schedule('tick', { everySeconds: 1 }, async (job) => {
        runs.push({ instance, id: job.id })
      })
      return jobs
    })
    await Promise.all(instances.map((jobs) => jobs.start()))
    await waitFor('five ticks', () => runs.length >= 5)
    await Promise.all(instances.map((jobs) => jobs.stop({ graceSeconds: 5 })))

    // Both instances offered a job every half second; each one-second slot let one in.
    const slots = await queryRows<{ slot: string; jobs: number }>(
      database.db,
      sql`SELECT singleton_on::text AS slot, count(*)::int AS jobs FROM ${sql.identifier(JOBS_SCHEMA)}.job WHERE name = 'tick' GROUP BY 1`,
    )
    expect(slots.length).toBeGreaterThanOrEqual(5)
    expect(slots.every((slot) => slot.jobs === 1)).toBe(true)
    // And each job ran once, on one instance or the other.
    expect(new Set(runs.map((run) => run.id)).size).toBe(runs.length)
  })
})

describe.runIf(testDriver === 'pglite')('a job left running by a crash of the process that holds the embedded database', () => {
  it('resumes at the next start, without waiting for its time limit', async () => {
    const taken: string[] = []
    const crashed = jobsOn(database, 600)
    crashed.define('resumable', async (job) => {
      taken.push(job.id)
      // The "crashed" process never finishes (and never stops: it is gone, as far as the next one knows).
      await new Promise(() => {})
    })
    await crashed.start()
    const id = (await crashed.send('resumable', {}))!
    await waitFor('the job to be taken', () => taken.includes(id))

    const finishedBy: string[] = []
    const next = jobsOn(database, 600)
    next.define('resumable', async (job) => {
      finishedBy.push(job.id)
    })
    await next.start()
    const job = await waitFor('the next process to finish the job', async () => {
      const found = await next.find('resumable', id)
      return found?.state === 'completed' ? found : undefined
    })
    expect(finishedBy).toEqual([id])
    expect(job.retryCount).toBe(1)
  })
})

describe.runIf(testDriver === 'postgres')('a worker killed mid-job', () => {
  let empty: Awaited<ReturnType<typeof createEmptyPostgresDatabase>>
  let other: Database
  beforeAll(async () => {
    empty = await createEmptyPostgresDatabase()
    other = await openDatabase({ databaseUrl: empty!.url })
  })
  afterAll(async () => {
    await other?.close()
    await empty?.drop()
  })

  it('leaves its job to another instance after the time limit', async () => {
    const timeoutSeconds = 3
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/job-worker-process.ts', empty!.url, String(timeoutSeconds)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const exited = new Promise((resolve) => child.once('exit', resolve))
    const jobId = await waitFor('the child to take the job', () => /started (\S+)/.exec(output)?.[1])
    child.kill('SIGKILL')
    await exited

    const finishedBy: string[] = []
    const survivor = jobsOn(other, timeoutSeconds)
    survivor.define(
      'mortal',
      async (job) => {
        finishedBy.push(job.id)
      },
      { retryLimit: 2, retryDelaySeconds: 1 },
    )
    await survivor.start()
    const job = await waitFor('the survivor to finish the job', async () => {
      const found = await survivor.find('mortal', jobId)
      return found?.state === 'completed' ? found : undefined
    })
    expect(finishedBy).toEqual([jobId])
    expect(job.retryCount).toBe(1)
  })
})

describe.runIf(testDriver === 'postgres')('the queue with a schema owner and an app role that owns nothing', () => {
  const suffix = `${process.pid}_${Date.now()}`
  const owner = `dey_jobs_owner_${suffix}`
  const appRole = `dey_jobs_app_${suffix}`
  const name = `dey_jobs_roles_${suffix}`
  const adminUrl = () => process.env.TEST_DATABASE_URL!
  const urlAs = (role: string) => {
    const url = new URL(withDatabaseName(adminUrl(), name))
    url.username = role
    url.password = ''
    return url.toString()
  }
  beforeAll(async () => {
    await withAdminClient(adminUrl(), async (client) => {
      await client.query(`CREATE ROLE ${owner} LOGIN`)
      await client.query(`CREATE ROLE ${appRole} LOGIN`)
      await client.query(`CREATE DATABASE ${name} OWNER ${owner}`)
    })
  })
  afterAll(async () => {
    await dropDatabase(adminUrl(), name)
    await withAdminClient(adminUrl(), async (client) => {
      for (const role of [appRole, owner]) {
        await client.query(`DROP OWNED BY ${role} CASCADE`).catch(() => undefined)
        await client.query(`DROP ROLE IF EXISTS ${role}`)
      }
    })
  })

  it('installs as the owner, then runs jobs and schedules as the app role, which cannot change the schema', async () => {
    const app = await openDatabase({ databaseUrl: urlAs(appRole) })
    try {
      const done: string[] = []
      // Twice, as two servers starting one after the other: the second finds everything installed.
      for (const server of ['first', 'second']) {
        const jobs = createJobs({ database: app, ownerUrl: urlAs(owner), timeoutSeconds: 60, log: silent, pollingIntervalSeconds: 0.5 })
        jobs.define<{ server: string }>('work', async (job) => {
          done.push(job.data.server)
        })
        jobs.schedule('sweep', { everySeconds: 1 }, async () => {})
        await jobs.start()
        try {
          await jobs.send('work', { server })
          await waitFor(`the ${server} server's job`, () => done.includes(server))
          expect(Object.keys(await jobs.depth())).toEqual(expect.arrayContaining(['work', 'sweep']))
        } finally {
          await jobs.stop({ graceSeconds: 5 })
        }
      }
      expect(done).toEqual(['first', 'second'])
      await expect(app.db.execute(sql`CREATE TABLE dey_jobs.planted (id int)`)).rejects.toMatchObject({ cause: { code: '42501' } })
      await expect(app.db.execute(sql`DROP TABLE dey_jobs.job`)).rejects.toMatchObject({ cause: { code: '42501' } })
    } finally {
      await app.close()
    }
  })
})

describe.runIf(testDriver === 'postgres')('servers starting together on a new database', () => {
  it('four instances that create the same queues at once all start, without a deadlock', async () => {
    const empty = (await createEmptyPostgresDatabase())!
    const databases = await Promise.all([1, 2, 3, 4].map(() => openDatabase({ databaseUrl: empty.url })))
    const instances = databases.map((db) => {
      const jobs = createJobs({ database: db, timeoutSeconds: 60, log: silent, pollingIntervalSeconds: 0.5 })
      for (let n = 0; n < 8; n++) jobs.define(`queue-${n}`, async () => {})
      jobs.schedule('sweep', { everySeconds: 60 }, async () => {})
      return jobs
    })
    try {
      const results = await Promise.allSettled(instances.map((jobs) => jobs.start()))
      expect(results.filter((result) => result.status === 'rejected')).toEqual([])
      const queues = await queryRows<{ n: number }>(
        databases[0]!.db,
        sql`SELECT count(*)::int AS n FROM ${sql.identifier(JOBS_SCHEMA)}.queue WHERE name LIKE 'queue-%'`,
      )
      expect(queues[0]!.n).toBe(8)
    } finally {
      await Promise.all(instances.map((jobs) => jobs.stop({ graceSeconds: 1 })))
      await Promise.all(databases.map((db) => db.close()))
      await empty.drop()
    }
  })
})
