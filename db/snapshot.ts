// The database held still at one moment, for a backup: the row counts, the audit trail's head and
// the list of evidence read through `frozen.db`, and the dump taken inside `work`, all describe the
// same instant, while the app goes on serving (PostgreSQL) or waits for the dump (PGlite).
import type { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import pg from 'pg'
import { DatabaseUnreachableError, type Database, type Db } from './open.ts'
import * as schema from './schema/index.ts'

export interface FrozenDatabase {
  db: Db
  /** PGlite: its data directory as it is now, a gzip'd tarball (what `loadDataDir` reads back). */
  dumpDataDir?: () => Promise<Blob>
  /** PostgreSQL: the exported snapshot `pg_dump --snapshot` reads, valid until `work` returns. */
  snapshotId?: string
}

export async function withFrozenDatabase<T>(
  database: Database,
  databaseUrl: string | undefined,
  work: (frozen: FrozenDatabase) => Promise<T>,
): Promise<T> {
  const pglite = database.pglite
  if (pglite) {
    // PGlite runs one transaction at a time, and every query of the app runs in one: while this
    // transaction is open nothing else touches the files, so a copy of them is consistent.
    return pglite.transaction(async (tx) => {
      const db = drizzlePglite({ client: tx as unknown as PGlite, schema, casing: 'snake_case' }) as unknown as Db
      return work({
        db,
        dumpDataDir: async () => {
          // Writes the dirty pages, so a restore replays little WAL.
          await tx.exec('CHECKPOINT')
          return pglite.dumpDataDir('gzip')
        },
      })
    })
  }
  if (!databaseUrl) throw new Error('a PostgreSQL database needs its URL to be frozen')
  const client = new pg.Client({ connectionString: databaseUrl })
  try {
    await client.connect()
  } catch (error) {
    throw new DatabaseUnreachableError(databaseUrl, error)
  }
  try {
    // REPEATABLE READ: every read of this transaction sees the snapshot it exports, and so does a
    // pg_dump that imports it, however many writes the app makes meanwhile.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY')
    const { rows } = await client.query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot')
    const db = drizzlePg({ client, schema, casing: 'snake_case' }) as unknown as Db
    const result = await work({ db, snapshotId: rows[0]!.snapshot })
    await client.query('COMMIT')
    return result
  } finally {
    await client.end()
  }
}
