// Several app servers start together against one new PostgreSQL database: each runs the
// migrations, and all of them must succeed (one applies, the others wait and find nothing to do).
import { afterAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { migrateDatabase } from '../../db/migrate.ts'
import { openDatabase, queryRows, type Database } from '../../db/open.ts'
import { dropDatabase, withAdminClient } from '../helpers/postgres-admin.ts'

const adminUrl = process.env.TEST_DATABASE_URL

describe.skipIf(!adminUrl)('migrations on PostgreSQL', () => {
  const name = `dey_migrate_lock_${process.pid}`
  const opened: Database[] = []
  afterAll(async () => {
    await Promise.all(opened.map((database) => database.close()))
    await dropDatabase(adminUrl!, name)
  })

  it('four servers migrating one empty database at once all succeed, and each migration is applied once', async () => {
    await withAdminClient(adminUrl!, (client) => client.query(`CREATE DATABASE ${name}`))
    const url = new URL(adminUrl!)
    url.pathname = `/${name}`
    for (let i = 0; i < 4; i++) opened.push(await openDatabase({ databaseUrl: url.toString() }))

    const results = await Promise.allSettled(opened.map((database) => migrateDatabase(database)))

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'])
    const rows = await queryRows<{ hash: string; n: number }>(
      opened[0]!.db,
      sql`SELECT hash, count(*)::int AS n FROM drizzle.__drizzle_migrations GROUP BY hash`,
    )
    expect(rows.length).toBeGreaterThan(19)
    expect(rows.every((row) => row.n === 1)).toBe(true)
  })
})
