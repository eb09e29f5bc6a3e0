// The public report link, as an anonymous sender meets it: a link's title, a proof-of-work
// challenge, a report with photos, a receipt code — and every way a report is refused, each
// leaving nothing behind (no row, no blob, no staged file).
import { createChallenge } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2'
import { sql } from 'drizzle-orm'
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { INTAKE_MAX_PHOTOS, INTAKE_REPORTS_PER_IP_PER_HOUR, INTAKE_CHALLENGES_PER_IP_PER_MINUTE } from '../../shared/intake.ts'
import { ANONYMOUS } from '../helpers/access.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { problemOf } from '../helpers/http.ts'
import { INTAKE_PHOTO } from '../helpers/intake-factories.ts'
import { filesIn, GPS_PHOTO, reportFields, sendReport, solvedProof } from '../helpers/public-intake.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

const RECEIPT = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/
/** The app's clock runs this far ahead of the real one (challenge expiry). */
let clockOffsetMs = 0

let t: TestApp
let communityId: string
let link: { id: string; slug: string }
let gpsPhoto: Buffer
let smallPhoto: Buffer

let addressCount = 0
/** Each test sends from its own address, so the per-address limits of one do not reach another. */
const nextAddress = () => `10.1.${Math.floor(++addressCount / 250)}.${(addressCount % 250) + 1}`

async function makeLink(payload: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: '/api/intake/links', payload })
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as { id: string; slug: string }
}

async function counts() {
  const [row] = await queryRows<{ reports: number; evidence: number }>(
    t.db,
    sql`SELECT (SELECT count(*)::int FROM intake_reports) AS reports, (SELECT count(*)::int FROM evidence) AS evidence`,
  )
  return { ...row!, files: await filesIn(t.evidenceDir) }
}

/** Sends a complete, valid report from a fresh address, with a freshly solved challenge. */
async function sendValid(
  overrides: Record<string, unknown> = {},
  photos = [{ filename: 'field.jpg', type: 'image/jpeg', bytes: gpsPhoto }],
) {
  const address = nextAddress()
  const { altcha } = await solvedProof(t.app, link.slug, address)
  const report = reportFields(altcha, overrides)
  return { res: await sendReport(t.app, link.slug, report, photos, address), report, address }
}

beforeAll(async () => {
  t = await createTestApp({ intake: { publicUrl: 'https://dey.example.org', now: () => new Date(Date.now() + clockOffsetMs) } })
  communityId = (await makeCommunity(t.db, { name: 'Boeung Kak', nameKm: 'បឹងកក់' })).id
  link = await makeLink({ title: 'Report to Dey', titleKm: 'រាយការណ៍', communityId, hourlyLimit: 1000 })
  gpsPhoto = await readFile(GPS_PHOTO)
  smallPhoto = await readFile(INTAKE_PHOTO)
})
afterAll(() => t?.close())

describe(`the public report link on ${testDriver}`, () => {
  describe('the link', () => {
    it("shows the link's title and community, and nothing else", async () => {
      const res = await t.app.inject({ url: `/api/public/intake/${link.slug}`, headers: ANONYMOUS })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({
        slug: link.slug,
        title: 'Report to Dey',
        titleKm: 'រាយការណ៍',
        communityName: 'Boeung Kak',
        communityNameKm: 'បឹងកក់',
      })
      expect(res.body).not.toContain(link.id)
      expect(res.body).not.toContain(communityId)
    })

    it('answers an unknown slug and a malformed one alike: 404 intake.link_not_found', async () => {
      const answers = []
      for (const slug of ['abcdefghjkmn', 'ABCDEFGHJKMN0', '..%2F..%2Fetc', 'x', crypto.randomUUID()]) {
        const res = await t.app.inject({ url: `/api/public/intake/${slug}`, headers: ANONYMOUS })
        expect(res.statusCode, slug).toBe(404)
        const { code, detail } = problemOf(res)
        answers.push({ code, detail })
      }
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1)
      expect(answers[0]!.code).toBe('intake.link_not_found')
    })

    it('accepts the slug in capitals (as printed) too', async () => {
      const res = await t.app.inject({ url: `/api/public/intake/${link.slug.toUpperCase()}`, headers: ANONYMOUS })
      expect(res.statusCode).toBe(200)
    })

    it('answers 410 with a plain message for a closed link: page, challenge and reports alike', async () => {
      const closed = await makeLink({ title: 'Closed campaign' })
      const { altcha } = await solvedProof(t.app, closed.slug, nextAddress())
      await t.app.inject({ method: 'PATCH', url: `/api/intake/links/${closed.id}`, payload: { isOpen: false, version: 1 } })
      const before = await counts()
      for (const res of [
        await t.app.inject({ url: `/api/public/intake/${closed.slug}`, headers: ANONYMOUS }),
        await t.app.inject({ url: `/api/public/intake/${closed.slug}/challenge`, headers: ANONYMOUS, remoteAddress: nextAddress() }),
        await sendReport(t.app, closed.slug, reportFields(altcha), [{ filename: 'a.jpg', bytes: smallPhoto }], nextAddress()),
      ]) {
        expect(res.statusCode).toBe(410)
        expect(problemOf(res)).toMatchObject({ code: 'intake.link_closed', detail: expect.stringContaining('closed') })
      }
      expect(await counts()).toEqual(before)
    })
  })

  describe('a report', () => {
    it('is filed with its photo as confidential evidence, and the sender gets a receipt code', async () => {
      const before = await counts()
      const { res, report } = await sendValid()
      expect(res.statusCode, res.body).toBe(201)
      const receipt = res.json() as { receiptCode: string; receivedAt: string }
      expect(Object.keys(receipt).sort()).toEqual(['receiptCode', 'receivedAt'])
      expect(receipt.receiptCode).toMatch(RECEIPT)

      const [row] = await queryRows<Record<string, unknown>>(
        t.db,
        sql`SELECT id, source, status, link_id, community_id, kind, description, occurred_at, occurred_precision,
              ST_AsText(location) AS location, language, sender_name, phone, may_contact, client_report_id, pow_challenge
            FROM intake_reports WHERE receipt_code = ${receipt.receiptCode}`,
      )
      const { challenge } = JSON.parse(Buffer.from(report.altcha, 'base64').toString()) as { challenge: { signature: string } }
      expect(row).toMatchObject({
        source: 'web',
        status: 'new',
        link_id: link.id,
        community_id: communityId,
        kind: 'land_grabbing',
        description: report.description,
        occurred_precision: 'day',
        location: 'POINT(104.9 11.55)',
        language: 'km',
        sender_name: 'Sok Dara',
        phone: '+85512345678',
        may_contact: true,
        client_report_id: report.clientReportId,
        pow_challenge: challenge.signature,
      })
      expect(new Date(row!.occurred_at as string).toISOString()).toBe('2026-06-01T03:00:00.000Z')

      const evidence = await queryRows<Record<string, unknown>>(
        t.db,
        sql`SELECT sha256, is_confidential, uploaded_by_user_id, media_type, incident_id, community_id FROM evidence WHERE intake_report_id = ${row!.id as string}`,
      )
      expect(evidence).toEqual([
        {
          sha256: createHash('sha256').update(gpsPhoto).digest('hex'),
          is_confidential: true,
          uploaded_by_user_id: null,
          media_type: 'image/jpeg',
          incident_id: null,
          community_id: null,
        },
      ])
      const after = await counts()
      expect(after.reports).toBe(before.reports + 1)
      expect(after.evidence).toBe(before.evidence + 1)
      expect(after.files.filter((file) => file.startsWith('tmp'))).toEqual([])
    })

    it('is recorded in the audit trail as from the public link: no account, no IP address, no sender details', async () => {
      const [{ id: lastId }] = (await queryRows<{ id: number }>(t.db, sql`SELECT coalesce(max(id), 0)::int AS id FROM audit_log`)) as [
        { id: number },
      ]
      const { res, address } = await sendValid({ senderName: 'Chan Sophea', phone: '+855 97 765 4321' })
      expect(res.statusCode).toBe(201)
      const rows = await queryRows<{ actorId: string | null; actorLabel: string; ip: string | null; entity: string; text: string }>(
        t.db,
        sql`SELECT actor_id AS "actorId", actor_label AS "actorLabel", ip, entity, row_to_json(a)::text AS text FROM audit_log a WHERE id > ${lastId} ORDER BY id`,
      )
      expect(rows.map((r) => r.entity).sort()).toEqual(['evidence', 'intake_reports'])
      for (const row of rows) {
        expect(row).toMatchObject({ actorId: null, actorLabel: 'public report link' })
        expect(row.ip ?? '').toBe('')
        expect(row.text).not.toContain(address)
        expect(row.text).not.toContain('Chan Sophea')
        expect(row.text).not.toContain('97765')
      }
      const counters = await queryRows<{ key: string }>(t.db, sql`SELECT key FROM rate_limit_counters`)
      expect(counters.length).toBeGreaterThan(0)
      expect(counters.filter((c) => c.key.includes(address) || c.key.includes('10.1.'))).toEqual([])
    })

    it('may come without photos, place or date (stored as an unknown date)', async () => {
      const { res } = await sendValid({ location: undefined, occurredAt: undefined, senderName: undefined, phone: undefined }, [])
      expect(res.statusCode, res.body).toBe(201)
      const [row] = await queryRows<Record<string, unknown>>(
        t.db,
        sql`SELECT occurred_at, occurred_precision, location, sender_name, phone FROM intake_reports WHERE receipt_code = ${res.json().receiptCode}`,
      )
      expect(row).toEqual({ occurred_at: null, occurred_precision: 'unknown', location: null, sender_name: null, phone: null })
    })

    it('stores a month as its first moment in Cambodia, like incidents', async () => {
      const { res } = await sendValid({ occurredAt: '2026-06-17T10:00:00Z', occurredPrecision: 'month' }, [])
      const [row] = await queryRows<{ occurredAt: string }>(
        t.db,
        sql`SELECT occurred_at AS "occurredAt" FROM intake_reports WHERE receipt_code = ${res.json().receiptCode}`,
      )
      expect(new Date(row!.occurredAt).toISOString()).toBe('2026-05-31T17:00:00.000Z')
    })

    it('sent again with the same device id gets the first receipt back, and nothing new is written', async () => {
      const { res: first, report, address } = await sendValid()
      expect(first.statusCode).toBe(201)
      const before = await counts()
      // The outbox sends the very same body again (its challenge already spent), or with another photo.
      for (const photos of [
        [{ filename: 'field.jpg', type: 'image/jpeg', bytes: gpsPhoto }],
        [{ filename: 'other.jpg', bytes: smallPhoto }],
      ]) {
        const again = await sendReport(t.app, link.slug, report, photos, address)
        expect(again.statusCode, again.body).toBe(200)
        expect(again.json()).toEqual(first.json())
      }
      expect(await counts()).toEqual(before)
    })

    it('refuses a filled honeypot with 400 intake.honeypot, writing nothing', async () => {
      const before = await counts()
      const { res } = await sendValid({ website: 'http://cheap-pills.example' })
      expect(res.statusCode).toBe(400)
      expect(problemOf(res)).toMatchObject({ code: 'intake.honeypot', errors: [{ field: 'body.report.website' }] })
      expect(problemOf(res).detail).toContain('must be left empty')
      expect(await counts()).toEqual(before)
    })

    it('refuses a location outside Cambodia with 422 naming body.report.location', async () => {
      const before = await counts()
      const { res } = await sendValid({ location: { type: 'Point', coordinates: [2.35, 48.85] } })
      expect(res.statusCode).toBe(422)
      expect(problemOf(res)).toMatchObject({ code: 'geometry.outside_region', errors: [{ field: 'body.report.location' }] })
      expect(await counts()).toEqual(before)
    })

    it('refuses invalid fields with 400 naming each under body.report', async () => {
      const before = await counts()
      const { res } = await sendValid({ kind: 'alien_landing', description: '', extra: 1 })
      expect(res.statusCode).toBe(400)
      const fields = problemOf(res).errors!.map((e) => e.field)
      expect(fields).toEqual(expect.arrayContaining(['body.report.kind', 'body.report.description', 'body.report.extra']))
      expect(await counts()).toEqual(before)
    })

    it('refuses a body that is not multipart with 415', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/public/intake/${link.slug}/reports`,
        payload: reportFields('x'),
        headers: ANONYMOUS,
        remoteAddress: nextAddress(),
      })
      expect(res.statusCode).toBe(415)
      expect(problemOf(res).code).toBe('request.not_multipart')
    })

    it('refuses photos sent before the report field, naming body.report', async () => {
      const address = nextAddress()
      const { altcha } = await solvedProof(t.app, link.slug, address)
      const boundary = '----deyorder'
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
        smallPhoto,
        Buffer.from(
          `\r\n--${boundary}\r\nContent-Disposition: form-data; name="report"\r\n\r\n${JSON.stringify(reportFields(altcha))}\r\n--${boundary}--\r\n`,
        ),
      ])
      const before = await counts()
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/public/intake/${link.slug}/reports`,
        payload,
        headers: { ...ANONYMOUS, 'content-type': `multipart/form-data; boundary=${boundary}` },
        remoteAddress: address,
      })
      expect(res.statusCode).toBe(400)
      expect(problemOf(res).errors?.[0]?.field).toBe('body.report')
      expect(await counts()).toEqual(before)
    })
    it('answers a part whose header block never ends with 400 instead of waiting forever', async () => {
      // busboy never finishes a part with no headers and a long body (found by intake-fuzz.test.ts).
      const boundary = '----deynoheaders'
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/public/intake/${link.slug}/reports`,
        payload: `--${boundary}\r\n\r\n${'y'.repeat(70_000)}\r\n--${boundary}--\r\n`,
        headers: { ...ANONYMOUS, 'content-type': `multipart/form-data; boundary=${boundary}` },
        remoteAddress: nextAddress(),
      })
      expect(res.statusCode).toBe(400)
      expect(problemOf(res)).toMatchObject({ code: 'request.invalid', errors: [{ field: 'body' }] })
    })
  })

  describe('the proof of work', () => {
    it('is required: 400 intake.proof_of_work without one', async () => {
      const res = await sendReport(t.app, link.slug, reportFields('', { altcha: undefined }), [], nextAddress())
      expect(res.statusCode).toBe(400)
      expect(problemOf(res)).toMatchObject({ code: 'intake.proof_of_work', errors: [{ field: 'body.report.altcha' }] })
    })

    it('refuses a payload that is not a solved challenge, with 422 intake.proof_of_work, writing nothing', async () => {
      const address = nextAddress()
      const { challenge, solution } = await solvedProof(t.app, link.slug, address)
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64')
      const wrongKey = solution.derivedKey.replace(/^./, (c) => (c === '0' ? '1' : '0'))
      const foreign = await createChallenge({
        algorithm: 'PBKDF2/SHA-256',
        cost: 1,
        counter: 1,
        deriveKey,
        hmacSignatureSecret: 'someone else',
        hmacKeySignatureSecret: 'someone else too',
        expiresAt: new Date(Date.now() + 60_000),
      })
      const before = await counts()
      for (const altcha of [
        'not base64 at all!',
        encode({ challenge }),
        encode({ challenge, solution: { ...solution, derivedKey: wrongKey } }),
        encode({ challenge: { ...challenge, parameters: { ...challenge.parameters, cost: 1 } }, solution }),
        encode({ challenge: foreign, solution: { counter: 1, derivedKey: solution.derivedKey } }),
      ]) {
        const res = await sendReport(t.app, link.slug, reportFields(altcha), [{ filename: 'a.jpg', bytes: smallPhoto }], address)
        expect(res.statusCode, altcha.slice(0, 40)).toBe(422)
        expect(problemOf(res)).toMatchObject({ code: 'intake.proof_of_work', errors: [{ field: 'body.report.altcha' }] })
      }
      expect(await counts()).toEqual(before)
    })

    it('is spent by one report: a second report with the same challenge gets 422', async () => {
      const address = nextAddress()
      const { altcha } = await solvedProof(t.app, link.slug, address)
      expect((await sendReport(t.app, link.slug, reportFields(altcha), [], address)).statusCode).toBe(201)
      const before = await counts()
      const res = await sendReport(t.app, link.slug, reportFields(altcha), [{ filename: 'a.jpg', bytes: smallPhoto }], address)
      expect(res.statusCode).toBe(422)
      expect(problemOf(res)).toMatchObject({ code: 'intake.proof_of_work', detail: expect.stringContaining('already used') })
      expect(await counts()).toEqual(before)
    })

    it('expires after 30 minutes: a report that waited offline must fetch a new challenge', async () => {
      const address = nextAddress()
      const { altcha } = await solvedProof(t.app, link.slug, address)
      try {
        clockOffsetMs = 31 * 60 * 1000
        const res = await sendReport(t.app, link.slug, reportFields(altcha), [], address)
        expect(res.statusCode).toBe(422)
        expect(problemOf(res)).toMatchObject({ code: 'intake.proof_of_work', detail: expect.stringContaining('expired') })
        // A fresh challenge, fetched just before sending, is accepted.
        const fresh = await solvedProof(t.app, link.slug, address)
        expect((await sendReport(t.app, link.slug, reportFields(fresh.altcha), [], address)).statusCode).toBe(201)
      } finally {
        clockOffsetMs = 0
      }
    })

    it('is an ALTCHA v2 challenge signed by this installation, with a bounded amount of work', async () => {
      const res = await t.app.inject({ url: `/api/public/intake/${link.slug}/challenge`, headers: ANONYMOUS, remoteAddress: nextAddress() })
      expect(res.headers['cache-control']).toBe('no-store')
      const { parameters, signature } = res.json()
      expect(parameters).toMatchObject({ algorithm: 'PBKDF2/SHA-256', cost: 1000, keyLength: 32 })
      expect(parameters.keySignature).toMatch(/^[0-9a-f]{64}$/)
      expect(signature).toMatch(/^[0-9a-f]{64}$/)
      expect(parameters.expiresAt * 1000 - Date.now()).toBeGreaterThan(29 * 60 * 1000)
      expect(parameters.expiresAt * 1000 - Date.now()).toBeLessThanOrEqual(30 * 60 * 1000)
    })
  })

  describe('photos', () => {
    it('refuses a file that is not a picture with 415, keeping nothing (not even the photos before it)', async () => {
      const before = await counts()
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
      const { res } = await sendValid({}, [
        { filename: 'good.jpg', type: 'image/jpeg', bytes: gpsPhoto },
        { filename: 'photo.jpg', type: 'image/jpeg', bytes: pdf },
      ])
      expect(res.statusCode).toBe(415)
      expect(problemOf(res).code).toBe('evidence.unsupported_type')
      expect(await counts()).toEqual(before)
    })

    it(`refuses more than ${INTAKE_MAX_PHOTOS} photos with 413, keeping nothing`, async () => {
      const before = await counts()
      const photos = Array.from({ length: INTAKE_MAX_PHOTOS + 1 }, (_, i) => ({
        filename: `p${i}.jpg`,
        type: 'image/jpeg',
        bytes: smallPhoto,
      }))
      const { res } = await sendValid({}, photos)
      expect(res.statusCode).toBe(413)
      expect(problemOf(res)).toMatchObject({ code: 'intake.too_many_photos', errors: [{ field: 'body.photo' }] })
      expect(await counts()).toEqual(before)
    })

    it('accepts exactly the largest number of photos', async () => {
      const photos = Array.from({ length: INTAKE_MAX_PHOTOS }, (_, i) => ({ filename: `p${i}.jpg`, type: 'image/jpeg', bytes: smallPhoto }))
      const { res } = await sendValid({}, photos)
      expect(res.statusCode, res.body).toBe(201)
    })

    it('refuses a photo larger than the limit with 413, keeping nothing', async () => {
      const before = await counts()
      const huge = Buffer.concat([gpsPhoto, Buffer.alloc(t.app.maxUploadBytes)])
      const { res } = await sendValid({}, [{ filename: 'huge.jpg', type: 'image/jpeg', bytes: huge }])
      expect(res.statusCode).toBe(413)
      expect(problemOf(res).code).toBe('evidence.too_large')
      expect(await counts()).toEqual(before)
    })

    it('refuses a report field larger than 64 KB with 413', async () => {
      const before = await counts()
      const { res } = await sendValid({ description: 'ក'.repeat(30_000) }, [])
      expect(res.statusCode).toBe(413)
      expect(problemOf(res)).toMatchObject({ code: 'intake.report_too_large', errors: [{ field: 'body.report' }] })
      expect(await counts()).toEqual(before)
    })
  })

  describe('abuse limits', () => {
    it("refuses reports beyond the link's hourly limit (all senders together) with 429 and Retry-After", async () => {
      const limited = await makeLink({ title: 'Small village', communityId, hourlyLimit: 2 })
      const send = async () => {
        const address = nextAddress()
        const { altcha } = await solvedProof(t.app, limited.slug, address)
        return sendReport(t.app, limited.slug, reportFields(altcha), [], address)
      }
      expect((await send()).statusCode).toBe(201)
      expect((await send()).statusCode).toBe(201)
      const before = await counts()
      const refused = await send()
      expect(refused.statusCode).toBe(429)
      expect(problemOf(refused).code).toBe('intake.too_many_reports')
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3600)
      expect(await counts()).toEqual(before)
      // Other links are not affected.
      expect((await sendValid({}, [])).res.statusCode).toBe(201)
    })

    it(`refuses more than ${INTAKE_REPORTS_PER_IP_PER_HOUR} report requests an hour from one address with 429`, async () => {
      const address = nextAddress()
      const notMultipart = () =>
        t.app.inject({
          method: 'POST',
          url: `/api/public/intake/${link.slug}/reports`,
          payload: {},
          headers: ANONYMOUS,
          remoteAddress: address,
        })
      for (let i = 0; i < INTAKE_REPORTS_PER_IP_PER_HOUR; i++) expect((await notMultipart()).statusCode).toBe(415)
      const refused = await notMultipart()
      expect(refused.statusCode).toBe(429)
      expect(problemOf(refused).code).toBe('intake.too_many_reports')
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
      // Another address may still send.
      expect((await sendValid({}, [])).res.statusCode).toBe(201)
    })

    it('refuses more than 60 link pages a minute from one address with 429 (no guessing of slugs)', async () => {
      const address = nextAddress()
      const guess = (i: number) =>
        t.app.inject({ url: `/api/public/intake/${String(i).padStart(12, 'a')}`, headers: ANONYMOUS, remoteAddress: address })
      for (let i = 0; i < 60; i++) expect((await guess(i)).statusCode).toBe(404)
      const refused = await guess(60)
      expect(refused.statusCode).toBe(429)
      expect(problemOf(refused).code).toBe('intake.too_many_requests')
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    })

    it(`refuses more than ${INTAKE_CHALLENGES_PER_IP_PER_MINUTE} challenges a minute from one address with 429`, async () => {
      const address = nextAddress()
      const fetchChallenge = () =>
        t.app.inject({ url: `/api/public/intake/${link.slug}/challenge`, headers: ANONYMOUS, remoteAddress: address })
      for (let i = 0; i < INTAKE_CHALLENGES_PER_IP_PER_MINUTE; i++) expect((await fetchChallenge()).statusCode).toBe(200)
      const refused = await fetchChallenge()
      expect(refused.statusCode).toBe(429)
      expect(problemOf(refused).code).toBe('intake.too_many_requests')
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    })
  })
})
