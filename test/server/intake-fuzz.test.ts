// Fuzzing the doors anyone may knock on — the public report link and the Telegram and SMS
// webhooks: whatever arrives (odd slugs and paths, broken JSON, malformed multipart, wrong content
// types, huge fields, Khmer, control characters), the answer is never a 5xx and never carries an
// id or a text of a record already in the database. Fixed seeds: a failure replays the same way.
import fc from 'fast-check'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFile } from 'node:fs/promises'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { ANONYMOUS } from '../helpers/access.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { makeIncident } from '../helpers/incident-factories.ts'
import { makeIntakeReport } from '../helpers/intake-factories.ts'
import { GPS_PHOTO, reportFields, solvedProof } from '../helpers/public-intake.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

const TELEGRAM_SECRET = 'tg-fuzz-secret-0123456789'
const SMS_SECRET = 'sms-fuzz-secret-0123456789'
const SEED = 1818

let t: TestApp
let fakeApi: Server
let slug: string
/** Ids and texts of records no anonymous answer may contain. */
let hidden: string[] = []
/** Solved challenges, one per report that may be filed by the photo property. */
const proofs: string[] = []
let gpsPhoto: Buffer

/** Plays the Telegram Bot API and the SMS gateway: takes anything, finds no files. */
function startFakeApi(): Promise<string> {
  fakeApi = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const isGetFile = req.url?.includes('/getFile') ?? false
      res.writeHead(isGetFile ? 400 : 200, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify(
          isGetFile
            ? { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' }
            : { ok: true, result: { message_id: 1, date: 0, chat: { id: 1, type: 'private' } } },
        ),
      )
    })
  })
  return new Promise((resolve) =>
    fakeApi.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(fakeApi.address() as AddressInfo).port}`)),
  )
}

beforeAll(async () => {
  const apiUrl = await startFakeApi()
  t = await createTestApp({
    intake: {
      publicUrl: 'https://dey.example.org',
      telegram: { botToken: '123456:FUZZ', webhookSecret: TELEGRAM_SECRET, apiUrl },
      sms: { webhookSecret: SMS_SECRET, gatewayUrl: apiUrl },
    },
  })
  // Records an anonymous sender must never see anything of.
  const secretCommunity = await makeCommunity(t.db, { name: 'HIDDEN-COMMUNITY Kbal Spean', nameKm: 'សហគមន៍សម្ងាត់' })
  const incident = await makeIncident(t.db, {
    title: 'HIDDEN-INCIDENT forced eviction at Kbal Spean',
    description: 'HIDDEN-DESCRIPTION soldiers burned twelve houses',
    communityId: secretCommunity.id,
  })
  const filed = await makeIntakeReport(
    t.db,
    t.app.blobStore,
    { description: 'HIDDEN-INTAKE the mill owner threatened us', senderName: 'HIDDEN-SENDER Srey Mom', phone: '+85599111222' },
    { photos: 1 },
  )
  // The link's own community: its name is shown on the link's page by design, its id never.
  const linkCommunity = await makeCommunity(t.db, { name: 'Public village' })
  const link = (
    await t.app.inject({ method: 'POST', url: '/api/intake/links', payload: { title: 'Fuzz link', communityId: linkCommunity.id } })
  ).json()
  slug = link.slug
  const evidence = await queryRows<{ id: string; sha256: string }>(t.db, sql`SELECT id, sha256 FROM evidence`)
  const users = await queryRows<{ id: string }>(t.db, sql`SELECT id FROM users`)
  hidden = [
    secretCommunity.id,
    linkCommunity.id,
    incident.id,
    filed.id,
    filed.receiptCode,
    link.id,
    ...evidence.flatMap((e) => [e.id, e.sha256]),
    ...users.map((u) => u.id),
    'HIDDEN-',
    'សហគមន៍សម្ងាត់',
    '99111222',
  ]
  gpsPhoto = await readFile(GPS_PHOTO)
  for (let i = 0; i < 8; i++) proofs.push((await solvedProof(t.app, slug, `10.77.0.${i + 1}`)).altcha)
})
afterAll(async () => {
  await t?.close()
  await new Promise((resolve) => fakeApi?.close(resolve))
})

let requestCount = 0
/** Every request from its own address: the per-address limits would otherwise answer 429 to all. */
const nextAddress = () =>
  `10.${Math.floor(++requestCount / 60000) % 250}.${Math.floor(requestCount / 250) % 240}.${(requestCount % 250) + 1}`

async function send(app: FastifyInstance, request: InjectOptions, what: string) {
  const res = await app.inject({ ...request, headers: { ...ANONYMOUS, ...(request.headers ?? {}) }, remoteAddress: nextAddress() })
  expect(res.statusCode, `${what} → ${res.statusCode}: ${res.body.slice(0, 300)}`).toBeLessThan(500)
  const leaked = hidden.filter((value) => res.body.includes(value) || JSON.stringify(res.headers).includes(value))
  expect(leaked, `${what} leaked data: ${res.body.slice(0, 300)}`).toEqual([])
  return res
}

// ---- Arbitraries --------------------------------------------------------------------------------

const nastyString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    "' OR 1=1 --",
    '%',
    '\u0000',
    '\u202e',
    'ភូមិ ក្រាំង',
    '../../../etc/passwd',
    '..%2F..%2F',
    '%00',
    '%2e%2e',
    '__proto__',
    'constructor',
    'null',
    'NaN',
    '1e309',
    '-1',
    '00000000-0000-4000-8000-000000000000',
    'x'.repeat(5000),
    '🙂'.repeat(300),
  ),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
)

const jsonLike = fc.oneof(nastyString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 3 }))

const REPORT_KEYS = [
  'kind',
  'description',
  'occurredAt',
  'occurredPrecision',
  'location',
  'senderName',
  'phone',
  'mayContact',
  'language',
  'clientReportId',
  'website',
  'altcha',
  'extra',
  '__proto__',
] as const

/** A report field: mostly report-shaped with odd values, sometimes not JSON at all. */
const reportText = fc.oneof(
  fc
    .record({
      base: fc.boolean(),
      changes: fc.dictionary(fc.constantFrom(...REPORT_KEYS), jsonLike, { maxKeys: 5 }),
    })
    .map(({ base, changes }) => JSON.stringify({ ...(base ? reportFields('eyJub3QiOiJzb2x2ZWQifQ==') : {}), ...changes })),
  jsonLike.map((value) => JSON.stringify(value)),
  nastyString,
  fc.constant('{"kind":"other","description":"x"'),
  fc.constant('{"__proto__":{"isAdmin":true}}'),
)

const fieldName = fc.oneof(
  fc.constantFrom('report', 'photo', 'website', 'file', '__proto__', 'constructor', 'a"b', 'ផ្ទះ', ''),
  fc.string({ maxLength: 12 }),
)

const part = fc.oneof(
  fc.record({ kind: fc.constant('field' as const), name: fieldName, value: fc.oneof(reportText, fc.constant('y'.repeat(70_000))) }),
  fc.record({
    kind: fc.constant('file' as const),
    name: fc.oneof(fc.constant('photo'), fieldName),
    filename: nastyString,
    type: fc.constantFrom('image/jpeg', 'image/png', 'application/pdf', 'text/html', '', 'x/y; charset=ü'),
    bytes: fc.oneof(fc.uint8Array({ maxLength: 3000 }), fc.constant(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))),
  }),
)

type Part =
  { kind: 'field'; name: string; value: string } | { kind: 'file'; name: string; filename: string; type: string; bytes: Uint8Array }
type Breakage = 'none' | 'truncated' | 'no-closing-boundary' | 'wrong-boundary' | 'no-boundary-parameter' | 'no-headers'

const header = (text: string) => text.replace(/[\r\n]/g, ' ')

function multipartBody(parts: Part[], breakage: Breakage) {
  const boundary = 'fuzzBoundary7MA4YWxkTrZu0gW'
  const chunks: Buffer[] = []
  for (const p of parts) {
    const disposition =
      p.kind === 'field'
        ? `Content-Disposition: form-data; name="${header(p.name)}"`
        : `Content-Disposition: form-data; name="${header(p.name)}"; filename="${header(p.filename)}"\r\nContent-Type: ${header(p.type)}`
    chunks.push(Buffer.from(`--${boundary}\r\n${breakage === 'no-headers' ? '' : disposition}\r\n\r\n`))
    chunks.push(p.kind === 'field' ? Buffer.from(p.value) : Buffer.from(p.bytes), Buffer.from('\r\n'))
  }
  if (breakage !== 'no-closing-boundary') chunks.push(Buffer.from(`--${boundary}--\r\n`))
  let payload = Buffer.concat(chunks)
  if (breakage === 'truncated') payload = payload.subarray(0, Math.floor(payload.length / 2))
  const contentType =
    breakage === 'wrong-boundary'
      ? 'multipart/form-data; boundary=another'
      : breakage === 'no-boundary-parameter'
        ? 'multipart/form-data'
        : `multipart/form-data; boundary=${boundary}`
  return { payload, contentType }
}

const slugArbitrary = () =>
  fc.oneof(
    fc.constant(slug),
    fc.constant(slug.toUpperCase()),
    fc.constant(`${slug}x`),
    nastyString.map((s) => encodeURIComponent(s)),
    fc.constantFrom('..', '.', '%2e%2e%2f', 'r%2F..%2F..%2Fapi%2Fincidents', '%252e', '..%5c', 'a/b', '%ff', '%', '%%'),
  )

// ---- Properties --------------------------------------------------------------------------------

describe(`fuzzing the public intake endpoints on ${testDriver}`, () => {
  it('a link page and its challenge: any slug', async () => {
    await fc.assert(
      fc.asyncProperty(slugArbitrary(), fc.constantFrom('', '/challenge', '/', '/challenge/', '/reports', '?x=1'), async (s, tail) => {
        await send(t.app, { method: 'GET', url: `/api/public/intake/${s}${tail}` }, `GET ${s}${tail}`)
      }),
      { seed: SEED, numRuns: 150 },
    )
  })

  it('a report: any body, any content type, any multipart shape', async () => {
    const body = fc.oneof(
      fc.record({
        kind: fc.constant('multipart' as const),
        parts: fc.array(part, { maxLength: 8 }),
        breakage: fc.constantFrom<Breakage>(
          'none',
          'none',
          'none',
          'truncated',
          'no-closing-boundary',
          'wrong-boundary',
          'no-boundary-parameter',
          'no-headers',
        ),
      }),
      fc.record({
        kind: fc.constant('raw' as const),
        contentType: fc.constantFrom(
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/octet-stream',
          'multipart/mixed; boundary=x',
          'image/jpeg',
          'application/json; charset=utf-16',
        ),
        payload: fc.oneof(reportText, nastyString),
      }),
    )
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(slug), fc.constant(slug), slugArbitrary()), body, async (s, b) => {
        const request =
          b.kind === 'multipart'
            ? (() => {
                const { payload, contentType } = multipartBody(b.parts as Part[], b.breakage)
                return { payload, headers: { 'content-type': contentType } }
              })()
            : { payload: b.payload, headers: { 'content-type': b.contentType } }
        await send(t.app, { method: 'POST', url: `/api/public/intake/${s}/reports`, ...request }, `POST ${s} ${b.kind}`)
      }),
      { seed: SEED, numRuns: 200 },
    )
  })

  it('a report with a solved challenge: any photos, names and types', async () => {
    let proof = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            filename: nastyString,
            type: fc.constantFrom('image/jpeg', 'application/pdf', '', 'image/heic'),
            bytes: fc.oneof(
              fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)),
              fc.constant(gpsPhoto),
              fc.nat({ max: gpsPhoto.length }).map((n) => gpsPhoto.subarray(0, n)),
            ),
          }),
          { maxLength: 3 },
        ),
        fc.dictionary(fc.constantFrom('senderName', 'phone', 'description', 'occurredPrecision', 'language'), nastyString, { maxKeys: 2 }),
        async (photos, changes) => {
          const report = reportFields(proofs[proof++ % proofs.length]!, changes)
          const { payload, contentType } = multipartBody(
            [
              { kind: 'field', name: 'report', value: JSON.stringify(report) },
              ...photos.map((p) => ({ kind: 'file' as const, name: 'photo', filename: p.filename, type: p.type, bytes: p.bytes })),
            ],
            'none',
          )
          await send(
            t.app,
            { method: 'POST', url: `/api/public/intake/${slug}/reports`, payload, headers: { 'content-type': contentType } },
            'POST with photos',
          )
        },
      ),
      { seed: SEED, numRuns: 30 },
    )
  })
})

describe(`fuzzing the webhooks on ${testDriver}`, () => {
  const telegramUpdate = fc.oneof(
    fc.record({
      update_id: fc.oneof(fc.integer(), fc.constant(Number.MAX_SAFE_INTEGER), fc.double()),
      message: fc.option(
        fc.record({
          message_id: fc.integer(),
          date: fc.integer(),
          chat: fc.record({
            id: fc.oneof(fc.integer(), fc.constant(-1001234567890)),
            type: fc.constantFrom('private', 'group', 'channel'),
          }),
          from: fc.option(fc.record({ id: fc.integer(), is_bot: fc.boolean(), first_name: nastyString, username: fc.option(nastyString) })),
          text: fc.option(fc.oneof(nastyString, fc.constantFrom('/start', '/cancel', '/help', '/language km', '/report'))),
          location: fc.option(fc.record({ latitude: fc.double(), longitude: fc.double() })),
          photo: fc.option(
            fc.array(fc.record({ file_id: nastyString, file_unique_id: nastyString, width: fc.integer(), height: fc.integer() }), {
              maxLength: 3,
            }),
          ),
        }),
      ),
      callback_query: fc.option(
        fc.record({
          id: nastyString,
          from: fc.record({ id: fc.integer(), is_bot: fc.constant(false), first_name: nastyString }),
          data: fc.option(nastyString),
          message: fc.option(
            fc.record({
              message_id: fc.integer(),
              date: fc.integer(),
              chat: fc.record({ id: fc.integer(), type: fc.constant('private') }),
            }),
          ),
        }),
      ),
    }),
    fc.jsonValue({ maxDepth: 4 }),
  )

  it('Telegram: any secret, header and update', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(TELEGRAM_SECRET), fc.constant(TELEGRAM_SECRET), nastyString.map(encodeURIComponent)),
        fc.option(
          fc.oneof(
            fc.constant(TELEGRAM_SECRET),
            nastyString.map((s) => s.replace(/[^\x20-\x7e]/g, '')),
          ),
        ),
        fc.oneof(
          telegramUpdate.map((u) => JSON.stringify(u)),
          nastyString,
        ),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
        async (secret, header, payload, contentType) => {
          await send(
            t.app,
            {
              method: 'POST',
              url: `/api/intake/telegram/${secret}`,
              payload,
              headers: { 'content-type': contentType, ...(header === null ? {} : { 'x-telegram-bot-api-secret-token': header }) },
            },
            'Telegram webhook',
          )
        },
      ),
      { seed: SEED, numRuns: 120 },
    )
  })

  it('SMS: any secret and any gateway payload', async () => {
    const smsPayload = fc.oneof(
      fc.record({
        deviceId: nastyString,
        event: fc.constantFrom('sms:received', 'sms:sent', 'system:ping', ''),
        id: nastyString,
        webhookId: nastyString,
        payload: fc.record({
          messageId: nastyString,
          message: fc.oneof(nastyString, fc.constantFrom('DEY 101 EV bulldozers at the rice field', 'dey 999 zz', 'DEY', 'DEY 101 3 ផ្ទះ')),
          phoneNumber: fc.oneof(nastyString, fc.constantFrom('+85512345678', '012345678', '+85599111222')),
          simNumber: fc.integer(),
          receivedAt: nastyString,
        }),
      }),
      fc.jsonValue({ maxDepth: 4 }),
    )
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(SMS_SECRET), fc.constant(SMS_SECRET), nastyString.map(encodeURIComponent)),
        fc.oneof(
          smsPayload.map((p) => JSON.stringify(p)),
          nastyString,
        ),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
        fc.option(
          fc.record({
            signature: nastyString.map((s) => s.replace(/[^\x20-\x7e]/g, '')),
            timestamp: fc.oneof(
              fc.integer().map(String),
              nastyString.map((s) => s.replace(/[^\x20-\x7e]/g, '')),
            ),
          }),
        ),
        async (secret, payload, contentType, signed) => {
          await send(
            t.app,
            {
              method: 'POST',
              url: `/api/intake/sms/${secret}`,
              payload,
              headers: {
                'content-type': contentType,
                ...(signed ? { 'x-signature': signed.signature, 'x-timestamp': signed.timestamp } : {}),
              },
            },
            'SMS webhook',
          )
        },
      ),
      { seed: SEED, numRuns: 120 },
    )
  })
})
