import { sql } from 'drizzle-orm'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrationsFolder } from '../../db/migrate.ts'
import { queryRows, type Database } from '../../db/open.ts'
import { createTestDatabase, testDriver } from '../helpers/test-db.ts'

let database: Database

beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database?.close())

describe(`schema on ${testDriver}`, () => {
  it('applies every committed migration', async () => {
    const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8'))
    const applied = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`)
    expect(journal.entries.length).toBeGreaterThanOrEqual(2)
    expect(applied[0]!.n).toBe(journal.entries.length)
  })

  it('has the PostGIS and pg_trgm extensions', async () => {
    const rows = await queryRows<{ extname: string }>(database.db, sql`SELECT extname FROM pg_extension`)
    expect(rows.map((r) => r.extname)).toEqual(expect.arrayContaining(['postgis', 'pg_trgm']))
  })

  it('stores every geometry in SRID 4326 with a GiST index', async () => {
    const columns = await queryRows<{ table: string; column: string; srid: number; type: string }>(
      database.db,
      sql`SELECT f_table_name AS table, f_geometry_column AS column, srid, type FROM geometry_columns
          WHERE f_table_schema = 'public' ORDER BY 1, 2`,
    )
    const indexes = await queryRows<{ indexdef: string }>(database.db, sql`SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'`)
    expect(columns.map((c) => `${c.table}.${c.column}`)).toEqual([
      'activities.location',
      'admin_areas.boundary',
      'audit_shapes.shape',
      'communities.location',
      'communities.territory',
      'concessions.boundary',
      'concessions.location',
      'evidence.location',
      'incidents.affected_area',
      'incidents.location',
      'intake_reports.location',
      'parcels.boundary',
      'parcels.label_point',
    ])
    for (const c of columns) {
      expect(c.srid, `${c.table}.${c.column}`).toBe(4326)
      // The audit trail's copies of shapes are looked up by digest, never by place.
      if (c.table === 'audit_shapes') continue
      const gist = indexes.filter((i) => i.indexdef.includes(`ON public.${c.table} USING gist (${c.column})`))
      expect(gist, `GiST index on ${c.table}.${c.column}`).toHaveLength(1)
    }
  })

  it('guards every polygon column with CHECK (ST_IsValid)', async () => {
    const polygonColumns = await queryRows<{ table: string; column: string }>(
      database.db,
      sql`SELECT f_table_name AS table, f_geometry_column AS column FROM geometry_columns
          WHERE f_table_schema = 'public' AND type = 'MULTIPOLYGON'
            -- Copies of shapes their own table's CHECK passed: the trail must keep a shape as it
            -- was written, even should a later PostGIS judge it otherwise.
            AND f_table_name <> 'audit_shapes'`,
    )
    const checks = await queryRows<{ table: string; def: string }>(
      database.db,
      sql`SELECT conrelid::regclass::text AS table, pg_get_constraintdef(oid) AS def
          FROM pg_constraint WHERE contype = 'c'`,
    )
    expect(polygonColumns.length).toBe(5)
    for (const { table, column } of polygonColumns) {
      const guarded = checks.some((c) => c.table === table && c.def.includes(`st_isvalid(${column})`))
      expect(guarded, `${table}.${column} has CHECK (ST_IsValid(…))`).toBe(true)
    }
  })
})
