import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows, type Database, type Db } from '../../db/open.ts'
import { generateDemoData, loadDemoData, type DemoSummary } from '../../db/seed/index.ts'
import { CreateProgramTargetBody, TARGET_PRESETS, TargetRule, type TargetMilestone } from '../../shared/targets.ts'
import { ACTIVITY_KINDS, ACTIVITY_TOPICS, COMMUNITY_KINDS, INCIDENT_STATUSES } from '../../shared/vocabularies.ts'
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
    expect(Object.keys(a)).toEqual(expect.arrayContaining(['legal_cases', 'activities', 'activity_communities', 'committee_members']))
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

  it('has six open and four closed legal cases with past and upcoming events and linked parties', async () => {
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
    expect(cases).toHaveLength(10)
    expect(cases.filter((c) => c.stage === 'closed')).toHaveLength(4)
    expect(new Set(cases.map((c) => c.stage)).size).toBeGreaterThanOrEqual(6)
    for (const c of cases) {
      expect(c.reference).toMatch(/^CASE-\d{4}-\d{4}$/)
      expect(c.past, c.reference).toBeGreaterThan(0)
      expect(c.links, c.reference).toBeGreaterThanOrEqual(3)
    }
    expect(cases.filter((c) => c.upcoming > 0).length).toBeGreaterThanOrEqual(3)
    expect(cases.filter((c) => c.stage === 'closed' && c.upcoming > 0)).toEqual([])
  })

  it('shows at least two concessions overlapping community land (ST_Intersects)', async () => {
    const row = await one<{ pairs: number }>(
      first.db,
      sql`SELECT count(*)::int AS pairs FROM concessions c JOIN communities m
          ON ST_Intersects(c.boundary, m.territory)`,
    )
    expect(row.pairs).toBeGreaterThanOrEqual(2)
  })

  it("has the coalition's 2026–2030 plan: the four preset targets and two counted from activities", async () => {
    const targets = await queryRows<{
      code: string
      label: string
      labelKm: string
      planStartYear: number
      planEndYear: number
      baseline: number
      target: number
      pace: 'linear' | 'milestones'
      milestones: TargetMilestone[]
      rule: unknown
    }>(
      first.db,
      sql`SELECT code, label, label_km AS "labelKm", plan_start_year AS "planStartYear", plan_end_year AS "planEndYear",
        baseline, target, pace::text, milestones, rule FROM program_targets ORDER BY code`,
    )
    expect(targets.map((t) => t.code)).toEqual(['1.1', '1.2', '1.3', '1.4', '2.1', '2.2'])
    expect(Object.fromEntries(targets.slice(0, 4).map((t) => [t.label, t.target]))).toEqual({
      [TARGET_PRESETS.new_land_communities.label]: 93,
      [TARGET_PRESETS.new_womens_groups.label]: 58,
      [TARGET_PRESETS.communities_strengthened.label]: 152,
      [TARGET_PRESETS.community_plans.label]: 92,
    })
    expect(targets[2]!.rule).toEqual(TARGET_PRESETS.communities_strengthened.rule)
    expect(targets.map((t) => TargetRule.parse(t.rule).count)).toEqual([
      'communities',
      'communities',
      'communities',
      'communities',
      'activities',
      'participants',
    ])
    for (const t of targets) {
      expect(t.labelKm, t.code).toBeTruthy()
      expect([t.planStartYear, t.planEndYear], t.code).toEqual([2026, 2030])
      expect(CreateProgramTargetBody.safeParse(t).error, t.code).toBeUndefined()
      if (t.pace === 'milestones') expect(t.milestones.at(-1), t.code).toEqual({ year: 2030, value: t.target })
    }
    expect(targets.filter((t) => t.pace === 'milestones').length).toBeGreaterThanOrEqual(1)
  })

  it('starts the plan in the current year whatever the year', () => {
    const later = generateDemoData(new Date('2029-03-01T00:00:00Z')).programTargets
    expect(new Set(later.map((t) => `${t.planStartYear}–${t.planEndYear}`))).toEqual(new Set(['2029–2033']))
  })

  it('has a year of activities up to today, each involving a community', async () => {
    const row = await one<{
      n: number
      oldest: string
      newest: string
      lastEnd: string
      kinds: string[]
      topics: number
      withoutCommunity: number
      tooManyYouth: number
      withNetwork: number
      trainings: number
      meetings: number
      campaigns: number
    }>(
      first.db,
      sql`SELECT count(*)::int AS n, min(started_on)::text AS oldest, max(started_on)::text AS newest,
        max(coalesce(ended_on, started_on))::text AS "lastEnd", array_agg(DISTINCT kind::text) AS kinds,
        count(DISTINCT topic) FILTER (WHERE kind = 'training')::int AS topics,
        count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM activity_communities ac WHERE ac.activity_id = a.id))::int AS "withoutCommunity",
        count(*) FILTER (WHERE participants_youth > participants_women + participants_men)::int AS "tooManyYouth",
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM activity_communities ac JOIN communities c ON c.id = ac.community_id
          WHERE ac.activity_id = a.id AND c.kind = 'provincial_network'))::int AS "withNetwork",
        count(*) FILTER (WHERE kind = 'training')::int AS trainings,
        count(*) FILTER (WHERE kind = 'meeting')::int AS meetings,
        count(*) FILTER (WHERE kind = 'campaign')::int AS campaigns
        FROM activities a`,
    )
    expect(row.n).toBeGreaterThanOrEqual(150)
    expect(row.n).toBeLessThanOrEqual(250)
    expect(row.oldest > '2025-11-28').toBe(true)
    expect(row.lastEnd <= '2026-11-28').toBe(true)
    expect(row.kinds.sort()).toEqual([...ACTIVITY_KINDS].sort())
    expect(row.topics).toBe(ACTIVITY_TOPICS.length)
    expect(row.withoutCommunity).toBe(0)
    expect(row.tooManyYouth).toBe(0)
    expect(row.withNetwork).toBeGreaterThan(0)
    expect(row.trainings).toBeGreaterThan(row.meetings)
    expect(row.meetings).toBeGreaterThan(row.campaigns)
    expect(summary.activities).toBe(row.n)
  })

  it("meets the 'communities strengthened' rule for a good number of communities this year", async () => {
    const row = await one<{ strengthened: number; eligible: number }>(
      first.db,
      sql`WITH eligible AS (
          SELECT c.id FROM communities c
          WHERE c.status IN ('active', 'strengthening') AND c.established_year < 2026
            AND EXISTS (SELECT 1 FROM community_plans p WHERE p.community_id = c.id AND p.year = 2026
              AND p.status IN ('adopted', 'in_progress', 'completed')))
        SELECT count(*)::int AS eligible, count(*) FILTER (WHERE (
          SELECT count(*) FROM activity_communities ac JOIN activities a ON a.id = ac.activity_id
          WHERE ac.community_id = e.id AND a.kind = 'training' AND a.started_on >= '2026-01-01') >= 2)::int AS strengthened
        FROM eligible e`,
    )
    expect(row.strengthened).toBeGreaterThanOrEqual(8)
    expect(row.strengthened).toBeLessThanOrEqual(row.eligible)
  })

  it('has committees for most communities, with women and youth among them and some former members', async () => {
    const row = await one<{
      communities: number
      withCommittee: number
      womenShare: number
      womenChairs: number
      chairs: number
      youth: number
      former: number
      badDates: number
    }>(
      first.db,
      sql`SELECT (SELECT count(*)::int FROM communities) AS communities,
        count(DISTINCT community_id)::int AS "withCommittee",
        avg((sex = 'female')::int)::float AS "womenShare",
        count(*) FILTER (WHERE role = 'chair' AND ended_on IS NULL AND sex = 'female')::int AS "womenChairs",
        count(*) FILTER (WHERE role = 'chair' AND ended_on IS NULL)::int AS chairs,
        count(*) FILTER (WHERE is_youth)::int AS youth,
        count(*) FILTER (WHERE ended_on IS NOT NULL)::int AS former,
        count(*) FILTER (WHERE ended_on > '2026-11-28' OR started_on > '2026-11-28')::int AS "badDates"
        FROM committee_members`,
    )
    expect(row.withCommittee / row.communities).toBeGreaterThan(0.6)
    expect(row.chairs).toBe(row.withCommittee)
    expect(row.womenChairs).toBeGreaterThan(0)
    expect(row.womenChairs).toBeLessThan(row.chairs)
    expect(row.womenShare).toBeGreaterThan(0.3)
    expect(row.womenShare).toBeLessThan(0.55)
    expect(row.youth).toBeGreaterThan(0)
    expect(row.former).toBeGreaterThan(0)
    expect(row.badDates).toBe(0)
  })

  it('gives a result to closed cases only', async () => {
    const row = await one<{ closedWithout: number; openWith: number }>(
      first.db,
      sql`SELECT count(*) FILTER (WHERE stage = 'closed' AND result IS NULL)::int AS "closedWithout",
        count(*) FILTER (WHERE stage <> 'closed' AND result IS NOT NULL)::int AS "openWith" FROM legal_cases`,
    )
    expect(row).toEqual({ closedWithout: 0, openWith: 0 })
  })

  it('closes four cases with four different results, each closed after it was opened and before today, with its outcome', async () => {
    const closed = await queryRows<{ result: string; openedOn: string; closedOn: string; outcome: string | null; titleKm: string | null }>(
      first.db,
      sql`SELECT result::text, opened_on::text AS "openedOn", closed_on::text AS "closedOn", outcome, title_km AS "titleKm"
        FROM legal_cases WHERE stage = 'closed' ORDER BY reference`,
    )
    expect(closed.map((c) => c.result).sort()).toEqual(['lost', 'partly_won', 'settled', 'won'])
    const today = now.toISOString().slice(0, 10)
    for (const c of closed) {
      expect(c.openedOn < c.closedOn, c.result).toBe(true)
      expect(c.closedOn < today, c.result).toBe(true)
      expect(c.outcome, c.result).toBeTruthy()
      expect(c.titleKm, c.result).toMatch(/[\u1780-\u17FF]/)
    }
    // Opened before every open case, so the open cases keep the references they had before.
    const [oldestOpen] = await queryRows<{ openedOn: string }>(
      first.db,
      sql`SELECT min(opened_on)::text AS "openedOn" FROM legal_cases WHERE stage <> 'closed'`,
    )
    expect(closed.every((c) => c.openedOn.slice(0, 4) < oldestOpen!.openedOn.slice(0, 4))).toBe(true)
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
