import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemoData } from '../../db/seed/index.ts'
import { makeIncident, makePerson } from '../helpers/case-factories.ts'
import { makeCommunity, makeParcel } from '../helpers/factories.ts'
import { collectAllPages, problemOf } from '../helpers/http.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
/**
 * Every SQL statement the app runs, to show that lists and details cost a fixed number of queries;
 * without the session look-up (and its occasional last-seen update) every request makes.
 */
let statements: string[] = []
const isSessionStatement = (sql: string) => /\bsessions\b/i.test(sql)
beforeAll(async () => {
  t = await createTestApp({
    onQuery: (sql) => {
      if (!isSessionStatement(sql)) statements.push(sql)
    },
  })
  await loadDemoData(t.db, new Date('2026-11-28T00:00:00Z'))
  // Its statements would otherwise be counted as a request's.
  await t.startupJobsDone()
})
afterAll(() => t?.close())

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000'

const newCase = (overrides: Record<string, unknown> = {}) => ({
  title: 'Families of Phum Thmei v. Demo Cassava Co., Ltd.',
  titleKm: 'គ្រួសារភូមិថ្មី ប្តឹងក្រុមហ៊ុនដំឡូងមីសាកល្បង',
  kind: 'court_civil',
  forum: 'Kampong Speu Provincial Court',
  province: 'Kampong Speu',
  summary: 'Claim for the return of rice fields.',
  privilegedNotes: 'PRIVILEGED: strategy notes',
  ...overrides,
})

async function createCase(overrides: Record<string, unknown> = {}) {
  const res = await t.app.inject({ method: 'POST', url: '/api/cases', payload: newCase(overrides) })
  expect(res.statusCode).toBe(201)
  return res.json()
}

/** The demo case whose reference or title matches. */
async function demoCase(q: string) {
  const items = (await t.app.inject({ url: `/api/cases?q=${encodeURIComponent(q)}` })).json().items
  expect(items).toHaveLength(1)
  return (await t.app.inject({ url: `/api/cases/${items[0].id}` })).json()
}

const todayInPhnomPenh = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Phnom_Penh' }).format(new Date())

describe(`legal cases API on ${testDriver}`, () => {
  describe('creating', () => {
    it('opens a case with a server-assigned reference, stage intake and today as opening day in Cambodia', async () => {
      const body = await createCase()
      const today = todayInPhnomPenh()
      expect(body).toMatchObject({
        title: newCase().title,
        kind: 'court_civil',
        stage: 'intake',
        openedOn: today,
        closedOn: null,
        version: 1,
      })
      expect(body.reference).toMatch(new RegExp(`^CASE-${today.slice(0, 4)}-\\d{4}$`))
      const get = await t.app.inject({ url: `/api/cases/${body.id}` })
      expect(get.json()).toEqual(body)
      expect(get.headers.etag).toBe('"1"')
    })

    it('records the opening stage in the stage history', async () => {
      const body = await createCase({ stage: 'investigation', stageNote: 'Taken over from another NGO' })
      expect(body.stageHistory).toEqual([
        {
          id: expect.any(String),
          fromStage: null,
          toStage: 'investigation',
          note: 'Taken over from another NGO',
          changedAt: expect.any(String),
        },
      ])
    })

    it('numbers references per year of opening, consecutively and zero-padded', async () => {
      const first = await createCase({ openedOn: '2031-03-01' })
      const second = await createCase({ openedOn: '2031-12-31' })
      const otherYear = await createCase({ openedOn: '2032-01-01' })
      expect([first.reference, second.reference, otherYear.reference]).toEqual(['CASE-2031-0001', 'CASE-2031-0002', 'CASE-2032-0001'])
    })

    it('continues after the demo cases of the same year', async () => {
      const demo2025 = (await collectAllPages(t.app, '/api/cases?from=2025-01-01&to=2025-12-31&limit=500')).map(
        (c) => c.reference as string,
      )
      expect(demo2025.length).toBeGreaterThan(0)
      const created = await createCase({ openedOn: '2025-06-01' })
      const highest = Math.max(...demo2025.map((reference) => Number(reference.slice(-4))))
      expect(created.reference).toBe(`CASE-2025-${String(highest + 1).padStart(4, '0')}`)
    })

    it('ignores a reference sent by the client', async () => {
      const body = await createCase({ openedOn: '2033-05-05', reference: 'CASE-2033-0042' })
      expect(body.reference).toBe('CASE-2033-0001')
    })

    it('never hands out a deleted case’s reference again', async () => {
      const doomed = await createCase({ openedOn: '2034-02-02' })
      expect((await t.app.inject({ method: 'DELETE', url: `/api/cases/${doomed.id}` })).statusCode).toBe(204)
      const next = await createCase({ openedOn: '2034-02-03' })
      expect([doomed.reference, next.reference]).toEqual(['CASE-2034-0001', 'CASE-2034-0002'])
    })

    it('gives cases opened at the same moment distinct references', async () => {
      const responses = await Promise.all(
        Array.from({ length: 6 }, () => t.app.inject({ method: 'POST', url: '/api/cases', payload: newCase({ openedOn: '2035-07-07' }) })),
      )
      expect(responses.map((r) => r.statusCode)).toEqual(Array(6).fill(201))
      const references = responses.map((r) => r.json().reference as string).sort()
      expect(references).toEqual(['0001', '0002', '0003', '0004', '0005', '0006'].map((n) => `CASE-2035-${n}`))
    })

    it('gives a failed create’s number to the next case, as nothing was committed', async () => {
      const refused = await t.app.inject({
        method: 'POST',
        url: '/api/cases',
        payload: newCase({ openedOn: '2036-05-01', closedOn: '2036-04-01' }),
      })
      expect(refused.statusCode).toBe(422)
      expect((await createCase({ openedOn: '2036-05-01' })).reference).toBe('CASE-2036-0001')
    })

    it('sets the closing day to today when a case is created closed', async () => {
      const body = await createCase({ stage: 'closed', openedOn: '2026-01-01' })
      expect(body.closedOn).toBe(todayInPhnomPenh())
    })

    it('refuses an unknown kind with 400 naming the field', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/cases', payload: newCase({ kind: 'arbitration' }) })
      expect(res.statusCode).toBe(400)
      expect(problemOf(res).errors?.map((e) => e.field)).toEqual(['body.kind'])
    })

    it('refuses a malformed opening day with 400 naming the field', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/cases', payload: newCase({ openedOn: '28/11/2026' }) })
      expect(res.statusCode).toBe(400)
      expect(problemOf(res).errors?.map((e) => e.field)).toEqual(['body.openedOn'])
    })

    it('refuses a closing day before the opening day with 422', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/cases',
        payload: newCase({ openedOn: '2026-05-01', closedOn: '2026-04-30' }),
      })
      expect(res.statusCode).toBe(422)
      expect(problemOf(res)).toMatchObject({ code: 'cases.closed_before_opened', errors: [{ field: 'body.closedOn' }] })
    })
  })

  describe('reading', () => {
    it('returns a demo case with its privileged notes and linked communities, parcels, incidents and people', async () => {
      const detail = await demoCase('Ou Ampil')
      expect(detail.privilegedNotes).toMatch(/^PRIVILEGED/)
      expect(detail.communities).toEqual([{ id: expect.any(String), name: 'Ou Ampil Land Community' }])
      expect(detail.parcels.length).toBeGreaterThan(0)
      expect(detail.parcels[0]).toEqual({ id: expect.any(String), label: expect.stringContaining('Ou Ampil'), areaHa: expect.any(Number) })
      expect(detail.incidents.length).toBeGreaterThan(0)
      expect(detail.incidents[0]).toEqual({
        id: expect.any(String),
        title: expect.any(String),
        kind: expect.any(String),
        occurredAt: expect.any(String),
        occurredPrecision: 'day',
        status: expect.any(String),
      })
      expect(detail.people.map((p: { role: string }) => p.role)).toEqual(expect.arrayContaining(['client', 'witness', 'official']))
    })

    it('lists summaries without privileged notes, with the names of linked communities', async () => {
      const items = await collectAllPages(t.app, '/api/cases?limit=500')
      expect(items.length).toBeGreaterThanOrEqual(6)
      for (const item of items) {
        expect(item).not.toHaveProperty('privilegedNotes')
        expect(item).not.toHaveProperty('people')
      }
      const ouAmpil = items.find((c) => (c.title as string).includes('Ou Ampil'))
      expect(ouAmpil?.communities).toEqual([{ id: expect.any(String), name: 'Ou Ampil Land Community' }])
    })

    it('lists up to 500 cases with their community names in one query', async () => {
      const community = await makeCommunity(t.db, { name: 'Community of many cases' })
      for (let i = 0; i < 12; i++) {
        const created = await createCase()
        await t.app.inject({ method: 'POST', url: `/api/cases/${created.id}/communities`, payload: { communityId: community.id } })
      }
      statements = []
      const items = (await t.app.inject({ url: '/api/cases?limit=500' })).json().items as { communities: { name: string }[] }[]
      expect(items.filter((c) => c.communities.some((x) => x.name === 'Community of many cases'))).toHaveLength(12)
      expect(statements).toHaveLength(1)
    })

    it('reads a case detail in the same number of queries however many records it links', async () => {
      const bare = await createCase()
      statements = []
      await t.app.inject({ url: `/api/cases/${bare.id}` })
      const forBare = statements.length
      const linked = (await demoCase('Kaleng')).id
      statements = []
      const detail = (await t.app.inject({ url: `/api/cases/${linked}` })).json()
      expect(detail.people.length + detail.parcels.length + detail.incidents.length).toBeGreaterThan(3)
      expect(statements).toHaveLength(forBare)
      expect(forBare).toBeLessThanOrEqual(5)
    })

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      const unknown = await t.app.inject({ url: `/api/cases/${UNKNOWN_ID}` })
      expect(unknown.statusCode).toBe(404)
      expect(problemOf(unknown).code).toBe('case.not_found')
      expect((await t.app.inject({ url: '/api/cases/CASE-2026-0001' })).statusCode).toBe(400)
    })
  })

  describe('listing', () => {
    it('sorts by opening day, newest first, by default', async () => {
      const openedOn = (await collectAllPages(t.app, '/api/cases?limit=500')).map((c) => c.openedOn as string)
      expect(openedOn).toEqual([...openedOn].sort().reverse())
    })

    it('pages through every case once, in order, without gaps or repeats', async () => {
      for (const sort of ['-openedOn', 'reference', 'createdAt', '-updatedAt']) {
        const all = await collectAllPages(t.app, `/api/cases?sort=${sort}&limit=500`)
        const paged = await collectAllPages(t.app, `/api/cases?sort=${sort}&limit=3`)
        expect(paged.map((c) => c.id)).toEqual(all.map((c) => c.id))
        expect(new Set(paged.map((c) => c.id)).size).toBe(all.length)
      }
    })

    it('filters by kind', async () => {
      const items = (await t.app.inject({ url: '/api/cases?kind=naldr,un_communication&limit=500' })).json().items as { kind: string }[]
      expect(new Set(items.map((c) => c.kind))).toEqual(new Set(['naldr', 'un_communication']))
    })

    it('filters by stage', async () => {
      const items = (await t.app.inject({ url: '/api/cases?stage=hearing&stage=judgment&limit=500' })).json().items as { stage: string }[]
      expect(items.length).toBeGreaterThanOrEqual(2)
      expect(items.every((c) => ['hearing', 'judgment'].includes(c.stage))).toBe(true)
    })

    it('refuses an unknown stage with 400 naming the field', async () => {
      const res = await t.app.inject({ url: '/api/cases?stage=trial' })
      expect(res.statusCode).toBe(400)
      expect(problemOf(res).errors?.[0]?.field).toBe('querystring.stage[0]')
    })

    it('filters by province', async () => {
      const items = (await t.app.inject({ url: '/api/cases?province=Koh%20Kong&limit=500' })).json().items as { province: string }[]
      expect(items.length).toBeGreaterThan(0)
      expect(items.every((c) => c.province === 'Koh Kong')).toBe(true)
    })

    it('filters by a linked community', async () => {
      const community = await makeCommunity(t.db, { name: 'Community with one case' })
      const linked = await createCase()
      await createCase()
      await t.app.inject({ method: 'POST', url: `/api/cases/${linked.id}/communities`, payload: { communityId: community.id } })
      const items = (await t.app.inject({ url: `/api/cases?community=${community.id}` })).json().items
      expect(items.map((c: { id: string }) => c.id)).toEqual([linked.id])
    })

    it('filters by the account on the case team (lawyerId)', async () => {
      const lawyer = await t.signIn('legal')
      const theirs = await createCase()
      await createCase()
      await t.app.inject({ method: 'PUT', url: `/api/cases/${theirs.id}/team/lead`, payload: { userId: lawyer.userId } })
      const items = (await t.app.inject({ url: `/api/cases?lawyerId=${lawyer.userId}&limit=500` })).json().items
      expect(items.map((c: { id: string }) => c.id)).toEqual([theirs.id])
      expect(items[0].lead.userId).toBe(lawyer.userId)
    })

    it('filters by opening day, both bounds inclusive', async () => {
      const inside = await createCase({ openedOn: '2040-03-10' })
      const lastDay = await createCase({ openedOn: '2040-03-20' })
      await createCase({ openedOn: '2040-03-21' })
      await createCase({ openedOn: '2040-03-09' })
      const items = (await t.app.inject({ url: '/api/cases?from=2040-03-10&to=2040-03-20&sort=openedOn' })).json().items
      expect(items.map((c: { id: string }) => c.id)).toEqual([inside.id, lastDay.id])
    })

    it('finds cases by reference, English title and summary', async () => {
      const created = await createCase({ title: 'Unmistakable zebra title', summary: 'A very particular okapi summary' })
      for (const q of [created.reference, 'zebra TITLE', 'okapi']) {
        const items = (await t.app.inject({ url: `/api/cases?q=${encodeURIComponent(q)}` })).json().items
        expect(items.map((c: { id: string }) => c.id)).toEqual([created.id])
      }
    })

    it('finds cases by a Khmer word inside the Khmer title', async () => {
      const items = (await t.app.inject({ url: `/api/cases?q=${encodeURIComponent('ព្នង')}&limit=500` })).json().items as {
        titleKm: string
      }[]
      expect(items.length).toBeGreaterThanOrEqual(2)
      expect(items.every((c) => c.titleKm.includes('ព្នង'))).toBe(true)
    })

    it('hides deleted cases', async () => {
      const created = await createCase()
      await t.app.inject({ method: 'DELETE', url: `/api/cases/${created.id}` })
      expect((await t.app.inject({ url: `/api/cases/${created.id}` })).statusCode).toBe(404)
      const items = await collectAllPages(t.app, '/api/cases?limit=500')
      expect(items.some((c) => c.id === created.id)).toBe(false)
      expect((await t.app.inject({ url: `/api/cases?q=${created.reference}` })).json().items).toEqual([])
    })
  })

  describe('updating', () => {
    it('applies a change and bumps the version', async () => {
      const created = await createCase()
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/cases/${created.id}`,
        payload: { forum: 'Court of Appeal', version: 1 },
      })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toMatchObject({ forum: 'Court of Appeal', version: 2, reference: created.reference, stage: 'intake' })
    })

    it('records each change of stage with the note, in order', async () => {
      const created = await createCase()
      await t.app.inject({
        method: 'PATCH',
        url: `/api/cases/${created.id}`,
        payload: { stage: 'filed', stageNote: 'Lodged at court', version: 1 },
      })
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/cases/${created.id}`,
        headers: { 'if-match': '"2"' },
        payload: { stage: 'hearing' },
      })
      expect(
        res
          .json()
          .stageHistory.map((s: { fromStage: string | null; toStage: string; note: string | null }) => [s.fromStage, s.toStage, s.note]),
      ).toEqual([
        [null, 'intake', null],
        ['intake', 'filed', 'Lodged at court'],
        ['filed', 'hearing', null],
      ])
    })

    it('does not add to the stage history when the stage stays the same', async () => {
      const created = await createCase()
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/cases/${created.id}`,
        payload: { stage: 'intake', title: 'Renamed', version: 1 },
      })
      expect(res.json().stageHistory).toHaveLength(1)
    })

    it('refuses a stage note without a change of stage', async () => {
      const created = await createCase()
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/cases/${created.id}`,
        payload: { stageNote: 'Nothing happened', version: 1 },
      })
      expect(res.statusCode).toBe(422)
      expect(problemOf(res).errors?.[0]?.field).toBe('body.stageNote')
    })

    it('keeps the fields a change does not mention', async () => {
      const created = await createCase({ stage: 'filed' })
      const res = await t.app.inject({ method: 'PATCH', url: `/api/cases/${created.id}`, payload: { summary: 'New summary', version: 1 } })
      expect(res.json()).toMatchObject({
        stage: 'filed',
        openedOn: created.openedOn,
        forum: created.forum,
        privilegedNotes: created.privilegedNotes,
      })
    })

    it('records how a case ended (its result), lists it, clears it back to pending and refuses an unknown one', async () => {
      const created = await createCase({ result: 'settled' })
      expect(created.result).toBe('settled')
      const listed = await collectAllPages(t.app, '/api/cases?limit=500')
      expect(listed.find((item) => item.id === created.id)?.result).toBe('settled')
      const cleared = await t.app.inject({ method: 'PATCH', url: `/api/cases/${created.id}`, payload: { result: null, version: 1 } })
      expect(cleared.json()).toMatchObject({ result: null, version: 2 })
      expect((await createCase()).result).toBeNull()
      const bad = await t.app.inject({ method: 'PATCH', url: `/api/cases/${created.id}`, payload: { result: 'victory', version: 2 } })
      expect(bad.statusCode).toBe(400)
      expect(problemOf(bad).errors?.map((issue) => issue.field)).toEqual(['body.result'])
    })

    it('sets the closing day to today when a case is closed without one', async () => {
      const created = await createCase({ openedOn: '2026-01-05' })
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/cases/${created.id}`,
        payload: { stage: 'closed', outcome: 'Settled', version: 1 },
      })
      expect(res.json()).toMatchObject({ stage: 'closed', closedOn: todayInPhnomPenh(), outcome: 'Settled' })
    })

    it('refuses a closing day before the opening day with 422', async () => {
      const created = await createCase({ openedOn: '2026-06-01' })
      const res = await t.app.inject({ method: 'PATCH', url: `/api/cases/${created.id}`, payload: { closedOn: '2026-05-31', version: 1 } })
      expect(res.statusCode).toBe(422)
      expect(problemOf(res).errors?.[0]?.field).toBe('body.closedOn')
    })

    it('refuses a stale version with 409 and the current case', async () => {
      const created = await createCase()
      await t.app.inject({ method: 'PATCH', url: `/api/cases/${created.id}`, payload: { forum: 'First', version: 1 } })
      const stale = await t.app.inject({ method: 'PATCH', url: `/api/cases/${created.id}`, payload: { forum: 'Second', version: 1 } })
      expect(stale.statusCode).toBe(409)
      expect(stale.json()).toMatchObject({ code: 'case.version_conflict', current: { forum: 'First', version: 2 } })
    })

    it('asks for the version with 428 when it is missing', async () => {
      const created = await createCase()
      const res = await t.app.inject({ method: 'PATCH', url: `/api/cases/${created.id}`, payload: { forum: 'No version' } })
      expect(res.statusCode).toBe(428)
    })

    it('never lets a client change the reference', async () => {
      const created = await createCase()
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/cases/${created.id}`,
        payload: { reference: 'CASE-2026-9999', title: 'Renamed', version: 1 },
      })
      expect(res.statusCode).toBe(200)
      expect(res.json().reference).toBe(created.reference)
    })

    it('answers 404 when updating or deleting an unknown case', async () => {
      expect(
        (await t.app.inject({ method: 'PATCH', url: `/api/cases/${UNKNOWN_ID}`, payload: { forum: 'x', version: 1 } })).statusCode,
      ).toBe(404)
      expect((await t.app.inject({ method: 'DELETE', url: `/api/cases/${UNKNOWN_ID}` })).statusCode).toBe(404)
    })

    it('refuses to delete with a stale If-Match', async () => {
      const created = await createCase()
      const res = await t.app.inject({ method: 'DELETE', url: `/api/cases/${created.id}`, headers: { 'if-match': '"7"' } })
      expect(res.statusCode).toBe(409)
      expect((await t.app.inject({ url: `/api/cases/${created.id}` })).statusCode).toBe(200)
    })
  })

  describe('links', () => {
    it('links a community (201), and again changes nothing (200)', async () => {
      const created = await createCase()
      const community = await makeCommunity(t.db, { name: 'Linked community' })
      const first = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${created.id}/communities`,
        payload: { communityId: community.id },
      })
      expect(first.statusCode).toBe(201)
      expect(first.json().communities).toEqual([{ id: community.id, name: 'Linked community' }])
      const again = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${created.id}/communities`,
        payload: { communityId: community.id },
      })
      expect(again.statusCode).toBe(200)
      expect(again.json().communities).toHaveLength(1)
    })

    it('refuses to link a deleted community with 422 naming the field', async () => {
      const created = await createCase()
      const community = await t.app.inject({
        method: 'POST',
        url: '/api/communities',
        payload: { name: 'Soon gone', kind: 'land_community', province: 'Kampot', location: { type: 'Point', coordinates: [104.2, 10.6] } },
      })
      await t.app.inject({ method: 'DELETE', url: `/api/communities/${community.json().id}` })
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${created.id}/communities`,
        payload: { communityId: community.json().id },
      })
      expect(res.statusCode).toBe(422)
      expect(problemOf(res)).toMatchObject({ code: 'community.deleted', errors: [{ field: 'body.communityId' }] })
    })

    it('refuses to link an unknown record with 422 naming the field', async () => {
      const created = await createCase()
      for (const [path, field] of [
        ['communities', 'communityId'],
        ['parcels', 'parcelId'],
        ['incidents', 'incidentId'],
      ] as const) {
        const res = await t.app.inject({ method: 'POST', url: `/api/cases/${created.id}/${path}`, payload: { [field]: UNKNOWN_ID } })
        expect(res.statusCode).toBe(422)
        expect(problemOf(res).errors?.[0]?.field).toBe(`body.${field}`)
      }
      const person = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${created.id}/people`,
        payload: { personId: UNKNOWN_ID, role: 'witness' },
      })
      expect(person.statusCode).toBe(422)
      expect(problemOf(person).errors?.[0]?.field).toBe('body.personId')
    })

    it('answers 404 when linking to an unknown or deleted case', async () => {
      const community = await makeCommunity(t.db)
      expect(
        (await t.app.inject({ method: 'POST', url: `/api/cases/${UNKNOWN_ID}/communities`, payload: { communityId: community.id } }))
          .statusCode,
      ).toBe(404)
      const deleted = await createCase()
      await t.app.inject({ method: 'DELETE', url: `/api/cases/${deleted.id}` })
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${deleted.id}/communities`,
        payload: { communityId: community.id },
      })
      expect(res.statusCode).toBe(404)
      expect(problemOf(res).code).toBe('case.not_found')
    })

    it('unlinks a community (204), then answers 404 for the missing link', async () => {
      const created = await createCase()
      const community = await makeCommunity(t.db)
      await t.app.inject({ method: 'POST', url: `/api/cases/${created.id}/communities`, payload: { communityId: community.id } })
      const url = `/api/cases/${created.id}/communities/${community.id}`
      expect((await t.app.inject({ method: 'DELETE', url })).statusCode).toBe(204)
      expect((await t.app.inject({ url: `/api/cases/${created.id}` })).json().communities).toEqual([])
      const again = await t.app.inject({ method: 'DELETE', url })
      expect(again.statusCode).toBe(404)
      expect(problemOf(again).code).toBe('case_link.not_found')
    })

    it('links and unlinks a parcel, with its area in hectares', async () => {
      const created = await createCase()
      const community = await makeCommunity(t.db)
      const parcel = await makeParcel(t.db, { communityId: community.id, label: 'Rice field 7' })
      const res = await t.app.inject({ method: 'POST', url: `/api/cases/${created.id}/parcels`, payload: { parcelId: parcel.id } })
      expect(res.statusCode).toBe(201)
      // squareAround's default is 0.002° a side: about 218 m × 220 m at 11.45° N.
      expect(res.json().parcels).toEqual([{ id: parcel.id, label: 'Rice field 7', areaHa: expect.closeTo(4.8, 0) }])
      expect(
        (await t.app.inject({ method: 'POST', url: `/api/cases/${created.id}/parcels`, payload: { parcelId: parcel.id } })).statusCode,
      ).toBe(200)
      expect((await t.app.inject({ method: 'DELETE', url: `/api/cases/${created.id}/parcels/${parcel.id}` })).statusCode).toBe(204)
      expect((await t.app.inject({ url: `/api/cases/${created.id}` })).json().parcels).toEqual([])
    })

    it('links and unlinks an incident', async () => {
      const created = await createCase()
      const incident = await makeIncident(t.db, { title: 'Fence across the rice fields' })
      const res = await t.app.inject({ method: 'POST', url: `/api/cases/${created.id}/incidents`, payload: { incidentId: incident.id } })
      expect(res.statusCode).toBe(201)
      expect(res.json().incidents).toEqual([
        {
          id: incident.id,
          title: 'Fence across the rice fields',
          kind: 'fencing',
          occurredAt: '2026-10-01T03:00:00.000Z',
          occurredPrecision: 'day',
          status: 'reported',
        },
      ])
      expect(
        (await t.app.inject({ method: 'POST', url: `/api/cases/${created.id}/incidents`, payload: { incidentId: incident.id } }))
          .statusCode,
      ).toBe(200)
      expect((await t.app.inject({ method: 'DELETE', url: `/api/cases/${created.id}/incidents/${incident.id}` })).statusCode).toBe(204)
      expect((await t.app.inject({ url: `/api/cases/${created.id}` })).json().incidents).toEqual([])
    })

    it('links a person in several roles and unlinks one role at a time', async () => {
      const created = await createCase()
      const person = await makePerson(t.db, { fullName: 'Sok Dara' })
      for (const role of ['client', 'defendant']) {
        const res = await t.app.inject({ method: 'POST', url: `/api/cases/${created.id}/people`, payload: { personId: person.id, role } })
        expect(res.statusCode).toBe(201)
      }
      const again = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${created.id}/people`,
        payload: { personId: person.id, role: 'client' },
      })
      expect(again.statusCode).toBe(200)
      expect(again.json().people.map((p: { role: string }) => p.role)).toEqual(['client', 'defendant'])
      expect((await t.app.inject({ method: 'DELETE', url: `/api/cases/${created.id}/people/${person.id}?role=client` })).statusCode).toBe(
        204,
      )
      expect((await t.app.inject({ url: `/api/cases/${created.id}` })).json().people).toEqual([
        { id: person.id, fullName: 'Sok Dara', fullNameKm: null, role: 'defendant' },
      ])
    })

    it('unlinks a person from every role when no role is given', async () => {
      const created = await createCase()
      const person = await makePerson(t.db)
      for (const role of ['plaintiff', 'witness']) {
        await t.app.inject({ method: 'POST', url: `/api/cases/${created.id}/people`, payload: { personId: person.id, role } })
      }
      expect((await t.app.inject({ method: 'DELETE', url: `/api/cases/${created.id}/people/${person.id}` })).statusCode).toBe(204)
      expect((await t.app.inject({ url: `/api/cases/${created.id}` })).json().people).toEqual([])
    })

    it('refuses an unknown role with 400 naming the field', async () => {
      const created = await createCase()
      const person = await makePerson(t.db)
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${created.id}/people`,
        payload: { personId: person.id, role: 'judge' },
      })
      expect(res.statusCode).toBe(400)
      expect(problemOf(res).errors?.map((e) => e.field)).toEqual(['body.role'])
    })

    it('stops showing a linked record once it is deleted', async () => {
      const created = await createCase()
      const person = await makePerson(t.db)
      await t.app.inject({ method: 'POST', url: `/api/cases/${created.id}/people`, payload: { personId: person.id, role: 'witness' } })
      await t.app.inject({ method: 'DELETE', url: `/api/people/${person.id}` })
      expect((await t.app.inject({ url: `/api/cases/${created.id}` })).json().people).toEqual([])
    })
  })

  describe('timeline', () => {
    it('merges incidents, events and stage changes in date order', async () => {
      const created = await createCase()
      const incident = await makeIncident(t.db, { title: 'Bulldozers arrive', occurredAt: new Date('2020-05-01T01:00:00Z') })
      await t.app.inject({ method: 'POST', url: `/api/cases/${created.id}/incidents`, payload: { incidentId: incident.id } })
      const later = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${created.id}/events`,
        payload: { kind: 'hearing', title: 'Hearing', startsAt: '2099-01-02T02:00:00Z' },
      })
      const earlier = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${created.id}/events`,
        payload: { kind: 'meeting', title: 'Meeting', startsAt: '2021-03-04T02:00:00+07:00', isDone: true },
      })
      await t.app.inject({ method: 'PATCH', url: `/api/cases/${created.id}`, payload: { stage: 'filed', version: 1 } })

      const res = await t.app.inject({ url: `/api/cases/${created.id}/timeline` })
      expect(res.statusCode).toBe(200)
      const items = res.json().items
      expect(items.map((i: { type: string; title: string }) => [i.type, i.title])).toEqual([
        ['incident', 'Bulldozers arrive'],
        ['event', 'Meeting'],
        ['stage', 'Case opened at stage intake'],
        ['stage', 'Stage changed from intake to filed'],
        ['event', 'Hearing'],
      ])
      expect(items[0]).toEqual({
        at: '2020-05-01T01:00:00.000Z',
        type: 'incident',
        id: incident.id,
        title: 'Bulldozers arrive',
        kind: 'fencing',
        status: 'reported',
        occurredPrecision: 'day',
      })
      expect(items[1]).toEqual({
        at: '2021-03-03T19:00:00.000Z',
        type: 'event',
        id: earlier.json().id,
        title: 'Meeting',
        kind: 'meeting',
        isDone: true,
        location: null,
      })
      expect(items[3]).toMatchObject({ type: 'stage', fromStage: 'intake', toStage: 'filed', note: null })
      expect(items[4].id).toBe(later.json().id)
    })

    it('leaves out deleted events and incidents', async () => {
      const created = await createCase()
      const event = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${created.id}/events`,
        payload: { kind: 'note', title: 'Gone', startsAt: '2026-01-01T00:00:00Z' },
      })
      await t.app.inject({ method: 'DELETE', url: `/api/case-events/${event.json().id}` })
      const items = (await t.app.inject({ url: `/api/cases/${created.id}/timeline` })).json().items
      expect(items.map((i: { type: string }) => i.type)).toEqual(['stage'])
    })

    it('answers 404 for an unknown case', async () => {
      expect((await t.app.inject({ url: `/api/cases/${UNKNOWN_ID}/timeline` })).statusCode).toBe(404)
    })
  })
})
