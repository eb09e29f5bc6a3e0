// The databases and the app the map benchmark measures: a scratch PostgreSQL database (created and
// dropped by the run) or a PGlite data folder in a temporary directory, migrated, with the admin
// areas, and the real app built in-process over it, signed in as an admin.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import pino from 'pino'
import { loadAdminAreas } from '../../../db/admin-areas/load-admin-areas.ts'
import { migrateDatabase } from '../../../db/migrate.ts'
import { openDatabase, type Database, type DriverName } from '../../../db/open.ts'
import { users } from '../../../db/schema/index.ts'
import { buildApp, type App } from '../../../server/app.ts'
import { createLocalBlobStore } from '../../../server/lib/local-blob-store.ts'
import { hashPassword } from '../../../server/lib/passwords.ts'

export const BENCH_LOGIN = 'bench-map@dey.local'
export const BENCH_PASSWORD = 'benchmark password'

export interface BenchDatabase {
  engine: DriverName
  /** The scratch database's URL (PostgreSQL only): for the bare SQL baseline and a started server. */
  url?: string
  /** A PGlite data folder (PGlite only). */
  dataDir?: string
  database: Database
  /** Closes the database and removes it (drops the scratch database, deletes the folder). */
  dispose(): Promise<void>
}

/**
 * A fresh migrated database with the admin areas. `statementTimeoutS` caps every statement of the
 * scratch PostgreSQL database (so a 3-minute /api/stats of today's code answers an error instead
 * of holding the run); PGlite has no such cap.
 */
export async function createBenchDatabase(
  engine: DriverName,
  options: { adminUrl: string; namePrefix: string; statementTimeoutS: number },
): Promise<BenchDatabase> {
  if (engine === 'postgres') {
    const name = `${options.namePrefix}${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: options.adminUrl })
    await admin.connect()
    try {
      await admin.query(`CREATE DATABASE ${name}`)
      await admin.query(`ALTER DATABASE ${name} SET statement_timeout = '${options.statementTimeoutS}s'`)
    } finally {
      await admin.end()
    }
    const url = new URL(options.adminUrl)
    url.pathname = `/${name}`
    const database = await openDatabase({ databaseUrl: url.toString() })
    const dispose = async () => {
      await database.close()
      const client = new pg.Client({ connectionString: options.adminUrl })
      await client.connect()
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await client.end()
    }
    try {
      await prepareSchema(database)
    } catch (error) {
      await dispose()
      throw error
    }
    return { engine, url: url.toString(), database, dispose }
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'dey-bench-map-'))
  const database = await openDatabase({ pgliteDir: dataDir })
  const dispose = async () => {
    await database.close()
    await rm(dataDir, { recursive: true, force: true })
  }
  try {
    await prepareSchema(database)
  } catch (error) {
    await dispose()
    throw error
  }
  return { engine, dataDir, database, dispose }
}

async function prepareSchema(database: Database) {
  await migrateDatabase(database)
  await loadAdminAreas(database.db)
  await database.db
    .insert(users)
    .values({ email: BENCH_LOGIN, displayName: 'Map benchmark', role: 'admin', passwordHash: await hashPassword(BENCH_PASSWORD) })
}

export interface BenchApp {
  app: App
  /** The admin's session cookie header. */
  cookie: string
  close(): Promise<void>
}

/** The real app in-process (as the tests build it), and an admin's session. */
export async function startBenchApp(database: Database): Promise<BenchApp> {
  const evidenceDir = await mkdtemp(path.join(os.tmpdir(), 'dey-bench-map-evidence-'))
  const app = await buildApp({
    database,
    // Errors show in the table as "HTTP 500"; their stack traces would bury it.
    logger: pino({ level: 'fatal' }),
    clientDir: '/nonexistent',
    evidence: { store: createLocalBlobStore(evidenceDir), maxUploadBytes: 1024 ** 2, uploadsDir: path.join(evidenceDir, 'uploads') },
    // The bench signs in once; the limit only matters if it is run many times in a minute.
    security: { loginRateLimit: 1000 },
  })
  await app.ready()
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: BENCH_LOGIN, password: BENCH_PASSWORD } })
  const session = login.cookies.find((c) => c.name === 'dey_session')
  if (!session) throw new Error(`the bench could not sign in: ${login.statusCode} ${login.body.slice(0, 200)}`)
  return {
    app,
    cookie: `dey_session=${session.value}`,
    close: async () => {
      await app.close()
      await rm(evidenceDir, { recursive: true, force: true })
    },
  }
}
