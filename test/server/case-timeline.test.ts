// A case's timeline (#16, item 8): one query serves the API, the case page and the dossier, and it
// holds the evidence of the case and of its incidents — when a file was captured and its chain of
// custody (upload, download, change, deletion) — as far as the viewer may see that evidence.
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { effectiveRedaction, gatherDossier } from '../../server/features/dossiers/dossier.content.ts'
import type { Viewer } from '../../server/lib/policy.ts'
import { linkToCase, makeCase, makeIncident } from '../helpers/case-factories.ts'
import { multipart } from '../helpers/multipart.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

const PDF = path.resolve(import.meta.dirname, '../fixtures/pdf/py-pdf_minimal-document.pdf')

let t: TestApp
let legal: SignedIn
let advocate: SignedIn
let pdf: Buffer
const ids = {} as Record<'case' | 'incident' | 'secretIncident' | 'letter' | 'photo' | 'secret' | 'onSecretIncident' | 'gone', string>

interface Item {
  type: string
  id: string
  at: string
  title: string
  action?: string
  actorLabel?: string | null
  custodyId?: number | null
  isLive?: boolean
  attachedTo?: string
}

async function upload(fields: Record<string, string>) {
  // A few random bytes after the PDF: every record its own blob.
  const body = multipart(fields, [{ filename: 'file.pdf', bytes: Buffer.concat([pdf, Buffer.from(`%${randomBytes(4).toString('hex')}`)]) }])
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/evidence',
    payload: body.payload,
    headers: { ...body.headers, ...legal.headers },
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json().items[0].id as string
}

async function timelineOf(headers: Record<string, string>) {
  const res = await t.app.inject({ url: `/api/cases/${ids.case}/timeline`, headers })
  expect(res.statusCode, res.body).toBe(200)
  return res.json().items as Item[]
}

const evidenceOf = (items: Item[], id: string) => items.filter((item) => item.type === 'evidence' && item.id === id)

beforeAll(async () => {
  t = await createTestApp()
  pdf = await readFile(PDF)
  legal = await t.signIn('legal')
  advocate = await t.signIn('advocate')
  ids.case = (await makeCase(t.db, { title: 'Timeline case' })).id
  ids.incident = (await makeIncident(t.db, { title: 'Fence built', occurredAt: new Date('2026-01-10T03:00:00Z') })).id
  ids.secretIncident = (await makeIncident(t.db, { title: 'Threat to a witness', isConfidential: true })).id
  await linkToCase(t.db, ids.case, { incidentIds: [ids.incident, ids.secretIncident] })
  await t.app.inject({
    method: 'POST',
    url: `/api/cases/${ids.case}/events`,
    payload: { kind: 'hearing', title: 'First hearing', startsAt: '2026-02-15T02:00:00Z' },
  })

  ids.letter = await upload({ caseId: ids.case, title: 'Complaint letter' })
  ids.photo = await upload({ incidentId: ids.incident, title: 'Photo of the fence', capturedAt: '2026-01-11T04:00:00Z' })
  ids.secret = await upload({ caseId: ids.case, title: 'Witness statement', isConfidential: 'true' })
  ids.onSecretIncident = await upload({ incidentId: ids.secretIncident, title: 'Photo of the threat' })
  ids.gone = await upload({ caseId: ids.case, title: 'Wrong file' })
  // The letter's custody: downloaded, then its title changed.
  expect((await t.app.inject({ url: `/api/evidence/${ids.letter}/file`, headers: legal.headers })).statusCode).toBe(200)
  const changed = await t.app.inject({
    method: 'PATCH',
    url: `/api/evidence/${ids.letter}`,
    payload: { title: 'Complaint letter (signed)', version: 1 },
    headers: legal.headers,
  })
  expect(changed.statusCode, changed.body).toBe(200)
  expect((await t.app.inject({ method: 'DELETE', url: `/api/evidence/${ids.gone}`, headers: legal.headers })).statusCode).toBe(204)
})
afterAll(() => t?.close())

describe(`case timeline with evidence on ${testDriver}`, () => {
  it("gives the upload and the custody of the case's files, in date order among the incidents and events", async () => {
    const items = await timelineOf(legal.headers)
    const letter = evidenceOf(items, ids.letter)
    expect(letter.map((item) => item.action)).toEqual(['create', 'download', 'update'])
    expect(letter.every((item) => item.attachedTo === 'case' && item.isLive)).toBe(true)
    // The timeline names a file by its title now.
    expect(letter.map((item) => item.title)).toEqual([
      'Complaint letter (signed)',
      'Complaint letter (signed)',
      'Complaint letter (signed)',
    ])
    // Legal staff see who acted.
    expect(letter[0]!.actorLabel).toMatch(/^legal:Test legal/)
    // Every entry in date order.
    const times = items.map((item) => Date.parse(item.at))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(new Set(items.map((item) => item.type))).toEqual(new Set(['incident', 'event', 'evidence']))
  })

  it("places a linked incident's photo at its capture time, and its upload later", async () => {
    const items = await timelineOf(legal.headers)
    const photo = evidenceOf(items, ids.photo)
    expect(photo.map((item) => [item.action, item.attachedTo])).toEqual([
      ['captured', 'incident'],
      ['create', 'incident'],
    ])
    expect(photo[0]).toMatchObject({ at: '2026-01-11T04:00:00.000Z', custodyId: null, actorLabel: null })
    const order = items.map((item) => `${item.type}:${item.title}:${item.action ?? ''}`)
    expect(order.indexOf('incident:Fence built:')).toBeLessThan(order.indexOf('evidence:Photo of the fence:captured'))
    expect(order.indexOf('evidence:Photo of the fence:captured')).toBeLessThan(order.indexOf('event:First hearing:'))
  })

  it('keeps the custody of a deleted file, not its capture, and says it is no longer live', async () => {
    const gone = evidenceOf(await timelineOf(legal.headers), ids.gone)
    expect(gone.map((item) => [item.action, item.isLive])).toEqual([
      ['create', false],
      ['delete', false],
    ])
  })

  it('shows legal staff the confidential files; hides them and the files of confidential incidents from advocates', async () => {
    const forLegal = await timelineOf(legal.headers)
    expect(evidenceOf(forLegal, ids.secret)).toHaveLength(1)
    expect(evidenceOf(forLegal, ids.onSecretIncident)).toHaveLength(1)
    const forAdvocate = await timelineOf(advocate.headers)
    expect(evidenceOf(forAdvocate, ids.secret)).toEqual([])
    expect(evidenceOf(forAdvocate, ids.onSecretIncident)).toEqual([])
    expect(JSON.stringify(forAdvocate)).not.toContain('Witness statement')
    expect(JSON.stringify(forAdvocate)).not.toContain('Threat to a witness')
    // Advocates see the other files, and who acted as a role only (as in the chain of custody).
    const letter = evidenceOf(forAdvocate, ids.letter)
    expect(letter.map((item) => item.action)).toEqual(['create', 'download', 'update'])
    expect(letter.map((item) => item.actorLabel)).toEqual(['legal', 'legal', 'legal'])
    expect(forAdvocate.every((item) => !('actorId' in item))).toBe(true)
  })

  it('gives community representatives no timeline (cases.details)', async () => {
    const rep = await t.signIn('community_rep')
    expect((await t.app.inject({ url: `/api/cases/${ids.case}/timeline`, headers: rep.headers })).statusCode).toBe(403)
  })

  it("gives the case dossier the API's timeline, entry for entry and in the same order, for each role", async () => {
    for (const [who, signedIn] of [
      ['legal', legal],
      ['advocate', advocate],
    ] as const) {
      const api = await timelineOf(signedIn.headers)
      const viewer: Viewer = { id: signedIn.userId, role: who, displayName: `Test ${who}`, communityIds: [] }
      const redaction = effectiveRedaction(viewer, {
        language: 'en',
        includePrivilegedNotes: false,
        coarsenLocations: false,
        keepPhotoGps: false,
        omitPartyContacts: false,
      })
      const dossier = await gatherDossier(t.db, 'case', ids.case, viewer, redaction)
      expect(dossier!.timeline.map((entry) => [entry.type, entry.id, entry.at, entry.evidenceAction ?? null])).toEqual(
        api.map((item) => [item.type, item.id, item.at, item.type === 'evidence' ? item.action : null]),
      )
    }
  })
})
