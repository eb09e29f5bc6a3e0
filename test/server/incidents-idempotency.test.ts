// Exactly-once reports from devices that work offline (issue 6): the device names each report with
// a UUID (clientReportId) before sending it; if the answer is lost and the device sends it again,
// or two browser tabs send it at once, the server creates one incident and answers every repeat
// with that incident.
import { sql } from 'drizzle-orm'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { problemOf } from '../helpers/http.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
let rep: SignedIn
let otherRep: SignedIn
let communityId: string

beforeAll(async () => {
  t = await createTestApp()
  communityId = (await makeCommunity(t.db, { name: 'Idempotency Community' })).id
  rep = await t.signIn('community_rep', { communityIds: [communityId] })
  otherRep = await t.signIn('community_rep', { communityIds: [communityId] })
})
afterAll(() => t?.close())

const report = (clientReportId?: string, overrides: Record<string, unknown> = {}) => ({
  communityId,
  title: 'Company fenced the grazing land',
  kind: 'fencing',
  occurredAt: '2026-10-03T08:30:00+07:00',
  location: { type: 'Point', coordinates: [104.31, 11.42] },
  householdsAffected: 12,
  ...(clientReportId ? { clientReportId } : {}),
  ...overrides,
})

const post = (who: SignedIn, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/api/incidents', headers: who.headers, payload })

const rowsWith = (clientReportId: string) =>
  queryRows<{ id: string }>(t.db, sql`SELECT id FROM incidents WHERE client_report_id = ${clientReportId}`)

const auditedInserts = (id: string) =>
  queryRows<{ n: number }>(
    t.db,
    sql`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'incidents' AND entity_id = ${id} AND action = 'create'`,
  )

describe(`incident reports with a clientReportId on ${testDriver}`, () => {
  it('creates the incident once: a repeat answers 200 with the same incident and writes nothing', async () => {
    const clientReportId = randomUUID()
    const first = await post(rep, report(clientReportId))
    expect(first.statusCode, first.body).toBe(201)
    const repeat = await post(rep, report(clientReportId))
    expect(repeat.statusCode, repeat.body).toBe(200)
    expect(repeat.json()).toEqual(first.json())
    expect(await rowsWith(clientReportId)).toEqual([{ id: first.json().id }])
    const [audit] = await auditedInserts(first.json().id)
    expect(audit!.n).toBe(1)
  })

  it('creates one incident when the same report arrives several times at once', async () => {
    const clientReportId = randomUUID()
    const answers = await Promise.all([1, 2, 3, 4].map(() => post(rep, report(clientReportId))))
    const statuses = answers.map((res) => res.statusCode).sort()
    expect(statuses, answers.map((res) => res.body).join('\n')).toEqual([200, 200, 200, 201])
    const ids = new Set(answers.map((res) => res.json().id as string))
    expect(ids.size).toBe(1)
    expect(await rowsWith(clientReportId)).toHaveLength(1)
  })

  it('refuses a clientReportId that another account already used, and keeps their report', async () => {
    const clientReportId = randomUUID()
    const mine = await post(rep, report(clientReportId))
    expect(mine.statusCode).toBe(201)
    const theirs = await post(otherRep, report(clientReportId, { title: 'Someone else' }))
    expect(theirs.statusCode).toBe(409)
    expect(problemOf(theirs)).toMatchObject({
      code: 'incidents.client_report_id_taken',
      errors: [{ field: 'body.clientReportId', message: expect.any(String) }],
    })
    expect(await rowsWith(clientReportId)).toEqual([{ id: mine.json().id }])
  })

  it('answers 409 to a repeat of a report that was deleted since, naming the incident', async () => {
    const clientReportId = randomUUID()
    const created = await post(rep, report(clientReportId))
    const { id, version } = created.json() as { id: string; version: number }
    const deleted = await t.app.inject({ method: 'DELETE', url: `/api/incidents/${id}`, headers: { 'if-match': `"${version}"` } })
    expect(deleted.statusCode, deleted.body).toBe(204)
    const repeat = await post(rep, report(clientReportId))
    expect(repeat.statusCode).toBe(409)
    expect(problemOf(repeat)).toMatchObject({ code: 'incidents.already_reported' })
    expect(repeat.json()).toMatchObject({ incidentId: id })
  })

  it('still checks the report: a repeat of a refused report is refused again, and creates nothing', async () => {
    const clientReportId = randomUUID()
    const foreign = (await makeCommunity(t.db, { name: 'Not represented' })).id
    const refused = await post(rep, report(clientReportId, { communityId: foreign }))
    expect(refused.statusCode).toBe(403)
    expect((await post(rep, report(clientReportId, { communityId: foreign }))).statusCode).toBe(403)
    expect(await rowsWith(clientReportId)).toEqual([])
    // The same id works once the report is corrected.
    expect((await post(rep, report(clientReportId))).statusCode).toBe(201)
  })

  it('without a clientReportId every request is a new report, as before', async () => {
    const a = await post(rep, report())
    const b = await post(rep, report())
    expect([a.statusCode, b.statusCode]).toEqual([201, 201])
    expect(a.json().id).not.toBe(b.json().id)
  })

  it('refuses a clientReportId that is not a UUID', async () => {
    const res = await post(rep, report('not-a-uuid'))
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.map((issue) => issue.field)).toContain('body.clientReportId')
  })

  it('does not let an update change the clientReportId', async () => {
    const clientReportId = randomUUID()
    const created = (await post(rep, report(clientReportId))).json() as { id: string; version: number }
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/incidents/${created.id}`,
      headers: rep.headers,
      payload: { title: 'Renamed', clientReportId: randomUUID(), version: created.version },
    })
    expect(patched.statusCode, patched.body).toBe(200)
    expect(await rowsWith(clientReportId)).toEqual([{ id: created.id }])
  })
})
