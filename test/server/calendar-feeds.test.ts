// Secret calendar feeds (/api/calendar/feeds/<token>.ics): what a calendar app gets without a
// session, what it never gets, and what it gets once the address is revoked or replaced. The feed
// is read by two independent parsers: ical.js and Debian's python3-icalendar.
import { eq, sql } from 'drizzle-orm'
import ICAL from 'ical.js'
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { caseEvents, caseTeam, users } from '../../db/schema/index.ts'
import { serializeRequest } from '../../server/logger.ts'
import { makeCase, makeCaseEvent, makePerson, linkToCase } from '../helpers/case-factories.ts'
import { ANONYMOUS } from '../helpers/access.ts'
import { problemOf } from '../helpers/http.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t?.close())

const DAY_MS = 24 * 60 * 60 * 1000
const HOUR_S = 60 * 60

/** 02:00 UTC (09:00 in Phnom Penh) on the day `days` from today. */
function dayAt(days: number): Date {
  const day = new Date(Date.now() + days * DAY_MS)
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 2, 0, 0))
}

async function makeFeed(who: SignedIn) {
  const res = await t.app.inject({ method: 'POST', url: '/api/calendar/feeds/mine', headers: who.headers })
  expect(res.statusCode, res.body).toBe(201)
  return res.json<{ path: string; url: string; createdAt: string; lastUsedAt: string | null }>()
}

/** The feed as a calendar app fetches it: no cookie at all. */
const fetchFeed = (feedPath: string, headers: Record<string, string> = {}) =>
  t.app.inject({ url: feedPath, headers: { ...ANONYMOUS, ...headers } })

async function feedText(feedPath: string) {
  const res = await fetchFeed(feedPath)
  expect(res.statusCode, res.body).toBe(200)
  return res.body
}

/** The VEVENTs of an iCalendar text as ical.js reads them. */
function parseWithIcalJs(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[])
  return {
    timezones: calendar.getAllSubcomponents('vtimezone').map((zone) => String(zone.getFirstPropertyValue('tzid'))),
    events: calendar.getAllSubcomponents('vevent').map((vevent) => {
      const event = new ICAL.Event(vevent)
      const start = vevent.getFirstProperty('dtstart')!
      return {
        uid: event.uid,
        summary: event.summary,
        description: event.description,
        status: String(vevent.getFirstPropertyValue('status') ?? ''),
        sequence: Number(vevent.getFirstPropertyValue('sequence')),
        tzid: start.getParameter('tzid'),
        /** The wall-clock time as written, e.g. 09:00 in Phnom Penh. */
        localStart: event.startDate.toString(),
        start: event.startDate.toJSDate().toISOString(),
        alarmsBeforeS: vevent
          .getAllSubcomponents('valarm')
          .map((alarm) => -(alarm.getFirstPropertyValue('trigger') as ICAL.Duration).toSeconds())
          .sort((a, b) => a - b),
      }
    }),
  }
}

const uidOf = (eventId: string) => `${eventId}@dey.local`
const eventsOf = async (feedPath: string) => parseWithIcalJs(await feedText(feedPath)).events
const eventWithUid = async (feedPath: string, eventId: string) => (await eventsOf(feedPath)).find((e) => e.uid === uidOf(eventId))

describe(`calendar feeds on ${testDriver}`, () => {
  it('answers a calendar app that has no session, with the events of the token’s owner', async () => {
    const legal = await t.signIn('legal')
    const legalCase = await makeCase(t.db, { title: 'Feed case' })
    const hearing = await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'hearing', title: 'Hearing at the court', startsAt: dayAt(10) })
    const feed = await makeFeed(legal)
    expect(feed.path).toMatch(/^\/api\/calendar\/feeds\/[A-Za-z0-9_-]{43}\.ics$/)
    expect(feed.url.endsWith(feed.path)).toBe(true)

    const res = await fetchFeed(feed.path)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8')
    expect(res.headers['cache-control']).toBe('private, no-store')
    expect(parseWithIcalJs(res.body).events.map((e) => e.uid)).toContain(uidOf(hearing.id))
  })

  it('stores only the SHA-256 of the token and never shows the address again', async () => {
    const legal = await t.signIn('legal')
    const feed = await makeFeed(legal)
    const token = feed.path.split('/').pop()!.replace('.ics', '')
    const stored = await queryRows<{ tokenHash: string }>(
      t.db,
      sql`SELECT token_hash AS "tokenHash" FROM calendar_feeds WHERE user_id = ${legal.userId} AND revoked_at IS NULL`,
    )
    expect(stored).toHaveLength(1)
    expect(stored[0]!.tokenHash).not.toContain(token)
    expect(stored[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/)
    const status = await t.app.inject({ url: '/api/calendar/feeds/mine', headers: legal.headers })
    expect(status.statusCode).toBe(200)
    expect(status.body).not.toContain(token)
    expect(status.json()).toEqual({ feed: { createdAt: feed.createdAt, lastUsedAt: null } })
  })

  it('answers 404 once the feed is revoked', async () => {
    const legal = await t.signIn('legal')
    const feed = await makeFeed(legal)
    expect((await fetchFeed(feed.path)).statusCode).toBe(200)
    const revoke = await t.app.inject({ method: 'DELETE', url: '/api/calendar/feeds/mine', headers: legal.headers })
    expect(revoke.statusCode).toBe(204)
    const res = await fetchFeed(feed.path)
    expect(res.statusCode).toBe(404)
    expect(problemOf(res).code).toBe('calendar_feeds.not_found')
    expect((await t.app.inject({ url: '/api/calendar/feeds/mine', headers: legal.headers })).json()).toEqual({ feed: null })
  })

  it('answers 404 at the old address once a new one is made, and serves the new one', async () => {
    const legal = await t.signIn('legal')
    const first = await makeFeed(legal)
    const second = await makeFeed(legal)
    expect(second.path).not.toBe(first.path)
    expect((await fetchFeed(first.path)).statusCode).toBe(404)
    expect((await fetchFeed(second.path)).statusCode).toBe(200)
  })

  it('answers the same 404 to an unknown, a malformed and an empty-looking token, never 401 or 500', async () => {
    const unknown = randomBytes(32).toString('base64url')
    for (const token of [unknown, 'abc', 'x'.repeat(90), '%00', '..%2F..%2Fetc', '00000000-0000-0000-0000-000000000000']) {
      const res = await fetchFeed(`/api/calendar/feeds/${token}.ics`)
      expect(res.statusCode, `${token}: ${res.body}`).toBe(404)
    }
    expect(problemOf(await fetchFeed(`/api/calendar/feeds/${unknown}.ics`)).code).toBe('calendar_feeds.not_found')
  })

  it('answers 404 when the owner is deactivated or becomes a community representative (reps have no calendar)', async () => {
    const legal = await t.signIn('legal')
    const feed = await makeFeed(legal)
    await t.db.update(users).set({ isActive: false }).where(eq(users.id, legal.userId))
    expect((await fetchFeed(feed.path)).statusCode).toBe(404)
    await t.db.update(users).set({ isActive: true, role: 'community_rep' }).where(eq(users.id, legal.userId))
    expect((await fetchFeed(feed.path)).statusCode).toBe(404)
    await t.db.update(users).set({ role: 'legal' }).where(eq(users.id, legal.userId))
    expect((await fetchFeed(feed.path)).statusCode).toBe(200)
  })

  it('gives an advocate no privileged notes, no people and no contacts', async () => {
    const advocate = await t.signIn('advocate')
    const legalCase = await makeCase(t.db, {
      title: 'Case with secrets',
      privilegedNotes: 'PRIVILEGED: the client admitted signing the thumbprint',
      summary: 'Summary of the case',
    })
    const witness = await makePerson(t.db, {
      fullName: 'Witness Chan Sokha',
      phone: '+855 12 345 678',
      address: 'House 12, Village Prey Veng',
      email: 'sokha@example.org',
    })
    await linkToCase(t.db, legalCase.id, { people: [{ personId: witness.id, role: 'witness' }] })
    const hearing = await makeCaseEvent(t.db, {
      caseId: legalCase.id,
      kind: 'hearing',
      title: 'Hearing of the witness',
      details: 'Call Chan Sokha on +855 12 345 678 the day before',
      startsAt: dayAt(12),
    })
    const text = await feedText((await makeFeed(advocate)).path)
    expect(parseWithIcalJs(text).events.map((e) => e.uid)).toContain(uidOf(hearing.id))
    for (const secret of ['PRIVILEGED', 'thumbprint', 'Chan Sokha', '345 678', '345678', 'Village Prey Veng', 'sokha@example.org']) {
      expect(text, secret).not.toContain(secret)
    }
  })

  it('gives a legal user the hearings and deadlines of the cases they may see, as their JSON calendar does, and nothing else', async () => {
    const legal = await t.signIn('legal')
    const legalCase = await makeCase(t.db, { title: 'Kinds case' })
    const hearing = await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'hearing', startsAt: dayAt(20) })
    const deadline = await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'deadline', startsAt: dayAt(21) })
    await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'meeting', title: 'Private meeting', startsAt: dayAt(22) })
    await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'note', title: 'A note', startsAt: dayAt(23) })
    // Outside the window: more than a year ahead, more than 60 days back.
    await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'hearing', startsAt: dayAt(400) })
    await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'hearing', startsAt: dayAt(-70) })
    const recent = await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'hearing', startsAt: dayAt(-30) })

    const feedUids = (await eventsOf((await makeFeed(legal)).path)).map((e) => e.uid)
    const ofCase = [hearing.id, deadline.id, recent.id].map(uidOf)
    expect(feedUids.filter((uid) => ofCase.includes(uid)).sort()).toEqual([...ofCase].sort())
    expect(feedUids.length).toBe(new Set(feedUids).size)

    const json = await t.app.inject({
      url: `/api/calendar?from=${dayAt(-31).toISOString()}&to=${dayAt(300).toISOString()}&case=${legalCase.id}`,
      headers: legal.headers,
    })
    expect(
      json
        .json<{ items: { id: string }[] }>()
        .items.map((e) => uidOf(e.id))
        .sort(),
    ).toEqual([...ofCase].sort())
  })

  it('with ?mine=true, holds only the cases on whose team its owner is', async () => {
    const legal = await t.signIn('legal')
    const led = await makeCase(t.db)
    const member = await makeCase(t.db)
    const others = await makeCase(t.db)
    await t.db.insert(caseTeam).values([
      { caseId: led.id, userId: legal.userId, role: 'lead' },
      { caseId: member.id, userId: legal.userId, role: 'member' },
    ])
    const hearings = await Promise.all(
      [led, member, others].map((legalCase, index) =>
        makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'hearing', startsAt: dayAt(25 + index) }),
      ),
    )
    const feed = await makeFeed(legal)
    const mine = (await eventsOf(`${feed.path}?mine=true`)).map((e) => e.uid)
    expect(mine.sort()).toEqual([hearings[0]!.id, hearings[1]!.id].map(uidOf).sort())
    expect((await eventsOf(feed.path)).map((e) => e.uid)).toContain(uidOf(hearings[2]!.id))
    expect((await eventWithUid(`${feed.path}?mine=true`, hearings[0]!.id))?.description).toContain(`Test legal`)
  })

  it('serves a deleted event as cancelled, with a higher SEQUENCE and the same UID', async () => {
    const legal = await t.signIn('legal')
    const legalCase = await makeCase(t.db)
    const hearing = await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'hearing', startsAt: dayAt(30) })
    const feed = await makeFeed(legal)
    const before = (await eventWithUid(feed.path, hearing.id))!
    expect(before).toMatchObject({ status: 'CONFIRMED', sequence: 1 })

    const res = await t.app.inject({ method: 'DELETE', url: `/api/case-events/${hearing.id}` })
    expect(res.statusCode, res.body).toBe(204)
    const after = (await eventWithUid(feed.path, hearing.id))!
    expect(after.status).toBe('CANCELLED')
    expect(after.sequence).toBeGreaterThan(before.sequence)
    expect(after.alarmsBeforeS).toEqual([])
  })

  it('serves the events of a deleted case as cancelled, with a higher SEQUENCE', async () => {
    const legal = await t.signIn('legal')
    const legalCase = await makeCase(t.db)
    const deadline = await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'deadline', startsAt: dayAt(31) })
    const feed = await makeFeed(legal)
    const before = (await eventWithUid(feed.path, deadline.id))!
    expect((await t.app.inject({ method: 'DELETE', url: `/api/cases/${legalCase.id}` })).statusCode).toBe(204)
    const after = (await eventWithUid(feed.path, deadline.id))!
    expect(after).toMatchObject({ status: 'CANCELLED', uid: before.uid })
    expect(after.sequence).toBeGreaterThan(before.sequence)
  })

  it('stops serving an event deleted more than 60 days ago', async () => {
    const legal = await t.signIn('legal')
    const legalCase = await makeCase(t.db)
    const hearing = await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'hearing', startsAt: dayAt(32) })
    await t.db
      .update(caseEvents)
      .set({ deletedAt: new Date(Date.now() - 61 * DAY_MS) })
      .where(eq(caseEvents.id, hearing.id))
    expect(await eventWithUid((await makeFeed(legal)).path, hearing.id)).toBeUndefined()
  })

  it('writes times in Asia/Phnom_Penh with its VTIMEZONE, and reminders before hearings and open deadlines', async () => {
    const legal = await t.signIn('legal')
    const legalCase = await makeCase(t.db)
    const startsAt = dayAt(40)
    const hearing = await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'hearing', startsAt })
    const deadline = await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'deadline', startsAt: dayAt(41) })
    const done = await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'deadline', startsAt: dayAt(42), isDone: true })
    const text = await feedText((await makeFeed(legal)).path)
    const { timezones, events } = parseWithIcalJs(text)
    expect(timezones).toEqual(['Asia/Phnom_Penh'])
    const byUid = new Map(events.map((event) => [event.uid, event]))
    expect(byUid.get(uidOf(hearing.id))).toMatchObject({
      tzid: 'Asia/Phnom_Penh',
      localStart: expect.stringMatching(/T09:00:00$/),
      start: startsAt.toISOString(),
      alarmsBeforeS: [HOUR_S, 24 * HOUR_S],
    })
    expect(text).toContain(`DTSTART;TZID=Asia/Phnom_Penh:${startsAt.toISOString().slice(0, 10).replaceAll('-', '')}T090000`)
    expect(byUid.get(uidOf(deadline.id))?.alarmsBeforeS).toEqual([24 * HOUR_S, 72 * HOUR_S])
    expect(byUid.get(uidOf(done.id))?.alarmsBeforeS).toEqual([])
  })

  it('is read the same by Debian’s python3-icalendar: UIDs, SEQUENCE, CANCELLED, TZID, Phnom Penh times, VALARMs', async (context) => {
    const python = findPythonWithIcalendar()
    if (!python) {
      const message = 'python3-icalendar is not installed (apt-get install python3-icalendar): the second parser cannot read the feed'
      if (isIcalendarRequired) throw new Error(message)
      context.skip(message)
      return
    }
    const legal = await t.signIn('legal')
    const legalCase = await makeCase(t.db)
    const startsAt = dayAt(50)
    const hearing = await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'hearing', title: 'សវនាការ at the court', startsAt })
    const removed = await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'deadline', startsAt: dayAt(51) })
    expect((await t.app.inject({ method: 'DELETE', url: `/api/case-events/${removed.id}` })).statusCode).toBe(204)
    const text = await feedText((await makeFeed(legal)).path)

    const run = spawnSync(python, [READ_ICS_SCRIPT], { input: text, encoding: 'utf8' })
    expect(run.status, run.stderr).toBe(0)
    const read = JSON.parse(run.stdout) as {
      timezones: string[]
      events: {
        uid: string
        sequence: number
        status: string
        summary: string
        tzid: string
        start: string
        startUtc: string
        alarmsBeforeS: number[]
      }[]
    }
    expect(read.timezones).toEqual(['Asia/Phnom_Penh'])
    const byUid = new Map(read.events.map((event) => [event.uid, event]))
    expect(byUid.get(uidOf(hearing.id))).toMatchObject({
      sequence: 1,
      status: 'CONFIRMED',
      summary: expect.stringContaining('សវនាការ at the court'),
      tzid: 'Asia/Phnom_Penh',
      start: `${startsAt.toISOString().slice(0, 10)}T09:00:00+07:00`,
      alarmsBeforeS: [HOUR_S, 24 * HOUR_S],
    })
    expect(new Date(byUid.get(uidOf(hearing.id))!.startUtc).toISOString()).toBe(startsAt.toISOString())
    expect(byUid.get(uidOf(removed.id))).toMatchObject({ status: 'CANCELLED', sequence: 2, alarmsBeforeS: [] })
    // Both parsers see the same events.
    expect(
      read.events
        .map((event) => event.uid)
        .sort()
        .join(),
    ).toBe(
      parseWithIcalJs(text)
        .events.map((event) => event.uid)
        .sort()
        .join(),
    )
  })

  it('names events in the owner’s language', async () => {
    const legal = await t.signIn('legal')
    const legalCase = await makeCase(t.db, { title: 'Language case', titleKm: 'សំណុំរឿងភាសា' })
    const hearing = await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'hearing', title: 'Hearing', startsAt: dayAt(60) })
    const feed = await makeFeed(legal)
    await t.db.update(users).set({ language: 'km' }).where(eq(users.id, legal.userId))
    expect(await eventWithUid(feed.path, hearing.id)).toMatchObject({
      summary: `សវនាការ — ${legalCase.reference} — Hearing`,
      description: expect.stringContaining('សំណុំរឿងភាសា'),
    })
    await t.db.update(users).set({ language: 'en' }).where(eq(users.id, legal.userId))
    expect(await eventWithUid(feed.path, hearing.id)).toMatchObject({
      summary: `Hearing — ${legalCase.reference} — Hearing`,
      description: expect.stringContaining('Language case'),
    })
  })

  it('answers 304 to an unchanged feed’s ETag, and 200 once an event changes', async () => {
    const legal = await t.signIn('legal')
    const legalCase = await makeCase(t.db)
    const hearing = await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'hearing', startsAt: dayAt(70) })
    const feed = await makeFeed(legal)
    const first = await fetchFeed(feed.path)
    const etag = String(first.headers.etag)
    expect(etag).toMatch(/^"[^"]+"$/)
    const again = await fetchFeed(feed.path, { 'if-none-match': etag })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/case-events/${hearing.id}`,
      payload: { version: 1, location: 'Provincial court, room 2' },
    })
    expect(patch.statusCode, patch.body).toBe(200)
    const changed = await fetchFeed(feed.path, { 'if-none-match': etag })
    expect(changed.statusCode).toBe(200)
    expect(parseWithIcalJs(changed.body).events.find((e) => e.uid === uidOf(hearing.id))?.sequence).toBe(2)
  })

  it('notes when a calendar app last fetched the feed, at most once an hour', async () => {
    const legal = await t.signIn('legal')
    const feed = await makeFeed(legal)
    const lastUsed = async () =>
      (await t.app.inject({ url: '/api/calendar/feeds/mine', headers: legal.headers })).json<{ feed: { lastUsedAt: string | null } }>().feed
        .lastUsedAt
    expect(await lastUsed()).toBeNull()
    await fetchFeed(feed.path)
    const first = await lastUsed()
    expect(first).not.toBeNull()
    await fetchFeed(feed.path)
    expect(await lastUsed()).toBe(first)
    // An hour later the next fetch is noted again.
    await t.db.execute(sql`UPDATE calendar_feeds SET last_used_at = now() - interval '2 hours' WHERE user_id = ${legal.userId}`)
    const hourAgo = await lastUsed()
    await fetchFeed(feed.path)
    expect(new Date((await lastUsed())!).getTime()).toBeGreaterThan(new Date(hourAgo!).getTime())
  })

  it('records making, remaking and revoking a feed in the audit trail', async () => {
    const legal = await t.signIn('legal')
    const since = (await queryRows<{ id: number }>(t.db, sql`SELECT coalesce(max(id), 0)::int AS id FROM audit_log`))[0]!.id
    await makeFeed(legal)
    await makeFeed(legal)
    await t.app.inject({ method: 'DELETE', url: '/api/calendar/feeds/mine', headers: legal.headers })
    // Revoking when there is nothing to revoke is no error, and no entry.
    expect((await t.app.inject({ method: 'DELETE', url: '/api/calendar/feeds/mine', headers: legal.headers })).statusCode).toBe(204)
    const entries = await queryRows<{ action: string; entity: string; actorId: string }>(
      t.db,
      sql`SELECT action, entity, actor_id AS "actorId" FROM audit_log WHERE id > ${since} AND entity = 'calendar_feeds' ORDER BY id`,
    )
    expect(entries).toEqual([
      { action: 'create', entity: 'calendar_feeds', actorId: legal.userId },
      { action: 'regenerate', entity: 'calendar_feeds', actorId: legal.userId },
      { action: 'revoke', entity: 'calendar_feeds', actorId: legal.userId },
    ])
  })

  it('keeps the token out of the logs', () => {
    const token = randomBytes(32).toString('base64url')
    const logged = serializeRequest({
      method: 'GET',
      url: `/api/calendar/feeds/${token}.ics`,
      routeOptions: { url: '/api/calendar/feeds/:token.ics' },
    })
    expect(JSON.stringify(logged)).not.toContain(token)
  })
})

const READ_ICS_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../helpers/read-ics.py')
/** CI (.ci/run) installs python3-icalendar: there the second parser must run, never skip. */
const isIcalendarRequired = process.env.DEY_REQUIRE_ICALENDAR === '1' || Boolean(process.env.CI)

/** Debian's own interpreter first: python3-icalendar is installed for it, not for a pyenv or venv one. */
function findPythonWithIcalendar(): string | undefined {
  return ['/usr/bin/python3', 'python3'].find((python) => spawnSync(python, ['-c', 'import icalendar'], { stdio: 'ignore' }).status === 0)
}
