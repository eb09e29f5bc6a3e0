// Who may read the reference data (admin areas), the stats and the program targets, and what
// each role gets to see in them (issue 4's permission table, lib/policy.ts).
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { generateDemoData, loadDemoData } from '../../db/seed/index.ts'
import { computeStats } from '../../server/features/stats/stats.service.ts'
import type { Stats, Tally } from '../../shared/stats.ts'
import type { UserRole } from '../../shared/vocabularies.ts'
import { problemOf } from '../helpers/http.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'
import { accessHelpers, ANONYMOUS, SIGNED_IN_ROLES } from '../helpers/access.ts'

const NOW = new Date('2026-11-28T00:00:00Z')
const demo = generateDemoData(NOW)
/** The representative's community: one with incidents and a legal case, so scoping shows. */
const ownCommunity = demo.communities.find(
  (c) => demo.incidents.some((i) => i.communityId === c.id) && demo.caseCommunities.some((cc) => cc.communityId === c.id),
)!
const anonymous = ANONYMOUS

let t: TestApp
let as: Record<UserRole, SignedIn>
beforeAll(async () => {
  t = await createTestApp()
  await loadDemoData(t.db, NOW)
  as = {
    community_rep: await t.signIn('community_rep', { communityIds: [ownCommunity.id] }),
    advocate: await t.signIn('advocate'),
    legal: await t.signIn('legal'),
    admin: await t.signIn('admin'),
  }
})
afterAll(() => t?.close())

const { get, getJson, lastAudit } = accessHelpers(() => t)

describe(`admin areas access, ${testDriver}`, () => {
  const phnomPenh = async () => (await getJson('/api/admin-areas?level=1&q=Phnom%20Penh', as.admin.headers)).items[0]

  it('lets every signed-in role list the same admin areas', async () => {
    const expected = await getJson('/api/admin-areas?level=1&limit=100', as.admin.headers)
    expect(expected.items.length).toBeGreaterThan(20)
    for (const role of SIGNED_IN_ROLES) {
      expect(await getJson('/api/admin-areas?level=1&limit=100', as[role].headers), role).toEqual(expected)
    }
  })

  it('lets every signed-in role read one admin area, its boundary included', async () => {
    const area = await phnomPenh()
    for (const role of SIGNED_IN_ROLES) {
      const body = await getJson(`/api/admin-areas/${area.id}?include=boundary`, as[role].headers)
      expect(body, role).toMatchObject({ id: area.id, name: 'Phnom Penh' })
      expect(body.boundary.type).toBe('MultiPolygon')
    }
  })

  it('lets a community representative look up the areas at a point, and as GeoJSON', async () => {
    const atPoint = await getJson('/api/admin-areas?point=104.92,11.56', as.community_rep.headers)
    expect(atPoint.items.map((a: { level: number }) => a.level)).toEqual([1, 2, 3])
    const res = await t.app.inject({
      url: '/api/admin-areas?level=1&q=Phnom%20Penh',
      headers: { ...as.community_rep.headers, accept: 'application/geo+json' },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'Phnom Penh' } }] })
  })

  it('answers 401 to an anonymous list, GeoJSON or single read', async () => {
    const area = await phnomPenh()
    for (const url of ['/api/admin-areas', '/api/admin-areas?point=104.92,11.56', `/api/admin-areas/${area.id}`]) {
      const res = await get(url, anonymous)
      expect(res.statusCode, url).toBe(401)
      expect(problemOf(res).code).toBe('auth.required')
      expect(res.body).not.toContain('Phnom Penh')
    }
    const geo = await t.app.inject({ url: '/api/admin-areas', headers: { ...anonymous, accept: 'application/geo+json' } })
    expect(geo.statusCode).toBe(401)
  })

  it('answers 404 to a community representative asking for an area that does not exist', async () => {
    const res = await get('/api/admin-areas/00000000-0000-4000-8000-000000000000', as.community_rep.headers)
    expect(res.statusCode).toBe(404)
  })
})

// ---- Stats ----------------------------------------------------------------------------------

interface IncidentRow {
  kind: string
  status: string
  province: string
  month: string
  households: number | null
  people: number | null
}

/** Live incidents, confidential or not, straight from SQL (not through the app's queries). */
const incidentRows = (confidential: boolean, province?: string) =>
  queryRows<IncidentRow>(
    t.db,
    sql`SELECT kind::text, status::text, province, to_char(occurred_at AT TIME ZONE 'Asia/Phnom_Penh', 'YYYY-MM') AS month,
               households_affected AS households, people_affected AS people
        FROM incidents
        WHERE deleted_at IS NULL AND is_confidential = ${confidential} ${province ? sql`AND province = ${province}` : sql``}`,
  )

const statsAs = async (role: UserRole, query = ''): Promise<Stats> => getJson(`/api/stats${query}`, as[role].headers)

/** `all` minus the rows, per key, as { key: count } without zeros. */
function minus(all: Tally[], rows: IncidentRow[], key: (row: IncidentRow) => string): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(all.map((x) => [x.key, x.count]))
  for (const row of rows) counts[key(row)] = (counts[key(row)] ?? 0) - 1
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0))
}
const nonZero = (tallies: Tally[]) => Object.fromEntries(tallies.filter((x) => x.count > 0).map((x) => [x.key, x.count]))
const notDismissedSum = (rows: IncidentRow[], field: 'households' | 'people') =>
  rows.filter((row) => row.status !== 'dismissed').reduce((sum, row) => sum + (row[field] ?? 0), 0)

function expectAdvocateToMissExactly(advocate: Stats['incidents'], admin: Stats['incidents'], confidential: IncidentRow[]) {
  expect(advocate.total).toBe(admin.total - confidential.length)
  expect(nonZero(advocate.byKind)).toEqual(minus(admin.byKind, confidential, (r) => r.kind))
  expect(nonZero(advocate.byStatus)).toEqual(minus(admin.byStatus, confidential, (r) => r.status))
  expect(nonZero(advocate.byProvince)).toEqual(minus(admin.byProvince, confidential, (r) => r.province))
  expect(nonZero(advocate.byMonth)).toEqual(minus(admin.byMonth, confidential, (r) => r.month))
  expect(advocate.householdsAffected).toBe(admin.householdsAffected - notDismissedSum(confidential, 'households'))
  expect(advocate.peopleAffected).toBe(admin.peopleAffected - notDismissedSum(confidential, 'people'))
}

describe(`stats access, ${testDriver}`, () => {
  it('answers 401 to an anonymous request', async () => {
    const res = await get('/api/stats', anonymous)
    expect(res.statusCode).toBe(401)
    expect(res.body).not.toContain('incidents')
  })

  it('answers 403 to a community representative, even narrowed to their own province', async () => {
    for (const query of ['', `?province=${encodeURIComponent(ownCommunity.province)}`]) {
      const res = await get(`/api/stats${query}`, as.community_rep.headers)
      expect(res.statusCode, query).toBe(403)
      expect(problemOf(res).code).toBe('auth.forbidden')
    }
  })

  it('records the refused request in the audit log, attributed to the representative', async () => {
    await get('/api/stats', as.community_rep.headers)
    expect(await lastAudit()).toEqual({ actorId: as.community_rep.userId, action: 'denied', entity: 'route', entityId: 'GET /api/stats' })
  })

  it("gives an advocate the admin's incident figures minus exactly the confidential incidents", async () => {
    const confidential = await incidentRows(true)
    const open = await incidentRows(false)
    expect(confidential.length).toBeGreaterThan(0)
    const admin = (await statsAs('admin')).incidents
    const advocate = (await statsAs('advocate')).incidents
    expect(admin.total).toBe(open.length + confidential.length)
    expect(advocate.total).toBe(open.length)
    expectAdvocateToMissExactly(advocate, admin, confidential)
  })

  it('keeps confidential incidents out of an advocate’s figures for one province', async () => {
    const province = (
      await queryRows<{ province: string }>(
        t.db,
        sql`SELECT province FROM incidents WHERE deleted_at IS NULL AND is_confidential GROUP BY province ORDER BY count(*) DESC, province LIMIT 1`,
      )
    )[0]!.province
    const query = `?province=${encodeURIComponent(province)}`
    const confidential = await incidentRows(true, province)
    expect(confidential.length).toBeGreaterThan(0)
    const admin = (await statsAs('admin', query)).incidents
    const advocate = (await statsAs('advocate', query)).incidents
    expect(advocate.total).toBe((await incidentRows(false, province)).length)
    expectAdvocateToMissExactly(advocate, admin, confidential)
  })

  it('stops counting an incident for advocates, but not for admins, once it is marked confidential', async () => {
    const [victim] = await queryRows<{ id: string }>(
      t.db,
      sql`SELECT id FROM incidents WHERE deleted_at IS NULL AND NOT is_confidential ORDER BY id LIMIT 1`,
    )
    const before = { admin: (await statsAs('admin')).incidents.total, advocate: (await statsAs('advocate')).incidents.total }
    await t.db.execute(sql`UPDATE incidents SET is_confidential = true WHERE id = ${victim!.id}`)
    try {
      expect((await statsAs('admin')).incidents.total).toBe(before.admin)
      expect((await statsAs('advocate')).incidents.total).toBe(before.advocate - 1)
    } finally {
      await t.db.execute(sql`UPDATE incidents SET is_confidential = false WHERE id = ${victim!.id}`)
    }
  })

  it('gives legal staff every incident, confidential ones included', async () => {
    expect((await statsAs('legal')).incidents).toEqual((await statsAs('admin')).incidents)
  })

  it('gives advocates and legal staff the same communities, cases and land figures as admins', async () => {
    const admin = await statsAs('admin')
    for (const role of ['advocate', 'legal'] as const) {
      const stats = await statsAs(role)
      expect({ communities: stats.communities, cases: stats.cases, land: stats.land }, role).toEqual({
        communities: admin.communities,
        cases: admin.cases,
        land: admin.land,
      })
    }
  })

  it('includes the program targets for advocates and admins', async () => {
    const admin = await statsAs('admin')
    const advocate = await statsAs('advocate')
    const [planned] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM program_targets WHERE ${admin.period.targetYear} BETWEEN plan_start_year AND plan_end_year`,
    )
    expect(planned!.n).toBeGreaterThan(0)
    expect(admin.targets).toHaveLength(planned!.n)
    expect(advocate.targets).toEqual(admin.targets)
  })

  it("scopes every figure to a representative's own communities inside the queries too (should the route ever open to them)", async () => {
    const viewer = { id: as.community_rep.userId, role: 'community_rep' as const, displayName: 'rep', communityIds: [ownCommunity.id] }
    const stats = await computeStats(t.db, {}, viewer)
    const [expected] = await queryRows<{ incidents: number; cases: number }>(
      t.db,
      sql`SELECT (SELECT count(*)::int FROM incidents WHERE deleted_at IS NULL AND community_id = ${ownCommunity.id}) AS incidents,
                 (SELECT count(DISTINCT lc.id)::int FROM legal_cases lc JOIN case_communities cc ON cc.case_id = lc.id
                  WHERE lc.deleted_at IS NULL AND cc.community_id = ${ownCommunity.id}) AS cases`,
    )
    expect(expected!.incidents).toBeGreaterThan(0)
    expect(expected!.cases).toBeGreaterThan(0)
    expect(stats.communities.total).toBe(1)
    expect(stats.incidents.total).toBe(expected!.incidents)
    expect(stats.cases.total).toBe(expected!.cases)
    expect(stats.land.communityLandHa).toBeLessThan((await statsAs('admin')).land.communityLandHa)
    expect(stats).not.toHaveProperty('targets')
  })

  it('gives legal staff the targets of the year asked for, as the targets route does', async () => {
    const legal = await statsAs('legal', '?to=2025-12-31')
    expect(legal).toHaveProperty('targets')
    expect(legal.period.targetYear).toBe(2025)
  })
})

// ---- Program targets ----------------------------------------------------------------------

describe(`program targets access, ${testDriver}`, () => {
  const someTarget = async () =>
    (await queryRows<{ id: string; version: number }>(t.db, sql`SELECT id, version FROM program_targets ORDER BY code, id LIMIT 1`))[0]!
  const targetCount = async () => (await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM program_targets`))[0]!.n

  it('lets advocates, legal staff and admins list every target', async () => {
    const count = await targetCount()
    expect(count).toBeGreaterThan(0)
    for (const role of ['advocate', 'legal', 'admin'] as const) {
      const page = await getJson('/api/program-targets?limit=500', as[role].headers)
      expect(page.items, role).toHaveLength(count)
    }
  })

  it('lets an advocate read one target with its progress', async () => {
    const target = await someTarget()
    const body = await getJson(`/api/program-targets/${target.id}`, as.advocate.headers)
    expect(body).toMatchObject({ id: target.id, progress: { done: expect.any(Number), percent: expect.any(Number) } })
  })

  it('answers 403 to community representatives listing targets', async () => {
    for (const role of ['community_rep'] as const) {
      const res = await get('/api/program-targets', as[role].headers)
      expect(res.statusCode, role).toBe(403)
      expect(problemOf(res).code).toBe('auth.forbidden')
    }
  })

  it('answers a role that may not read targets the same for an existing and a made-up id (nothing revealed)', async () => {
    const target = await someTarget()
    for (const role of ['community_rep'] as const) {
      const real = await get(`/api/program-targets/${target.id}`, as[role].headers)
      const madeUp = await get('/api/program-targets/00000000-0000-4000-8000-000000000000', as[role].headers)
      expect([real.statusCode, madeUp.statusCode], role).toEqual([403, 403])
      // Only `instance` (the URL asked for) and `requestId` differ.
      const { instance: _a, requestId: _b, ...answer } = problemOf(real)
      const { instance: _c, requestId: _d, ...madeUpAnswer } = problemOf(madeUp)
      expect(answer).toEqual(madeUpAnswer)
      expect(answer.code).toBe('auth.forbidden')
    }
  })

  it('answers 401 to anonymous reads and writes', async () => {
    const target = await someTarget()
    const requests = [
      { method: 'GET', url: '/api/program-targets' },
      { method: 'GET', url: `/api/program-targets/${target.id}` },
      {
        method: 'POST',
        url: '/api/program-targets',
        payload: { label: 'Plans', planStartYear: 2031, planEndYear: 2031, target: 5, rule: { count: 'communities', needsPlan: true } },
      },
      { method: 'PATCH', url: `/api/program-targets/${target.id}`, payload: { target: 99 } },
      { method: 'DELETE', url: `/api/program-targets/${target.id}` },
    ] as const
    for (const request of requests) {
      const res = await t.app.inject({ ...request, headers: anonymous })
      expect(res.statusCode, `${request.method} ${request.url}`).toBe(401)
    }
  })

  it('answers 403 to every write by an advocate, legal staff or a representative, and changes nothing', async () => {
    const target = await someTarget()
    const before = await getJson(`/api/program-targets/${target.id}`, as.admin.headers)
    const count = await targetCount()
    for (const role of ['advocate', 'legal', 'community_rep'] as const) {
      const headers = as[role].headers
      const writes = [
        {
          method: 'POST',
          url: '/api/program-targets',
          payload: { label: 'Plans', planStartYear: 2031, planEndYear: 2031, target: 5, rule: { count: 'communities', needsPlan: true } },
        },
        { method: 'PATCH', url: `/api/program-targets/${target.id}`, payload: { target: 99, version: target.version } },
        { method: 'DELETE', url: `/api/program-targets/${target.id}` },
      ] as const
      for (const write of writes) {
        const res = await t.app.inject({ ...write, headers })
        expect(res.statusCode, `${role} ${write.method}: ${res.body}`).toBe(403)
        expect(problemOf(res).code).toBe('auth.forbidden')
      }
    }
    expect(await targetCount()).toBe(count)
    expect(await getJson(`/api/program-targets/${target.id}`, as.admin.headers)).toEqual(before)
  })

  it('refuses an advocate’s write before validating it (403, not 400)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/program-targets', headers: as.advocate.headers, payload: { year: 'soon' } })
    expect(res.statusCode).toBe(403)
  })

  it('records a refused write in the audit log, attributed to the advocate', async () => {
    const target = await someTarget()
    await t.app.inject({ method: 'DELETE', url: `/api/program-targets/${target.id}`, headers: as.advocate.headers })
    expect(await lastAudit()).toEqual({
      actorId: as.advocate.userId,
      action: 'denied',
      entity: 'route',
      entityId: 'DELETE /api/program-targets/:id',
    })
  })

  it("attributes an admin's create, change and delete of a target to them in the audit log", async () => {
    const headers = as.admin.headers
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/program-targets',
      headers,
      payload: {
        label: 'Groups',
        planStartYear: 2032,
        planEndYear: 2032,
        target: 3,
        rule: { count: 'communities', kinds: ['womens_group'] },
      },
    })
    expect(created.statusCode, created.body).toBe(201)
    const { id } = created.json() as { id: string }
    expect(await lastAudit()).toEqual({ actorId: as.admin.userId, action: 'create', entity: 'program_targets', entityId: id })

    const changed = await t.app.inject({ method: 'PATCH', url: `/api/program-targets/${id}`, headers, payload: { target: 4, version: 1 } })
    expect(changed.statusCode, changed.body).toBe(200)
    expect(await lastAudit()).toEqual({ actorId: as.admin.userId, action: 'update', entity: 'program_targets', entityId: id })

    const deleted = await t.app.inject({ method: 'DELETE', url: `/api/program-targets/${id}`, headers })
    expect(deleted.statusCode, deleted.body).toBe(204)
    expect(await lastAudit()).toEqual({ actorId: as.admin.userId, action: 'delete', entity: 'program_targets', entityId: id })
  })
})
