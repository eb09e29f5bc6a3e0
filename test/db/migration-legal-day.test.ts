// Upgrading databases made by earlier releases. Drizzle's migrator runs only the migrations whose
// journal time is later than the latest one applied, so a migration dated before an earlier one
// is silently skipped on every existing database: 0018 was, after 0017's future date.
// Then #16: the free-text lead lawyers that name exactly one active legal or admin account become
// that account on the case team (and leave lead_lawyer); the others stay, for staff to resolve.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { migrate } from 'drizzle-orm/pglite/migrator'
import type { PgliteDatabase } from 'drizzle-orm/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrationsFolder } from '../../db/migrate.ts'
import { openDatabase, queryRows, type Database } from '../../db/open.ts'

const LEGAL_DAY_MIGRATION = '0019_legal_day'

let database: Database
let folder: string

interface Journal {
  entries: { tag: string; when: number }[]
}

const readJournal = async (folder: string) => JSON.parse(await readFile(path.join(folder, 'meta/_journal.json'), 'utf8')) as Journal

/** A copy of the migrations that stops just before `tag`, with journal times changed as given. */
async function migrationsBefore(tag: string, when: Record<string, number> = {}): Promise<string> {
  const copy = await mkdtemp(path.join(tmpdir(), 'dey-migrations-'))
  await cp(migrationsFolder, copy, { recursive: true })
  const journal = await readJournal(copy)
  const index = journal.entries.findIndex((entry) => entry.tag === tag)
  expect(index).toBeGreaterThan(0)
  journal.entries = journal.entries.slice(0, index).map((entry) => ({ ...entry, when: when[entry.tag] ?? entry.when }))
  await writeFile(path.join(copy, 'meta/_journal.json'), JSON.stringify(journal))
  return copy
}

/** A new embedded database migrated with `folder`'s migrations, then with the committed ones. */
async function upgradedFrom(folder: string): Promise<Database> {
  const upgraded = await openDatabase({})
  await migrate(upgraded.db as unknown as PgliteDatabase, { migrationsFolder: folder })
  await migrate(upgraded.db as unknown as PgliteDatabase, { migrationsFolder })
  return upgraded
}

async function tableExists(db: Database['db'], table: string): Promise<boolean> {
  const [row] = await queryRows<{ found: boolean }>(db, sql`SELECT to_regclass(${table}) IS NOT NULL AS found`)
  return row!.found
}

describe('the migrations journal', () => {
  it('dates every migration after the one before it, so that each runs on existing databases', async () => {
    const { entries } = await readJournal(migrationsFolder)
    const late = entries.filter((entry, index) => index > 0 && entry.when <= entries[index - 1]!.when).map((entry) => entry.tag)
    expect(late).toEqual([])
  })

  it('brings a database from before 0018 up to date, with the membership trail and the case teams', async () => {
    const folder18 = await migrationsBefore('0018_audit_memberships')
    const upgraded = await upgradedFrom(folder18)
    try {
      expect(await tableExists(upgraded.db, 'audit_pending_memberships')).toBe(true)
      expect(await tableExists(upgraded.db, 'case_team')).toBe(true)
    } finally {
      await upgraded.close()
      await rm(folder18, { recursive: true, force: true })
    }
  }, 300_000)

  it('runs 0018 again, harmlessly, where it was applied under its first journal time', async () => {
    // The state of a database created by the release that shipped 0018 dated before 0017.
    const folder19 = await migrationsBefore(LEGAL_DAY_MIGRATION, { '0018_audit_memberships': 1796541546283 })
    const upgraded = await upgradedFrom(folder19)
    try {
      const [row] = await queryRows<{ n: number }>(
        upgraded.db,
        sql`SELECT count(*)::int AS n FROM pg_trigger WHERE tgname IN ('audit_pending_memberships_flush', 'user_communities_audit')`,
      )
      expect(row!.n).toBe(2)
      expect(await tableExists(upgraded.db, 'case_team')).toBe(true)
    } finally {
      await upgraded.close()
      await rm(folder19, { recursive: true, force: true })
    }
  }, 300_000)
})

beforeAll(async () => {
  database = await openDatabase({})
  folder = await migrationsBefore(LEGAL_DAY_MIGRATION)
  await migrate(database.db as unknown as PgliteDatabase, { migrationsFolder: folder })
  await database.db.execute(sql`
    INSERT INTO users (id, email, display_name, role, password_hash) VALUES
      ('00000000-0000-4000-8000-000000000001', 'sokha@example.org', 'Sokha Chan', 'legal', 'x'),
      ('00000000-0000-4000-8000-000000000002', 'dara1@example.org', 'Dara Keo', 'legal', 'x'),
      ('00000000-0000-4000-8000-000000000003', 'dara2@example.org', 'Dara Keo', 'admin', 'x'),
      ('00000000-0000-4000-8000-000000000004', 'vanna@example.org', 'Vanna Lim', 'advocate', 'x')`)
  await database.db.execute(sql`
    INSERT INTO legal_cases (id, reference, title, kind, lead_lawyer) VALUES
      ('10000000-0000-4000-8000-000000000001', 'CASE-2025-0001', 'Matched', 'court_civil', '  sokha CHAN '),
      ('10000000-0000-4000-8000-000000000002', 'CASE-2025-0002', 'Two accounts with that name', 'court_civil', 'Dara Keo'),
      ('10000000-0000-4000-8000-000000000003', 'CASE-2025-0003', 'An advocate, not a lawyer', 'court_civil', 'Vanna Lim'),
      ('10000000-0000-4000-8000-000000000004', 'CASE-2025-0004', 'Outside counsel', 'court_civil', 'Me Bopha (CLEC)')`)
  await migrate(database.db as unknown as PgliteDatabase, { migrationsFolder })
}, 300_000)

afterAll(async () => {
  await database?.close()
  if (folder) await rm(folder, { recursive: true, force: true })
})

describe('the legal-day migration', () => {
  it('makes the one matching legal account the lead, and clears only that name', async () => {
    const rows = await queryRows<{ reference: string; lead_lawyer: string | null; lead: string | null }>(
      database.db,
      sql`SELECT c.reference, c.lead_lawyer,
            (SELECT u.email FROM case_team t JOIN users u ON u.id = t.user_id WHERE t.case_id = c.id AND t.role = 'lead') AS lead
          FROM legal_cases c ORDER BY c.reference`,
    )
    expect(rows).toEqual([
      { reference: 'CASE-2025-0001', lead_lawyer: null, lead: 'sokha@example.org' },
      { reference: 'CASE-2025-0002', lead_lawyer: 'Dara Keo', lead: null },
      { reference: 'CASE-2025-0003', lead_lawyer: 'Vanna Lim', lead: null },
      { reference: 'CASE-2025-0004', lead_lawyer: 'Me Bopha (CLEC)', lead: null },
    ])
  })

  it('keeps the cleared name in the audit trail', async () => {
    const [entry] = await queryRows<{ changes: { before?: { lead_lawyer?: string } } }>(
      database.db,
      sql`SELECT changes FROM audit_log WHERE entity = 'legal_cases' AND entity_id = '10000000-0000-4000-8000-000000000001'
          AND action = 'update' ORDER BY id DESC LIMIT 1`,
    )
    expect(entry?.changes.before?.lead_lawyer).toBe('  sokha CHAN ')
  })
})
