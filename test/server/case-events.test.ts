import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCase, makeCaseEvent } from '../helpers/case-factories.ts'
import { collectAllPages, problemOf } from '../helpers/http.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t?.close())

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000'

const newEvent = (overrides: Record<string, unknown> = {}) => ({
  kind: 'hearing',
  title: 'Hearing at the provincial court',
  details: 'Bring the boundary witnesses.',
  startsAt: '2026-12-10T09:00:00+07:00',
  location: 'Kampong Speu Provincial Court',
  ...overrides,
})

async function createEvent(caseId: string, overrides: Record<string, unknown> = {}) {
  const res = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/events`, payload: newEvent(overrides) })
  expect(res.statusCode).toBe(201)
  return res.json()
}

/** A case with one event of each kind, a day apart from 1 to 6 December 2026 (09:00 in Phnom Penh). */
async function caseWithSixEvents() {
  const legalCase = await makeCase(t.db)
  const kinds = ['filing', 'hearing', 'deadline', 'meeting', 'judgment', 'note'] as const
  for (const [i, kind] of kinds.entries()) {
    await makeCaseEvent(t.db, {
      caseId: legalCase.id,
      kind,
      title: `${kind} event`,
      startsAt: new Date(`2026-12-0${i + 1}T02:00:00Z`),
      isDone: i < 2,
    })
  }
  return legalCase
}

describe(`case events API on ${testDriver}`, () => {
  it('adds an event to a case and reads it back by its own id', async () => {
    const legalCase = await makeCase(t.db)
    const created = await createEvent(legalCase.id)
    expect(created).toMatchObject({
      caseId: legalCase.id,
      caseReference: legalCase.reference,
      kind: 'hearing',
      startsAt: '2026-12-10T02:00:00.000Z',
      isDone: false,
      version: 1,
    })
    const get = await t.app.inject({ url: `/api/case-events/${created.id}` })
    expect(get.json()).toEqual(created)
    expect(get.headers.etag).toBe('"1"')
  })

  it('refuses an unknown kind with 400 naming the field', async () => {
    const legalCase = await makeCase(t.db)
    const res = await t.app.inject({ method: 'POST', url: `/api/cases/${legalCase.id}/events`, payload: newEvent({ kind: 'party' }) })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.map((e) => e.field)).toEqual(['body.kind'])
  })

  it('refuses a start without a time zone with 400 naming the field', async () => {
    const legalCase = await makeCase(t.db)
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${legalCase.id}/events`,
      payload: newEvent({ startsAt: '2026-12-10T09:00:00' }),
    })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.map((e) => e.field)).toEqual(['body.startsAt'])
  })

  it('answers 404 when adding an event to an unknown or deleted case', async () => {
    expect((await t.app.inject({ method: 'POST', url: `/api/cases/${UNKNOWN_ID}/events`, payload: newEvent() })).statusCode).toBe(404)
    const deleted = await makeCase(t.db, { deletedAt: new Date() })
    const res = await t.app.inject({ method: 'POST', url: `/api/cases/${deleted.id}/events`, payload: newEvent() })
    expect(res.statusCode).toBe(404)
    expect(problemOf(res).code).toBe('case.not_found')
  })

  it('lists a case’s events by start, earliest first, and only that case’s', async () => {
    const legalCase = await caseWithSixEvents()
    await caseWithSixEvents()
    const items = (await t.app.inject({ url: `/api/cases/${legalCase.id}/events` })).json().items as { caseId: string; startsAt: string }[]
    expect(items).toHaveLength(6)
    expect(items.every((e) => e.caseId === legalCase.id)).toBe(true)
    expect(items.map((e) => e.startsAt)).toEqual([...items.map((e) => e.startsAt)].sort())
  })

  it('pages through a case’s events without gaps or repeats', async () => {
    const legalCase = await caseWithSixEvents()
    for (const sort of ['startsAt', '-startsAt', 'createdAt']) {
      const all = await collectAllPages(t.app, `/api/cases/${legalCase.id}/events?sort=${sort}`)
      const paged = await collectAllPages(t.app, `/api/cases/${legalCase.id}/events?sort=${sort}&limit=4`)
      expect(paged.map((e) => e.id)).toEqual(all.map((e) => e.id))
      expect(new Set(paged.map((e) => e.id)).size).toBe(6)
    }
  })

  it('filters by kind', async () => {
    const legalCase = await caseWithSixEvents()
    const items = (await t.app.inject({ url: `/api/cases/${legalCase.id}/events?kind=hearing,deadline` })).json().items
    expect(items.map((e: { kind: string }) => e.kind)).toEqual(['hearing', 'deadline'])
  })

  it('refuses an unknown kind filter with 400 naming the field', async () => {
    const legalCase = await makeCase(t.db)
    const res = await t.app.inject({ url: `/api/cases/${legalCase.id}/events?kind=hearing,party` })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.[0]?.field).toBe('querystring.kind[1]')
  })

  it('filters by whether the event is done', async () => {
    const legalCase = await caseWithSixEvents()
    const done = (await t.app.inject({ url: `/api/cases/${legalCase.id}/events?done=true` })).json().items
    const open = (await t.app.inject({ url: `/api/cases/${legalCase.id}/events?done=false` })).json().items
    expect(done.map((e: { kind: string }) => e.kind)).toEqual(['filing', 'hearing'])
    expect(open).toHaveLength(4)
  })

  it('filters by days in Cambodia, both bounds inclusive', async () => {
    const legalCase = await caseWithSixEvents()
    const items = (await t.app.inject({ url: `/api/cases/${legalCase.id}/events?from=2026-12-02&to=2026-12-04` })).json().items
    expect(items.map((e: { kind: string }) => e.kind)).toEqual(['hearing', 'deadline', 'meeting'])
  })

  it('filters by instants', async () => {
    const legalCase = await caseWithSixEvents()
    const items = (await t.app.inject({ url: `/api/cases/${legalCase.id}/events?from=2026-12-05T02:00:00Z` })).json().items
    expect(items.map((e: { kind: string }) => e.kind)).toEqual(['judgment', 'note'])
  })

  it('finds events by a Khmer word in the title', async () => {
    const legalCase = await makeCase(t.db)
    await createEvent(legalCase.id, { title: 'សវនាការនៅតុលាការខេត្ត' })
    await createEvent(legalCase.id, { title: 'Meeting in the village' })
    const items = (await t.app.inject({ url: `/api/cases/${legalCase.id}/events?q=${encodeURIComponent('តុលាការ')}` })).json().items
    expect(items.map((e: { title: string }) => e.title)).toEqual(['សវនាការនៅតុលាការខេត្ត'])
  })

  it('answers 404 when listing the events of an unknown case', async () => {
    expect((await t.app.inject({ url: `/api/cases/${UNKNOWN_ID}/events` })).statusCode).toBe(404)
  })

  it('marks an event done and bumps its version', async () => {
    const legalCase = await makeCase(t.db)
    const created = await createEvent(legalCase.id)
    const res = await t.app.inject({ method: 'PATCH', url: `/api/case-events/${created.id}`, payload: { isDone: true, version: 1 } })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ isDone: true, version: 2, title: created.title, startsAt: created.startsAt })
  })

  it('refuses a stale version with 409 and the current event', async () => {
    const legalCase = await makeCase(t.db)
    const created = await createEvent(legalCase.id)
    await t.app.inject({ method: 'PATCH', url: `/api/case-events/${created.id}`, payload: { title: 'Moved', version: 1 } })
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/case-events/${created.id}`,
      headers: { 'if-match': '"1"' },
      payload: { title: 'Lost update' },
    })
    expect(stale.statusCode).toBe(409)
    expect(stale.json()).toMatchObject({ code: 'case_event.version_conflict', current: { title: 'Moved', version: 2 } })
  })

  it('asks for the version with 428 when it is missing', async () => {
    const legalCase = await makeCase(t.db)
    const created = await createEvent(legalCase.id)
    expect((await t.app.inject({ method: 'PATCH', url: `/api/case-events/${created.id}`, payload: { isDone: true } })).statusCode).toBe(428)
  })

  it('answers 404 for an unknown event', async () => {
    expect((await t.app.inject({ url: `/api/case-events/${UNKNOWN_ID}` })).statusCode).toBe(404)
    expect(
      (await t.app.inject({ method: 'PATCH', url: `/api/case-events/${UNKNOWN_ID}`, payload: { isDone: true, version: 1 } })).statusCode,
    ).toBe(404)
    expect((await t.app.inject({ method: 'DELETE', url: `/api/case-events/${UNKNOWN_ID}` })).statusCode).toBe(404)
  })

  it('hides a deleted event from its case’s list and from reads', async () => {
    const legalCase = await makeCase(t.db)
    const created = await createEvent(legalCase.id)
    expect((await t.app.inject({ method: 'DELETE', url: `/api/case-events/${created.id}` })).statusCode).toBe(204)
    expect((await t.app.inject({ url: `/api/case-events/${created.id}` })).statusCode).toBe(404)
    expect((await t.app.inject({ url: `/api/cases/${legalCase.id}/events` })).json().items).toEqual([])
  })

  it('hides the events of a deleted case', async () => {
    const legalCase = await makeCase(t.db)
    const created = await createEvent(legalCase.id)
    await t.app.inject({ method: 'DELETE', url: `/api/cases/${legalCase.id}` })
    expect((await t.app.inject({ url: `/api/case-events/${created.id}` })).statusCode).toBe(404)
  })
})
