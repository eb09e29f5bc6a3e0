// Upgrading to 0022_program (#19): the yearly targets of earlier releases (a year, an indicator,
// a number) become one-year plans whose rule is their indicator's preset, so no target is lost and
// each still counts what its indicator meant (the strengthened one now as the plan defines it).
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { migrate } from 'drizzle-orm/pglite/migrator'
import type { PgliteDatabase } from 'drizzle-orm/pglite'
import { afterAll, describe, expect, it } from 'vitest'
import { migrationsFolder } from '../../db/migrate.ts'
import { openDatabase, queryRows, type Database } from '../../db/open.ts'
import { TARGET_PRESETS, TargetRule } from '../../shared/targets.ts'
import type { TargetIndicator } from '../../shared/vocabularies.ts'

let database: Database | undefined
let folder: string | undefined

afterAll(async () => {
  await database?.close()
  if (folder) await rm(folder, { recursive: true, force: true })
})

describe('migration 0022_program', () => {
  it('turns every yearly target into a one-year plan with its indicator’s preset rule, keeping its number and label', async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'dey-migrations-'))
    await cp(migrationsFolder, folder, { recursive: true })
    const journalPath = path.join(folder, 'meta/_journal.json')
    const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: { tag: string }[] }
    journal.entries = journal.entries.slice(
      0,
      journal.entries.findIndex((entry) => entry.tag === '0022_program'),
    )
    await writeFile(journalPath, JSON.stringify(journal))

    database = await openDatabase({})
    await migrate(database.db as unknown as PgliteDatabase, { migrationsFolder: folder })
    await database.db.execute(sql`INSERT INTO program_targets (year, indicator, target, label, label_km) VALUES
      (2025, 'new_land_communities', 93, 'New land communities', 'សហគមន៍ដីធ្លីថ្មី'),
      (2025, 'new_womens_groups', 58, 'New women''s groups', NULL),
      (2026, 'communities_strengthened', 152, 'Strengthened', NULL),
      (2026, 'community_plans', 92, 'Plans', NULL)`)
    await migrate(database.db as unknown as PgliteDatabase, { migrationsFolder })

    const rows = await queryRows<{
      label: string
      label_km: string | null
      plan_start_year: number
      plan_end_year: number
      baseline: number
      target: number
      pace: string
      milestones: unknown
      rule: unknown
    }>(
      database.db,
      sql`SELECT label, label_km, plan_start_year, plan_end_year, baseline, target, pace, milestones, rule FROM program_targets ORDER BY target DESC`,
    )
    const presetOf = (indicator: TargetIndicator) => TARGET_PRESETS[indicator].rule
    expect(rows).toEqual([
      {
        label: 'Strengthened',
        label_km: null,
        plan_start_year: 2026,
        plan_end_year: 2026,
        baseline: 0,
        target: 152,
        pace: 'linear',
        milestones: [],
        rule: presetOf('communities_strengthened'),
      },
      {
        label: 'New land communities',
        label_km: 'សហគមន៍ដីធ្លីថ្មី',
        plan_start_year: 2025,
        plan_end_year: 2025,
        baseline: 0,
        target: 93,
        pace: 'linear',
        milestones: [],
        rule: presetOf('new_land_communities'),
      },
      {
        label: 'Plans',
        label_km: null,
        plan_start_year: 2026,
        plan_end_year: 2026,
        baseline: 0,
        target: 92,
        pace: 'linear',
        milestones: [],
        rule: presetOf('community_plans'),
      },
      {
        label: "New women's groups",
        label_km: null,
        plan_start_year: 2025,
        plan_end_year: 2025,
        baseline: 0,
        target: 58,
        pace: 'linear',
        milestones: [],
        rule: presetOf('new_womens_groups'),
      },
    ])
    for (const row of rows) expect(TargetRule.parse(row.rule)).toEqual(row.rule)
  })
})
