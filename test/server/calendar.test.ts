import ICAL from 'ical.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseTeam } from '../../db/schema/index.ts'
import { makeCase, makeCaseEvent } from '../helpers/case-factories.ts'
import { problemOf } from '../helpers/http.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
/** The lead of the cases made by caseWithEvents, unless told otherwise; display name "Test legal 2". */
let heng: SignedIn
beforeAll(async () => {
  t = await createTestApp()
  heng = await t.signIn('legal')
})
afterAll(() => t?.close())

const DAY_MS = 24 * 60 * 60 * 1000

interface Entry {
  id: string
  caseId: string
  caseReference: string
  caseTitle: string
  leadLawyer: string | null
  startsAt: string
  kind: string
  title: string
  location: string | null
  isDone: boolean
}

async function calendar(query: string): Promise<{ from: string; to: string; items: Entry[] }> {
  const res = await t.app.inject({ url: `/api/calendar?${query}` })
  expect(res.statusCode).toBe(200)
  return res.json()
}

/** The VEVENTs of an iCalendar text, read by a real RFC 5545 parser. */
function parseIcs(text: string) {
  const calendarComponent = new ICAL.Component(ICAL.parse(text) as unknown[])
  return calendarComponent.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent)
    return {
      uid: event.uid,
      summary: event.summary,
      location: event.location,
      description: event.description,
      start: event.startDate.toJSDate().toISOString(),
      sequence: Number(vevent.getFirstPropertyValue('sequence')),
    }
  })
}

/** A case with a hearing, a deadline, a meeting and a note on 1–4 March 2030 at 09:00 in Phnom Penh. */
async function caseWithEvents(overrides: Parameters<typeof makeCase>[1] = {}, team: { lead?: string; member?: string } = {}) {
  const legalCase = await makeCase(t.db, { title: 'Calendar case', ...overrides })
  await t.db.insert(caseTeam).values({ caseId: legalCase.id, userId: team.lead ?? heng.userId, role: 'lead' })
  if (team.member) await t.db.insert(caseTeam).values({ caseId: legalCase.id, userId: team.member, role: 'member' })
  const at = (day: number) => new Date(`2030-03-0${day}T02:00:00Z`)
  const hearing = await makeCaseEvent(t.db, {
    caseId: legalCase.id,
    kind: 'hearing',
    title: 'Hearing at the provincial court',
    startsAt: at(1),
    location: 'Provincial court',
  })
  const deadline = await makeCaseEvent(t.db, {
    caseId: legalCase.id,
    kind: 'deadline',
    title: 'Deadline to appeal',
    startsAt: at(2),
    isDone: true,
  })
  await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'meeting', title: 'Meeting', startsAt: at(3) })
  await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'note', title: 'Note', startsAt: at(4) })
  return { legalCase, hearing, deadline }
}

describe(`calendar API on ${testDriver}`, () => {
  it('lists the hearings and deadlines of a window with their case, earliest first', async () => {
    const { legalCase, hearing, deadline } = await caseWithEvents()
    const body = await calendar(`from=2030-03-01&to=2030-03-31&case=${legalCase.id}`)
    expect(body.items).toEqual([
      {
        id: hearing.id,
        caseId: legalCase.id,
        caseReference: legalCase.reference,
        caseTitle: 'Calendar case',
        leadLawyer: 'Test legal 2',
        startsAt: '2030-03-01T02:00:00.000Z',
        kind: 'hearing',
        title: 'Hearing at the provincial court',
        location: 'Provincial court',
        isDone: false,
        updatedAt: expect.any(String),
        version: 1,
      },
      expect.objectContaining({ id: deadline.id, kind: 'deadline', isDone: true }),
    ])
  })

  it('reads bare days as whole days in Cambodia and reports the window', async () => {
    const { legalCase } = await caseWithEvents()
    const body = await calendar(`from=2030-03-02&to=2030-03-02&case=${legalCase.id}`)
    expect(body.items.map((e) => e.kind)).toEqual(['deadline'])
    expect(body).toMatchObject({ from: '2030-03-01T17:00:00.000Z', to: '2030-03-02T17:00:00.000Z' })
  })

  it('covers now to 90 days ahead by default', async () => {
    const legalCase = await makeCase(t.db)
    const now = Date.now()
    const inDays = (days: number) => new Date(now + days * DAY_MS)
    const soon = await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'hearing', startsAt: inDays(1) })
    const late = await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'deadline', startsAt: inDays(89) })
    await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'hearing', startsAt: inDays(91) })
    await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'hearing', startsAt: inDays(-1) })
    const body = await calendar(`case=${legalCase.id}`)
    expect(body.items.map((e) => e.id)).toEqual([soon.id, late.id])
    expect(new Date(body.to).getTime() - new Date(body.from).getTime()).toBe(90 * DAY_MS)
  })

  it('ends the window 90 days after from when to is not given', async () => {
    const legalCase = await makeCase(t.db)
    const inside = await makeCaseEvent(t.db, { caseId: legalCase.id, startsAt: new Date('2031-03-31T00:00:00Z') })
    await makeCaseEvent(t.db, { caseId: legalCase.id, startsAt: new Date('2031-04-02T00:00:00Z') })
    const body = await calendar(`from=2031-01-01T00:00:00Z&case=${legalCase.id}`)
    expect(body.items.map((e) => e.id)).toEqual([inside.id])
  })

  it('filters by an account on the case team (lawyerId), lead or member', async () => {
    const mao = await t.signIn('legal')
    const { legalCase: led } = await caseWithEvents({}, { lead: mao.userId })
    const { legalCase: helped } = await caseWithEvents({}, { member: mao.userId })
    await caseWithEvents()
    const body = await calendar(`from=2030-03-01&to=2030-03-31&lawyerId=${mao.userId}`)
    expect(body.items.map((e) => e.caseId).sort()).toEqual([led.id, led.id, helped.id, helped.id].sort())
  })

  it('mine=true: the events of the cases on whose team the signed-in user is', async () => {
    const me = await t.signIn('legal')
    const { legalCase: mine } = await caseWithEvents({}, { member: me.userId })
    await caseWithEvents()
    const res = await t.app.inject({ url: '/api/calendar?from=2030-03-01&to=2030-03-31&mine=true', headers: me.headers })
    expect(res.json().items.map((e: Entry) => e.caseId)).toEqual([mine.id, mine.id])
    const advocate = await t.signIn('advocate')
    const none = await t.app.inject({ url: '/api/calendar?from=2030-03-01&to=2030-03-31&mine=true', headers: advocate.headers })
    expect(none.json().items).toEqual([])
  })

  it('filters by case', async () => {
    const { legalCase } = await caseWithEvents()
    await caseWithEvents()
    const body = await calendar(`from=2030-03-01&to=2030-03-31&case=${legalCase.id}`)
    expect(body.items.map((e) => e.caseId)).toEqual([legalCase.id, legalCase.id])
  })

  it('leaves out deleted events and the events of deleted cases', async () => {
    const { legalCase, hearing } = await caseWithEvents()
    await t.app.inject({ method: 'DELETE', url: `/api/case-events/${hearing.id}` })
    expect((await calendar(`from=2030-03-01&to=2030-03-31&case=${legalCase.id}`)).items.map((e) => e.kind)).toEqual(['deadline'])
    await t.app.inject({ method: 'DELETE', url: `/api/cases/${legalCase.id}` })
    expect((await calendar(`from=2030-03-01&to=2030-03-31&case=${legalCase.id}`)).items).toEqual([])
  })

  it('refuses a window that ends before it starts with 400 naming the field', async () => {
    const res = await t.app.inject({ url: '/api/calendar?from=2030-03-10&to=2030-03-01' })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.[0]?.field).toBe('querystring.to')
  })

  it('refuses a window longer than a year with 400 naming the field', async () => {
    const res = await t.app.inject({ url: '/api/calendar?from=2030-01-01&to=2031-06-01' })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.[0]?.field).toBe('querystring.to')
  })

  it('refuses a malformed date or case id with 400 naming the field', async () => {
    const badDate = await t.app.inject({ url: '/api/calendar?from=next-week' })
    expect(badDate.statusCode).toBe(400)
    expect(problemOf(badDate).errors?.[0]?.field).toBe('querystring.from')
    const badCase = await t.app.inject({ url: '/api/calendar?case=CASE-2026-0001' })
    expect(badCase.statusCode).toBe(400)
    expect(problemOf(badCase).errors?.[0]?.field).toBe('querystring.case')
  })

  describe('iCalendar feed', () => {
    it('answers text/calendar in UTF-8', async () => {
      const res = await t.app.inject({ url: '/api/calendar.ics' })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8')
      expect(res.body.startsWith('BEGIN:VCALENDAR')).toBe(true)
    })

    it('holds the same events as the JSON calendar, with stable UIDs, summaries, starts and places', async () => {
      const { legalCase, hearing, deadline } = await caseWithEvents()
      const res = await t.app.inject({ url: `/api/calendar.ics?from=2030-03-01&to=2030-03-31&case=${legalCase.id}` })
      const events = parseIcs(res.body)
      expect(events).toEqual([
        {
          uid: `${hearing.id}@dey.local`,
          summary: `Hearing — ${legalCase.reference} — Hearing at the provincial court`,
          location: 'Provincial court',
          description: expect.stringContaining('Test legal 2'),
          start: '2030-03-01T02:00:00.000Z',
          sequence: 1,
        },
        expect.objectContaining({
          uid: `${deadline.id}@dey.local`,
          summary: `Deadline — ${legalCase.reference} — Deadline to appeal`,
          start: '2030-03-02T02:00:00.000Z',
        }),
      ])
    })

    it('keeps an event’s UID when it changes, and raises its sequence so calendar apps update it', async () => {
      const { legalCase, hearing } = await caseWithEvents()
      const url = `/api/calendar.ics?from=2030-03-01&to=2030-03-31&case=${legalCase.id}`
      const before = parseIcs((await t.app.inject({ url })).body)[0]!
      await t.app.inject({
        method: 'PATCH',
        url: `/api/case-events/${hearing.id}`,
        payload: { startsAt: '2030-03-01T10:00:00+07:00', version: 1 },
      })
      const after = parseIcs((await t.app.inject({ url })).body)[0]!
      expect(after.uid).toBe(before.uid)
      expect(after.start).toBe('2030-03-01T03:00:00.000Z')
      expect(after.sequence).toBeGreaterThan(before.sequence)
    })

    it('carries Khmer titles through intact', async () => {
      const legalCase = await makeCase(t.db)
      await makeCaseEvent(t.db, { caseId: legalCase.id, title: 'សវនាការនៅតុលាការខេត្តកំពង់ស្ពឺ', startsAt: new Date('2030-05-05T02:00:00Z') })
      const events = parseIcs((await t.app.inject({ url: `/api/calendar.ics?from=2030-05-01&to=2030-05-31&case=${legalCase.id}` })).body)
      expect(events.map((e) => e.summary)).toEqual([`Hearing — ${legalCase.reference} — សវនាការនៅតុលាការខេត្តកំពង់ស្ពឺ`])
    })

    it('applies the same filters as the JSON calendar', async () => {
      const keo = await t.signIn('legal')
      await caseWithEvents({}, { lead: keo.userId })
      await caseWithEvents()
      const query = `from=2030-03-01&to=2030-03-31&lawyerId=${keo.userId}`
      const json = await calendar(query)
      const ics = parseIcs((await t.app.inject({ url: `/api/calendar.ics?${query}` })).body)
      expect(json.items.length).toBe(2)
      expect(ics.map((e) => e.uid)).toEqual(json.items.map((e) => `${e.id}@dey.local`))
    })

    it('refuses a bad window with a problem, not a feed', async () => {
      const res = await t.app.inject({ url: '/api/calendar.ics?from=2030-03-10&to=2030-03-01' })
      expect(res.statusCode).toBe(400)
      expect(problemOf(res).code).toBe('request.invalid')
    })
  })
})
