import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseTasks, evidence, legalCases, notifications, users } from '../../db/schema/index.ts'
import { makeCase, makeCaseEvent } from '../helpers/case-factories.ts'
import { problemOf } from '../helpers/http.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
let lawyer: SignedIn
let colleague: SignedIn
beforeAll(async () => {
  t = await createTestApp()
  lawyer = await t.signIn('legal')
  colleague = await t.signIn('legal')
})
afterAll(() => t?.close())

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000'

async function makeDocument(caseId: string, overrides: Partial<typeof evidence.$inferInsert> = {}) {
  const [row] = await t.db
    .insert(evidence)
    .values({ sha256: 'a'.repeat(64), sizeBytes: 10, mediaType: 'application/pdf', title: 'Land title copy', caseId, ...overrides })
    .returning({ id: evidence.id })
  return row!
}

const createTask = (caseId: string, payload: Record<string, unknown>, who: SignedIn = lawyer) =>
  t.app.inject({
    method: 'POST',
    url: `/api/cases/${caseId}/tasks`,
    headers: who.headers,
    payload: { title: 'Draft the complaint', ...payload },
  })

const patchTask = (id: string, payload: Record<string, unknown>, who: SignedIn = lawyer, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'PATCH', url: `/api/tasks/${id}`, headers: { ...who.headers, ...headers }, payload })

const taskCount = async (caseId: string) =>
  (
    await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(caseTasks)
      .where(eq(caseTasks.caseId, caseId))
  )[0]!.n

const assignedNotifications = (userId: string, taskId: string) =>
  t.db
    .select({ dedupeKey: notifications.dedupeKey, link: notifications.link, params: notifications.params })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.taskId, taskId), eq(notifications.kind, 'task_assigned')))

describe(`tasks API on ${testDriver}`, () => {
  it('adds a task to a case, linked to one of its events and documents, and reads it back', async () => {
    const legalCase = await makeCase(t.db)
    const event = await makeCaseEvent(t.db, { caseId: legalCase.id, title: 'Hearing in Kampong Speu' })
    const document = await makeDocument(legalCase.id)
    const res = await createTask(legalCase.id, {
      assigneeUserId: colleague.userId,
      dueOn: '2026-12-20',
      priority: 'high',
      details: 'Attach the commune letter.',
      eventId: event.id,
      evidenceId: document.id,
    })
    expect(res.statusCode, res.body).toBe(201)
    const task = res.json()
    expect(task).toMatchObject({
      caseId: legalCase.id,
      caseReference: legalCase.reference,
      title: 'Draft the complaint',
      assigneeUserId: colleague.userId,
      assigneeName: expect.stringContaining('legal'),
      dueOn: '2026-12-20',
      priority: 'high',
      status: 'open',
      eventId: event.id,
      eventTitle: 'Hearing in Kampong Speu',
      evidenceId: document.id,
      evidenceTitle: 'Land title copy',
      createdByUserId: lawyer.userId,
      completedAt: null,
      version: 1,
    })
    const get = await t.app.inject({ url: `/api/tasks/${task.id}`, headers: lawyer.headers })
    expect(get.json()).toEqual(task)
    expect(get.headers.etag).toBe('"1"')
    const list = await t.app.inject({ url: `/api/cases/${legalCase.id}/tasks`, headers: lawyer.headers })
    expect(list.json().items).toEqual([task])
  })

  it('lists open tasks first, by due day with undated ones last, urgent before normal on the same day', async () => {
    const legalCase = await makeCase(t.db)
    const ids: Record<string, string> = {}
    for (const [title, payload] of [
      ['undated', {}],
      ['late normal', { dueOn: '2026-12-10' }],
      ['late urgent', { dueOn: '2026-12-10', priority: 'urgent' }],
      ['early', { dueOn: '2026-12-01' }],
      ['finished', { dueOn: '2026-11-01' }],
    ] as const) {
      ids[title] = (await createTask(legalCase.id, { ...payload, title })).json().id
    }
    expect((await patchTask(ids.finished!, { status: 'done', version: 1 })).statusCode).toBe(200)
    const list = await t.app.inject({ url: `/api/cases/${legalCase.id}/tasks`, headers: lawyer.headers })
    expect(list.json().items.map((task: { title: string }) => task.title)).toEqual([
      'early',
      'late urgent',
      'late normal',
      'undated',
      'finished',
    ])
  })

  it('sets completedAt when the status becomes done and clears it when the task is reopened', async () => {
    const legalCase = await makeCase(t.db)
    const task = (await createTask(legalCase.id, {})).json()
    const done = await patchTask(task.id, { status: 'done' }, lawyer, { 'if-match': '"1"' })
    expect(done.statusCode, done.body).toBe(200)
    expect(done.json()).toMatchObject({ status: 'done', version: 2 })
    expect(Date.now() - Date.parse(done.json().completedAt)).toBeLessThan(60_000)
    expect(done.headers.etag).toBe('"2"')
    const renamed = await patchTask(task.id, { title: 'Complaint drafted', version: 2 })
    expect(renamed.json().completedAt).toBe(done.json().completedAt)
    const reopened = await patchTask(task.id, { status: 'in_progress', version: 3 })
    expect(reopened.json()).toMatchObject({ status: 'in_progress', completedAt: null })
  })

  describe('assignment notifications', () => {
    it('notifies the assignee exactly once when a task is assigned to them by someone else', async () => {
      const legalCase = await makeCase(t.db, { title: 'Phnom Bat eviction' })
      const task = (await createTask(legalCase.id, { assigneeUserId: colleague.userId, dueOn: '2026-12-20' })).json()
      const sent = await assignedNotifications(colleague.userId, task.id)
      expect(sent).toEqual([
        {
          dedupeKey: `task_assigned:${task.id}:${colleague.userId}:1`,
          link: `/cases/${legalCase.id}#task-${task.id}`,
          params: expect.objectContaining({ taskTitle: 'Draft the complaint', caseReference: legalCase.reference, dueOn: '2026-12-20' }),
        },
      ])
      // Changes that do not change the assignee, and a replay of an old change, tell no one again.
      expect((await patchTask(task.id, { priority: 'urgent', version: 1 })).statusCode).toBe(200)
      expect((await patchTask(task.id, { assigneeUserId: colleague.userId, version: 2 })).statusCode).toBe(200)
      expect((await patchTask(task.id, { assigneeUserId: colleague.userId, version: 2 })).statusCode).toBe(409)
      expect(await assignedNotifications(colleague.userId, task.id)).toHaveLength(1)
    })

    it('does not notify someone who assigns a task to themselves', async () => {
      const legalCase = await makeCase(t.db)
      const task = (await createTask(legalCase.id, { assigneeUserId: lawyer.userId })).json()
      expect(await assignedNotifications(lawyer.userId, task.id)).toEqual([])
    })

    it('notifies again when a task is assigned away and back', async () => {
      const legalCase = await makeCase(t.db)
      const task = (await createTask(legalCase.id, {})).json()
      expect((await patchTask(task.id, { assigneeUserId: colleague.userId, version: 1 })).statusCode).toBe(200)
      expect((await patchTask(task.id, { assigneeUserId: null, version: 2 })).statusCode).toBe(200)
      expect((await patchTask(task.id, { assigneeUserId: colleague.userId, version: 3 })).statusCode).toBe(200)
      const keys = (await assignedNotifications(colleague.userId, task.id)).map((row) => row.dedupeKey).sort()
      expect(keys).toEqual([`task_assigned:${task.id}:${colleague.userId}:2`, `task_assigned:${task.id}:${colleague.userId}:4`])
    })
  })

  describe('validation: 4xx naming the field, nothing written', () => {
    async function expectRefused(payload: Record<string, unknown>, status: number, field: string, caseId?: string) {
      const legalCase = caseId ? { id: caseId } : await makeCase(t.db)
      const before = (await t.db.select({ n: sql<number>`count(*)::int` }).from(notifications))[0]!.n
      const res = await createTask(legalCase.id, payload)
      expect(res.statusCode, res.body).toBe(status)
      expect(problemOf(res).errors?.map((e) => e.field)).toEqual([field])
      expect(await taskCount(legalCase.id)).toBe(0)
      expect((await t.db.select({ n: sql<number>`count(*)::int` }).from(notifications))[0]!.n).toBe(before)
    }

    it('refuses a title that is empty', () => expectRefused({ title: '  ' }, 400, 'body.title'))
    it('refuses a due day that does not exist', () => expectRefused({ dueOn: '2026-02-30' }, 400, 'body.dueOn'))
    it('refuses a due day with a time', () => expectRefused({ dueOn: '2026-12-01T10:00:00Z' }, 400, 'body.dueOn'))
    it('refuses an unknown priority', () => expectRefused({ priority: 'asap' }, 400, 'body.priority'))
    it('refuses an assignee that is no account', () => expectRefused({ assigneeUserId: UNKNOWN_ID }, 422, 'body.assigneeUserId'))

    it('refuses an advocate as assignee', async () => {
      const advocate = await t.signIn('advocate')
      await expectRefused({ assigneeUserId: advocate.userId }, 422, 'body.assigneeUserId')
    })

    it('refuses a deactivated legal account as assignee', async () => {
      const former = await t.signIn('legal')
      await t.db.update(users).set({ isActive: false }).where(eq(users.id, former.userId))
      await expectRefused({ assigneeUserId: former.userId }, 422, 'body.assigneeUserId')
    })

    it("refuses another case's event", async () => {
      const other = await makeCase(t.db)
      const event = await makeCaseEvent(t.db, { caseId: other.id })
      await expectRefused({ eventId: event.id, assigneeUserId: colleague.userId }, 422, 'body.eventId')
    })

    it('refuses a deleted event of the same case', async () => {
      const legalCase = await makeCase(t.db)
      const event = await makeCaseEvent(t.db, { caseId: legalCase.id, deletedAt: new Date() })
      await expectRefused({ eventId: event.id }, 422, 'body.eventId', legalCase.id)
    })

    it("refuses another case's document", async () => {
      const other = await makeCase(t.db)
      const document = await makeDocument(other.id)
      await expectRefused({ evidenceId: document.id }, 422, 'body.evidenceId')
    })

    it('refuses a deleted document of the same case', async () => {
      const legalCase = await makeCase(t.db)
      const document = await makeDocument(legalCase.id, { deletedAt: new Date() })
      await expectRefused({ evidenceId: document.id }, 422, 'body.evidenceId', legalCase.id)
    })

    it('refuses a bad assignee in a change and keeps the task as it was', async () => {
      const legalCase = await makeCase(t.db)
      const task = (await createTask(legalCase.id, { assigneeUserId: colleague.userId })).json()
      const advocate = await t.signIn('advocate')
      const res = await patchTask(task.id, { assigneeUserId: advocate.userId, status: 'done', version: 1 })
      expect(res.statusCode).toBe(422)
      expect(problemOf(res).errors?.map((e) => e.field)).toEqual(['body.assigneeUserId'])
      expect((await t.app.inject({ url: `/api/tasks/${task.id}`, headers: lawyer.headers })).json()).toEqual(task)
    })

    it('refuses a change that changes nothing', async () => {
      const legalCase = await makeCase(t.db)
      const task = (await createTask(legalCase.id, {})).json()
      expect((await patchTask(task.id, { version: 1 })).statusCode).toBe(400)
    })
  })

  describe('concurrency', () => {
    it('refuses a stale version with 409 and the current task', async () => {
      const legalCase = await makeCase(t.db)
      const task = (await createTask(legalCase.id, {})).json()
      expect((await patchTask(task.id, { priority: 'high', version: 1 })).statusCode).toBe(200)
      const stale = await patchTask(task.id, { status: 'done' }, lawyer, { 'if-match': '"1"' })
      expect(stale.statusCode).toBe(409)
      expect(problemOf(stale).code).toBe('task.version_conflict')
      expect(stale.json().current).toMatchObject({ id: task.id, priority: 'high', status: 'open', version: 2 })
    })

    it('asks for the version with 428 when it is missing', async () => {
      const legalCase = await makeCase(t.db)
      const task = (await createTask(legalCase.id, {})).json()
      const res = await patchTask(task.id, { status: 'done' })
      expect(res.statusCode).toBe(428)
      expect(problemOf(res).errors?.map((e) => e.field)).toEqual(['body.version'])
    })

    it('refuses a delete based on a stale version with 409, and deletes with the current one', async () => {
      const legalCase = await makeCase(t.db)
      const task = (await createTask(legalCase.id, {})).json()
      await patchTask(task.id, { priority: 'low', version: 1 })
      const del = (version: number) =>
        t.app.inject({ method: 'DELETE', url: `/api/tasks/${task.id}`, headers: { ...lawyer.headers, 'if-match': `"${version}"` } })
      expect((await del(1)).statusCode).toBe(409)
      expect((await del(2)).statusCode).toBe(204)
      expect((await t.app.inject({ url: `/api/tasks/${task.id}`, headers: lawyer.headers })).statusCode).toBe(404)
      expect((await t.app.inject({ url: `/api/cases/${legalCase.id}/tasks`, headers: lawyer.headers })).json().items).toEqual([])
      // Hidden, never erased.
      expect(await taskCount(legalCase.id)).toBe(1)
    })
  })

  describe('the case', () => {
    it('answers 404 for the tasks of an unknown or deleted case', async () => {
      const legalCase = await makeCase(t.db)
      await t.db.update(legalCases).set({ deletedAt: new Date() }).where(eq(legalCases.id, legalCase.id))
      for (const caseId of [UNKNOWN_ID, legalCase.id]) {
        expect((await t.app.inject({ url: `/api/cases/${caseId}/tasks`, headers: lawyer.headers })).statusCode).toBe(404)
        expect((await createTask(caseId, {})).statusCode).toBe(404)
      }
      expect(await taskCount(legalCase.id)).toBe(0)
    })

    it('hides the tasks of a case deleted after they were added', async () => {
      const legalCase = await makeCase(t.db)
      const task = (await createTask(legalCase.id, {})).json()
      await t.db.update(legalCases).set({ deletedAt: new Date() }).where(eq(legalCases.id, legalCase.id))
      expect((await t.app.inject({ url: `/api/tasks/${task.id}`, headers: lawyer.headers })).statusCode).toBe(404)
      expect((await patchTask(task.id, { status: 'done', version: 1 })).statusCode).toBe(404)
    })
  })

  describe('access', () => {
    it('refuses advocates and community representatives with 403, reading or writing', async () => {
      const legalCase = await makeCase(t.db)
      const task = (await createTask(legalCase.id, {})).json()
      for (const role of ['advocate', 'community_rep'] as const) {
        const who = await t.signIn(role)
        expect((await t.app.inject({ url: `/api/cases/${legalCase.id}/tasks`, headers: who.headers })).statusCode).toBe(403)
        expect((await t.app.inject({ url: `/api/tasks/${task.id}`, headers: who.headers })).statusCode).toBe(403)
        expect((await createTask(legalCase.id, {}, who)).statusCode).toBe(403)
        expect((await patchTask(task.id, { status: 'done', version: 1 }, who)).statusCode).toBe(403)
      }
      expect(await taskCount(legalCase.id)).toBe(1)
    })
  })
})
