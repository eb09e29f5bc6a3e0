import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import type { PgliteDatabase } from 'drizzle-orm/pglite'
import { currentRole, grantAppRole } from './app-role.ts'
import { openDatabase, type Database } from './open.ts'

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')

/**
 * Applies the committed drizzle-kit migrations; already-applied ones are skipped. With `ownerUrl`
 * (PostgreSQL), the schema's owner applies them and then grants the role of `database` what the
 * app needs, and no more (db/app-role.ts).
 */
export async function migrateDatabase(database: Database, options: { ownerUrl?: string | undefined } = {}): Promise<void> {
  if (options.ownerUrl) {
    const owner = await openDatabase({ databaseUrl: options.ownerUrl })
    try {
      await migrateDatabase(owner)
      await grantAppRole(owner.db, await currentRole(database.db))
    } finally {
      await owner.close()
    }
    return
  }
  if (database.driver === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder })
  } else {
    // Several app servers starting together each try to migrate: one transaction-scoped advisory
    // lock lets the first apply everything while the others wait, then find nothing left to do.
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`)
      await migratePg(tx as unknown as NodePgDatabase, { migrationsFolder })
    })
  }
}

/**
 * Runs a server's start-up work on the database (migrations, reference data, the demo data) while
 * holding a session advisory lock on PostgreSQL: servers started together on a new database take
 * turns, and the later ones find everything done instead of loading the demo data twice.
 */
export async function withStartupLock<T>(database: Database, work: () => Promise<T>): Promise<T> {
  if (database.driver !== 'postgres') return work()
  // A connection of its own, not the pool's: the work needs the pool meanwhile.
  const pool = (database.db as unknown as { $client: pg.Pool }).$client
  const client = new pg.Client(pool.options)
  await client.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK_KEY])
    return await work()
  } finally {
    // Ending the session releases its lock.
    await client.end()
  }
}

/** "dey-st" as ASCII; any fixed number other than the migration lock's. */
const STARTUP_LOCK_KEY = 0x6465792d7374

/** Any fixed 64-bit number, the same in every server process: "dey-mi" as ASCII. */
const MIGRATION_LOCK_KEY = 0x6465792d6d69
