import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateDemoData, loadDemoData } from '../../db/seed/index.ts'
import type { TargetIndicator } from '../../shared/vocabularies.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { collectAllPages, problemOf } from '../helpers/http.ts'
import { testDriver } from '../helpers/test-db.ts'

const NOW = new Date('2026-11-28T00:00:00Z')
const demo = generateDemoData(NOW)

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
  await loadDemoData(t.db, NOW)
})
afterAll(() => t?.close())

interface Target {
  id: string
  year: number
  indicator: TargetIndicator
  target: number
  label: string
  labelKm: string | null
  achieved: number
  percent: number
  version: number
}

/** Progress counted in plain JS from the generated demo rows, as shared/targets.ts defines it. */
function expectedAchieved(indicator: TargetIndicator, year: number): number {
  const agreed = demo.communityPlans.filter((p) => p.year === year && ['adopted', 'in_progress', 'completed'].includes(p.status!))
  const hasAgreedPlan = (communityId: string) => agreed.some((p) => p.communityId === communityId)
  switch (indicator) {
    case 'new_land_communities':
      return demo.communities.filter((c) => ['land_community', 'indigenous_community'].includes(c.kind) && c.establishedYear === year)
        .length
    case 'new_womens_groups':
      return demo.communities.filter((c) => c.kind === 'womens_group' && c.establishedYear === year).length
    case 'communities_strengthened':
      return demo.communities.filter(
        (c) =>
          c.kind !== 'provincial_network' &&
          ['active', 'strengthening'].includes(c.status!) &&
          (c.establishedYear == null || c.establishedYear < year) &&
          hasAgreedPlan(c.id),
      ).length
    case 'community_plans':
      return new Set(agreed.map((p) => p.communityId)).size
  }
}

const listAll = async (query = '') => (await collectAllPages(t.app, `/api/program-targets?limit=500${query}`)) as unknown as Target[]
const create = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/program-targets', payload })
const community = (overrides: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url: '/api/communities',
    payload: {
      name: 'Target test',
      kind: 'land_community',
      province: 'Kampong Speu',
      location: { type: 'Point', coordinates: [104.31, 11.42] },
      ...overrides,
    },
  })
const achievedOf = async (id: string) => ((await t.app.inject({ url: `/api/program-targets/${id}` })).json() as Target).achieved

describe(`program targets API on ${testDriver}`, () => {
  it("lists the demo's targets with progress counted from the data", async () => {
    const targets = await listAll()
    expect(targets).toHaveLength(demo.programTargets.length)
    for (const target of targets) {
      const achieved = expectedAchieved(target.indicator, target.year)
      expect(target.achieved, `${target.year} ${target.indicator}`).toBe(achieved)
      expect(target.percent).toBe(Math.round((achieved / target.target) * 1000) / 10)
    }
    // Guard against a definition that silently counts nothing.
    expect(targets.filter((x) => x.achieved > 0).length).toBeGreaterThanOrEqual(6)
  })

  it('filters by year and by indicator', async () => {
    const of2025 = await listAll('&year=2025')
    expect(of2025).toHaveLength(4)
    expect(of2025.every((x) => x.year === 2025)).toBe(true)
    const plans = await listAll('&indicator=community_plans,new_womens_groups')
    expect(plans).toHaveLength(4)
    expect(new Set(plans.map((x) => x.indicator))).toEqual(new Set(['community_plans', 'new_womens_groups']))
  })

  it('finds targets by their Khmer label', async () => {
    const found = await listAll(`&q=${encodeURIComponent('ស្ត្រី')}`)
    expect(found.map((x) => x.indicator)).toEqual(['new_womens_groups', 'new_womens_groups'])
  })

  it('pages through every target once, in order, without gaps or repeats', async () => {
    for (const sort of ['-year', 'indicator', 'createdAt']) {
      const all = await listAll(`&sort=${sort}`)
      const paged = (await collectAllPages(t.app, `/api/program-targets?limit=3&sort=${sort}`)) as unknown as Target[]
      expect(paged.map((x) => x.id)).toEqual(all.map((x) => x.id))
      expect(new Set(paged.map((x) => x.id)).size).toBe(all.length)
    }
  })

  it('rejects a bad indicator filter or year with 400 naming the field', async () => {
    const badIndicator = await t.app.inject({ url: '/api/program-targets?indicator=new_villages' })
    expect(badIndicator.statusCode).toBe(400)
    expect(problemOf(badIndicator).errors?.[0]?.field).toMatch(/^querystring\.indicator/)
    const badYear = await t.app.inject({ url: '/api/program-targets?year=twenty' })
    expect(problemOf(badYear).errors?.[0]?.field).toBe('querystring.year')
  })

  it('gets a target by id with its version as ETag', async () => {
    const [first] = await listAll()
    const res = await t.app.inject({ url: `/api/program-targets/${first!.id}` })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual(first)
    expect(res.headers.etag).toBe(`"${first!.version}"`)
  })

  it('answers 404 for an unknown id', async () => {
    const res = await t.app.inject({ url: '/api/program-targets/00000000-0000-4000-8000-000000000000' })
    expect(res.statusCode).toBe(404)
    expect(problemOf(res).code).toBe('program_target.not_found')
  })

  it("creates a target with the indicator's labels by default", async () => {
    const res = await create({ year: 2030, indicator: 'new_land_communities', target: 100 })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({
      year: 2030,
      indicator: 'new_land_communities',
      target: 100,
      label: 'New land communities',
      labelKm: 'សហគមន៍ដីធ្លីថ្មី',
      achieved: 0,
      percent: 0,
      version: 1,
    })
  })

  it('refuses a second target for the same year and indicator with 409', async () => {
    const res = await create({ year: 2026, indicator: 'community_plans', target: 10 })
    expect(res.statusCode).toBe(409)
    expect(problemOf(res)).toMatchObject({ code: 'program_targets.duplicate', errors: [{ field: 'body.indicator' }] })
  })

  it('rejects an unknown indicator or a non-positive target with 400 naming the field', async () => {
    const badIndicator = await create({ year: 2031, indicator: 'new_villages', target: 5 })
    expect(badIndicator.statusCode).toBe(400)
    expect(problemOf(badIndicator).errors?.map((e) => e.field)).toEqual(['body.indicator'])
    const zero = await create({ year: 2031, indicator: 'new_womens_groups', target: 0 })
    expect(problemOf(zero).errors?.map((e) => e.field)).toEqual(['body.target'])
  })

  it('updates a target with its version, refuses a stale one (409) and one without a version (428)', async () => {
    const created = (await create({ year: 2032, indicator: 'new_womens_groups', target: 40 })).json() as Target
    const updated = await t.app.inject({ method: 'PATCH', url: `/api/program-targets/${created.id}`, payload: { target: 50, version: 1 } })
    expect(updated.statusCode, updated.body).toBe(200)
    expect(updated.json()).toMatchObject({ target: 50, version: 2, indicator: 'new_womens_groups' })
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/program-targets/${created.id}`,
      payload: { target: 60 },
      headers: { 'if-match': '"1"' },
    })
    expect(stale.statusCode).toBe(409)
    expect(stale.json()).toMatchObject({ code: 'program_target.version_conflict', current: { target: 50, version: 2 } })
    const missing = await t.app.inject({ method: 'PATCH', url: `/api/program-targets/${created.id}`, payload: { target: 70 } })
    expect(missing.statusCode).toBe(428)
  })

  it('does not let an update change the year or indicator of a target', async () => {
    const created = (await create({ year: 2033, indicator: 'community_plans', target: 12 })).json() as Target
    const res = await t.app.inject({ method: 'PATCH', url: `/api/program-targets/${created.id}`, payload: { year: 2034, version: 1 } })
    expect(res.statusCode).toBe(400)
    expect((await t.app.inject({ url: `/api/program-targets/${created.id}` })).json()).toMatchObject({ year: 2033, version: 1 })
  })

  it('answers 404 when updating an unknown target', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/program-targets/00000000-0000-4000-8000-000000000000',
      payload: { target: 5, version: 1 },
    })
    expect(res.statusCode).toBe(404)
  })

  it('deletes a target for good, freeing its year and indicator', async () => {
    const created = (await create({ year: 2034, indicator: 'communities_strengthened', target: 9 })).json() as Target
    const stale = await t.app.inject({ method: 'DELETE', url: `/api/program-targets/${created.id}`, headers: { 'if-match': '"7"' } })
    expect(stale.statusCode).toBe(409)
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/program-targets/${created.id}`, headers: { 'if-match': '"1"' } })).statusCode,
    ).toBe(204)
    expect((await t.app.inject({ url: `/api/program-targets/${created.id}` })).statusCode).toBe(404)
    expect((await listAll('&year=2034')).length).toBe(0)
    expect((await t.app.inject({ method: 'DELETE', url: `/api/program-targets/${created.id}` })).statusCode).toBe(404)
    expect((await create({ year: 2034, indicator: 'communities_strengthened', target: 9 })).statusCode).toBe(201)
  })

  it('counts a new group in its founding year, and stops counting it once deleted', async () => {
    const target = (await create({ year: 2035, indicator: 'new_womens_groups', target: 4 })).json() as Target
    const group = (await community({ kind: 'womens_group', establishedYear: 2035 })).json()
    await community({ kind: 'youth_group', establishedYear: 2035 })
    expect(await achievedOf(target.id)).toBe(1)
    expect((await t.app.inject({ url: `/api/program-targets/${target.id}` })).json().percent).toBe(25)
    await t.app.inject({ method: 'DELETE', url: `/api/communities/${group.id}` })
    expect(await achievedOf(target.id)).toBe(0)
  })

  it('counts indigenous communities as new land communities', async () => {
    const target = (await create({ year: 2036, indicator: 'new_land_communities', target: 10 })).json() as Target
    await community({ kind: 'indigenous_community', establishedYear: 2036 })
    await community({ kind: 'land_community', establishedYear: 2036 })
    await community({ kind: 'land_community', establishedYear: 2035 })
    expect(await achievedOf(target.id)).toBe(2)
  })

  it('counts a plan once it is adopted, not while it is a draft', async () => {
    const target = (await create({ year: 2037, indicator: 'community_plans', target: 10 })).json() as Target
    const owner = (await community({ establishedYear: 2030, status: 'active' })).json()
    const plan = (
      await t.app.inject({ method: 'POST', url: '/api/community-plans', payload: { communityId: owner.id, year: 2037 } })
    ).json()
    expect(await achievedOf(target.id)).toBe(0)
    await t.app.inject({ method: 'PATCH', url: `/api/community-plans/${plan.id}`, payload: { status: 'adopted', version: 1 } })
    expect(await achievedOf(target.id)).toBe(1)
  })

  it('counts as strengthened an active community founded earlier with an agreed plan, but not a new or inactive one', async () => {
    const target = (await create({ year: 2038, indicator: 'communities_strengthened', target: 10 })).json() as Target
    const withPlan = async (overrides: Record<string, unknown>) => {
      const created = (await community(overrides)).json()
      await t.app.inject({
        method: 'POST',
        url: '/api/community-plans',
        payload: { communityId: created.id, year: 2038, status: 'in_progress' },
      })
    }
    await withPlan({ status: 'strengthening', establishedYear: 2031 })
    await withPlan({ status: 'active', establishedYear: 2038 })
    await withPlan({ status: 'inactive', establishedYear: 2031 })
    await withPlan({ status: 'active', establishedYear: 2031, kind: 'provincial_network' })
    await community({ status: 'active', establishedYear: 2031 })
    expect(await achievedOf(target.id)).toBe(1)
  })
})
