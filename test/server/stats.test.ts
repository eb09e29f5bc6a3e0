import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { generateDemoData, loadDemoData } from '../../db/seed/index.ts'
import type { Stats, Tally } from '../../shared/stats.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { makeCommunity, makeParcel } from '../helpers/factories.ts'
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
    expect(stats.land).toEqual({ disputedHa: 0, disputedParcels: 0, communityLandHa: 0, concessionOverlapHa: 0 })
    expect(stats.incidents.total).toBe(0)
    expect(stats.incidents.byKind.every((x) => x.count === 0)).toBe(true)
    expect(stats.communities.total).toBe(0)
    expect(stats.targets).toEqual([])
  })
})
