// /api/stats answers from a cache while no table it reads has changed (stats.service.ts). The
// versions that key it live in the database, so a write made elsewhere — another server process,
// a script, psql — shows in the next answer as surely as one made through this app.
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Stats } from '../../shared/stats.ts'
import { STATS_TABLES } from '../../server/features/stats/stats.service.ts'
import { makeCaseAbout } from '../helpers/stats-factories.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'
import { queryRows } from '../../db/open.ts'
import { versionsOf } from '../../server/lib/table-versions.ts'

let t: TestApp

const statsFor = async (query = ''): Promise<Stats> => {
  const res = await t.app.inject({ url: `/api/stats${query}` })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t?.close())

describe(`the statistics cache, ${testDriver}`, () => {
  it('counts every table it reads among those whose writes bump a version', async () => {
    const triggered = await queryRows<{ table: string }>(
      t.db,
      sql`SELECT event_object_table AS "table" FROM information_schema.triggers WHERE action_statement LIKE '%dey_bump_table_version%'`,
    )
    const versioned = new Set(triggered.map((row) => row.table))
    expect(STATS_TABLES.filter((table) => !versioned.has(table))).toEqual([])
  })

  it('does not change its own key by answering: with nothing written, the next answer can come from the cache', async () => {
    await statsFor()
    const before = await versionsOf(t.db, STATS_TABLES)
    await statsFor()
    await statsFor()
    expect(await versionsOf(t.db, STATS_TABLES)).toEqual(before)
  })

  it('gives the same answer twice, and a new one after a write made outside the app', async () => {
    const community = await makeCommunity(t.db, { province: 'Kratie' })
    const first = await statsFor()
    expect(await statsFor()).toMatchObject({ incidents: first.incidents, communities: first.communities, cases: first.cases })

    await t.db.execute(sql`UPDATE communities SET status = 'inactive' WHERE id = ${community.id}`)
    const afterCommunity = await statsFor()
    expect(afterCommunity.communities.byStatus.find((tally) => tally.key === 'inactive')?.count).toBe(
      (first.communities.byStatus.find((tally) => tally.key === 'inactive')?.count ?? 0) + 1,
    )

    const legalCase = await makeCaseAbout(t.db, 'hearing', [])
    expect((await statsFor()).cases.total).toBe(first.cases.total + 1)
    await t.db.execute(sql`UPDATE legal_cases SET deleted_at = now() WHERE id = ${legalCase.id}`)
    expect((await statsFor()).cases.total).toBe(first.cases.total)

    const year = (await statsFor()).period.targetYear
    const rule = JSON.stringify({ count: 'activities', activityKinds: [], activityTopics: [] })
    await t.db.execute(
      sql`INSERT INTO program_targets (plan_start_year, plan_end_year, target, label, rule) VALUES (${year}, ${year}, 7, 'Plans', ${rule}::jsonb)`,
    )
    expect((await statsFor()).targets?.map((target) => target.target)).toContain(7)
    await t.db.execute(sql`UPDATE program_targets SET target = 9 WHERE plan_start_year = ${year}`)
    expect((await statsFor()).targets?.map((target) => target.target)).toContain(9)
  })

  it('keeps a separate answer per question and per viewer', async () => {
    const all = await statsFor()
    const kratie = await statsFor('?province=Kratie')
    expect(kratie.period.province).toBe('Kratie')
    expect(kratie.communities.total).toBeLessThanOrEqual(all.communities.total)
    const community = await makeCommunity(t.db, { province: 'Kratie' })
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/incidents',
      payload: {
        title: 'Witness threatened',
        kind: 'intimidation',
        severity: 'high',
        occurredAt: '2026-10-03T08:30:00+07:00',
        province: 'Kratie',
        communityId: community.id,
        isConfidential: true,
        location: { type: 'Point', coordinates: [106.0, 12.5] },
      },
    })
    expect(created.statusCode, created.body).toBe(201)
    const adminTotal = (await statsFor()).incidents.total
    const advocate = await t.signIn('advocate')
    const seen = await t.app.inject({ url: '/api/stats', headers: advocate.headers })
    expect(seen.statusCode, seen.body).toBe(200)
    // The advocate's answer leaves the confidential incident out, whatever the admin was just told.
    expect(seen.json().incidents.total).toBe(adminTotal - 1)
    expect((await statsFor()).incidents.total).toBe(adminTotal)
  })

  it('says its land figures hold as of now when nothing was waiting to be counted', async () => {
    await statsFor()
    const startedAt = Date.now()
    const again = await statsFor()
    expect(Date.parse(again.period.landAsOf)).toBeGreaterThanOrEqual(startedAt - 1000)
  })
})
