// Deadline rules (#16): admins keep the rules, each with its legal basis; recording an event of a
// rule's trigger kind proposes the computed deadline, in Cambodia's calendar, and nothing is written
// until a lawyer confirms it as a deadline event that names the rule and the trigger event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeDueOn } from '../../shared/deadline-rules.ts'
import { makeCase } from '../helpers/case-factories.ts'
import { problemOf } from '../helpers/http.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
let legal: SignedIn
let advocate: SignedIn
beforeAll(async () => {
  t = await createTestApp()
  legal = await t.signIn('legal')
  advocate = await t.signIn('advocate')
})
afterAll(() => t?.close())

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000'

/** Made-up rules for the tests: their legal basis says so. */
const ruleBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Test appeal period',
  nameKm: 'រយៈពេលប្តឹងឧទ្ធរណ៍សាកល្បង',
  triggerKind: 'judgment',
  caseKinds: ['court_civil'],
  days: 30,
  dayCount: 'calendar_days',
  deadlineTitle: 'Appeal deadline',
  deadlineTitleKm: 'ថ្ងៃផុតកំណត់ប្តឹងឧទ្ធរណ៍',
  legalBasis: 'TEST ONLY: not a real provision',
  sourceUrl: 'https://example.org/test-law',
  ...overrides,
})

async function createRule(overrides: Record<string, unknown> = {}) {
  const res = await t.app.inject({ method: 'POST', url: '/api/deadline-rules', payload: ruleBody(overrides) })
  expect(res.statusCode, res.body).toBe(201)
  return res.json()
}

async function recordEvent(caseId: string, payload: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/events`, payload, headers: legal.headers })
  return res
}

/** A judgment on Thursday 5 March 2026, 10:00 in Phnom Penh. */
const THURSDAY_JUDGMENT = '2026-03-05T03:00:00Z'

async function judgmentOn(caseKind: 'court_civil' | 'cadastral_commission' | 'naldr' = 'court_civil', startsAt = THURSDAY_JUDGMENT) {
  const legalCase = await makeCase(t.db, { kind: caseKind })
  const res = await recordEvent(legalCase.id, { kind: 'judgment', title: 'Judgment of the provincial court', startsAt })
  expect(res.statusCode, res.body).toBe(201)
  return { caseId: legalCase.id, eventId: res.json().id as string }
}

async function proposalsFor(caseId: string, eventId: string, headers = legal.headers) {
  const res = await t.app.inject({ url: `/api/cases/${caseId}/events/${eventId}/deadline-proposals`, headers })
  expect(res.statusCode, res.body).toBe(200)
  return res.json().items as { ruleId: string; dueOn: string; dueAt: string; triggerOn: string; [key: string]: unknown }[]
}

describe(`deadline rules on ${testDriver}`, () => {
  // Runs first: the migrated database, before any test adds a rule.
  it('ships no invented law: a fresh database has no deadline rules', async () => {
    expect((await t.app.inject({ url: '/api/deadline-rules' })).json().items).toEqual([])
  })

  describe('the rules', () => {
    it('lets an admin add, read, list, change and delete a rule', async () => {
      const created = await createRule({ name: 'CRUD rule' })
      expect(created).toMatchObject({ ...ruleBody({ name: 'CRUD rule' }), isActive: true, version: 1, legalBasisKm: null })

      const read = await t.app.inject({ url: `/api/deadline-rules/${created.id}`, headers: legal.headers })
      expect(read.statusCode).toBe(200)
      expect(read.headers.etag).toBe('"1"')

      const list = await t.app.inject({ url: '/api/deadline-rules', headers: legal.headers })
      expect(list.json().items.map((rule: { id: string }) => rule.id)).toContain(created.id)

      const changed = await t.app.inject({
        method: 'PATCH',
        url: `/api/deadline-rules/${created.id}`,
        payload: { days: 15, dayCount: 'working_days', isActive: false, version: 1 },
      })
      expect(changed.statusCode, changed.body).toBe(200)
      expect(changed.json()).toMatchObject({ days: 15, dayCount: 'working_days', isActive: false, version: 2 })
      const inactive = await t.app.inject({ url: '/api/deadline-rules?active=false', headers: legal.headers })
      expect(inactive.json().items.map((rule: { id: string }) => rule.id)).toContain(created.id)

      const stale = await t.app.inject({ method: 'PATCH', url: `/api/deadline-rules/${created.id}`, payload: { days: 20, version: 1 } })
      expect(stale.statusCode).toBe(409)

      const deleted = await t.app.inject({ method: 'DELETE', url: `/api/deadline-rules/${created.id}`, headers: { 'if-match': '"2"' } })
      expect(deleted.statusCode).toBe(204)
      expect((await t.app.inject({ url: `/api/deadline-rules/${created.id}` })).statusCode).toBe(404)
      const after = await t.app.inject({ url: '/api/deadline-rules' })
      expect(after.json().items.map((rule: { id: string }) => rule.id)).not.toContain(created.id)
    })

    it('keeps a change in the audit trail', async () => {
      const created = await createRule({ name: 'Audited rule' })
      const audit = await t.app.inject({ url: `/api/audit?entity=deadline_rules&entityId=${created.id}` })
      expect(audit.statusCode, audit.body).toBe(200)
      expect(audit.json().items.map((entry: { action: string }) => entry.action)).toContain('create')
    })

    it.each([
      [{ legalBasis: '' }, 'body.legalBasis'],
      [{ legalBasis: undefined }, 'body.legalBasis'],
      [{ days: 0 }, 'body.days'],
      [{ days: 3651 }, 'body.days'],
      [{ days: 2.5 }, 'body.days'],
      [{ dayCount: 'business_days' }, 'body.dayCount'],
      [{ triggerKind: 'verdict' }, 'body.triggerKind'],
      [{ caseKinds: ['court_civil', 'court_civil'] }, 'body.caseKinds'],
      [{ caseKinds: ['supreme_court'] }, 'body.caseKinds[0]'],
      [{ sourceUrl: 'javascript:alert(1)' }, 'body.sourceUrl'],
      [{ name: '  ' }, 'body.name'],
      [{ deadlineTitle: '' }, 'body.deadlineTitle'],
    ])('refuses %j with a 400 naming %s, and writes nothing', async (change, field) => {
      const before = (await t.app.inject({ url: '/api/deadline-rules' })).json().items.length
      const res = await t.app.inject({ method: 'POST', url: '/api/deadline-rules', payload: ruleBody(change) })
      expect(res.statusCode).toBe(400)
      expect(problemOf(res).errors?.map((issue) => issue.field)).toContain(field)
      expect((await t.app.inject({ url: '/api/deadline-rules' })).json().items.length).toBe(before)
    })

    it('refuses a change that sends no field, and a stale or missing version', async () => {
      const created = await createRule({ name: 'Versioned rule' })
      const empty = await t.app.inject({ method: 'PATCH', url: `/api/deadline-rules/${created.id}`, payload: { version: 1 } })
      expect(empty.statusCode).toBe(400)
      const noVersion = await t.app.inject({ method: 'PATCH', url: `/api/deadline-rules/${created.id}`, payload: { days: 3 } })
      expect(noVersion.statusCode).toBe(428)
    })

    it('lets legal staff read the rules but not change them; advocates may not even read them', async () => {
      const created = await createRule({ name: 'Admin-only rule' })
      for (const [method, url, payload] of [
        ['POST', '/api/deadline-rules', ruleBody()],
        ['PATCH', `/api/deadline-rules/${created.id}`, { days: 3, version: 1 }],
        ['DELETE', `/api/deadline-rules/${created.id}`, undefined],
      ] as const) {
        const res = await t.app.inject({ method, url, payload, headers: legal.headers })
        expect(res.statusCode, `${method} ${url}`).toBe(403)
      }
      expect((await t.app.inject({ url: '/api/deadline-rules', headers: advocate.headers })).statusCode).toBe(403)
      expect((await t.app.inject({ url: `/api/deadline-rules/${created.id}` })).json().version).toBe(1)
    })
  })

  describe('computing a due day', () => {
    it('counts calendar days, and working days from Monday to Friday starting the day after', () => {
      expect(computeDueOn('2026-03-05', 30, 'calendar_days')).toBe('2026-04-04')
      expect(computeDueOn('2026-03-05', 3, 'working_days')).toBe('2026-03-10')
      expect(computeDueOn('2026-03-06', 1, 'working_days')).toBe('2026-03-09')
      expect(computeDueOn('2026-03-07', 1, 'working_days')).toBe('2026-03-09')
      expect(computeDueOn('2026-12-31', 1, 'calendar_days')).toBe('2027-01-01')
      expect(computeDueOn('2028-02-28', 1, 'calendar_days')).toBe('2028-02-29')
    })
  })

  describe('proposals', () => {
    it('proposes N calendar days after a judgment on a court case, at 17:00 in Phnom Penh', async () => {
      const rule = await createRule({ name: 'Thirty calendar days', days: 30, dayCount: 'calendar_days' })
      const { caseId, eventId } = await judgmentOn('court_civil')
      const proposal = (await proposalsFor(caseId, eventId)).find((item) => item.ruleId === rule.id)
      expect(proposal).toEqual({
        ruleId: rule.id,
        ruleName: 'Thirty calendar days',
        ruleNameKm: 'រយៈពេលប្តឹងឧទ្ធរណ៍សាកល្បង',
        title: 'Appeal deadline',
        titleKm: 'ថ្ងៃផុតកំណត់ប្តឹងឧទ្ធរណ៍',
        triggerEventId: eventId,
        triggerOn: '2026-03-05',
        // Thursday 5 March + 30 days = Saturday 4 April: the lawyer sees the weekday and decides.
        dueOn: '2026-04-04',
        dueAt: '2026-04-04T10:00:00.000Z',
        days: 30,
        dayCount: 'calendar_days',
        legalBasis: 'TEST ONLY: not a real provision',
        legalBasisKm: null,
        sourceUrl: 'https://example.org/test-law',
        confirmedEventId: null,
      })
    })

    it('proposes N working days across a weekend', async () => {
      const rule = await createRule({ name: 'Three working days', days: 3, dayCount: 'working_days' })
      const { caseId, eventId } = await judgmentOn('court_civil')
      const proposal = (await proposalsFor(caseId, eventId)).find((item) => item.ruleId === rule.id)
      // Thursday 5 March: Friday 6 (1), Monday 9 (2), Tuesday 10 (3).
      expect(proposal).toMatchObject({ triggerOn: '2026-03-05', dueOn: '2026-03-10', dueAt: '2026-03-10T10:00:00.000Z' })
    })

    it("counts from the trigger's day in Phnom Penh, not in UTC", async () => {
      const rule = await createRule({ name: 'One working day', days: 1, dayCount: 'working_days' })
      // 20:00 UTC on Thursday is 03:00 on Friday in Phnom Penh: + 1 working day is Monday.
      const { caseId, eventId } = await judgmentOn('court_civil', '2026-03-05T20:00:00Z')
      const proposal = (await proposalsFor(caseId, eventId)).find((item) => item.ruleId === rule.id)
      expect(proposal).toMatchObject({ triggerOn: '2026-03-06', dueOn: '2026-03-09' })
    })

    it('proposes nothing from a rule limited to other case kinds, an inactive or deleted rule, or another trigger kind', async () => {
      const other = await createRule({ name: 'Cadastral only', caseKinds: ['cadastral_commission'] })
      const inactive = await createRule({ name: 'Switched off', isActive: false })
      const deleted = await createRule({ name: 'Deleted' })
      await t.app.inject({ method: 'DELETE', url: `/api/deadline-rules/${deleted.id}` })
      const hearing = await createRule({ name: 'After a hearing', triggerKind: 'hearing' })
      const { caseId, eventId } = await judgmentOn('court_civil')
      const ruleIds = (await proposalsFor(caseId, eventId)).map((item) => item.ruleId)
      for (const rule of [other, inactive, deleted, hearing]) expect(ruleIds).not.toContain(rule.id)
      // The cadastral rule does propose on a cadastral case; a rule with no case kinds on every kind.
      const anyKind = await createRule({ name: 'Any kind', caseKinds: [] })
      const cadastral = await judgmentOn('cadastral_commission')
      const cadastralIds = (await proposalsFor(cadastral.caseId, cadastral.eventId)).map((item) => item.ruleId)
      expect(cadastralIds).toContain(other.id)
      expect(cadastralIds).toContain(anyKind.id)
    })

    it('answers 404 for an event of another case or an unknown event', async () => {
      const { eventId } = await judgmentOn('court_civil')
      const elsewhere = await makeCase(t.db)
      const wrongCase = await t.app.inject({ url: `/api/cases/${elsewhere.id}/events/${eventId}/deadline-proposals` })
      expect(wrongCase.statusCode).toBe(404)
      const unknown = await t.app.inject({ url: `/api/cases/${elsewhere.id}/events/${UNKNOWN_ID}/deadline-proposals` })
      expect(unknown.statusCode).toBe(404)
    })
  })

  describe('confirming', () => {
    it('creates nothing until the lawyer confirms; confirming creates the deadline event linked to the rule', async () => {
      const rule = await createRule({ name: 'Confirmed rule', legalBasis: 'TEST ONLY: article of a test law' })
      const { caseId, eventId } = await judgmentOn('court_civil')
      const events = async () => (await t.app.inject({ url: `/api/cases/${caseId}/events` })).json().items as { kind: string }[]
      const proposal = (await proposalsFor(caseId, eventId)).find((item) => item.ruleId === rule.id)!
      expect((await events()).map((event) => event.kind)).toEqual(['judgment'])

      const res = await recordEvent(caseId, {
        kind: 'deadline',
        title: proposal.title,
        startsAt: proposal.dueAt,
        deadlineRuleId: rule.id,
        triggerEventId: eventId,
      })
      expect(res.statusCode, res.body).toBe(201)
      expect(res.json()).toMatchObject({
        kind: 'deadline',
        startsAt: '2026-04-04T10:00:00.000Z',
        triggerEventId: eventId,
        deadlineRule: {
          id: rule.id,
          name: 'Confirmed rule',
          legalBasis: 'TEST ONLY: article of a test law',
          sourceUrl: 'https://example.org/test-law',
        },
      })
      const read = await t.app.inject({ url: `/api/case-events/${res.json().id}` })
      expect(read.json().deadlineRule.id).toBe(rule.id)
      expect((await events()).map((event) => event.kind)).toEqual(['judgment', 'deadline'])
      // The proposal now says it was added; a second confirmation is refused.
      expect((await proposalsFor(caseId, eventId)).find((item) => item.ruleId === rule.id)?.confirmedEventId).toBe(res.json().id)
      const again = await recordEvent(caseId, {
        kind: 'deadline',
        title: proposal.title,
        startsAt: proposal.dueAt,
        deadlineRuleId: rule.id,
        triggerEventId: eventId,
      })
      expect(again.statusCode).toBe(409)
    })

    it('keeps naming the rule on a confirmed deadline after the rule is deleted', async () => {
      const rule = await createRule({ name: 'Later deleted' })
      const { caseId, eventId } = await judgmentOn('court_civil')
      const res = await recordEvent(caseId, {
        kind: 'deadline',
        title: 'Appeal deadline',
        startsAt: '2026-04-06T10:00:00Z',
        deadlineRuleId: rule.id,
        triggerEventId: eventId,
      })
      await t.app.inject({ method: 'DELETE', url: `/api/deadline-rules/${rule.id}` })
      expect((await t.app.inject({ url: `/api/case-events/${res.json().id}` })).json().deadlineRule.name).toBe('Later deleted')
    })

    it('keeps a deadline computed by a rule a deadline: changing its kind is a 422 naming the field, and changes nothing', async () => {
      const rule = await createRule({ name: 'Stays a deadline' })
      const { caseId, eventId } = await judgmentOn('court_civil')
      const deadline = (
        await recordEvent(caseId, {
          kind: 'deadline',
          title: 'Appeal deadline',
          startsAt: '2026-04-06T10:00:00Z',
          deadlineRuleId: rule.id,
          triggerEventId: eventId,
        })
      ).json()
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/case-events/${deadline.id}`,
        payload: { kind: 'meeting', version: deadline.version },
      })
      expect(res.statusCode).toBe(422)
      expect(problemOf(res).errors?.[0]?.field).toBe('body.kind')
      const read = (await t.app.inject({ url: `/api/case-events/${deadline.id}` })).json()
      expect(read).toMatchObject({ kind: 'deadline', version: deadline.version })
      // Its day and title may still change: the lawyer confirmed the date, and may correct it.
      const moved = await t.app.inject({
        method: 'PATCH',
        url: `/api/case-events/${deadline.id}`,
        payload: { startsAt: '2026-04-07T10:00:00Z', version: deadline.version },
      })
      expect(moved.statusCode).toBe(200)
    })

    it('refuses a rule that does not apply with a 422 naming the field, and creates nothing', async () => {
      const cadastralOnly = await createRule({ name: 'Not for courts', caseKinds: ['cadastral_commission'] })
      const hearingRule = await createRule({ name: 'From hearings', triggerKind: 'hearing' })
      const inactive = await createRule({ name: 'Inactive for confirming', isActive: false })
      const good = await createRule({ name: 'Applies' })
      const { caseId, eventId } = await judgmentOn('court_civil')
      const other = await judgmentOn('court_civil')
      const base = { kind: 'deadline', title: 'Appeal deadline', startsAt: '2026-04-04T10:00:00Z' }
      const cases: [Record<string, unknown>, string, number][] = [
        [{ deadlineRuleId: cadastralOnly.id, triggerEventId: eventId }, 'body.deadlineRuleId', 422],
        [{ deadlineRuleId: hearingRule.id, triggerEventId: eventId }, 'body.deadlineRuleId', 422],
        [{ deadlineRuleId: inactive.id, triggerEventId: eventId }, 'body.deadlineRuleId', 422],
        [{ deadlineRuleId: UNKNOWN_ID, triggerEventId: eventId }, 'body.deadlineRuleId', 422],
        [{ deadlineRuleId: good.id, triggerEventId: other.eventId }, 'body.triggerEventId', 422],
        [{ deadlineRuleId: good.id, triggerEventId: UNKNOWN_ID }, 'body.triggerEventId', 422],
        [{ deadlineRuleId: good.id }, 'body.triggerEventId', 422],
        [{ triggerEventId: eventId }, 'body.deadlineRuleId', 422],
        [{ deadlineRuleId: good.id, triggerEventId: eventId, kind: 'hearing' }, 'body.kind', 422],
        [{ deadlineRuleId: 'not-a-uuid', triggerEventId: eventId }, 'body.deadlineRuleId', 400],
      ]
      for (const [change, field, status] of cases) {
        const res = await recordEvent(caseId, { ...base, ...change })
        expect(res.statusCode, JSON.stringify(change)).toBe(status)
        expect(problemOf(res).errors?.map((issue) => issue.field)).toContain(field)
      }
      const events = (await t.app.inject({ url: `/api/cases/${caseId}/events` })).json().items as { kind: string }[]
      expect(events.map((event) => event.kind)).toEqual(['judgment'])
    })

    it('records an ordinary event with no rule as before', async () => {
      const legalCase = await makeCase(t.db)
      const res = await recordEvent(legalCase.id, { kind: 'deadline', title: 'Hand-entered', startsAt: '2026-05-01T10:00:00Z' })
      expect(res.statusCode).toBe(201)
      expect(res.json()).toMatchObject({ deadlineRule: null, triggerEventId: null })
    })
  })
})
