// The bell: my notifications, preferences and follows over HTTP; the producers (a new incident in a
// community I follow, an incident verified into a case I lead, reminders) and what they may say.
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseTeam, emailOutbox, notifications } from '../../db/schema/index.ts'
import { queryRows } from '../../db/open.ts'
import { queueEmails, sweepReminders } from '../../server/features/notifications/notifications.delivery.ts'
import { notify } from '../../server/lib/notifications.ts'
import { makeCase, makeCaseEvent, makeIncident, makePerson, linkToCase } from '../helpers/case-factories.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { problemOf } from '../helpers/http.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t?.close())

const DAY_MS = 86_400_000

const newIncident = (overrides: Record<string, unknown> = {}) => ({
  title: 'Company bulldozers cleared rice fields',
  kind: 'land_grabbing',
  severity: 'high',
  perpetratorKind: 'company',
  occurredAt: '2026-10-03T08:30:00+07:00',
  province: 'Kampong Speu',
  location: { type: 'Point', coordinates: [104.31, 11.42] },
  ...overrides,
})

async function report(who: SignedIn, overrides: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: '/api/incidents', headers: who.headers, payload: newIncident(overrides) })
  if (res.statusCode !== 201) throw new Error(`report answered ${res.statusCode}: ${res.body}`)
  return res.json() as { id: string; version: number }
}

const kindsOf = async (userId: string) =>
  (await t.db.select({ kind: notifications.kind }).from(notifications).where(eq(notifications.userId, userId))).map((row) => row.kind)

async function follow(who: SignedIn, communityId: string) {
  const res = await t.app.inject({ method: 'PUT', url: `/api/communities/${communityId}/follow`, headers: who.headers })
  expect(res.statusCode).toBe(200)
}

describe('my notifications', () => {
  it('lists mine newest first, worded in the language asked for, counts the unread and marks them read', async () => {
    const me = await t.signIn('legal')
    const other = await t.signIn('legal')
    const params = {
      taskTitle: 'Draft the complaint',
      caseReference: 'CASE-2027-0001',
      caseTitle: 'Phum Thmei v. Company',
      caseTitleKm: 'ភូមិថ្មី',
    }
    const [older] = await notify(t.db, [{ userId: me.userId, kind: 'task_assigned', dedupeKey: 'test:1', params, link: '/cases/x' }])
    await t.db.execute(sql`UPDATE notifications SET created_at = now() - interval '1 hour' WHERE id = ${older!.id}`)
    const [newer] = await notify(t.db, [
      { userId: me.userId, kind: 'task_assigned', dedupeKey: 'test:2', params: { ...params, taskTitle: 'File it' } },
      { userId: other.userId, kind: 'task_assigned', dedupeKey: 'test:2', params },
    ])

    const en = await t.app.inject({ url: '/api/notifications?lang=en', headers: me.headers })
    expect(en.statusCode).toBe(200)
    expect(en.json().items.map((item: { id: string }) => item.id)).toEqual([newer!.id, older!.id])
    expect(en.json().items[1]).toMatchObject({
      kind: 'task_assigned',
      title: 'Task assigned to you: Draft the complaint',
      detail: 'Case CASE-2027-0001 — Phum Thmei v. Company',
      link: '/cases/x',
      readAt: null,
    })
    const km = await t.app.inject({ url: '/api/notifications?lang=km', headers: me.headers })
    expect(km.json().items[1]).toMatchObject({ title: 'ការងារដែលបានប្រគល់ឱ្យអ្នក៖ Draft the complaint', detail: 'សំណុំរឿង CASE-2027-0001 — ភូមិថ្មី' })

    const count = async () => (await t.app.inject({ url: '/api/notifications/unread-count', headers: me.headers })).json().count
    expect(await count()).toBe(2)
    expect((await t.app.inject({ method: 'POST', url: `/api/notifications/${older!.id}/read`, headers: me.headers })).statusCode).toBe(204)
    expect(await count()).toBe(1)
    const unread = await t.app.inject({ url: '/api/notifications?unread=true', headers: me.headers })
    expect(unread.json().items.map((item: { id: string }) => item.id)).toEqual([newer!.id])
    const all = await t.app.inject({ method: 'POST', url: '/api/notifications/read-all', headers: me.headers })
    expect(all.json()).toEqual({ marked: 1 })
    expect(await count()).toBe(0)
    // The other user's notification is untouched.
    expect((await t.app.inject({ url: '/api/notifications/unread-count', headers: other.headers })).json().count).toBe(1)
  })

  it("answers 404 for marking someone else's notification read, and leaves it unread", async () => {
    const me = await t.signIn('advocate')
    const other = await t.signIn('advocate')
    const [theirs] = await notify(t.db, [{ userId: other.userId, kind: 'task_assigned', dedupeKey: 'test:theirs', params: {} }])
    const res = await t.app.inject({ method: 'POST', url: `/api/notifications/${theirs!.id}/read`, headers: me.headers })
    expect(res.statusCode).toBe(404)
    expect(problemOf(res).code).toBe('notifications.not_found')
    expect((await t.app.inject({ url: '/api/notifications/unread-count', headers: other.headers })).json().count).toBe(1)
  })

  it('pages with a cursor, never repeating or skipping one', async () => {
    const me = await t.signIn('legal')
    await notify(
      t.db,
      Array.from({ length: 5 }, (_, i) => ({ userId: me.userId, kind: 'task_assigned' as const, dedupeKey: `page:${i}`, params: {} })),
    )
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const url: string = `/api/notifications?limit=2${cursor ? `&cursor=${cursor}` : ''}`
      const page = (await t.app.inject({ url, headers: me.headers })).json()
      seen.push(...page.items.map((item: { id: string }) => item.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toHaveLength(5)
    expect(new Set(seen).size).toBe(5)
  })

  it('refuses a bad query with 400 naming the field', async () => {
    const me = await t.signIn('legal')
    for (const [query, field] of [
      ['limit=0', 'querystring.limit'],
      ['lang=fr', 'querystring.lang'],
      ['unread=yes', 'querystring.unread'],
      ['cursor=nonsense', 'querystring.cursor'],
    ]) {
      const res = await t.app.inject({ url: `/api/notifications?${query}`, headers: me.headers })
      expect(res.statusCode, query).toBe(400)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(problemOf(res).errors?.map((e) => e.field)).toEqual([field])
    }
  })
})

describe('preferences', () => {
  it('gives every kind on by default, then keeps what the user chose', async () => {
    const me = await t.signIn('legal')
    const before = (await t.app.inject({ url: '/api/notifications/preferences', headers: me.headers })).json()
    expect(before).toMatchObject({ emailDelivery: 'each', digestHour: 7, language: 'km', isEmailEnabled: false })
    expect(before.kinds).toHaveLength(5)
    expect(before.kinds.every((kind: { inApp: boolean; email: boolean }) => kind.inApp && kind.email)).toBe(true)

    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/notifications/preferences',
      headers: me.headers,
      payload: {
        kinds: [{ kind: 'community_incident', inApp: true, email: false }],
        emailDelivery: 'daily_digest',
        digestHour: 18,
        language: 'en',
      },
    })
    expect(res.statusCode).toBe(200)
    const after = (await t.app.inject({ url: '/api/notifications/preferences', headers: me.headers })).json()
    expect(after).toMatchObject({ emailDelivery: 'daily_digest', digestHour: 18, language: 'en' })
    expect(after.kinds.find((kind: { kind: string }) => kind.kind === 'community_incident')).toEqual({
      kind: 'community_incident',
      inApp: true,
      email: false,
    })
  })

  it('hides the kinds turned off in the app from the list and the count', async () => {
    const me = await t.signIn('legal')
    await notify(t.db, [
      { userId: me.userId, kind: 'task_assigned', dedupeKey: 'hide:1', params: {} },
      { userId: me.userId, kind: 'community_incident', dedupeKey: 'hide:2', params: {} },
    ])
    await t.app.inject({
      method: 'PUT',
      url: '/api/notifications/preferences',
      headers: me.headers,
      payload: { kinds: [{ kind: 'community_incident', inApp: false, email: true }] },
    })
    const list = (await t.app.inject({ url: '/api/notifications', headers: me.headers })).json()
    expect(list.items.map((item: { kind: string }) => item.kind)).toEqual(['task_assigned'])
    expect((await t.app.inject({ url: '/api/notifications/unread-count', headers: me.headers })).json().count).toBe(1)
  })

  it('refuses bad preferences with 400 naming the field, and changes nothing', async () => {
    const me = await t.signIn('legal')
    for (const [payload, field] of [
      [{ digestHour: 24 }, 'body.digestHour'],
      [{ emailDelivery: 'weekly' }, 'body.emailDelivery'],
      [{ language: 'fr' }, 'body.language'],
      [{ kinds: [{ kind: 'gossip', inApp: true, email: true }] }, 'body.kinds[0].kind'],
      [
        {
          kinds: [
            { kind: 'task_assigned', inApp: true, email: true },
            { kind: 'task_assigned', inApp: false, email: false },
          ],
        },
        'body.kinds',
      ],
    ] as const) {
      const res = await t.app.inject({ method: 'PUT', url: '/api/notifications/preferences', headers: me.headers, payload })
      expect(res.statusCode, JSON.stringify(payload)).toBe(400)
      expect(problemOf(res).errors?.map((e) => e.field)).toEqual([field])
    }
    expect((await t.app.inject({ url: '/api/notifications/preferences', headers: me.headers })).json()).toMatchObject({
      digestHour: 7,
      language: 'km',
    })
  })
})

describe('community follows', () => {
  it('follows and unfollows a community, and lists the ones followed', async () => {
    const me = await t.signIn('advocate')
    const community = await makeCommunity(t.db, { name: 'Phum Thmei', nameKm: 'ភូមិថ្មី' })
    await follow(me, community.id)
    await follow(me, community.id)
    expect((await t.app.inject({ url: '/api/notifications/follows', headers: me.headers })).json().items).toEqual([
      expect.objectContaining({ communityId: community.id, name: 'Phum Thmei', nameKm: 'ភូមិថ្មី' }),
    ])
    expect((await t.app.inject({ url: `/api/communities/${community.id}/follow`, headers: me.headers })).json()).toEqual({
      communityId: community.id,
      isFollowing: true,
    })
    const unfollowed = await t.app.inject({ method: 'DELETE', url: `/api/communities/${community.id}/follow`, headers: me.headers })
    expect(unfollowed.json()).toEqual({ communityId: community.id, isFollowing: false })
    expect((await t.app.inject({ url: '/api/notifications/follows', headers: me.headers })).json().items).toEqual([])
  })

  it('lets a representative follow their own communities only (another one is not found)', async () => {
    const own = await makeCommunity(t.db)
    const other = await makeCommunity(t.db)
    const rep = await t.signIn('community_rep', { communityIds: [own.id] })
    await follow(rep, own.id)
    const res = await t.app.inject({ method: 'PUT', url: `/api/communities/${other.id}/follow`, headers: rep.headers })
    expect(res.statusCode).toBe(404)
    expect(problemOf(res).code).toBe('communities.not_found')
    expect((await t.app.inject({ url: `/api/communities/${other.id}/follow`, headers: rep.headers })).statusCode).toBe(404)
  })

  it('answers 404 for a community that does not exist and 400 for an id that is not one', async () => {
    const me = await t.signIn('legal')
    const missing = await t.app.inject({ method: 'PUT', url: `/api/communities/${crypto.randomUUID()}/follow`, headers: me.headers })
    expect(missing.statusCode).toBe(404)
    const bad = await t.app.inject({ method: 'PUT', url: '/api/communities/nope/follow', headers: me.headers })
    expect(bad.statusCode).toBe(400)
    expect(problemOf(bad).errors?.map((e) => e.field)).toEqual(['params.id'])
  })
})

describe('a new incident in a community I follow', () => {
  it('tells the followers who may see it, in the community’s name, and not its reporter', async () => {
    const community = await makeCommunity(t.db, { name: 'Phum Chas', nameKm: 'ភូមិចាស់' })
    const legal = await t.signIn('legal')
    const advocate = await t.signIn('advocate')
    const rep = await t.signIn('community_rep', { communityIds: [community.id] })
    const stranger = await t.signIn('legal')
    for (const who of [legal, advocate, rep]) await follow(who, community.id)

    const incident = await report(rep, { communityId: community.id })
    expect(await kindsOf(legal.userId)).toEqual(['community_incident'])
    expect(await kindsOf(advocate.userId)).toEqual(['community_incident'])
    expect(await kindsOf(rep.userId)).toEqual([])
    expect(await kindsOf(stranger.userId)).toEqual([])
    const [item] = (await t.app.inject({ url: '/api/notifications?lang=en', headers: legal.headers })).json().items
    expect(item).toMatchObject({
      kind: 'community_incident',
      title: 'New incident in Phum Chas: Land grabbing',
      link: `/incidents/${incident.id}`,
    })
  })

  it('tells only legal staff and admins of a confidential incident', async () => {
    const community = await makeCommunity(t.db)
    const legal = await t.signIn('legal')
    const advocate = await t.signIn('advocate')
    const rep = await t.signIn('community_rep', { communityIds: [community.id] })
    for (const who of [legal, advocate, rep]) await follow(who, community.id)
    const reporter = await t.signIn('legal')
    await report(reporter, { communityId: community.id, isConfidential: true })
    expect(await kindsOf(legal.userId)).toEqual(['community_incident'])
    expect(await kindsOf(advocate.userId)).toEqual([])
    expect(await kindsOf(rep.userId)).toEqual([])
  })
})

describe('an incident verified into a case I lead', () => {
  async function caseLedBy(leadUserId: string) {
    const legalCase = await makeCase(t.db, { title: 'Phum Chas v. Company' })
    await t.db.insert(caseTeam).values({ caseId: legalCase.id, userId: leadUserId, role: 'lead' })
    return legalCase
  }

  it('tells the lead when triage adds the incident to the case, once', async () => {
    const lead = await t.signIn('legal')
    const legalCase = await caseLedBy(lead.userId)
    const incident = await makeIncident(t.db, { kind: 'forced_eviction' })
    const res = await t.app.inject({ method: 'POST', url: `/api/incidents/${incident.id}/case`, payload: { caseId: legalCase.id } })
    expect(res.statusCode).toBe(200)
    await t.app.inject({ method: 'POST', url: `/api/incidents/${incident.id}/case`, payload: { caseId: legalCase.id } })
    const items = (await t.app.inject({ url: '/api/notifications?lang=en', headers: lead.headers })).json().items
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({
      kind: 'incident_into_case',
      title: `An incident was added to your case ${legalCase.reference}: Forced eviction`,
      link: `/cases/${legalCase.id}`,
    })
  })

  it('does not tell the lead of what they did themselves', async () => {
    const lead = await t.signIn('legal')
    const legalCase = await caseLedBy(lead.userId)
    const incident = await makeIncident(t.db)
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/incidents/${incident.id}/case`,
      headers: lead.headers,
      payload: { caseId: legalCase.id },
    })
    expect(res.statusCode).toBe(200)
    expect(await kindsOf(lead.userId)).toEqual([])
  })

  it('tells the lead when an incident already in the case is verified in triage', async () => {
    const lead = await t.signIn('legal')
    const legalCase = await caseLedBy(lead.userId)
    const incident = await makeIncident(t.db)
    await linkToCase(t.db, legalCase.id, { incidentIds: [incident.id] })
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/incidents/${incident.id}/status`,
      payload: { status: 'verified', version: 1 },
    })
    expect(res.statusCode).toBe(200)
    expect(await kindsOf(lead.userId)).toEqual(['incident_into_case'])
  })
})

describe('reminders', () => {
  const startsAt = new Date('2031-05-20T02:00:00Z')

  it('never reminds a representative of a case of other communities', async () => {
    const theirs = await makeCommunity(t.db)
    const another = await makeCommunity(t.db)
    const rep = await t.signIn('community_rep', { communityIds: [theirs.id] })
    const ownRep = await t.signIn('community_rep', { communityIds: [another.id] })
    const lawyer = await t.signIn('legal')
    const legalCase = await makeCase(t.db)
    await linkToCase(t.db, legalCase.id, { communityIds: [another.id] })
    await t.db.insert(caseTeam).values([
      { caseId: legalCase.id, userId: lawyer.userId, role: 'lead' },
      { caseId: legalCase.id, userId: rep.userId, role: 'member' },
      { caseId: legalCase.id, userId: ownRep.userId, role: 'member' },
    ])
    await makeCaseEvent(t.db, { caseId: legalCase.id, kind: 'hearing', startsAt })
    await sweepReminders(t.db, new Date(startsAt.getTime() - DAY_MS + 60_000))
    expect(await kindsOf(lawyer.userId)).toEqual(['hearing_reminder'])
    expect(await kindsOf(ownRep.userId)).toEqual(['hearing_reminder'])
    expect(await kindsOf(rep.userId)).toEqual([])
  })

  it("never puts privileged notes, the event's details or a party's contacts in an advocate's notification or e-mail", async () => {
    const advocate = await t.signIn('advocate')
    const legalCase = await makeCase(t.db, {
      title: 'Koh Kong sugar case',
      privilegedNotes: 'PRIVILEGED-strategy-7731',
      summary: 'SUMMARY-5512',
    })
    const witness = await makePerson(t.db, { fullName: 'WITNESS-Sok Dara', phone: '+855 12 345 678', isConfidential: true })
    await linkToCase(t.db, legalCase.id, { people: [{ personId: witness.id, role: 'witness' }] })
    await t.db.insert(caseTeam).values({ caseId: legalCase.id, userId: advocate.userId, role: 'member' })
    await makeCaseEvent(t.db, {
      caseId: legalCase.id,
      kind: 'deadline',
      title: 'Appeal deadline',
      details: 'DETAILS-call the witness at +855 12 345 678',
      location: 'LOCATION-safe house',
      startsAt,
    })
    await sweepReminders(t.db, new Date(startsAt.getTime() - 3 * DAY_MS + 60_000))
    await queueEmails({ db: t.db, now: new Date(startsAt.getTime() - 3 * DAY_MS + 60_000), publicUrl: 'https://dey.example.org' })

    const list = await t.app.inject({ url: '/api/notifications?lang=en', headers: advocate.headers })
    expect(list.json().items).toHaveLength(1)
    const [mail] = await queryRows<{ subject: string; text_body: string; html_body: string }>(
      t.db,
      sql`SELECT subject, text_body, html_body FROM ${emailOutbox} WHERE user_id = ${advocate.userId}`,
    )
    expect(mail?.text_body).toContain(legalCase.reference)
    expect(mail?.text_body).toContain(`https://dey.example.org/cases/${legalCase.id}`)
    const everything = [list.body, mail?.subject, mail?.text_body, mail?.html_body].join('\n')
    for (const secret of ['PRIVILEGED', 'SUMMARY', 'DETAILS', 'LOCATION', 'WITNESS', '345 678']) expect(everything).not.toContain(secret)
  })
})

describe('start-up without an SMTP server', () => {
  it('says in the log that e-mail is off', async () => {
    const lines: string[] = []
    const quiet = await createTestApp({ logTo: { write: (line) => void lines.push(line) } })
    try {
      expect(lines.join('\n')).toContain('e-mail is off (no SMTP_URL or SMTP_HOST): notifications are shown in the app only')
    } finally {
      await quiet.close()
    }
  })
})
