import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows, type Database, type Db } from '../../db/open.ts'
import { generateDemoData, loadDemoData, type DemoSummary } from '../../db/seed/index.ts'
import { COMMUNITY_KINDS, INCIDENT_STATUSES } from '../../shared/vocabularies.ts'
import { createTestDatabase, testDriver } from '../helpers/test-db.ts'

const now = new Date('2026-11-28T09:30:00Z')
let first: Database
let second: Database
let summary: DemoSummary

beforeAll(async () => {
  ;[first, second] = await Promise.all([createTestDatabase(), createTestDatabase()])
  summary = await loadDemoData(first.db, now)
  await loadDemoData(second.db, new Date('2026-11-28T23:59:00Z'))
})
afterAll(() => Promise.all([first?.close(), second?.close()]))

const one = async <T>(db: Db, query: ReturnType<typeof sql>) => (await queryRows<T>(db, query))[0]!

/** A digest of every table's content, without the insert timestamps the database sets. */
async function contentDigest(db: Db): Promise<Record<string, string>> {
  const tables = Object.keys(summary).map((name) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`))
  const digest: Record<string, string> = {}
  for (const table of tables) {
    const row = await one<{ md5: string }>(
      db,
      sql.raw(`SELECT md5(coalesce(string_agg(r, '|' ORDER BY r), '')) AS md5 FROM (
        SELECT (to_jsonb(t) - 'created_at' - 'updated_at')::text AS r FROM ${table} t) rows`),
    )
    digest[table] = row.md5
  }
  return digest
}

describe(`demo data on ${testDriver}`, () => {
  it('is generated identically for the same day', () => {
    expect(generateDemoData(now)).toEqual(generateDemoData(new Date('2026-11-28T00:00:01Z')))
  })

  it('loads identically twice, table by table', async () => {
    const [a, b] = await Promise.all([contentDigest(first.db), contentDigest(second.db)])
    expect(Object.keys(a)).toContain('legal_cases')
    expect(a).toEqual(b)
  })

  it('has the communities the brief asks for', async () => {
    const row = await one<{ n: number; kinds: string[]; provinces: number; withKm: number }>(
      first.db,
      sql`SELECT count(*)::int AS n, array_agg(DISTINCT kind::text) AS kinds,
        count(DISTINCT province)::int AS provinces, count(name_km)::int AS "withKm" FROM communities`,
    )
    expect(row.n).toBeGreaterThanOrEqual(24)
    expect(row.kinds.sort()).toEqual([...COMMUNITY_KINDS].sort())
    expect(row.provinces).toBeGreaterThanOrEqual(8)
    expect(row.withKm).toBe(row.n)
    expect(summary.communities).toBe(row.n)
  })

  it('has parcels, concessions and incidents in the numbers asked for', async () => {
    const row = await one<{
      parcels: number
      concessions: number
      incidents: number
      kinds: number
      statuses: string[]
      confidential: number
    }>(
      first.db,
      sql`SELECT (SELECT count(*)::int FROM parcels) AS parcels,
        (SELECT count(*)::int FROM concessions) AS concessions,
        (SELECT count(*)::int FROM incidents) AS incidents,
        (SELECT count(DISTINCT kind)::int FROM incidents) AS kinds,
        (SELECT array_agg(DISTINCT status::text) FROM incidents) AS statuses,
        (SELECT count(*)::int FROM incidents WHERE is_confidential) AS confidential`,
    )
    expect(row.parcels).toBeGreaterThanOrEqual(150)
    expect(row.concessions).toBe(4)
    expect(row.incidents).toBeGreaterThanOrEqual(40)
    expect(row.kinds).toBeGreaterThanOrEqual(6)
    expect(row.statuses.sort()).toEqual([...INCIDENT_STATUSES].sort())
    expect(row.confidential).toBeGreaterThan(0)
  })

  it('gives every verified, ongoing or resolved incident a verification time', async () => {
    const row = await one<{ missing: number; triaged: number }>(
      first.db,
      sql`SELECT count(*) FILTER (WHERE verified_at IS NULL)::int AS missing, count(*)::int AS triaged
          FROM incidents WHERE status IN ('verified', 'ongoing', 'resolved')`,
    )
    expect(row.triaged).toBeGreaterThan(0)
    expect(row.missing).toBe(0)
  })

  it('spreads incidents over the two years before today', async () => {
    const row = await one<{ oldest: string; newest: string }>(
      first.db,
      sql`SELECT min(occurred_at)::text AS oldest, max(occurred_at)::text AS newest FROM incidents`,
    )
    expect(new Date(row.oldest).getTime()).toBeGreaterThanOrEqual(now.getTime() - 2 * 366 * 86_400_000)
    expect(new Date(row.newest).getTime()).toBeLessThanOrEqual(now.getTime())
  })

  it('has six legal cases with past and upcoming events and linked parties', async () => {
    const cases = await queryRows<{ reference: string; stage: string; past: number; upcoming: number; links: number }>(
      first.db,
      sql`SELECT c.reference, c.stage::text,
        (SELECT count(*)::int FROM case_events e WHERE e.case_id = c.id AND e.starts_at < ${now.toISOString()}::timestamptz) AS past,
        (SELECT count(*)::int FROM case_events e WHERE e.case_id = c.id AND e.starts_at >= ${now.toISOString()}::timestamptz
           AND e.kind IN ('hearing', 'deadline')) AS upcoming,
        (SELECT count(*)::int FROM case_people p WHERE p.case_id = c.id)
          + (SELECT count(*)::int FROM case_communities p WHERE p.case_id = c.id)
          + (SELECT count(*)::int FROM case_incidents p WHERE p.case_id = c.id) AS links
        FROM legal_cases c ORDER BY c.reference`,
    )
    expect(cases).toHaveLength(6)
    expect(new Set(cases.map((c) => c.stage)).size).toBeGreaterThanOrEqual(5)
    for (const c of cases) {
      expect(c.reference).toMatch(/^CASE-\d{4}-\d{4}$/)
      expect(c.past, c.reference).toBeGreaterThan(0)
      expect(c.links, c.reference).toBeGreaterThanOrEqual(3)
    }
    expect(cases.filter((c) => c.upcoming > 0).length).toBeGreaterThanOrEqual(3)
  })

  it('shows at least two concessions overlapping community land (ST_Intersects)', async () => {
    const row = await one<{ pairs: number }>(
      first.db,
      sql`SELECT count(*)::int AS pairs FROM concessions c JOIN communities m
          ON ST_Intersects(c.boundary, m.territory)`,
    )
    expect(row.pairs).toBeGreaterThanOrEqual(2)
  })

  it('has the program targets from DOMAIN.md for this year', async () => {
    const targets = await queryRows<{ indicator: string; target: number }>(
      first.db,
      sql`SELECT indicator::text, target FROM program_targets WHERE year = 2026 ORDER BY indicator`,
    )
    expect(Object.fromEntries(targets.map((t) => [t.indicator, t.target]))).toEqual({
      new_land_communities: 93,
      new_womens_groups: 58,
      communities_strengthened: 152,
      community_plans: 92,
    })
  })

  it('marks some people confidential and every person as fictional', async () => {
    const row = await one<{ confidential: number; total: number; markedDemo: number }>(
      first.db,
      sql`SELECT count(*) FILTER (WHERE is_confidential)::int AS confidential, count(*)::int AS total,
        count(*) FILTER (WHERE description LIKE '%(demo)%')::int AS "markedDemo" FROM people`,
    )
    expect(row.confidential).toBeGreaterThan(0)
    expect(row.total).toBeGreaterThanOrEqual(20)
    expect(row.markedDemo).toBe(row.total)
  })
})
