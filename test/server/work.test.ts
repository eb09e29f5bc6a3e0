import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseTasks, caseTeam } from '../../db/schema/index.ts'
import { makeCase, makeCaseEvent } from '../helpers/case-factories.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

// 20:00 UTC on 6 December is 03:00 on 7 December in Phnom Penh: "today" is the 7th there, so a
// task due on the 6th is overdue although it is still the 6th in UTC.
const NOW = new Date('2026-12-06T20:00:00Z')

let t: TestApp
let me: SignedIn
let colleague: SignedIn
beforeAll(async () => {
  t = await createTestApp({ now: () => NOW })
  me = await t.signIn('legal')
  colleague = await t.signIn('legal')
})
afterAll(() => t?.close())

async function makeTask(caseId: string, values: Partial<typeof caseTasks.$inferInsert>) {
  const [row] = await t.db
    .insert(caseTasks)
    .values({ caseId, title: 'Task', ...values })
    .returning({ id: caseTasks.id })
  return row!
}

const joinTeam = (caseId: string, userId: string, role: 'lead' | 'member') => t.db.insert(caseTeam).values({ caseId, userId, role })

const myWork = async (who: SignedIn = me) => {
  const res = await t.app.inject({ url: '/api/work', headers: who.headers })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

const titles = (items: { title: string }[]) => items.map((item) => item.title)

describe(`My work on ${testDriver}`, () => {
  let led: { id: string; reference: string }
  let joined: { id: string; reference: string }
  beforeAll(async () => {
    led = await makeCase(t.db, { reference: 'CASE-1999-000001', title: 'Phnom Bat eviction', titleKm: 'ការបណ្តេញចេញនៅភ្នំបាត' })
    joined = await makeCase(t.db, { reference: 'CASE-1999-000002', title: 'Kbal Spean land' })
    const notMine = await makeCase(t.db, { reference: 'CASE-1999-000003' })
    const deleted = await makeCase(t.db, { reference: 'CASE-1999-000004', deletedAt: new Date() })
    await joinTeam(led.id, me.userId, 'lead')
    await joinTeam(joined.id, colleague.userId, 'lead')
    await joinTeam(joined.id, me.userId, 'member')
    await joinTeam(notMine.id, colleague.userId, 'lead')
    await joinTeam(deleted.id, me.userId, 'lead')

    // My tasks, on any case.
    await makeTask(led.id, { title: 'overdue task (due yesterday in Phnom Penh)', dueOn: '2026-12-06', assigneeUserId: me.userId })
    await makeTask(joined.id, { title: 'task due today', dueOn: '2026-12-07', assigneeUserId: me.userId, status: 'in_progress' })
    await makeTask(notMine.id, { title: 'undated task', assigneeUserId: me.userId, priority: 'urgent' })
    await makeTask(led.id, { title: 'task due later', dueOn: '2027-01-31', assigneeUserId: me.userId })
    // Not mine, or not open, or on a deleted case.
    await makeTask(led.id, { title: "colleague's task", dueOn: '2026-12-01', assigneeUserId: colleague.userId })
    await makeTask(led.id, { title: 'done task', dueOn: '2026-12-01', assigneeUserId: me.userId, status: 'done' })
    await makeTask(led.id, { title: 'cancelled task', dueOn: '2026-12-01', assigneeUserId: me.userId, status: 'cancelled' })
    await makeTask(led.id, { title: 'deleted task', dueOn: '2026-12-01', assigneeUserId: me.userId, deletedAt: new Date() })
    await makeTask(deleted.id, { title: 'task of a deleted case', dueOn: '2026-12-01', assigneeUserId: me.userId })

    // Hearings and deadlines of my cases.
    await makeCaseEvent(t.db, { caseId: led.id, kind: 'deadline', title: 'overdue deadline', startsAt: new Date('2026-12-05T03:00:00Z') })
    await makeCaseEvent(t.db, {
      caseId: joined.id,
      kind: 'deadline',
      title: 'deadline today at 01:00',
      startsAt: new Date('2026-12-06T18:00:00Z'),
    })
    await makeCaseEvent(t.db, {
      caseId: led.id,
      kind: 'hearing',
      title: 'hearing on the 14th day, 23:00',
      startsAt: new Date('2026-12-21T16:00:00Z'),
      location: 'Kampong Speu Provincial Court',
    })
    await makeCaseEvent(t.db, { caseId: led.id, kind: 'hearing', title: 'hearing next week', startsAt: new Date('2026-12-10T02:00:00Z') })
    // Left out: past the window, done, a missed hearing (past, not a duty), other kinds, other cases.
    await makeCaseEvent(t.db, {
      caseId: led.id,
      kind: 'hearing',
      title: 'hearing on the 15th day, 00:30',
      startsAt: new Date('2026-12-21T17:30:00Z'),
    })
    await makeCaseEvent(t.db, {
      caseId: led.id,
      kind: 'deadline',
      title: 'done deadline',
      startsAt: new Date('2026-12-01T03:00:00Z'),
      isDone: true,
    })
    await makeCaseEvent(t.db, { caseId: led.id, kind: 'hearing', title: 'past hearing', startsAt: new Date('2026-12-05T03:00:00Z') })
    await makeCaseEvent(t.db, { caseId: led.id, kind: 'meeting', title: 'meeting', startsAt: new Date('2026-12-08T03:00:00Z') })
    await makeCaseEvent(t.db, {
      caseId: led.id,
      kind: 'hearing',
      title: 'deleted hearing',
      startsAt: new Date('2026-12-08T03:00:00Z'),
      deletedAt: new Date(),
    })
    await makeCaseEvent(t.db, {
      caseId: notMine.id,
      kind: 'hearing',
      title: "a case I'm not on",
      startsAt: new Date('2026-12-08T03:00:00Z'),
    })
    await makeCaseEvent(t.db, {
      caseId: deleted.id,
      kind: 'deadline',
      title: 'deadline of a deleted case',
      startsAt: new Date('2026-12-08T03:00:00Z'),
    })
  })

  it("counts today in Phnom Penh's time zone", async () => {
    expect((await myWork()).today).toBe('2026-12-07')
  })

  it('puts overdue items first: past deadlines and tasks due before today, oldest first', async () => {
    const work = await myWork()
    expect(work.overdue.map((item: { type: string; title: string }) => [item.type, item.title])).toEqual([
      ['event', 'overdue deadline'],
      ['task', 'overdue task (due yesterday in Phnom Penh)'],
    ])
    expect(work.overdue[1]).toMatchObject({
      caseId: led.id,
      caseReference: 'CASE-1999-000001',
      caseTitle: 'Phnom Bat eviction',
      caseTitleKm: 'ការបណ្តេញចេញនៅភ្នំបាត',
      dueOn: '2026-12-06',
      link: `/cases/${led.id}#task-${work.overdue[1].id}`,
    })
    expect(work.overdue[0]).toMatchObject({ kind: 'deadline', day: '2026-12-05', link: `/cases/${led.id}#event-${work.overdue[0].id}` })
  })

  it('lists my open tasks that are not overdue, soonest due first and undated last, on any case', async () => {
    expect(titles((await myWork()).tasks)).toEqual(['task due today', 'task due later', 'undated task'])
  })

  it('lists hearings and deadlines of my cases from today to 14 days after it, soonest first', async () => {
    const work = await myWork()
    expect(titles(work.events)).toEqual(['deadline today at 01:00', 'hearing next week', 'hearing on the 14th day, 23:00'])
    expect(work.events[0]).toMatchObject({ day: '2026-12-07', caseReference: 'CASE-1999-000002' })
    expect(work.events[2]).toMatchObject({ day: '2026-12-21', location: 'Kampong Speu Provincial Court' })
  })

  it('lists the live cases I lead first, then those I am a member of', async () => {
    expect((await myWork()).cases).toEqual([
      {
        id: led.id,
        reference: 'CASE-1999-000001',
        title: 'Phnom Bat eviction',
        titleKm: 'ការបណ្តេញចេញនៅភ្នំបាត',
        stage: 'intake',
        role: 'lead',
        link: `/cases/${led.id}`,
      },
      expect.objectContaining({ id: joined.id, role: 'member' }),
    ])
  })

  it('shows a colleague only their own tasks and the events of their own cases', async () => {
    const work = await myWork(colleague)
    expect(titles(work.overdue)).toEqual(["colleague's task"])
    expect(work.tasks).toEqual([])
    expect(titles(work.events)).toEqual(['deadline today at 01:00', "a case I'm not on"])
    expect(work.cases.map((row: { reference: string; role: string }) => [row.reference, row.role])).toEqual([
      ['CASE-1999-000002', 'lead'],
      ['CASE-1999-000003', 'lead'],
    ])
  })

  it('gives a new member of staff an empty day', async () => {
    const newcomer = await t.signIn('legal')
    expect(await myWork(newcomer)).toEqual({ today: '2026-12-07', overdue: [], tasks: [], events: [], cases: [] })
  })

  it('refuses advocates and community representatives with 403', async () => {
    for (const role of ['advocate', 'community_rep'] as const) {
      const who = await t.signIn(role)
      expect((await t.app.inject({ url: '/api/work', headers: who.headers })).statusCode).toBe(403)
    }
  })
})
