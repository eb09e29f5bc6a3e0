import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows, type Db } from '../../db/open.ts'
import { activities, incidents } from '../../db/schema/index.ts'
import { ACTIVITY_KINDS, CASE_RESULTS, type ActivityKind, type IncidentKind } from '../../shared/vocabularies.ts'
import { generateDemoData, loadDemoData } from '../../db/seed/index.ts'
import type { Stats, Tally } from '../../shared/stats.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { makeCommitteeMember, makeCommunity, makeParcel } from '../helpers/factories.ts'
import { problemOf } from '../helpers/http.ts'
import { geodesicAreaHa, rectangle, type Rect } from '../helpers/geo.ts'
import { makeCaseAbout, makeConcessionOver } from '../helpers/stats-factories.ts'
import { testDriver } from '../helpers/test-db.ts'

const NOW = new Date('2026-11-28T00:00:00Z')
const demo = generateDemoData(NOW)

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
  await loadDemoData(t.db, NOW)
})
afterAll(() => t?.close())

const statsFor = async (query = ''): Promise<Stats> => {
  const res = await t.app.inject({ url: `/api/stats${query}` })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

/** Counts by key in plain JS, as { key: count } (zeros left out). */
function countBy<T>(rows: readonly T[], key: (row: T) => string): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const row of rows) counts[key(row)] = (counts[key(row)] ?? 0) + 1
  return counts
}
const nonZero = (tallies: Tally[]) => Object.fromEntries(tallies.filter((x) => x.count > 0).map((x) => [x.key, x.count]))

const phnomPenhParts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Phnom_Penh', year: 'numeric', month: '2-digit', day: '2-digit' })
/** 'YYYY-MM-DD' of an instant as a day in Cambodia. */
function dayInCambodia(instant: Date): string {
  const parts = Object.fromEntries(phnomPenhParts.formatToParts(instant).map((p) => [p.type, p.value]))
  return `${parts.year}-${parts.month}-${parts.day}`
}

describe(`stats API on demo data, ${testDriver}`, () => {
  it('counts incidents by kind, status, province and month as a plain count of the demo rows does', async () => {
    const stats = await statsFor()
    expect(stats.incidents.total).toBe(demo.incidents.length)
    expect(nonZero(stats.incidents.byKind)).toEqual(countBy(demo.incidents, (i) => i.kind))
    expect(nonZero(stats.incidents.byStatus)).toEqual(countBy(demo.incidents, (i) => i.status!))
    expect(nonZero(stats.incidents.byProvince)).toEqual(countBy(demo.incidents, (i) => i.province))
    expect(nonZero(stats.incidents.byMonth)).toEqual(countBy(demo.incidents, (i) => dayInCambodia(i.occurredAt).slice(0, 7)))
  })

  it('lists every kind and status, zeros included, and months in order', async () => {
    const stats = await statsFor()
    expect(stats.incidents.byKind.map((x) => x.key)).toContain('demolition')
    expect(stats.incidents.byKind).toHaveLength(12)
    expect(stats.incidents.byStatus.map((x) => x.key)).toEqual(['reported', 'verified', 'ongoing', 'resolved', 'dismissed'])
    const months = stats.incidents.byMonth.map((x) => x.key)
    expect(months).toEqual([...months].sort())
    expect(months.every((m) => /^\d{4}-\d{2}$/.test(m))).toBe(true)
    const provinceCounts = stats.incidents.byProvince.map((x) => x.count)
    expect(provinceCounts).toEqual([...provinceCounts].sort((a, b) => b - a))
  })

  it('sums households and people affected over incidents that were not dismissed', async () => {
    const counted = demo.incidents.filter((i) => i.status !== 'dismissed')
    expect(counted.length).toBeLessThan(demo.incidents.length)
    const stats = await statsFor()
    expect(stats.incidents.householdsAffected).toBe(counted.reduce((sum, i) => sum + (i.householdsAffected ?? 0), 0))
    expect(stats.incidents.peopleAffected).toBe(counted.reduce((sum, i) => sum + (i.peopleAffected ?? 0), 0))
    expect(stats.incidents.householdsAffected).toBeGreaterThan(0)
  })

  it('counts communities by kind, status and province', async () => {
    const stats = await statsFor()
    expect(stats.communities.total).toBe(demo.communities.length)
    expect(nonZero(stats.communities.byKind)).toEqual(countBy(demo.communities, (c) => c.kind))
    expect(nonZero(stats.communities.byStatus)).toEqual(countBy(demo.communities, (c) => c.status!))
    expect(nonZero(stats.communities.byProvince)).toEqual(countBy(demo.communities, (c) => c.province))
  })

  it('counts legal cases by stage and kind', async () => {
    const stats = await statsFor()
    expect(stats.cases.total).toBe(demo.legalCases.length)
    expect(nonZero(stats.cases.byStage)).toEqual(countBy(demo.legalCases, (c) => c.stage!))
    expect(nonZero(stats.cases.byKind)).toEqual(countBy(demo.legalCases, (c) => c.kind))
    expect(stats.cases.byStage.map((x) => x.key)).toEqual([
      'intake',
      'investigation',
      'filed',
      'hearing',
      'judgment',
      'appeal',
      'enforcement',
      'closed',
    ])
  })

  it('narrows incidents by the day they occurred in Cambodia, and cases by the day they were opened', async () => {
    const [from, to] = ['2026-01-01', '2026-06-30']
    const incidents = demo.incidents.filter((i) => dayInCambodia(i.occurredAt) >= from && dayInCambodia(i.occurredAt) <= to)
    const cases = demo.legalCases.filter((c) => c.openedOn! >= from && c.openedOn! <= to)
    expect(incidents.length).toBeGreaterThan(0)
    expect(incidents.length).toBeLessThan(demo.incidents.length)
    expect(cases.length).toBeGreaterThan(0)
    expect(cases.length).toBeLessThan(demo.legalCases.length)

    const stats = await statsFor(`?from=${from}&to=${to}`)
    expect(stats.incidents.total).toBe(incidents.length)
    expect(nonZero(stats.incidents.byKind)).toEqual(countBy(incidents, (i) => i.kind))
    expect(nonZero(stats.incidents.byMonth)).toEqual(countBy(incidents, (i) => dayInCambodia(i.occurredAt).slice(0, 7)))
    expect(stats.cases.total).toBe(cases.length)
    expect(stats.communities.total).toBe(demo.communities.length)
    expect(stats.period).toMatchObject({ from, to, province: null, targetYear: 2026 })
  })

  it('reads date-time bounds as instants, the same as whole days in Cambodia', async () => {
    const byDay = await statsFor('?from=2026-01-01&to=2026-06-30')
    const byInstant = await statsFor(
      `?from=${encodeURIComponent('2026-01-01T00:00:00+07:00')}&to=${encodeURIComponent('2026-06-30T23:59:59.999+07:00')}`,
    )
    expect(byInstant.incidents).toEqual(byDay.incidents)
    expect(byInstant.cases).toEqual(byDay.cases)
  })

  it('narrows every count to one province', async () => {
    const province = 'Ratanak Kiri'
    const stats = await statsFor(`?province=${encodeURIComponent(province)}`)
    const incidents = demo.incidents.filter((i) => i.province === province)
    expect(stats.incidents.total).toBe(incidents.length)
    expect(nonZero(stats.incidents.byProvince)).toEqual({ [province]: incidents.length })
    expect(stats.communities.total).toBe(demo.communities.filter((c) => c.province === province).length)
    expect(stats.cases.total).toBe(demo.legalCases.filter((c) => c.province === province).length)
    const all = await statsFor()
    expect(stats.land.communityLandHa).toBeGreaterThan(0)
    expect(stats.land.communityLandHa).toBeLessThan(all.land.communityLandHa)
  })

  it('measures land under dispute as the union of disputed parcels and parcels in open cases', async () => {
    const openCaseIds = new Set(demo.legalCases.filter((c) => c.stage !== 'closed').map((c) => c.id))
    const inOpenCase = new Set(demo.caseParcels.filter((cp) => openCaseIds.has(cp.caseId)).map((cp) => cp.parcelId))
    const disputed = demo.parcels.filter((p) => p.titleStatus === 'disputed' || inOpenCase.has(p.id))
    expect(disputed.length).toBeGreaterThan(0)
    const ids = disputed.map((p) => p.id)
    const [expected] = await queryRows<{ unionHa: number; sumHa: number }>(
      t.db,
      sql`SELECT ST_Area(ST_Union(boundary)::geography) / 10000 AS "unionHa", sum(area_ha) AS "sumHa"
          FROM parcels WHERE id IN (${sql.join(
            ids.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`,
    )
    const stats = await statsFor()
    expect(stats.land.disputedParcels).toBe(disputed.length)
    expect(stats.land.disputedHa).toBeCloseTo(expected!.unionHa, 6)
    expect(stats.land.disputedHa).toBeLessThanOrEqual(expected!.sumHa + 1e-6)
  })

  it('measures how much community land the demo concessions overlap', async () => {
    const stats = await statsFor()
    // The demo places each concession so it cuts into its community's territory and parcels.
    expect(stats.land.concessionOverlapHa).toBeGreaterThan(0)
    expect(stats.land.concessionOverlapHa).toBeLessThan(stats.land.communityLandHa)
  })

  it("reports the program targets whose plan period includes the year of 'to', counted as the targets list counts them", async () => {
    const stats = await statsFor('?to=2026-12-31')
    expect(stats.period.targetYear).toBe(2026)
    const listed = (await t.app.inject({ url: '/api/program-targets?year=2026&limit=100' })).json().items as NonNullable<Stats['targets']>
    expect(listed.length).toBeGreaterThan(0)
    const byId = (targets: NonNullable<Stats['targets']>) => [...targets].sort((a, b) => a.id.localeCompare(b.id))
    expect(byId(stats.targets!)).toEqual(byId(listed))
  })

  it("takes the year of a date-time 'to' in Cambodia, and the current year without 'to'", async () => {
    expect((await statsFor(`?to=${encodeURIComponent('2025-12-31T18:00:00Z')}`)).period.targetYear).toBe(2026)
    expect((await statsFor(`?to=${encodeURIComponent('2025-12-31T16:59:59Z')}`)).period.targetYear).toBe(2025)
    expect((await statsFor()).period.targetYear).toBe(Number(dayInCambodia(new Date()).slice(0, 4)))
  })

  it('stops counting a deleted incident', async () => {
    const before = await statsFor()
    const victim = demo.incidents.find((i) => i.status !== 'dismissed' && (i.householdsAffected ?? 0) > 0)!
    await t.db.execute(sql`UPDATE incidents SET deleted_at = now() WHERE id = ${victim.id}`)
    try {
      const after = await statsFor()
      expect(after.incidents.total).toBe(before.incidents.total - 1)
      expect(after.incidents.householdsAffected).toBe(before.incidents.householdsAffected - victim.householdsAffected!)
    } finally {
      await t.db.execute(sql`UPDATE incidents SET deleted_at = NULL WHERE id = ${victim.id}`)
    }
  })

  it('rejects a malformed date with 400 naming the field', async () => {
    const res = await t.app.inject({ url: '/api/stats?from=last-year' })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.map((e) => e.field)).toEqual(['querystring.from'])
  })
})

describe(`stats land figures against hand-computed areas, ${testDriver}`, () => {
  let land: TestApp
  // Community A (Kampong Thom): territory T, parcels P1 and P2 (disputed, overlapping by half,
  // both inside T), P3 (in an open case, outside T), P4 (only in a closed case). Concession K cuts
  // into T and P3. Community B (Kratie): a territory entirely inside concession K2.
  const T: Rect = [105.0, 12.0, 105.02, 12.02]
  const P1: Rect = [105.0, 12.0, 105.01, 12.01]
  const P2: Rect = [105.005, 12.0, 105.015, 12.01]
  const P3: Rect = [105.03, 12.0, 105.04, 12.01]
  const P4: Rect = [105.05, 12.0, 105.06, 12.01]
  const K: Rect = [105.015, 12.005, 105.035, 12.015]
  const B: Rect = [106.0, 12.5, 106.01, 12.51]
  const K2: Rect = [105.99, 12.49, 106.02, 12.52]

  beforeAll(async () => {
    land = await createTestApp()
    const a = await makeCommunity(land.db, {
      province: 'Kampong Thom',
      location: { type: 'Point', coordinates: [105.01, 12.01] },
      territory: rectangle(T) as never,
    })
    await makeParcel(land.db, { communityId: a.id, boundary: rectangle(P1), titleStatus: 'disputed' })
    await makeParcel(land.db, { communityId: a.id, boundary: rectangle(P2), titleStatus: 'disputed' })
    const p3 = await makeParcel(land.db, { communityId: a.id, boundary: rectangle(P3) })
    const p4 = await makeParcel(land.db, { communityId: a.id, boundary: rectangle(P4) })
    await makeCaseAbout(land.db, 'hearing', [p3.id])
    await makeCaseAbout(land.db, 'closed', [p4.id])
    await makeConcessionOver(land.db, K)
    await makeCommunity(land.db, {
      province: 'Kratie',
      location: { type: 'Point', coordinates: [106.005, 12.505] },
      territory: rectangle(B) as never,
    })
    await makeConcessionOver(land.db, K2)
  })
  afterAll(() => land?.close())

  const landFor = async (query: string) => {
    const res = await land.app.inject({ url: `/api/stats${query}` })
    expect(res.statusCode, res.body).toBe(200)
    return (res.json() as Stats).land
  }
  // Within 0.01 %: PostGIS and GeographicLib both compute on the WGS 84 ellipsoid.
  const expectHa = (actual: number, expected: number) => expect(Math.abs(actual - expected) / expected).toBeLessThan(1e-4)

  it('counts overlapping disputed parcels once, and a parcel in an open case but not one in a closed case', async () => {
    const figures = await landFor('?province=Kampong%20Thom')
    expect(figures.disputedParcels).toBe(3)
    expectHa(figures.disputedHa, geodesicAreaHa(rectangle([105.0, 12.0, 105.015, 12.01])) + geodesicAreaHa(rectangle(P3)))
  })

  it('measures community land as the union of territories and parcels', async () => {
    const figures = await landFor('?province=Kampong%20Thom')
    expectHa(figures.communityLandHa, geodesicAreaHa(rectangle(T)) + geodesicAreaHa(rectangle(P3)) + geodesicAreaHa(rectangle(P4)))
  })

  it('measures the part of community land inside concessions', async () => {
    const figures = await landFor('?province=Kampong%20Thom')
    expectHa(
      figures.concessionOverlapHa,
      geodesicAreaHa(rectangle([105.015, 12.005, 105.02, 12.015])) + geodesicAreaHa(rectangle([105.03, 12.005, 105.035, 12.01])),
    )
  })

  it('adds up the land of every province without a province filter', async () => {
    const figures = await landFor('')
    expectHa(
      figures.communityLandHa,
      geodesicAreaHa(rectangle(T)) + geodesicAreaHa(rectangle(P3)) + geodesicAreaHa(rectangle(P4)) + geodesicAreaHa(rectangle(B)),
    )
    expectHa(
      figures.concessionOverlapHa,
      geodesicAreaHa(rectangle([105.015, 12.005, 105.02, 12.015])) +
        geodesicAreaHa(rectangle([105.03, 12.005, 105.035, 12.01])) +
        geodesicAreaHa(rectangle(B)),
    )
  })

  it('answers zeros for a province with no data', async () => {
    const res = await land.app.inject({ url: '/api/stats?province=Kep' })
    const stats = res.json() as Stats
    expect(stats.land).toEqual({
      disputedHa: 0,
      disputedParcels: 0,
      communityLandHa: 0,
      concessionOverlapHa: 0,
      securedHa: 0,
      securedParcels: 0,
    })
    expect(stats.incidents.total).toBe(0)
    expect(stats.incidents.byKind.every((x) => x.count === 0)).toBe(true)
    expect(stats.communities.total).toBe(0)
    expect(stats.targets).toEqual([])
  })
})

describe(`stats program figures (activities, leadership, results, secured land), ${testDriver}`, () => {
  let p: TestApp
  const PROVINCE = 'Mondulkiri'
  const inProvince = `?province=${PROVINCE}`
  let communityA: string
  let communityB: string

  beforeAll(async () => {
    p = await createTestApp()
    communityA = (await makeCommunity(p.db, { province: PROVINCE, location: { type: 'Point', coordinates: [107.2, 12.4] } })).id
    communityB = (await makeCommunity(p.db, { province: PROVINCE, location: { type: 'Point', coordinates: [107.3, 12.5] } })).id
  })
  afterAll(() => p?.close())

  const programStats = async (query = '', headers?: Record<string, string>): Promise<Stats> => {
    const res = await p.app.inject({ url: `/api/stats${query}`, headers })
    expect(res.statusCode, res.body).toBe(200)
    return res.json()
  }

  async function insertActivity(
    db: Db,
    kind: ActivityKind,
    startedOn: string,
    women: number,
    men: number,
    youth: number,
    province = PROVINCE,
  ) {
    await db.insert(activities).values({
      kind,
      title: `${kind} on ${startedOn}`,
      startedOn,
      province,
      participantsWomen: women,
      participantsMen: men,
      participantsYouth: youth,
    })
  }

  async function insertIncident(db: Db, kind: IncidentKind, occurredAt: string, isConfidential = false) {
    await db.insert(incidents).values({
      title: `${kind} at ${occurredAt}`,
      kind,
      occurredAt: new Date(occurredAt),
      province: PROVINCE,
      location: { type: 'Point', coordinates: [107.2, 12.4] },
      isConfidential,
    })
  }

  describe('activities', () => {
    const created: [ActivityKind, string, number, number, number, string?][] = [
      ['training', '2026-03-31', 10, 5, 4],
      ['training', '2026-04-01', 12, 8, 6],
      ['meeting', '2026-04-30', 20, 15, 0],
      ['campaign', '2026-05-01', 7, 7, 7],
      ['exchange', '2026-04-10', 3, 4, 1, 'Kratie'],
    ]
    beforeAll(async () => {
      for (const [kind, startedOn, women, men, youth, province] of created)
        await insertActivity(p.db, kind, startedOn, women, men, youth, province)
      await p.db.insert(activities).values({
        kind: 'meeting',
        title: 'Deleted',
        startedOn: '2026-04-02',
        province: PROVINCE,
        participantsWomen: 99,
        deletedAt: new Date(),
      })
    })

    const expected = (rows: typeof created) => {
      const women = rows.reduce((sum, row) => sum + row[2], 0)
      const men = rows.reduce((sum, row) => sum + row[3], 0)
      return { women, men, youth: rows.reduce((sum, row) => sum + row[4], 0), total: women + men }
    }

    it('sums the participants of every live activity, and counts every kind in vocabulary order', async () => {
      const stats = await programStats()
      expect(stats.activities.total).toBe(created.length)
      expect(stats.activities.participants).toEqual(expected(created))
      expect(stats.activities.byKind.map((x) => x.key)).toEqual([...ACTIVITY_KINDS])
      expect(nonZero(stats.activities.byKind)).toEqual({ training: 2, meeting: 1, campaign: 1, exchange: 1 })
    })

    it('counts activities that began within the period, whole days included, in the province', async () => {
      const stats = await programStats(`${inProvince}&from=2026-04-01&to=2026-04-30`)
      const april = created.filter(([, startedOn, , , , province]) => !province && startedOn >= '2026-04-01' && startedOn <= '2026-04-30')
      expect(april).toHaveLength(2)
      expect(stats.activities.total).toBe(2)
      expect(stats.activities.participants).toEqual(expected(april))
      expect(nonZero(stats.activities.byKind)).toEqual({ training: 1, meeting: 1 })
    })

    it('reads a date-time bound as the day it falls on in Cambodia', async () => {
      // 17:00 UTC on 31 March is midnight on 1 April in Phnom Penh.
      const byInstant = await programStats(`${inProvince}&from=${encodeURIComponent('2026-03-31T17:00:00Z')}&to=2026-04-30`)
      const byDay = await programStats(`${inProvince}&from=2026-04-01&to=2026-04-30`)
      expect(byInstant.activities).toEqual(byDay.activities)
    })
  })

  describe('leadership', () => {
    const today = dayInCambodia(new Date())
    beforeAll(async () => {
      // A: a woman chair, a man deputy, a woman secretary; a former woman chair, one whose role
      // ended today, a deleted member. B: a man chair and a woman deputy.
      await makeCommitteeMember(p.db, { communityId: communityA, role: 'chair', sex: 'female' })
      await makeCommitteeMember(p.db, { communityId: communityA, role: 'deputy_chair', sex: 'male', endedOn: '2999-12-31' })
      await makeCommitteeMember(p.db, { communityId: communityA, role: 'secretary', sex: 'female' })
      await makeCommitteeMember(p.db, { communityId: communityA, role: 'chair', sex: 'female', endedOn: '2020-01-31' })
      await makeCommitteeMember(p.db, { communityId: communityA, role: 'treasurer', sex: 'male', endedOn: today })
      await makeCommitteeMember(p.db, { communityId: communityA, role: 'chair', sex: 'female', deletedAt: new Date() })
      await makeCommitteeMember(p.db, { communityId: communityB, role: 'chair', sex: 'male' })
      await makeCommitteeMember(p.db, { communityId: communityB, role: 'deputy_chair', sex: 'female' })
      const gone = await makeCommunity(p.db, { province: PROVINCE, deletedAt: new Date() })
      await makeCommitteeMember(p.db, { communityId: gone.id, role: 'chair', sex: 'female' })
      const elsewhere = await makeCommunity(p.db, { province: 'Kratie' })
      await makeCommitteeMember(p.db, { communityId: elsewhere.id, role: 'chair', sex: 'female' })
    })

    it('counts current members of live communities in the province: women, leaders, and communities led by women', async () => {
      const stats = await programStats(inProvince)
      expect(stats.leadership).toEqual({
        committeeMembers: 5,
        womenMembers: 3,
        leaders: 4,
        womenLeaders: 2,
        communitiesLedByWomen: 1,
        communitiesWithCommittee: 2,
      })
    })

    it('counts every province without a filter, and ignores from/to (who leads now)', async () => {
      const stats = await programStats('?from=2000-01-01&to=2000-12-31')
      expect(stats.leadership).toMatchObject({ committeeMembers: 6, communitiesLedByWomen: 2, communitiesWithCommittee: 3 })
    })

    it('counts a member added since the last answer (the cache keys on committee_members)', async () => {
      const before = await programStats(inProvince)
      const added = await makeCommunity(p.db, { province: PROVINCE })
      await makeCommitteeMember(p.db, { communityId: added.id, role: 'chair', sex: 'female' })
      try {
        const after = await programStats(inProvince)
        expect(after.leadership.communitiesLedByWomen).toBe(before.leadership.communitiesLedByWomen + 1)
        expect(after.leadership.committeeMembers).toBe(before.leadership.committeeMembers + 1)
      } finally {
        await p.db.execute(sql`UPDATE communities SET deleted_at = now() WHERE id = ${added.id}`)
      }
    })
  })

  describe('case results', () => {
    beforeAll(async () => {
      for (const result of ['won', 'won', 'lost', 'settled'] as const)
        await makeCaseAbout(p.db, 'closed', [], { province: PROVINCE, result })
      await makeCaseAbout(p.db, 'hearing', [], { province: PROVINCE })
      await makeCaseAbout(p.db, 'filed', [], { province: PROVINCE })
      await makeCaseAbout(p.db, 'closed', [], { province: 'Kratie', result: 'withdrawn' })
    })

    it('counts cases by result, every result then pending, zeros included', async () => {
      const stats = await programStats(inProvince)
      expect(stats.cases.byResult).toEqual([
        { key: 'won', count: 2 },
        { key: 'partly_won', count: 0 },
        { key: 'settled', count: 1 },
        { key: 'lost', count: 1 },
        { key: 'withdrawn', count: 0 },
        { key: 'pending', count: 2 },
      ])
      expect(stats.cases.byResult.map((x) => x.key)).toEqual([...CASE_RESULTS, 'pending'])
      expect(stats.cases.total).toBe(6)
    })
  })

  describe('incidents by month and kind', () => {
    beforeAll(async () => {
      // 20:00 UTC on 31 January is 1 February in Phnom Penh.
      await insertIncident(p.db, 'demolition', '2026-01-31T20:00:00Z')
      await insertIncident(p.db, 'demolition', '2026-02-10T03:00:00Z')
      await insertIncident(p.db, 'arrest', '2026-02-11T03:00:00Z', true)
      await insertIncident(p.db, 'forced_eviction', '2026-01-15T03:00:00Z')
    })

    it('counts incidents by month in Cambodia and kind, only the pairs with incidents, month by month', async () => {
      const stats = await programStats(inProvince)
      expect(stats.incidents.byMonthKind).toEqual(
        [
          { month: '2026-01', kind: 'forced_eviction', count: 1 },
          { month: '2026-02', kind: 'arrest', count: 1 },
          { month: '2026-02', kind: 'demolition', count: 2 },
        ].sort(
          (a, b) =>
            a.month.localeCompare(b.month) ||
            stats.incidents.byKind.findIndex((x) => x.key === a.kind) - stats.incidents.byKind.findIndex((x) => x.key === b.kind),
        ),
      )
    })

    it('leaves confidential incidents out for advocates', async () => {
      const advocate = await p.signIn('advocate')
      const stats = await programStats(inProvince, advocate.headers)
      expect(stats.incidents.byMonthKind.find((x) => x.kind === 'arrest')).toBeUndefined()
      expect(stats.incidents.byMonthKind.reduce((sum, x) => sum + x.count, 0)).toBe(3)
    })
  })

  describe('secured land', () => {
    const S1: Rect = [107.0, 12.0, 107.01, 12.01]
    const S2: Rect = [107.005, 12.0, 107.015, 12.01]
    const S3: Rect = [107.1, 12.0, 107.11, 12.01]
    const SECURED_PROVINCE = 'Stung Treng'

    beforeAll(async () => {
      const c = (await makeCommunity(p.db, { province: SECURED_PROVINCE, location: { type: 'Point', coordinates: [107.0, 12.0] } })).id
      // Secured: S1 (registered), S2 (private title, overlapping S1 by half), S3 (communal title, only in a closed case).
      await makeParcel(p.db, { communityId: c, boundary: rectangle(S1), titleStatus: 'registered' })
      await makeParcel(p.db, { communityId: c, boundary: rectangle(S2), tenure: 'private_title' })
      const s3 = await makeParcel(p.db, { communityId: c, boundary: rectangle(S3), tenure: 'communal_land_title' })
      await makeCaseAbout(p.db, 'closed', [s3.id])
      // Not secured: disputed, in an open case, without a title, deleted.
      await makeParcel(p.db, {
        communityId: c,
        boundary: rectangle([107.2, 12.0, 107.21, 12.01]),
        tenure: 'communal_land_title',
        titleStatus: 'disputed',
      })
      const open = await makeParcel(p.db, { communityId: c, boundary: rectangle([107.3, 12.0, 107.31, 12.01]), titleStatus: 'registered' })
      await makeCaseAbout(p.db, 'hearing', [open.id])
      await makeParcel(p.db, {
        communityId: c,
        boundary: rectangle([107.4, 12.0, 107.41, 12.01]),
        tenure: 'possession_right',
        titleStatus: 'applied',
      })
      await makeParcel(p.db, {
        communityId: c,
        boundary: rectangle([107.5, 12.0, 107.51, 12.01]),
        titleStatus: 'registered',
        deletedAt: new Date(),
      })
    })

    it('measures the union of titled parcels not under dispute, counting an overlap once', async () => {
      const { land } = await programStats(`?province=${encodeURIComponent(SECURED_PROVINCE)}`)
      expect(land.securedParcels).toBe(3)
      const expectedHa = geodesicAreaHa(rectangle([107.0, 12.0, 107.015, 12.01])) + geodesicAreaHa(rectangle(S3))
      expect(Math.abs(land.securedHa - expectedHa) / expectedHa).toBeLessThan(1e-4)
      const [postgis] = await queryRows<{ ha: number }>(
        p.db,
        sql`SELECT ST_Area(ST_Union(ST_MakeEnvelope(107.0, 12.0, 107.015, 12.01, 4326), ST_MakeEnvelope(107.1, 12.0, 107.11, 12.01, 4326))::geography) / 10000 AS ha`,
      )
      expect(Math.abs(land.securedHa - postgis!.ha) / postgis!.ha).toBeLessThan(1e-6)
    })
  })
})
