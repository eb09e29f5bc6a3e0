// The one place that knows which database driver is in use. Everything else receives a `Db`.
import { mkdir } from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { postgis } from '@electric-sql/pglite-postgis'
import { sql, type Logger } from 'drizzle-orm'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import pg from 'pg'
import * as schema from './schema/index.ts'

export type Schema = typeof schema
export type Db = PgDatabase<PgQueryResultHKT, Schema>
export type DriverName = 'pglite' | 'postgres'

export interface DatabaseConfig {
  /** postgres://… to use a PostgreSQL server; absent for the embedded PGlite. */
  databaseUrl?: string | undefined
  /** PGlite data directory; absent for an in-memory database. */
  pgliteDir?: string | undefined
  /** A PGlite data-dir tarball (dumpDataDir) to start from: how tests get a migrated DB fast. */
  pgliteSnapshot?: Blob | undefined
  /** Called with every SQL statement drizzle runs and its parameters: lets tests count and explain queries. */
  onQuery?: ((sql: string, params: unknown[]) => void) | undefined
  /**
   * PostgreSQL: statement_timeout of every pooled connection, in milliseconds; absent or 0: none
   * (command-line tasks, migrations). A statement past it fails with SQLSTATE 57014.
   */
  statementTimeoutMs?: number | undefined
  /** PostgreSQL: pooled connections (10 by default). */
  poolSize?: number | undefined
  /** PostgreSQL: how long a query waits for a free pooled connection before failing (5 s by default). */
  acquireTimeoutMs?: number | undefined
}

export interface Database {
  db: Db
  driver: DriverName
  close(): Promise<void>
  /** The raw PGlite instance, for snapshotting in tests; undefined on PostgreSQL. */
  pglite?: PGlite
  /** PostgreSQL: the pool's connections right now (for /api/metrics); absent on PGlite (one connection). */
  poolStats?: () => PoolStats
}

export interface PoolStats {
  /** Open connections, busy or idle. */
  total: number
  idle: number
  /** Queries waiting for a free connection. */
  waiting: number
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl, config) : openPglite(config)
}

/**
 * PGlite's own 128 MB of shared buffers live in its WebAssembly memory, which never shrinks; its
 * pages are files the operating system caches anyway, so 32 MB serve as well at Dey's sizes and
 * keep the server about 120 MB smaller (README, "Memory").
 */
const PGLITE_SHARED_BUFFERS = '32MB'

async function openPglite(config: DatabaseConfig): Promise<Database> {
  if (config.pgliteDir) await mkdir(config.pgliteDir, { recursive: true })
  const client = await PGlite.create({
    ...(config.pgliteDir ? { dataDir: config.pgliteDir } : {}),
    ...(config.pgliteSnapshot ? { loadDataDir: config.pgliteSnapshot } : {}),
    extensions: { postgis, pg_trgm },
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
  })
  const db = drizzlePglite({ client, schema, casing: 'snake_case', logger: queryLogger(config) }) as unknown as Db
  return { db, driver: 'pglite', pglite: client, close: () => client.close() }
}

async function openPostgres(databaseUrl: string, config: DatabaseConfig): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: config.poolSize ?? 10,
    // On 2 cores the planner's parallel scans and JIT cost more than they save (TECH-NOTES.md).
    options: `-c jit=off -c max_parallel_workers_per_gather=0 -c statement_timeout=${config.statementTimeoutMs ?? 0}`,
    connectionTimeoutMillis: config.acquireTimeoutMs ?? 5000,
  })
  // An idle connection that breaks (server restart, network) must not crash the process: the pool
  // replaces it, and the next query reports any lasting problem.
  pool.on('error', (error) => process.stderr.write(`dey: a database connection was lost: ${error.message}\n`))
  try {
    // Fail at start-up, not on the first request, when the server is unreachable.
    const client = await pool.connect()
    client.release()
  } catch (error) {
    await pool.end()
    throw new DatabaseUnreachableError(databaseUrl, error)
  }
  const db = drizzlePg({ client: pool, schema, casing: 'snake_case', logger: queryLogger(config) }) as unknown as Db
  return {
    db,
    driver: 'postgres',
    close: () => pool.end(),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  }
}

function queryLogger({ onQuery }: DatabaseConfig): Logger | undefined {
  return onQuery ? { logQuery: (query, params) => onQuery(query, params) } : undefined
}

/** pg's pool gave up waiting for a free connection (every one is busy): the server is overloaded. */
export function isPoolExhausted(error: unknown): boolean {
  return error instanceof Error && error.message === 'timeout exceeded when trying to connect'
}

export class DatabaseUnreachableError extends Error {
  constructor(databaseUrl: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message || cause.name : String(cause)
    super(`cannot connect to ${redactUrl(databaseUrl)}: ${reason}`)
    this.name = 'DatabaseUnreachableError'
  }
}

/** A connection string without its password, safe to print. */
export function redactUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl)
    if (url.password) url.password = '***'
    return url.toString()
  } catch {
    return '(unparsable URL)'
  }
}

/** Rows of a raw `db.execute(sql…)`: both drivers return `{ rows }`, typed differently. */
export async function queryRows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] }
  return result.rows
}

export async function postgisVersion(db: Db): Promise<string> {
  const [row] = await queryRows<{ version: string }>(db, sql`SELECT postgis_lib_version() AS version`)
  return row?.version ?? 'unknown'
}

/**
 * For the rest of the transaction `db` is in: no statement time limit. For background work that
 * may take longer than a request should (DEY_STATEMENT_TIMEOUT_MS applies to every connection).
 */
export async function liftStatementTimeout(db: Db): Promise<void> {
  await db.execute(sql`SET LOCAL statement_timeout = 0`)
}
