// The moderation queue (/api/intake/reports): legal staff and admins see reports from outside
// with their senders masked (whole only where the sender may be contacted, and that read is
// audited), get incidents it may duplicate, and accept, merge or reject them; a sender's data is
// erased on request and never reaches the audit trail. Before a decision no one else sees a
// report or its photos.
import { readFile } from 'node:fs/promises'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { evidence, incidents, intakeReports, telegramChats } from '../../db/schema/index.ts'
import type { UserRole } from '../../shared/vocabularies.ts'
import { ANONYMOUS } from '../helpers/access.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { makeIncident } from '../helpers/incident-factories.ts'
import { INTAKE_PHOTO, makeIntakeReport, sha256Of } from '../helpers/intake-factories.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'

let t: TestApp
let as: Record<UserRole, SignedIn>
let photoSha256: string
let communityId: string
let otherCommunityId: string

const SENDER = { senderName: 'Sokha Chan', phone: '+85512345678', telegramUsername: 'sokha_chan_kh' }

beforeAll(async () => {
  t = await createTestApp()
  photoSha256 = sha256Of(await readFile(INTAKE_PHOTO))
  communityId = (await makeCommunity(t.db, { name: 'Prey Lang village' })).id
  otherCommunityId = (await makeCommunity(t.db, { name: 'Elsewhere' })).id
  as = {
    community_rep: await t.signIn('community_rep', { communityIds: [communityId] }),
    advocate: await t.signIn('advocate'),
    legal: await t.signIn('legal'),
    admin: await t.signIn('admin'),
  }
})
afterAll(() => t?.close())

const file = (overrides: Parameters<typeof makeIntakeReport>[2] = {}, options: Parameters<typeof makeIntakeReport>[3] = {}) =>
  makeIntakeReport(t.db, t.app.blobStore, { communityId, ...overrides }, options)

const asLegal = () => as.legal.headers
const getReport = async (id: string) => {
  const res = await t.app.inject({ url: `/api/intake/reports/${id}`, headers: asLegal() })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}
const post = (id: string, action: string, payload: Record<string, unknown>, headers = asLegal()) =>
  t.app.inject({ method: 'POST', url: `/api/intake/reports/${id}/${action}`, payload, headers })
const auditText = async () =>
  (await queryRows<{ text: string }>(t.db, sql`SELECT coalesce(string_agg(a::text, E'\n'), '') AS text FROM audit_log a`))[0]!.text

describe('the queue', () => {
  it('masks every sender in the list, whether or not they may be contacted', async () => {
    const contactable = await file({ ...SENDER, mayContact: true })
    await file({ ...SENDER, mayContact: false })
    const res = await t.app.inject({ url: '/api/intake/reports?limit=100', headers: asLegal() })
    expect(res.statusCode, res.body).toBe(200)
    for (const secret of ['12345678', '2345678', 'Sokha', 'Chan', 'sokha_chan']) expect(res.body).not.toContain(secret)
    const item = res.json().items.find((row: { id: string }) => row.id === contactable.id)
    expect(item.sender).toMatchObject({ name: 'S…', phone: '+855 •• ••• 678', telegramUsername: 's…', isMasked: true, mayContact: true })
    expect(item.photoCount).toBe(0)
  })

  it('pages newest first and never shows drafts', async () => {
    const source = 'sms'
    const link = { communityId: otherCommunityId, source } as const
    const first = await file(link)
    const second = await file(link)
    const third = await file(link)
    const draft = await file({ ...link, status: 'draft' })
    const url = `/api/intake/reports?community=${otherCommunityId}&source=sms&limit=2`
    const page1 = await t.app.inject({ url, headers: asLegal() })
    expect(page1.json().items.map((row: { id: string }) => row.id)).toEqual([third.id, second.id])
    const page2 = await t.app.inject({ url: `${url}&cursor=${page1.json().nextCursor}`, headers: asLegal() })
    expect(page2.json()).toEqual({ items: [expect.objectContaining({ id: first.id })], nextCursor: null })
    const byReceipt = await t.app.inject({ url: `/api/intake/reports?receipt=${draft.receiptCode}`, headers: asLegal() })
    expect(byReceipt.json().items).toEqual([])
    expect((await t.app.inject({ url: `/api/intake/reports/${draft.id}`, headers: asLegal() })).statusCode).toBe(404)
  })

  it('finds one report by the receipt code its sender quotes, whatever its status, typed loosely', async () => {
    const report = await file()
    await t.db.update(intakeReports).set({ status: 'rejected', rejectionReason: 'test' }).where(eq(intakeReports.id, report.id))
    const loose = report.receiptCode.replace('-', '').toLowerCase()
    const res = await t.app.inject({ url: `/api/intake/reports?receipt=${loose}`, headers: asLegal() })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().items.map((row: { id: string }) => row.id)).toEqual([report.id])
  })

  it('answers 404 intake.not_found for a report that does not exist', async () => {
    const res = await t.app.inject({ url: `/api/intake/reports/${crypto.randomUUID()}`, headers: asLegal() })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('intake.not_found')
  })
})

describe('one report', () => {
  it('shows the whole sender only where they may be contacted, and records that read without the values', async () => {
    const report = await file({ ...SENDER, mayContact: true })
    const detail = await getReport(report.id)
    expect(detail.sender).toMatchObject({ name: 'Sokha Chan', phone: '+85512345678', telegramUsername: 'sokha_chan_kh', isMasked: false })
    const reads = await queryRows<{ actorId: string; details: unknown }>(
      t.db,
      sql`SELECT actor_id AS "actorId", changes AS details FROM audit_log
        WHERE action = 'read_sender' AND entity = 'intake_reports' AND entity_id = ${report.id}`,
    )
    expect(reads).toEqual([{ actorId: as.legal.userId, details: null }])
  })

  it('masks the sender of one report who may not be contacted, and records no read', async () => {
    const report = await file({ ...SENDER, mayContact: false })
    const res = await t.app.inject({ url: `/api/intake/reports/${report.id}`, headers: asLegal() })
    for (const secret of ['12345678', 'Sokha', 'sokha_chan']) expect(res.body).not.toContain(secret)
    expect(res.json().sender).toMatchObject({ name: 'S…', phone: '+855 •• ••• 678', isMasked: true, mayContact: false })
    const reads = await queryRows(t.db, sql`SELECT 1 FROM audit_log WHERE action = 'read_sender' AND entity_id = ${report.id}`)
    expect(reads).toEqual([])
  })

  it('lists its photos with their hashes, and legal staff download them', async () => {
    const report = await file({}, { photos: 1 })
    const detail = await getReport(report.id)
    expect(detail.photoCount).toBe(1)
    expect(detail.photos).toEqual([expect.objectContaining({ sha256: photoSha256, mediaType: 'image/jpeg', hasThumbnail: true })])
    const download = await t.app.inject({ url: `/api/evidence/${detail.photos[0].evidenceId}/file`, headers: asLegal() })
    expect(download.statusCode).toBe(200)
    expect(sha256Of(download.rawPayload)).toBe(photoSha256)
    const thumbnail = await t.app.inject({ url: `/api/evidence/${detail.photos[0].evidenceId}/thumbnail`, headers: asLegal() })
    expect(thumbnail.statusCode).toBe(200)
  })

  it('suggests live incidents of the same kind within 5 km and 14 days, nearest first', async () => {
    const at = (lng: number, lat: number) => ({ type: 'Point' as const, coordinates: [lng, lat] as [number, number] })
    const day = (offset: number) => new Date(Date.parse('2026-03-10T03:00:00Z') + offset * 86_400_000)
    const base = { kind: 'fencing' as const, communityId }
    const near = await makeIncident(t.db, { ...base, title: 'Near', location: at(110.009, 11.45), occurredAt: day(3) })
    const nearer = await makeIncident(t.db, { ...base, title: 'Nearer', location: at(110.002, 11.45), occurredAt: day(-10) })
    await makeIncident(t.db, { ...base, title: 'Far', location: at(110.1, 11.45), occurredAt: day(0) })
    await makeIncident(t.db, { ...base, title: 'Other kind', kind: 'violence', location: at(110.001, 11.45), occurredAt: day(0) })
    await makeIncident(t.db, { ...base, title: 'Old', location: at(110.001, 11.45), occurredAt: day(-20) })
    await makeIncident(t.db, { ...base, title: 'Deleted', location: at(110.001, 11.45), occurredAt: day(0), deletedAt: new Date() })
    const report = await file({ kind: 'fencing', location: at(110, 11.45), occurredAt: day(0) })
    const { candidates } = await getReport(report.id)
    expect(candidates.map((candidate: { id: string }) => candidate.id)).toEqual([nearer.id, near.id])
    expect(candidates[0]).toMatchObject({ kind: 'fencing', daysApart: 10, communityName: 'Prey Lang village' })
    expect(candidates[1].distanceKm).toBeGreaterThan(0.9)
    expect(candidates[1].distanceKm).toBeLessThan(1.1)
  })

  it('compares a report without a location with its own community’s incidents of the same kind', async () => {
    const community = (await makeCommunity(t.db, { name: 'No map' })).id
    const when = new Date('2025-01-15T03:00:00Z')
    const same = await makeIncident(t.db, { kind: 'demolition', communityId: community, occurredAt: when })
    await makeIncident(t.db, { kind: 'demolition', communityId: otherCommunityId, occurredAt: when })
    await makeIncident(t.db, { kind: 'arrest', communityId: community, occurredAt: when })
    const report = await file({ kind: 'demolition', communityId: community, location: null, occurredAt: null, occurredPrecision: null })
    await t.db
      .update(intakeReports)
      .set({ createdAt: new Date('2025-01-20T03:00:00Z') })
      .where(eq(intakeReports.id, report.id))
    const { candidates } = await getReport(report.id)
    expect(candidates).toEqual([expect.objectContaining({ id: same.id, distanceKm: null, daysApart: 5 })])
  })
})

describe('decisions', () => {
  it('accepts a report into the triage queue, its photo moved with the same hash, the sender nowhere on the incident', async () => {
    const report = await file({ ...SENDER, mayContact: true, occurredAt: new Date('2026-05-30T03:00:00Z') }, { photos: 1 })
    const before = await getReport(report.id)
    const res = await post(report.id, 'accept', { title: 'Rice fields cleared', version: before.version })
    expect(res.statusCode, res.body).toBe(200)
    const { report: decided, incidentId } = res.json()
    expect(decided).toMatchObject({ status: 'accepted', incidentId, decidedByUserId: as.legal.userId, photoCount: 0 })

    const triage = await t.app.inject({ url: '/api/incidents?status=reported&limit=100', headers: asLegal() })
    const incident = triage.json().items.find((row: { id: string }) => row.id === incidentId)
    expect(incident).toMatchObject({
      title: 'Rice fields cleared',
      kind: 'encroachment',
      status: 'reported',
      communityId,
      description: before.description,
      occurredAt: '2026-05-30T03:00:00.000Z',
      occurredPrecision: 'day',
      reportedBy: `Public report link ${report.receiptCode}`,
      location: { type: 'Point', coordinates: [104.3, 11.45] },
    })
    const incidentJson = (await t.app.inject({ url: `/api/incidents/${incidentId}`, headers: asLegal() })).body
    for (const secret of ['12345678', 'Sokha', 'sokha_chan']) expect(incidentJson).not.toContain(secret)

    const listed = await t.app.inject({ url: `/api/evidence?incident=${incidentId}`, headers: asLegal() })
    expect(listed.json().items).toEqual([
      expect.objectContaining({ id: before.photos[0].evidenceId, sha256: photoSha256, isConfidential: false }),
    ])
    const download = await t.app.inject({ url: `/api/evidence/${before.photos[0].evidenceId}/file`, headers: asLegal() })
    expect(sha256Of(download.rawPayload)).toBe(photoSha256)
    // Its chain of custody goes on: stored from the report, then moved to the incident.
    const custody = await t.app.inject({ url: `/api/evidence/${before.photos[0].evidenceId}/custody`, headers: asLegal() })
    expect(
      custody
        .json()
        .entries.map((entry: { action: string }) => entry.action)
        .slice(0, 2),
    ).toEqual(['create', 'update'])
    expect((await getReport(report.id)).photos).toEqual([])
  })

  it('keeps the report’s date, or makes it unknown when the report has none', async () => {
    const dated = await file({ occurredAt: new Date('2026-05-30T03:00:00Z'), occurredPrecision: 'month' })
    const undated = await file({ occurredAt: null, occurredPrecision: null })
    const accepted = async (id: string) => {
      const res = await post(id, 'accept', { title: 'Dated', version: 1 })
      expect(res.statusCode, res.body).toBe(200)
      const [row] = await t.db
        .select({ precision: incidents.occurredPrecision, occurredAt: incidents.occurredAt })
        .from(incidents)
        .where(eq(incidents.id, res.json().incidentId))
      return row!
    }
    expect((await accepted(dated.id)).precision).toBe('month')
    expect((await accepted(undated.id)).precision).toBe('unknown')
  })

  it('takes the kind, community, location and confidentiality the moderator gives', async () => {
    const report = await file({ kind: null, location: null }, { photos: 1 })
    const res = await post(report.id, 'accept', {
      title: 'Threats at night',
      kind: 'intimidation',
      communityId: otherCommunityId,
      location: { type: 'Point', coordinates: [104.5, 11.6] },
      isConfidential: true,
      severity: 'high',
      version: 1,
    })
    expect(res.statusCode, res.body).toBe(200)
    const incident = await t.app.inject({ url: `/api/incidents/${res.json().incidentId}`, headers: asLegal() })
    expect(incident.json()).toMatchObject({
      kind: 'intimidation',
      communityId: otherCommunityId,
      isConfidential: true,
      severity: 'high',
      location: { type: 'Point', coordinates: [104.5, 11.6] },
    })
    const photos = await t.db
      .select({ isConfidential: evidence.isConfidential, intakeReportId: evidence.intakeReportId, sha256: evidence.sha256 })
      .from(evidence)
      .where(eq(evidence.incidentId, res.json().incidentId))
    expect(photos).toEqual([{ isConfidential: true, intakeReportId: null, sha256: photoSha256 }])
  })

  it('refuses to accept a report without a kind or a location unless the moderator gives one, and writes nothing', async () => {
    const noKind = await file({ kind: null }, { photos: 1 })
    const noPlace = await file({ location: null })
    const [{ n: incidentsBefore }] = (await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM incidents`)) as [
      { n: number },
    ]
    const kindRes = await post(noKind.id, 'accept', { title: 'No kind', version: 1 })
    expect(kindRes.statusCode).toBe(422)
    expect(kindRes.json().errors).toEqual([expect.objectContaining({ field: 'body.kind' })])
    const placeRes = await post(noPlace.id, 'accept', { title: 'No place', version: 1 })
    expect(placeRes.statusCode).toBe(422)
    expect(placeRes.json().errors).toEqual([expect.objectContaining({ field: 'body.location' })])
    const outside = await post(noPlace.id, 'accept', {
      title: 'Far away',
      version: 1,
      location: { type: 'Point', coordinates: [2.35, 48.85] },
    })
    expect(outside.statusCode).toBe(422)
    const [{ n: incidentsAfter }] = (await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM incidents`)) as [{ n: number }]
    expect(incidentsAfter).toBe(incidentsBefore)
    expect((await getReport(noKind.id)).status).toBe('new')
    expect((await getReport(noKind.id)).photos).toHaveLength(1)
  })

  it('merges a report into an existing incident: its photo joins it, the incident’s text stays', async () => {
    const incident = await makeIncident(t.db, { communityId, description: 'As verified by the team.', isConfidential: true })
    const report = await file({}, { photos: 1 })
    const res = await post(report.id, 'merge', { incidentId: incident.id, version: 1 })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ incidentId: incident.id, report: { status: 'merged', incidentId: incident.id } })
    const [row] = await t.db.select({ description: incidents.description }).from(incidents).where(eq(incidents.id, incident.id))
    expect(row!.description).toBe('As verified by the team.')
    const listed = await t.app.inject({ url: `/api/evidence?incident=${incident.id}`, headers: asLegal() })
    expect(listed.json().items).toEqual([expect.objectContaining({ sha256: photoSha256, isConfidential: true })])
  })

  it('refuses to merge into an incident that is deleted or does not exist (422), and writes nothing', async () => {
    const deleted = await makeIncident(t.db, { communityId, deletedAt: new Date() })
    const report = await file({}, { photos: 1 })
    for (const incidentId of [deleted.id, crypto.randomUUID()]) {
      const res = await post(report.id, 'merge', { incidentId, version: 1 })
      expect(res.statusCode).toBe(422)
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'body.incidentId' })])
    }
    const detail = await getReport(report.id)
    expect(detail).toMatchObject({ status: 'new', version: 1, photoCount: 1 })
  })

  it('rejects a report with a reason; its photos stay with it, still confidential', async () => {
    const report = await file({}, { photos: 1 })
    const res = await post(report.id, 'reject', { reason: 'A test message, not an incident', version: 1 })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({
      incidentId: null,
      report: { status: 'rejected', rejectionReason: 'A test message, not an incident' },
    })
    const detail = await getReport(report.id)
    expect(detail.photos).toHaveLength(1)
    const [photo] = await t.db
      .select({ isConfidential: evidence.isConfidential, intakeReportId: evidence.intakeReportId, incidentId: evidence.incidentId })
      .from(evidence)
      .where(eq(evidence.id, detail.photos[0].evidenceId))
    expect(photo).toEqual({ isConfidential: true, intakeReportId: report.id, incidentId: null })
    const missing = await post((await file()).id, 'reject', { reason: '  ', version: 1 })
    expect(missing.statusCode).toBe(400)
  })

  it('answers 409 intake.already_decided to a second decision, and 409 intake.version_conflict to a stale one', async () => {
    const report = await file({ ...SENDER, mayContact: true })
    const stale = await post(report.id, 'reject', { reason: 'Duplicate', version: 7 })
    expect(stale.statusCode).toBe(409)
    expect(stale.json()).toMatchObject({ code: 'intake.version_conflict', current: { id: report.id, version: 1 } })
    expect(stale.body).not.toContain('12345678')
    expect((await post(report.id, 'reject', { reason: 'Duplicate', version: 1 })).statusCode).toBe(200)
    for (const [action, body] of [
      ['accept', { title: 'Again', version: 2 }],
      ['merge', { incidentId: (await makeIncident(t.db)).id, version: 2 }],
      ['reject', { reason: 'Again', version: 2 }],
    ] as const) {
      const again = await post(report.id, action, body)
      expect(again.statusCode, `${action}: ${again.body}`).toBe(409)
      expect(again.json().code).toBe('intake.already_decided')
    }
  })
})

describe('erasing a sender', () => {
  it('erases name, phone and Telegram ids and the bot’s chat state; the audit trail never held them', async () => {
    const chatId = 771_234_567_891
    const telegramUserId = 881_234_567_892
    const report = await file({
      source: 'telegram',
      senderName: 'Vannak Meas',
      phone: '+85577123456',
      telegramUsername: 'vannak_meas_tg',
      telegramUserId,
      telegramChatId: chatId,
      mayContact: true,
    })
    await t.db.insert(telegramChats).values({ chatId, step: 'done', state: { lastReport: report.receiptCode } })
    expect((await getReport(report.id)).sender.phone).toBe('+85577123456')
    await post(report.id, 'reject', { reason: 'Not about land', version: 1 })

    const res = await post(report.id, 'erase-sender', { version: 2 })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().report.sender).toMatchObject({ name: null, phone: null, telegramUsername: null, mayContact: false })
    expect(res.json().report.sender.erasedAt).toEqual(expect.any(String))
    const [row] = await t.db
      .select({
        senderName: intakeReports.senderName,
        phone: intakeReports.phone,
        telegramUserId: intakeReports.telegramUserId,
        telegramUsername: intakeReports.telegramUsername,
        telegramChatId: intakeReports.telegramChatId,
        senderErasedAt: intakeReports.senderErasedAt,
      })
      .from(intakeReports)
      .where(eq(intakeReports.id, report.id))
    expect(row).toMatchObject({ senderName: null, phone: null, telegramUserId: null, telegramUsername: null, telegramChatId: null })
    expect(row!.senderErasedAt).toBeInstanceOf(Date)
    expect(await t.db.select().from(telegramChats).where(eq(telegramChats.chatId, chatId))).toEqual([])

    const trail = await auditText()
    expect(trail).toContain(report.id)
    for (const value of ['Vannak', 'Meas', '77123456', 'vannak_meas', String(chatId), String(telegramUserId), 'Sokha', '12345678']) {
      expect(trail).not.toContain(value)
    }
  })

  it('answers 409 to a stale erase and 404 to an unknown report', async () => {
    const report = await file({ ...SENDER })
    expect((await post(report.id, 'erase-sender', { version: 3 })).json().code).toBe('intake.version_conflict')
    expect((await post(crypto.randomUUID(), 'erase-sender', { version: 1 })).statusCode).toBe(404)
    const [row] = await t.db.select({ phone: intakeReports.phone }).from(intakeReports).where(eq(intakeReports.id, report.id))
    expect(row!.phone).toBe(SENDER.phone)
  })
})

describe('who may see the queue', () => {
  it('refuses representatives and advocates (403) and anonymous requests (401) on every route', async () => {
    const report = await file({}, { photos: 1 })
    const routes: [string, string, Record<string, unknown>?][] = [
      ['GET', '/api/intake/reports'],
      ['GET', `/api/intake/reports/${report.id}`],
      ['POST', `/api/intake/reports/${report.id}/accept`, { title: 'x', version: 1 }],
      ['POST', `/api/intake/reports/${report.id}/merge`, { incidentId: crypto.randomUUID(), version: 1 }],
      ['POST', `/api/intake/reports/${report.id}/reject`, { reason: 'x', version: 1 }],
      ['POST', `/api/intake/reports/${report.id}/erase-sender`, { version: 1 }],
    ]
    for (const [method, url, payload] of routes) {
      for (const [headers, status] of [
        [as.community_rep.headers, 403],
        [as.advocate.headers, 403],
        [ANONYMOUS, 401],
      ] as const) {
        const res = await t.app.inject({ method: method as 'GET', url, headers, ...(payload ? { payload } : {}) })
        expect(res.statusCode, `${method} ${url}`).toBe(status)
      }
    }
    expect((await getReport(report.id)).status).toBe('new')
  })

  it('hides a waiting report’s photo from an advocate and the community’s representative through every evidence route', async () => {
    const report = await file({ description: 'Soldiers came to the village at night' }, { photos: 1 })
    const [photo] = await t.db.select({ id: evidence.id }).from(evidence).where(eq(evidence.intakeReportId, report.id))
    for (const who of ['advocate', 'community_rep'] as const) {
      const headers = as[who].headers
      const list = await t.app.inject({ url: `/api/evidence?community=${communityId}`, headers })
      expect(list.body, who).not.toContain(photo!.id)
      const all = await t.app.inject({ url: '/api/evidence', headers })
      expect(all.body, who).not.toContain(photo!.id)
      for (const suffix of ['', '/file', '/thumbnail', '/custody']) {
        const res = await t.app.inject({ url: `/api/evidence/${photo!.id}${suffix}`, headers })
        expect(res.statusCode, `${who} ${suffix}`).toBe(404)
      }
      const incidentsList = await t.app.inject({ url: '/api/incidents?limit=100', headers })
      expect(incidentsList.body, who).not.toContain('Soldiers came to the village')
    }
  })
})
