// SMS reports through SMS Gateway for Android™: real-shaped webhook deliveries (WebHookEventDTO with
// an sms:received payload, as the app posts them) against the webhook, and a real local HTTP server
// playing the gateway's send API that records every reply.
import { count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { intakeReports, intakeWebhookDeliveries } from '../../db/schema/index.ts'
import { signDelivery } from '../../server/features/intake/sms-gateway.ts'
import { startFakeSmsGateway, type FakeSmsGateway } from '../helpers/fake-sms-gateway.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { problemOf } from '../helpers/http.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

const SECRET = 'sms-webhook-secret-0123456789abcdef'
const STRANGER = '+85517000111'
const REP_PHONE_TYPED = '012 345 678'
const REP_PHONE = '+85512345678'

let t: TestApp
let gateway: FakeSmsGateway
let communityId: string
let repId: string
const logLines: string[] = []

beforeAll(async () => {
  gateway = await startFakeSmsGateway()
  t = await createTestApp({
    intake: { publicUrl: 'http://dey.test', sms: { webhookSecret: SECRET, gatewayUrl: gateway.url } },
    logTo: { write: (line: string) => void logLines.push(line) },
  })
  communityId = (await makeCommunity(t.db, { name: 'Prey Lang village', intakeCode: '101' })).id
  const rep = await t.app.inject({
    method: 'POST',
    url: '/api/users',
    payload: {
      email: 'rep@prey-lang.test',
      displayName: 'Sok Dara',
      role: 'community_rep',
      communityIds: [communityId],
      phone: REP_PHONE_TYPED,
    },
  })
  expect(rep.statusCode, rep.body).toBe(201)
  repId = rep.json().user.id
})
afterAll(async () => {
  await t?.close()
  await gateway?.close()
})
beforeEach(() => {
  gateway.mode = 'ok'
})

let sequence = 0

/** One delivery as the app (v1.x, 2025) posts it; `legacy`: as older versions did, with phoneNumber only. */
function delivery(message: string, options: { from?: string; legacy?: boolean; event?: string } = {}) {
  sequence++
  const from = options.from ?? STRANGER
  const receivedAt = `2026-12-06T09:${String(Math.floor(sequence / 60)).padStart(2, '0')}:${String(sequence % 60).padStart(2, '0')}.000+07:00`
  const messageId = (0x7a3f0000 + sequence).toString(16)
  const payload = options.legacy
    ? { messageId, message, phoneNumber: from, simNumber: 1, receivedAt }
    : { messageId, message, sender: from, recipient: '+85510999000', simNumber: 1, phoneNumber: from, receivedAt }
  return {
    deviceId: 'ffffffffceb0b1db0000018e937c815b',
    event: options.event ?? 'sms:received',
    id: `Ey6ECgOkVVFjz3CL48B${sequence}`,
    payload,
    webhookId: 'dey-sms-received',
  }
}

function post(body: unknown, options: { secret?: string; headers?: Record<string, string> } = {}) {
  return t.app.inject({
    method: 'POST',
    url: `/api/intake/sms/${options.secret ?? SECRET}`,
    headers: {
      cookie: '',
      'content-type': 'application/json; charset=UTF-8',
      'user-agent': 'me.capcom.smsgateway/1.38.0',
      ...options.headers,
    },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

async function counts() {
  const [reports] = await t.db.select({ n: count() }).from(intakeReports)
  const [deliveries] = await t.db.select({ n: count() }).from(intakeWebhookDeliveries)
  return { reports: reports!.n, deliveries: deliveries!.n, replies: gateway.sent.length }
}

async function reportByReceipt(receiptCode: string) {
  const [row] = await t.db.select().from(intakeReports).where(eq(intakeReports.receiptCode, receiptCode))
  return row!
}

describe(`SMS reports on ${testDriver}`, () => {
  it('files a report from an unknown sender as an unverified report and replies with its receipt code', async () => {
    const res = await post(delivery('DEY 101 EV Bulldozers entered the rice fields this morning'))
    expect(res.statusCode, res.body).toBe(200)
    const { outcome, receiptCode } = res.json()
    expect(outcome).toBe('filed')
    expect(await reportByReceipt(receiptCode)).toMatchObject({
      source: 'sms',
      status: 'new',
      communityId,
      kind: 'forced_eviction',
      description: 'Bulldozers entered the rice fields this morning',
      language: 'en',
      phone: STRANGER,
      senderUserId: null,
      mayContact: false,
      linkId: null,
    })
    const reply = gateway.sent.at(-1)!
    expect(reply.phoneNumbers).toEqual([STRANGER])
    expect(reply.text).toContain(`Receipt code: ${receiptCode}`)
    expect(reply.authorization).toBe(`Basic ${Buffer.from('sms:gateway pass').toString('base64')}`)
  })

  it('links a report from a representative’s registered phone to their account', async () => {
    // The phone sends its own number in the national format: it is read as the same E.164 number.
    const res = await post(delivery('DEY 101 IN Company guards threatened the families', { from: '012345678' }))
    const report = await reportByReceipt(res.json().receiptCode)
    expect(report).toMatchObject({ senderUserId: repId, phone: REP_PHONE, mayContact: true, kind: 'intimidation' })
    expect(gateway.sent.at(-1)!.phoneNumbers).toEqual([REP_PHONE])
  })

  it('no longer links reports to an account once it is deactivated', async () => {
    const user = (await t.app.inject({ url: `/api/users/${repId}` })).json()
    await t.app.inject({ method: 'PATCH', url: `/api/users/${repId}`, payload: { isActive: false, version: user.version } })
    const res = await post(delivery('DEY 101 FN A new fence cuts the path to the forest', { from: REP_PHONE }))
    expect(await reportByReceipt(res.json().receiptCode)).toMatchObject({ senderUserId: null, mayContact: false })
    const again = (await t.app.inject({ url: `/api/users/${repId}` })).json()
    await t.app.inject({ method: 'PATCH', url: `/api/users/${repId}`, payload: { isActive: true, version: again.version } })
  })

  it('answers a report written in Khmer in Khmer (prefix ដី, codes in Khmer digits)', async () => {
    const res = await post(delivery('ដី ១០១ EV ម៉ាស៊ីនឈូសបានចូលស្រែរបស់ភូមិយើងនៅព្រឹកនេះ'))
    const { receiptCode } = res.json()
    expect(await reportByReceipt(receiptCode)).toMatchObject({
      kind: 'forced_eviction',
      description: 'ម៉ាស៊ីនឈូសបានចូលស្រែរបស់ភូមិយើងនៅព្រឹកនេះ',
      language: 'km',
      communityId,
    })
    expect(gateway.sent.at(-1)!.text).toBe(
      `Dey: យើងបានទទួលរបាយការណ៍របស់អ្នកហើយ។ លេខកូដបង្កាន់ដៃ៖ ${receiptCode}។ សូមរក្សាទុកលេខនេះ ហើយប្រាប់វាមកយើង ពេលសួរអំពីរបាយការណ៍នេះ។`,
    )
  })

  it('takes the kind as its number, in any case and with extra spaces', async () => {
    const res = await post(delivery('  dey   101   3    Soldiers   marked trees on our land  '))
    expect(await reportByReceipt(res.json().receiptCode)).toMatchObject({
      kind: 'land_grabbing',
      description: 'Soldiers   marked trees on our land',
    })
    const lower = await post(delivery('Dey 101 vi a villager was beaten'))
    expect(await reportByReceipt(lower.json().receiptCode)).toMatchObject({ kind: 'violence' })
  })

  it('reads deliveries of older gateway versions (the sender in phoneNumber only)', async () => {
    const res = await post(delivery('DEY 101 AR Two community members arrested', { legacy: true }))
    expect(res.json().outcome).toBe('filed')
    expect(await reportByReceipt(res.json().receiptCode)).toMatchObject({ kind: 'arrest', phone: STRANGER })
  })

  describe('malformed texts: a reply explains the format, nothing is filed', () => {
    const cases: [string, string, RegExp][] = [
      [
        'no DEY prefix',
        'Hello, there are bulldozers in our village',
        /^Dey: to report, send DEY, your community code, the kind code and what happened\. Example: DEY 101 EV/,
      ],
      ['only the prefix and a code', 'DEY 101', /^Dey: to report, send DEY/],
      ['an unknown community code', 'DEY 999 EV bulldozers', /community code 999 is not known\. Ask your community representative/],
      [
        'an unknown kind code',
        'DEY 101 XX bulldozers',
        /kind code XX is not known\. Use one of these codes \(or its number\): 1 EV Forced eviction, 2 ET Eviction threat, .*12 OT Other\./,
      ],
      ['a kind number out of range', 'DEY 101 13 bulldozers', /kind code 13 is not known/],
      [
        'no text after the kind',
        'DEY 101 EV   ',
        /say what happened after the kind code\. Example: DEY 101 EV bulldozers at the rice field$/,
      ],
      ['a text over 1000 characters', `DEY 101 EV ${'x'.repeat(1001)}`, /too long \(1001 characters; at most 1000\)/],
    ]
    for (const [name, message, expected] of cases) {
      it(name, async () => {
        const before = await counts()
        const res = await post(delivery(message))
        expect(res.statusCode, res.body).toBe(200)
        expect(res.json()).toEqual({ outcome: 'help' })
        const after = await counts()
        expect(after.reports).toBe(before.reports)
        expect(after.replies).toBe(before.replies + 1)
        expect(gateway.sent.at(-1)!).toMatchObject({ phoneNumbers: [STRANGER], text: expect.stringMatching(expected) })
      })
    }

    it('explains in Khmer when the text is in Khmer', async () => {
      await post(delivery('ដី ៩៩៩ EV ម៉ាស៊ីនឈូស'))
      expect(gateway.sent.at(-1)!.text).toBe('Dey: មិនស្គាល់លេខកូដសហគមន៍ 999 ទេ។ សូមសួរតំណាងសហគមន៍របស់អ្នកអំពីលេខកូដនេះ។ ឧទាហរណ៍៖ DEY 101 EV ម៉ាស៊ីនឈូសចូលស្រែ')
    })

    it('sends the help once however often the same SMS is delivered', async () => {
      const sms = delivery('what is this number?')
      await post(sms)
      const before = await counts()
      const replay = await post(sms)
      expect(replay.json()).toEqual({ outcome: 'replayed' })
      expect(await counts()).toEqual(before)
    })

    it('answers nothing to a sender that is not a phone number (an operator’s promotion)', async () => {
      const before = await counts()
      const res = await post(delivery('Top up 5$ today and get 100% bonus!', { from: 'Cellcard' }))
      expect(res.json()).toEqual({ outcome: 'ignored' })
      expect((await counts()).replies).toBe(before.replies)
      expect((await counts()).reports).toBe(before.reports)
    })
  })

  it('handles each SMS once: a replayed delivery, or the same SMS through a second webhook, changes nothing', async () => {
    const sms = delivery('DEY 101 DM Houses were torn down')
    const first = await post(sms)
    expect(first.json().outcome).toBe('filed')
    const before = await counts()
    const replay = await post(sms)
    expect(replay.statusCode).toBe(200)
    expect(replay.json()).toEqual({ outcome: 'replayed' })
    // The gateway's second webhook (cloud and local) sends the same SMS under a new delivery id.
    const secondWebhook = await post({ ...sms, id: 'Zq1LocalWebhookDelivery', webhookId: 'local' })
    expect(secondWebhook.json()).toEqual({ outcome: 'replayed' })
    expect(await counts()).toEqual(before)
  })

  it('ignores other events (sent, delivered, ping) and writes nothing', async () => {
    const before = await counts()
    const res = await post({
      deviceId: 'ffffffffceb0b1db0000018e937c815b',
      event: 'sms:delivered',
      id: 'DlvR3c31pt',
      payload: { messageId: 'abc', phoneNumber: STRANGER, simNumber: null, deliveredAt: '2026-12-06T09:00:00.000+07:00' },
      webhookId: 'x',
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ outcome: 'ignored' })
    expect(await counts()).toEqual(before)
  })

  describe('malformed deliveries: 400 naming the field, nothing written, no reply', () => {
    const base = () => delivery('DEY 101 EV bulldozers')
    const cases: [string, () => unknown, string][] = [
      ['a body that is not JSON', () => '{"event": "sms:received", "payload": {', 'body'],
      ['no delivery id', () => ({ ...base(), id: undefined }), 'body.id'],
      ['a payload that is not an object', () => ({ ...base(), payload: 'DEY 101 EV' }), 'body.payload'],
      ['no message', () => ({ ...base(), payload: { ...base().payload, message: undefined } }), 'body.payload.message'],
      [
        'no sender',
        () => ({ ...base(), payload: { ...base().payload, sender: undefined, phoneNumber: undefined } }),
        'body.payload.phoneNumber',
      ],
      ['a time that is not one', () => ({ ...base(), payload: { ...base().payload, receivedAt: 'yesterday' } }), 'body.payload.receivedAt'],
      ['a message id that is a number', () => ({ ...base(), payload: { ...base().payload, messageId: 42 } }), 'body.payload.messageId'],
    ]
    for (const [name, body, field] of cases) {
      it(name, async () => {
        const before = await counts()
        const res = await post(body())
        expect(res.statusCode, res.body).toBe(400)
        expect(problemOf(res).errors?.map((e) => e.field)).toContain(field)
        expect(await counts()).toEqual(before)
      })
    }
  })

  it('never answers 5xx to odd deliveries, and files only well-formed reports', async () => {
    const odd: unknown[] = [
      null,
      [],
      42,
      '"a string"',
      {},
      { ...delivery('x'), payload: null },
      { ...delivery('x'), payload: [] },
      { ...delivery('x'), event: 'sms:received', payload: {} },
      { ...delivery('x'), id: '' },
      { ...delivery('x'), id: 'x'.repeat(5000) },
      { ...delivery('x'), deviceId: { nested: true } },
      delivery('DEY 101 EV nul \u0000 in the text'),
      delivery('DEY\u0000101 EV nul between words'),
      delivery('\u0000'),
      delivery('DEY 101 EV ' + '😀'.repeat(600)),
      delivery('DEY 101 EV ' + 'ក'.repeat(999)),
      delivery('DEY 101 EV \u202Eright-to-left override'),
      delivery('DEY ' + 'A'.repeat(500) + ' EV text'),
      delivery('DEY 101 ' + 'Z'.repeat(500) + ' text'),
      delivery("DEY 101' OR '1'='1 EV text"),
      delivery('DEY 101 EV text', { from: '+'.repeat(60) }),
      delivery('DEY 101 EV text', { from: '0' }),
      delivery('DEY 101 EV text', { from: '\u0000+85512345678' }),
      { ...delivery('DEY 101 EV text'), payload: { ...delivery('DEY 101 EV text').payload, simNumber: 1e300 } },
      { ...delivery('DEY 101 EV text'), payload: { ...delivery('DEY 101 EV text').payload, receivedAt: '9999-12-31T23:59:59.999+14:00' } },
      { ...delivery('DEY 101 EV text'), payload: { ...delivery('DEY 101 EV text').payload, message: 'x'.repeat(40_001) } },
    ]
    for (const body of odd) {
      const raw = typeof body === 'string' ? body : JSON.stringify(body)
      const res = await post(raw)
      expect(res.statusCode, `${raw.slice(0, 80)} → ${res.body.slice(0, 200)}`).toBeLessThan(500)
      if (res.statusCode === 200 && res.json().outcome === 'filed') {
        const report = await reportByReceipt(res.json().receiptCode)
        expect(report.description).not.toContain('\u0000')
      }
    }
  })

  it('drops NUL characters (which PostgreSQL cannot store) rather than losing the report', async () => {
    const res = await post(delivery('DEY 101 EV nul \u0000in the text', { from: '+85517000\u0000222' }))
    expect(res.statusCode, res.body).toBe(200)
    expect(await reportByReceipt(res.json().receiptCode)).toMatchObject({ description: 'nul in the text', phone: '+85517000222' })
  })

  describe('the secret and the signature', () => {
    it('refuses a wrong secret before reading the body, and writes nothing', async () => {
      const before = await counts()
      for (const secret of ['sms-webhook-secret-0123456789abcdeX', 'x', SECRET.slice(0, -1)]) {
        const res = await post(delivery('DEY 101 EV bulldozers'), { secret })
        expect(res.statusCode).toBe(403)
        expect(problemOf(res).code).toBe('intake.sms.refused')
      }
      expect((await post('not even JSON', { secret: 'wrong' })).statusCode).toBe(403)
      expect(await counts()).toEqual(before)
    })

    it('takes a delivery signed with the secret (X-Signature, X-Timestamp), as the gateway signs them', async () => {
      const body = JSON.stringify(delivery('DEY 101 CD Our cassava was sprayed with poison'))
      const res = await post(body, { headers: signDelivery(SECRET, body, new Date()) })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json().outcome).toBe('filed')
    })

    it('refuses a delivery whose signature does not match its body or key, or is old, and writes nothing', async () => {
      const body = JSON.stringify(delivery('DEY 101 CD Our cassava was sprayed with poison'))
      const before = await counts()
      const altered = body.replace('cassava', 'rice')
      const attempts = [
        { body: altered, headers: signDelivery(SECRET, body, new Date()) },
        { body, headers: signDelivery('the gateway’s own random key', body, new Date()) },
        { body, headers: signDelivery(SECRET, body, new Date(Date.now() - 60 * 60 * 1000)) },
        { body, headers: { 'x-signature': 'not hex' } },
      ]
      for (const attempt of attempts) {
        const res = await post(attempt.body, { headers: attempt.headers })
        expect(res.statusCode, res.body).toBe(403)
        expect(problemOf(res).code).toBe('intake.sms.signature_invalid')
      }
      expect(await counts()).toEqual(before)
    })
  })

  describe('when the gateway cannot send the reply', () => {
    for (const mode of ['down', 'error'] as const) {
      it(`keeps the report and answers 200 (gateway ${mode})`, async () => {
        gateway.mode = mode
        const before = await counts()
        const res = await post(delivery('DEY 101 EN They are clearing the community forest', { from: '+85517999888' }))
        expect(res.statusCode).toBe(200)
        expect(res.json().outcome).toBe('filed')
        expect(await reportByReceipt(res.json().receiptCode)).toMatchObject({ phone: '+85517999888', kind: 'encroachment' })
        expect(await counts()).toMatchObject({ reports: before.reports + 1, replies: before.replies })
      })
    }

    it('logs the failure without the number, the text or the secret', () => {
      const failures = logLines.filter((line) => line.includes('the SMS reply could not be sent'))
      expect(failures.length).toBeGreaterThanOrEqual(2)
      const all = logLines.join('\n')
      for (const secretThing of ['17999888', 'community forest', SECRET, 'cassava', 'Bulldozers entered']) {
        expect(all).not.toContain(secretThing)
      }
    })
  })
})

describe(`SMS intake not configured, on ${testDriver}`, () => {
  let bare: TestApp
  beforeAll(async () => {
    bare = await createTestApp()
  })
  afterAll(() => bare?.close())

  it('answers 404, as if the webhook did not exist', async () => {
    const res = await bare.app.inject({
      method: 'POST',
      url: `/api/intake/sms/${SECRET}`,
      headers: { cookie: '', 'content-type': 'application/json' },
      payload: JSON.stringify(delivery('DEY 101 EV bulldozers')),
    })
    expect(res.statusCode).toBe(404)
    expect(problemOf(res).code).toBe('route.not_found')
    const [reports] = await bare.db.select({ n: count() }).from(intakeReports)
    expect(reports!.n).toBe(0)
  })
})
