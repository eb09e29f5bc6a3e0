import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { inject } from 'vitest'
import { openDatabase, type Database } from '../../db/open.ts'
import { withDatabaseName } from './global-setup.ts'
import { dropDatabase, withAdminClient } from './postgres-admin.ts'

export const testDriver = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite'

export interface TestDatabaseOptions {
  /** Sees every SQL statement the app runs and its parameters (to count or explain queries). */
  onQuery?: (sql: string, params: unknown[]) => void
  /** PostgreSQL only: the pool's statement timeout, size and wait for a connection (db/open.ts). */
  statementTimeoutMs?: number
  poolSize?: number
  acquireTimeoutMs?: number
}

/** A fresh, migrated, empty database of the driver under test; close() disposes of it. */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<Database> {
  const adminUrl = process.env.TEST_DATABASE_URL
  if (adminUrl) {
    const name = `dey_test_${randomBytes(6).toString('hex')}`
    await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`))
    const database = await openDatabase({
      databaseUrl: withDatabaseName(adminUrl, name),
      onQuery: options.onQuery,
      statementTimeoutMs: options.statementTimeoutMs,
      poolSize: options.poolSize,
      acquireTimeoutMs: options.acquireTimeoutMs,
    })
    return {
      ...database,
      close: async () => {
        await database.close()
        await dropDatabase(adminUrl, name)
      },
    }
  }
  const snapshot = new Blob([await readFile(inject('pgliteSnapshotPath'))])
  return openDatabase({ pgliteSnapshot: snapshot, onQuery: options.onQuery })
}

/** A database URL for a child process under test: a new empty PostgreSQL database, or none. */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<unknown> } | undefined> {
  const adminUrl = process.env.TEST_DATABASE_URL
  if (!adminUrl) return undefined
  const name = `dey_empty_${randomBytes(6).toString('hex')}`
  await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`))
  return { url: withDatabaseName(adminUrl, name), drop: () => dropDatabase(adminUrl, name) }
}

/**
 * The embedded database in a folder of its own (a DATA_DIR for command-line tasks), starting as
 * the run's migrated snapshot: seconds faster than creating and migrating it. PGlite runs only.
 */
export async function openMigratedDataDir(pgliteDir: string): Promise<Database> {
  const snapshot = new Blob([await readFile(inject('pgliteSnapshotPath'))])
  return openDatabase({ pgliteDir, pgliteSnapshot: snapshot })
}

/**
 * One fresh migrated database opened `count` times, as several app servers would: on PostgreSQL
 * each opening is a pool of its own; PGlite is one process's database, so all share one instance.
 */
export async function createSharedTestDatabases(count: number): Promise<{ databases: Database[]; close(): Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL
  if (!adminUrl) {
    const database = await createTestDatabase()
    return { databases: Array.from({ length: count }, () => database), close: () => database.close() }
  }
  const name = `dey_test_${randomBytes(6).toString('hex')}`
  await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`))
  const databases = await Promise.all(Array.from({ length: count }, () => openDatabase({ databaseUrl: withDatabaseName(adminUrl, name) })))
  return {
    databases,
    close: async () => {
      for (const database of databases) await database.close()
      await dropDatabase(adminUrl, name)
    },
  }
}
