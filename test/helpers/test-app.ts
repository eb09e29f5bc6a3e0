import type { FastifyInstance, InjectOptions } from 'fastify'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pino from 'pino'
import type { Locker } from '@tus/server'
import type { BlobStore } from '../../server/lib/blob-store.ts'
import { createLocalBlobStore } from '../../server/lib/local-blob-store.ts'
import { users, userCommunities } from '../../db/schema/index.ts'
import { buildApp, type AppOptions } from '../../server/app.ts'
import { createLogger } from '../../server/logger.ts'
import { sql } from 'drizzle-orm'
import { queryRows, type Database, type Db } from '../../db/open.ts'
import { RETENTION_SWEEP } from '../../server/features/dossiers/dossier.jobs.ts'
import { JOBS_SCHEMA } from '../../server/lib/jobs.ts'
import { hashPassword, TEST_ONLY_PARAMS } from '../../server/lib/passwords.ts'
import type { UserRole } from '../../shared/vocabularies.ts'
import { createTestDatabase, type TestDatabaseOptions } from './test-db.ts'

export const TEST_PASSWORD = 'correct horse battery staple'
let passwordHash: Promise<string> | undefined

export interface SignedIn {
  userId: string
  /** Headers that carry this user's session cookie. */
  headers: { cookie: string }
}

export interface TestApp {
  /** Where this app's evidence blobs are stored (a temporary folder). */
  evidenceDir: string
  /** The real app; its `inject` signs requests in as an admin unless they send their own cookie (or `anonymous`). */
  app: FastifyInstance
  db: Db
  database: Database
  /** Creates a user with the role (and communities) and signs them in. */
  signIn(role: UserRole, options?: { communityIds?: string[]; email?: string }): Promise<SignedIn>
  /**
   * Resolves once the background work the app queues at start-up (the sweep of expired exports)
   * has run: tests that count a request's SQL statements wait for it first.
   */
  startupJobsDone(): Promise<void>
  close(): Promise<void>
}

/** The real app over a fresh migrated database; call close() in afterAll. */
export async function createTestApp(
  options: TestDatabaseOptions &
    Pick<
      AppOptions,
      | 'security'
      | 'trustProxy'
      | 'exports'
      | 'auditCheckpoints'
      | 'tileCacheMB'
      | 'geometryRules'
      | 'clientDir'
      | 'map'
      | 'now'
      | 'metrics'
      | 'intake'
    > & {
      maxUploadBytes?: number
      /** The production logger writes here (at info level) instead of the quiet error-only one. */
      logTo?: { write(line: string): void }
      /** Where evidence is stored (a new temporary folder by default; the caller removes its own). */
      evidenceDir?: string
      /** Another blob store (an S3 store on s3rver); evidenceDir then holds only resumable uploads. */
      evidenceStore?: BlobStore
      /** Locks on resumable uploads shared with other app instances (PostgreSQL). */
      tusLocker?: Locker
      /**
       * A database another app instance uses too (createSharedTestDatabases): several app servers
       * over one database. The caller closes it.
       */
      database?: Database
    } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase(options))
  // Test users of apps sharing a database need logins of their own.
  const loginTag = options.database ? `-${crypto.randomUUID().slice(0, 8)}` : ''
  const evidenceDir = options.evidenceDir ?? (await mkdtemp(path.join(os.tmpdir(), 'dey-evidence-')))
  // Only unexpected errors (500s) are logged, so a failing test shows their cause.
  const app = await buildApp({
    database,
    logger: options.logTo ? createLogger({ logLevel: 'info' }, options.logTo) : pino({ level: 'error' }),
    clientDir: options.clientDir ?? '/nonexistent',
    evidence: {
      store: options.evidenceStore ?? createLocalBlobStore(evidenceDir),
      maxUploadBytes: options.maxUploadBytes ?? 5 * 1024 * 1024,
      uploadsDir: path.join(evidenceDir, 'uploads'),
      tusLocker: options.tusLocker,
    },
    security: { loginRateLimit: 1000, ...options.security },
    trustProxy: options.trustProxy,
    exports: options.exports,
    auditCheckpoints: options.auditCheckpoints,
    tileCacheMB: options.tileCacheMB,
    geometryRules: options.geometryRules,
    map: options.map,
    now: options.now,
    metrics: options.metrics,
    intake: options.intake,
  })
  await app.ready()

  let count = 0
  const signIn: TestApp['signIn'] = async (role, { communityIds = [], email } = {}) => {
    count++
    passwordHash ??= hashPassword(TEST_PASSWORD, TEST_ONLY_PARAMS)
    const login = email ?? `${role.replace('_', '-')}-${count}${loginTag}@test.dey`
    const [user] = await database.db
      .insert(users)
      .values({ email: login, displayName: `Test ${role} ${count}`, role, passwordHash: await passwordHash })
      .returning({ id: users.id })
    if (communityIds.length)
      await database.db.insert(userCommunities).values(communityIds.map((communityId) => ({ userId: user!.id, communityId })))
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login, password: TEST_PASSWORD } })
    if (res.statusCode !== 200) throw new Error(`test sign-in as ${role} failed: ${res.statusCode} ${res.body}`)
    const cookie = res.cookies.find((c) => c.name === 'dey_session')!
    return { userId: user!.id, headers: { cookie: `dey_session=${cookie.value}` } }
  }

  const admin = await signIn('admin')
  const inject = app.inject.bind(app)
  // Most tests are about behaviour, not access: they act as an admin. Access tests pass their
  // own session headers, or `headers: { cookie: '' }` for an anonymous request.
  const injectAsAdmin = ((opts: InjectOptions | string) => {
    const request = typeof opts === 'string' ? { url: opts } : opts
    const headers = (request.headers ?? {}) as Record<string, string>
    return inject({ ...request, headers: 'cookie' in headers ? headers : { ...headers, cookie: admin.headers.cookie } })
  }) as FastifyInstance['inject']
  Object.defineProperty(app, 'inject', { value: injectAsAdmin })

  return {
    app,
    evidenceDir,
    db: database.db,
    database,
    signIn,
    startupJobsDone: async () => {
      const deadline = Date.now() + 120_000
      for (;;) {
        const [row] = await queryRows<{ n: number }>(
          database.db,
          sql`SELECT count(*)::int AS n FROM ${sql.identifier(JOBS_SCHEMA)}.job WHERE name = ${RETENTION_SWEEP} AND state = 'completed'`,
        )
        if (row!.n > 0) return
        if (Date.now() > deadline) throw new Error('the start-up sweep of expired exports never ran')
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    },
    close: async () => {
      await app.close()
      if (!options.database) await database.close()
      if (!options.evidenceDir) await rm(evidenceDir, { recursive: true, force: true })
    },
  }
}
