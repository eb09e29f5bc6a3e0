// Who may upload and see which evidence (lib/policy.ts evidenceScope and canSeeExactLocation):
// community representatives the non-confidential evidence of their own communities' incidents,
// parcels and community records, and of a case only the files they gave themselves; advocates
// everything but confidential evidence and evidence on confidential incidents, and never the
// exact location; legal staff and admins all. Not visible → 404.
import exifr from 'exifr'
import sharp from 'sharp'
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evidence } from '../../db/schema/index.ts'
import { stageIntakePhoto } from '../../server/features/evidence/evidence.service.ts'
import { fileIntakeReport } from '../../server/features/intake/intake.service.ts'
import type { UserRole } from '../../shared/vocabularies.ts'
import { linkToCase, makeCase } from '../helpers/case-factories.ts'
import { makeCommunity, makeParcel } from '../helpers/factories.ts'
import { makeIncident } from '../helpers/incident-factories.ts'
import { ANONYMOUS } from '../helpers/access.ts'
import { hugePngWithGps } from '../helpers/images.ts'
import { multipart } from '../helpers/multipart.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'

const PHOTO = path.resolve(import.meta.dirname, '../fixtures/photos/exif-samples_gps_DSCN0010.jpg')
const PDF = path.resolve(import.meta.dirname, '../fixtures/pdf/py-pdf_minimal-document.pdf')

let t: TestApp
let as: Record<UserRole, SignedIn>
let photo: Buffer
let pdf: Buffer
const ids = {} as Record<
  'own' | 'other' | 'ownIncident' | 'ownSecretIncident' | 'otherIncident' | 'ownParcel' | 'otherParcel' | 'ownCase' | 'otherCase',
  string
>
const ev = {} as Record<
  | 'ownPhoto'
  | 'ownSecretIncidentFile'
  | 'ownConfidential'
  | 'otherCommunity'
  | 'otherIncident'
  | 'ownCaseFile'
  | 'otherCaseFile'
  | 'ownParcelFile'
  | 'otherParcelFile'
  | 'intakePhoto',
  string
>

const upload = async (fields: Record<string, string>, headers: Record<string, string> = {}, bytes = pdf, filename = 'file.pdf') => {
  const body = multipart(fields, [
    {
      filename,
      bytes: Buffer.concat([bytes, filename.endsWith('.pdf') ? Buffer.from(`%${randomBytes(4).toString('hex')}`) : Buffer.alloc(0)]),
    },
  ])
  return t.app.inject({ method: 'POST', url: '/api/evidence', payload: body.payload, headers: { ...body.headers, ...headers } })
}
const created = async (fields: Record<string, string>, bytes = pdf, filename = 'file.pdf') => {
  const res = await upload(fields, {}, bytes, filename)
  expect(res.statusCode, res.body).toBe(201)
  return res.json().items[0].id as string
}

beforeAll(async () => {
  t = await createTestApp()
  photo = await readFile(PHOTO)
  pdf = await readFile(PDF)
  const db = t.db
  ids.own = (await makeCommunity(db, { name: 'Own' })).id
  ids.other = (await makeCommunity(db, { name: 'Other' })).id
  as = {
    community_rep: await t.signIn('community_rep', { communityIds: [ids.own] }),
    advocate: await t.signIn('advocate'),
    legal: await t.signIn('legal'),
    admin: await t.signIn('admin'),
  }
  ids.ownIncident = (await makeIncident(db, { communityId: ids.own })).id
  ids.ownSecretIncident = (await makeIncident(db, { communityId: ids.own, isConfidential: true })).id
  ids.otherIncident = (await makeIncident(db, { communityId: ids.other })).id
  ids.ownParcel = (await makeParcel(db, { communityId: ids.own })).id
  ids.otherParcel = (await makeParcel(db, { communityId: ids.other })).id
  ids.ownCase = (await makeCase(db)).id
  ids.otherCase = (await makeCase(db)).id
  await linkToCase(db, ids.ownCase, { communityIds: [ids.own] })
  await linkToCase(db, ids.otherCase, { communityIds: [ids.other] })

  ev.ownPhoto = await created({ incidentId: ids.ownIncident }, photo, 'photo.jpg')
  ev.ownSecretIncidentFile = await created({ incidentId: ids.ownSecretIncident })
  ev.ownConfidential = await created({ communityId: ids.own, isConfidential: 'true' })
  ev.otherCommunity = await created({ communityId: ids.other })
  ev.otherIncident = await created({ incidentId: ids.otherIncident })
  ev.ownCaseFile = await created({ caseId: ids.ownCase })
  ev.otherCaseFile = await created({ caseId: ids.otherCase })
  ev.ownParcelFile = await created({ parcelId: ids.ownParcel })
  ev.otherParcelFile = await created({ parcelId: ids.otherParcel })
  // A photo sent from outside (a public report link) waits in the moderation queue: only legal
  // staff and admins see it, even if its confidential flag were cleared.
  const staged = await stageIntakePhoto(t.app.blobStore, Readable.from(photo), { filename: 'sent.jpg' }, 10_000_000, ['image/jpeg'])
  const report = await fileIntakeReport(t.db, t.app.blobStore, { source: 'web', communityId: ids.own, kind: 'encroachment' }, [staged])
  const [intakePhoto] = await t.db.select({ id: evidence.id }).from(evidence).where(eq(evidence.intakeReportId, report.id))
  await t.db.update(evidence).set({ isConfidential: false }).where(eq(evidence.id, intakePhoto!.id))
  ev.intakePhoto = intakePhoto!.id
})
afterAll(() => t?.close())

/** Legal staff and admins see all. */
const visibleTo: Record<'community_rep' | 'advocate', (keyof typeof ev)[]> = {
  community_rep: ['ownPhoto', 'ownSecretIncidentFile', 'ownParcelFile'],
  advocate: ['ownPhoto', 'otherCommunity', 'otherIncident', 'ownCaseFile', 'otherCaseFile', 'ownParcelFile', 'otherParcelFile'],
}

describe('evidence visibility', () => {
  for (const role of ['community_rep', 'advocate', 'legal', 'admin'] as const) {
    it(`${role}: lists, reads and downloads exactly the evidence of records they may see`, async () => {
      const list = await t.app.inject({ url: '/api/evidence', headers: as[role].headers })
      expect(list.statusCode).toBe(200)
      const listed = new Set(list.json().items.map((i: { id: string }) => i.id))
      for (const [name, id] of Object.entries(ev) as [keyof typeof ev, string][]) {
        const isVisible = role === 'legal' || role === 'admin' || visibleTo[role].includes(name)
        expect(listed.has(id), `${role} list ${name}`).toBe(isVisible)
        for (const suffix of ['', '/file', '/custody']) {
          const res = await t.app.inject({ url: `/api/evidence/${id}${suffix}`, headers: as[role].headers })
          expect(res.statusCode, `${role} GET ${name}${suffix}`).toBe(isVisible ? 200 : 404)
        }
      }
    })
  }

  it('a representative cannot download another community’s evidence (404, not 403)', async () => {
    const res = await t.app.inject({ url: `/api/evidence/${ev.otherCommunity}/file`, headers: as.community_rep.headers })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('evidence.not_found')
  })

  it('a representative never gets a confidential witness statement on their own community’s case', async () => {
    const statement = await created({ caseId: ids.ownCase, isConfidential: 'true', title: 'Witness statement' })
    const headers = as.community_rep.headers
    expect((await t.app.inject({ url: `/api/evidence/${statement}/file`, headers })).statusCode).toBe(404)
    expect((await t.app.inject({ url: `/api/evidence/${statement}/custody`, headers })).statusCode).toBe(404)
    const list = await t.app.inject({ url: `/api/evidence?case=${ids.ownCase}`, headers })
    expect(list.statusCode).toBe(200)
    expect(list.json().items).toEqual([])
  })

  it('of a case, a representative sees the files they gave, not confidential ones, and not the lawyers’', async () => {
    const headers = as.community_rep.headers
    const given = await upload({ caseId: ids.ownCase, title: 'Land title copy' }, headers)
    expect(given.statusCode, given.body).toBe(201)
    const secretGiven = await upload({ caseId: ids.ownCase, isConfidential: 'true' }, headers)
    expect(secretGiven.statusCode).toBe(201)
    const list = await t.app.inject({ url: `/api/evidence?case=${ids.ownCase}`, headers })
    expect(list.json().items.map((item: { id: string }) => item.id)).toEqual([given.json().items[0].id])
  })

  it('anonymous users get 401', async () => {
    expect((await t.app.inject({ url: `/api/evidence/${ev.ownPhoto}/file`, headers: ANONYMOUS })).statusCode).toBe(401)
  })
})

describe('exact locations', () => {
  it('advocates never get the GPS: no location field, and the photo is served stripped', async () => {
    const record = await t.app.inject({ url: `/api/evidence/${ev.ownPhoto}`, headers: as.advocate.headers })
    expect(record.json()).not.toHaveProperty('location')
    const file = await t.app.inject({ url: `/api/evidence/${ev.ownPhoto}/file`, headers: as.advocate.headers })
    expect(file.statusCode).toBe(200)
    expect(await exifr.gps(file.rawPayload).catch(() => undefined)).toBeUndefined()
    const custody = await t.app.inject({ url: `/api/evidence/${ev.ownPhoto}/custody`, headers: as.legal.headers })
    const download = custody
      .json()
      .entries.filter((e: { action: string }) => e.action === 'download')
      .at(-1)
    expect(download.details).toMatchObject({ stripped: true })
  })

  it('advocates get the chain of custody without locations and without who uploaded it', async () => {
    const custody = await t.app.inject({ url: `/api/evidence/${ev.ownPhoto}/custody`, headers: as.advocate.headers })
    expect(custody.statusCode).toBe(200)
    const entries = custody.json().entries as {
      actorId: string | null
      actorLabel: string
      details: Record<string, Record<string, unknown>> | null
    }[]
    expect(entries.length).toBeGreaterThan(0)
    for (const entry of entries) {
      for (const side of ['before', 'after'] as const) {
        expect(entry.details?.[side] ?? {}).not.toHaveProperty('location')
        expect(entry.details?.[side] ?? {}).not.toHaveProperty('uploaded_by_user_id')
      }
      if (entry.actorId !== as.advocate.userId) expect(entry.actorLabel).not.toContain(':')
    }
    const record = await t.app.inject({ url: `/api/evidence/${ev.ownPhoto}`, headers: as.advocate.headers })
    expect(record.json()).not.toHaveProperty('uploadedByUserId')
    // Legal staff see both, and the same entries.
    const full = await t.app.inject({ url: `/api/evidence/${ev.ownPhoto}/custody`, headers: as.legal.headers })
    const created = full.json().entries.find((entry: { action: string }) => entry.action === 'create')
    expect(created.details.after.location).toBeTruthy()
    expect(created.details.after.uploaded_by_user_id).toBeTruthy()
    expect(full.json().entries.length).toBeGreaterThanOrEqual(entries.length)
  })

  it('an advocate gets a 16384 × 16384 PNG without its GPS, its pixels untouched (too large to decode)', async () => {
    const big = hugePngWithGps()
    expect(await exifr.gps(big)).toMatchObject({ latitude: expect.closeTo(43.467, 2) })
    const id = await created({ communityId: ids.other, title: 'Drone mosaic' }, big, 'mosaic.png')
    const file = await t.app.inject({ url: `/api/evidence/${id}/file`, headers: as.advocate.headers })
    expect(file.statusCode, file.body.slice(0, 200)).toBe(200)
    expect(file.headers['content-type']).toBe('image/png')
    expect(await exifr.gps(file.rawPayload).catch(() => undefined)).toBeUndefined()
    expect(await sharp(file.rawPayload, { limitInputPixels: false }).metadata()).toMatchObject({ width: 16384, height: 16384 })
    // Legal staff get the original, byte for byte.
    const original = await t.app.inject({ url: `/api/evidence/${id}/file`, headers: as.legal.headers })
    expect(original.rawPayload.equals(big)).toBe(true)
  })

  it('representatives and legal staff get the location and the original', async () => {
    for (const role of ['community_rep', 'legal'] as const) {
      const record = await t.app.inject({ url: `/api/evidence/${ev.ownPhoto}`, headers: as[role].headers })
      expect(record.json().location.coordinates[1]).toBeCloseTo(43.467448, 5)
      const file = await t.app.inject({ url: `/api/evidence/${ev.ownPhoto}/file`, headers: as[role].headers })
      expect(file.rawPayload.equals(photo)).toBe(true)
    }
  })
})

describe('uploading', () => {
  it('a representative uploads to their own community’s records only', async () => {
    const headers = as.community_rep.headers
    for (const fields of [
      { communityId: ids.own },
      { incidentId: ids.ownIncident },
      { parcelId: ids.ownParcel },
      { caseId: ids.ownCase },
    ] as Record<string, string>[]) {
      expect((await upload(fields, headers)).statusCode, JSON.stringify(fields)).toBe(201)
    }
    for (const fields of [
      { communityId: ids.other },
      { incidentId: ids.otherIncident },
      { parcelId: ids.otherParcel },
      { caseId: ids.otherCase },
    ] as Record<string, string>[]) {
      const res = await upload(fields, headers)
      expect(res.statusCode, JSON.stringify(fields)).toBe(422)
      expect(res.json().errors[0].field).toBe(`body.${Object.keys(fields)[0]}`)
    }
  })

  it('an advocate cannot attach to a confidential incident', async () => {
    const res = await upload({ incidentId: ids.ownSecretIncident }, as.advocate.headers)
    expect(res.statusCode).toBe(422)
    expect((await upload({ incidentId: ids.ownIncident }, as.advocate.headers)).statusCode).toBe(201)
  })

  it('only legal staff and admins edit; only admins purge', async () => {
    const patch = (who: UserRole) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/evidence/${ev.ownCaseFile}`,
        headers: as[who].headers,
        payload: { title: 'x', version: 1 },
      })
    expect((await patch('community_rep')).statusCode).toBe(403)
    expect((await patch('advocate')).statusCode).toBe(403)
    const purge = await t.app.inject({
      method: 'POST',
      url: `/api/evidence/${ev.ownCaseFile}/purge`,
      headers: as.legal.headers,
      payload: { reason: 'no' },
    })
    expect(purge.statusCode).toBe(403)
  })
})
