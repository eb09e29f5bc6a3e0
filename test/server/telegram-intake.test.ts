// The Telegram bot: real-shaped Bot API updates posted to the webhook, replies and file downloads
// played by a real HTTP server that stands in for the Bot API (test/helpers/fake-telegram.ts).
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { INTAKE_MAX_PHOTOS } from '../../shared/intake.ts'
import { INCIDENT_KINDS } from '../../shared/vocabularies.ts'
import { vocabMessages } from '../../shared/vocabulary-labels.ts'
import { telegramMessages } from '../../server/features/intake/telegram-messages.ts'
import { startFakeTelegram, telegramConversation, type BotApiCall, type FakeTelegram, type PhotoFixture } from '../helpers/fake-telegram.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures')
const SECRET = 'dey-telegram-webhook-secret-0123456789'
const HEADER = 'x-telegram-bot-api-secret-token'
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** The evidence store's blobs (by hash) and temporary files. */
async function storeFiles(dir: string) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
  return {
    blobs: files.filter((file) => /^[0-9a-f]{64}$/.test(path.basename(file))).map((file) => path.basename(file)),
    temporary: files.filter((file) => file.startsWith('tmp')),
  }
}

let fake: FakeTelegram
let t: TestApp
let jpeg: Buffer
let smallJpeg: Buffer
let pdf: Buffer
const logLines: string[] = []

type Update = Record<string, unknown>
/** `header: null` sends none. */
const post = (update: Update | string, { secret = SECRET, header = SECRET as string | null } = {}) =>
  t.app.inject({
    method: 'POST',
    url: `/api/intake/telegram/${secret}`,
    // Telegram sends no cookie: the request is anonymous.
    headers: { cookie: '', 'content-type': 'application/json', ...(header === null ? {} : { [HEADER]: header }) },
    payload: typeof update === 'string' ? update : JSON.stringify(update),
  })

/** Posts an update and expects Telegram's 200. */
const deliver = async (update: Update) => {
  const res = await post(update)
  expect(res.statusCode, res.body).toBe(200)
  return res
}

const count = async (table: string, where = sql`TRUE`) =>
  (await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE ${where}`))[0]!.n

/** Everything an update could change, to compare before and after. */
const snapshot = async () => ({
  reports: await count('intake_reports'),
  evidence: await count('evidence'),
  chats: await count('telegram_chats'),
  deliveries: await count('intake_webhook_deliveries'),
  audit: await count('audit_log'),
  calls: fake.calls.length,
  downloads: fake.downloads.length,
})

const messagesTo = (chatId: number) => fake.callsOf('sendMessage').filter((call) => call.body.chat_id === chatId)
const lastMessageTo = (chatId: number) => messagesTo(chatId).at(-1)!
/** The bot's message as Telegram would return it (its message_id is what a button press refers to). */
const sent = (call: BotApiCall) => call.result as { message_id: number; text: string }
const buttonsOf = (call: BotApiCall) =>
  ((call.body.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] } | undefined)?.inline_keyboard ?? []).flat()

const reportOfChat = async (chatId: number) =>
  await queryRows<{
    id: string
    status: string
    kind: string | null
    description: string | null
    language: string
    receipt_code: string
    telegram_user_id: string | number | null
    telegram_username: string | null
    telegram_chat_id: string | number | null
    lng: number | null
    lat: number | null
  }>(
    t.db,
    sql`SELECT id, status, kind, description, language, receipt_code, telegram_user_id, telegram_username, telegram_chat_id,
                 ST_X(location) AS lng, ST_Y(location) AS lat
          FROM intake_reports WHERE telegram_chat_id = ${chatId}`,
  )

let nextId = 910_000_000
/** A new person in a private chat (private chat ids are the user's id). */
const newSender = (languageCode = 'km') => {
  const id = ++nextId
  return { id, chat: telegramConversation({ id, firstName: 'Sokha', username: `sokha_${id}`, languageCode }, { id, type: 'private' }) }
}

const photoFile = (name: string, bytes: Buffer): PhotoFixture => {
  const fixture = { fileId: `AgACAgUAAxkBAAI${name}`, fileUniqueId: `AQAD${name}`, width: 1280, height: 960, sizeBytes: bytes.length }
  fake.addFile({ fileId: fixture.fileId, fileUniqueId: fixture.fileUniqueId, path: `photos/file_${name}.jpg`, bytes })
  return fixture
}

/** Takes a new sender through language, kind, description and location (skipped) to the photos step. */
async function reachPhotos(language: 'km' | 'en' = 'en') {
  const sender = newSender()
  await deliver(sender.chat.text('/start'))
  await deliver(sender.chat.callback(`lang:${language}`, sent(lastMessageTo(sender.id))))
  await deliver(sender.chat.callback('kind:demolition', sent(lastMessageTo(sender.id))))
  await deliver(sender.chat.text('The company demolished three houses by the river this morning.'))
  await deliver(sender.chat.callback('skip', sent(lastMessageTo(sender.id))))
  return sender
}

beforeAll(async () => {
  jpeg = await readFile(path.join(FIXTURES, 'photos/exif-samples_gps_DSCN0010.jpg'))
  smallJpeg = await readFile(path.join(FIXTURES, 'photos/exifr_noexif.jpg'))
  pdf = await readFile(path.join(FIXTURES, 'pdf/py-pdf_minimal-document.pdf'))
  fake = await startFakeTelegram()
  t = await createTestApp({
    intake: { publicUrl: 'http://localhost:3000', telegram: { botToken: fake.token, webhookSecret: SECRET, apiUrl: fake.apiUrl } },
    logTo: { write: (line: string) => void logLines.push(line) },
  })
})
afterAll(async () => {
  await t?.close()
  await fake?.close()
})

describe('a whole conversation, in English', () => {
  const sender = { id: 0, chat: undefined as unknown as ReturnType<typeof telegramConversation> }
  const updates: Update[] = []
  const description = 'Soldiers and a bulldozer came to the rice fields of Prey Lvea at 7 this morning and fenced off 20 ha.'
  let photo: PhotoFixture

  beforeAll(async () => {
    Object.assign(sender, newSender('en'))
    photo = photoFile('whole', jpeg)
    const step = async (update: Update) => {
      updates.push(update)
      await deliver(update)
    }
    await step(sender.chat.text('/start'))
    await step(sender.chat.callback('lang:en', sent(lastMessageTo(sender.id))))
    await step(sender.chat.callback('kind:land_grabbing', sent(lastMessageTo(sender.id))))
    await step(sender.chat.text(description))
    await step(sender.chat.location(11.5564, 104.9282))
    await step(sender.chat.photo(photo))
    await step(sender.chat.callback('send', sent(lastMessageTo(sender.id))))
  })

  it('files exactly one report, status new, with the kind, the description, the location and the sender', async () => {
    const reports = await reportOfChat(sender.id)
    expect(reports).toHaveLength(1)
    const [report] = reports
    expect(report).toMatchObject({
      status: 'new',
      kind: 'land_grabbing',
      description,
      language: 'en',
      telegram_username: `sokha_${sender.id}`,
    })
    expect(Number(report!.telegram_user_id)).toBe(sender.id)
    expect(Number(report!.telegram_chat_id)).toBe(sender.id)
    expect(report!.lng).toBeCloseTo(104.9282, 6)
    expect(report!.lat).toBeCloseTo(11.5564, 6)
    expect(await count('intake_reports', sql`source = 'telegram' AND telegram_chat_id = ${sender.id}`)).toBe(1)
  })

  it('stores the largest size of the photo, as downloaded, as confidential evidence of the report', async () => {
    const [report] = await reportOfChat(sender.id)
    const files = await queryRows<{
      sha256: string
      size_bytes: string | number
      is_confidential: boolean
      uploaded_by_user_id: string | null
    }>(t.db, sql`SELECT sha256, size_bytes, is_confidential, uploaded_by_user_id FROM evidence WHERE intake_report_id = ${report!.id}`)
    expect(files).toHaveLength(1)
    expect(files[0]!.sha256).toBe(sha256(jpeg))
    expect(Number(files[0]!.size_bytes)).toBe(jpeg.length)
    expect(files[0]).toMatchObject({ is_confidential: true, uploaded_by_user_id: null })
    expect(fake.callsOf('getFile').filter((call) => call.body.file_id === photo.fileId)).toHaveLength(1)
    expect(fake.downloads).toContain('photos/file_whole.jpg')
    expect((await storeFiles(t.evidenceDir)).blobs).toContain(sha256(jpeg))
  })

  it('records the photo in the chain of custody as written by the Telegram bot, with no address', async () => {
    const [report] = await reportOfChat(sender.id)
    const rows = await queryRows<{ actor_label: string; actor_id: string | null; ip: string | null }>(
      t.db,
      sql`SELECT a.actor_label, a.actor_id, a.ip FROM audit_log a JOIN evidence e ON a.entity = 'evidence' AND a.entity_id = e.id::text
          WHERE e.intake_report_id = ${report!.id} AND a.action = 'create'`,
    )
    expect(rows).toEqual([{ actor_label: 'Telegram bot', actor_id: null, ip: null }])
  })

  it('answers every button press, and replies with the receipt code in English at the end', async () => {
    const [report] = await reportOfChat(sender.id)
    const callbackIds = updates.flatMap((update) => ('callback_query' in update ? [(update.callback_query as { id: string }).id] : []))
    expect(fake.callsOf('answerCallbackQuery').filter((call) => callbackIds.includes(String(call.body.callback_query_id)))).toHaveLength(3)
    const last = lastMessageTo(sender.id)
    expect(last.body.text).toContain(report!.receipt_code)
    expect(last.body.text).toContain('Receipt code')
    expect(report!.receipt_code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/)
  })

  it('offers the twelve kinds, with their English labels, once English is chosen', () => {
    const prompt = messagesTo(sender.id).find((call) => call.body.text === telegramMessages.en.chooseKind)!
    const kindButtons = buttonsOf(prompt).filter((button) => button.callback_data.startsWith('kind:'))
    expect(kindButtons.map((button) => button.callback_data)).toEqual(INCIDENT_KINDS.map((kind) => `kind:${kind}`))
    expect(kindButtons.map((button) => button.text)).toEqual(INCIDENT_KINDS.map((kind) => vocabMessages.en.incidentKind[kind]))
  })

  it('leaves nothing of the sender in telegram_chats once the report is sent', async () => {
    expect(await count('telegram_chats', sql`chat_id = ${sender.id}`)).toBe(0)
  })

  it('changes nothing and sends nothing when every update is delivered again', async () => {
    const before = await snapshot()
    for (const update of updates) await deliver(update)
    expect(await snapshot()).toEqual(before)
    expect(await reportOfChat(sender.id)).toHaveLength(1)
  })
})

describe('the webhook secret', () => {
  const refusals: [string, { secret?: string; header?: string | null }][] = [
    ['no header', { header: null }],
    ['a wrong header', { header: `${SECRET}x` }],
    ['an empty header', { header: '' }],
    ['a wrong path', { secret: `${SECRET.slice(0, -1)}X` }],
    ['the header right and the path a prefix of the secret', { secret: SECRET.slice(0, 20) }],
    ['the path right and the header a prefix of the secret', { header: SECRET.slice(0, 20) }],
  ]
  for (const [name, parts] of refusals) {
    it(`refuses an update with ${name} (404, as an unknown route), writes and sends nothing`, async () => {
      const sender = newSender()
      const before = await snapshot()
      const res = await post(sender.chat.text('/start'), parts)
      expect(res.statusCode).toBe(404)
      expect(res.json().code).toBe('route.not_found')
      // The same answer whichever part is wrong (and the same as without a bot).
      expect(res.json().detail).toBe('No route POST /api/intake/telegram/…')
      expect(await snapshot()).toEqual(before)
    })
  }

  it('answers 404 to every update when no bot is configured', async () => {
    const bare = await createTestApp()
    try {
      const res = await bare.app.inject({
        method: 'POST',
        url: `/api/intake/telegram/${SECRET}`,
        headers: { cookie: '', 'content-type': 'application/json', [HEADER]: SECRET },
        payload: JSON.stringify(newSender().chat.text('/start')),
      })
      expect(res.statusCode).toBe(404)
      expect(await queryRows(bare.db, sql`SELECT 1 FROM intake_webhook_deliveries`)).toHaveLength(0)
    } finally {
      await bare.close()
    }
  })
})

describe('the conversation', () => {
  it('speaks Khmer by default, takes a report without location or photos, and gives the receipt in Khmer', async () => {
    const sender = newSender()
    await deliver(sender.chat.text('សួស្ដី'))
    const welcome = lastMessageTo(sender.id)
    expect(buttonsOf(welcome).map((button) => button.callback_data)).toEqual(['lang:km', 'lang:en'])
    await deliver(sender.chat.callback('lang:km', sent(welcome)))
    const kinds = lastMessageTo(sender.id)
    expect(kinds.body.text).toBe(telegramMessages.km.chooseKind)
    expect(buttonsOf(kinds)[0]!.text).toBe(vocabMessages.km.incidentKind.forced_eviction)
    await deliver(sender.chat.callback('kind:forced_eviction', sent(kinds)))
    await deliver(sender.chat.text('ក្រុមហ៊ុនបានបណ្ដេញគ្រួសារចំនួនដប់ចេញពីភូមិ។'))
    await deliver(sender.chat.callback('skip', sent(lastMessageTo(sender.id))))
    await deliver(sender.chat.callback('send', sent(lastMessageTo(sender.id))))
    const [report] = await reportOfChat(sender.id)
    expect(report).toMatchObject({ status: 'new', kind: 'forced_eviction', language: 'km', lng: null, lat: null })
    expect(lastMessageTo(sender.id).body.text).toContain('លេខកូដបង្កាន់ដៃ')
    expect(lastMessageTo(sender.id).body.text).toContain(report!.receipt_code)
    expect(await count('evidence', sql`intake_report_id = ${report!.id}`)).toBe(0)
  })

  it('keeps the report a draft, out of the queue, until Send is pressed', async () => {
    const sender = await reachPhotos()
    const [report] = await reportOfChat(sender.id)
    expect(report!.status).toBe('draft')
    expect(lastMessageTo(sender.id).body.text).not.toContain(report!.receipt_code)
  })

  it('asks again, in words, when a description is not text', async () => {
    const sender = newSender()
    await deliver(sender.chat.text('/start'))
    await deliver(sender.chat.callback('lang:en', sent(lastMessageTo(sender.id))))
    await deliver(sender.chat.callback('kind:fencing', sent(lastMessageTo(sender.id))))
    await deliver(sender.chat.location(12.1, 104.5))
    expect(lastMessageTo(sender.id).body.text).toBe(telegramMessages.en.expectDescription)
    const [report] = await reportOfChat(sender.id)
    expect(report).toMatchObject({ description: null, lng: null })
  })

  it('takes a description with a NUL character in it (which PostgreSQL text cannot hold) without it', async () => {
    const sender = newSender()
    await deliver(sender.chat.text('/start'))
    await deliver(sender.chat.callback('lang:en', sent(lastMessageTo(sender.id))))
    await deliver(sender.chat.callback('kind:fencing', sent(lastMessageTo(sender.id))))
    await deliver(sender.chat.text('A fence\u0000 across the road'))
    const [report] = await reportOfChat(sender.id)
    expect(report!.description).toBe('A fence across the road')
  })

  it('answers a button of an earlier step as no longer active, and changes nothing', async () => {
    const sender = await reachPhotos()
    const kindPrompt = messagesTo(sender.id).find((call) => call.body.text === telegramMessages.en.chooseKind)!
    const before = await reportOfChat(sender.id)
    const press = sender.chat.callback('kind:violence', sent(kindPrompt))
    await deliver(press)
    const answer = fake.callsOf('answerCallbackQuery').at(-1)!
    expect(answer.body).toEqual({
      callback_query_id: (press.callback_query as { id: string }).id,
      text: telegramMessages.en.buttonInactive,
    })
    expect(await reportOfChat(sender.id)).toEqual(before)
  })

  it('takes up to the photo limit and declines more, without downloading them', async () => {
    const sender = await reachPhotos()
    const photo = photoFile('limit', smallJpeg)
    for (let index = 0; index < INTAKE_MAX_PHOTOS; index++) await deliver(sender.chat.photo(photo))
    const downloads = fake.downloads.length
    await deliver(sender.chat.photo(photo))
    expect(fake.downloads.length).toBe(downloads)
    expect(lastMessageTo(sender.id).body.text).toBe(telegramMessages.en.tooManyPhotos.replace('{max}', String(INTAKE_MAX_PHOTOS)))
    const [report] = await reportOfChat(sender.id)
    expect(await count('evidence', sql`intake_report_id = ${report!.id}`)).toBe(INTAKE_MAX_PHOTOS)
  })

  it('refuses a group chat with a short message, and keeps nothing of it', async () => {
    const groupId = -100_1234567890
    const chat = telegramConversation({ id: ++nextId, firstName: 'Dara' }, { id: groupId, type: 'supergroup' })
    const before = await snapshot()
    await deliver(chat.text('/start@DeyReportBot'))
    expect(messagesTo(groupId)).toHaveLength(1)
    expect(lastMessageTo(groupId).body.text).toContain('private chat')
    expect(await count('telegram_chats', sql`chat_id = ${groupId}`)).toBe(0)
    expect(await count('intake_reports')).toBe(before.reports)
  })

  it("stays out of a group's own conversation (messages not addressed to the bot)", async () => {
    const groupId = -100_1234567891
    const chat = telegramConversation({ id: ++nextId, firstName: 'Dara' }, { id: groupId, type: 'group' })
    const before = await snapshot()
    await deliver(chat.text('Did anyone see the trucks this morning?'))
    await deliver(chat.location(11.2, 104.1))
    expect(messagesTo(groupId)).toHaveLength(0)
    expect(await snapshot()).toEqual(before)
  })

  it('ignores updates of other kinds (an edited message) with a 200', async () => {
    const sender = newSender()
    const before = await snapshot()
    await deliver(sender.chat.editedMessage('changed my mind'))
    expect(await snapshot()).toEqual(before)
  })
})

describe('photos that cannot be taken', () => {
  it('tells the sender when a photo cannot be downloaded, and stores nothing of it', async () => {
    const sender = await reachPhotos()
    const photo = photoFile('broken', smallJpeg)
    const blobsBefore = (await storeFiles(t.evidenceDir)).blobs.length
    fake.fail({ files: true })
    try {
      await deliver(sender.chat.photo(photo))
    } finally {
      fake.fail({})
    }
    expect(lastMessageTo(sender.id).body.text).toBe(telegramMessages.en.photoDownloadFailed)
    const [report] = await reportOfChat(sender.id)
    expect(await count('evidence', sql`intake_report_id = ${report!.id}`)).toBe(0)
    const files = await storeFiles(t.evidenceDir)
    expect(files.temporary).toEqual([])
    expect(files.blobs.length).toBe(blobsBefore)
  })

  it('tells the sender when getFile fails, and the next try is taken', async () => {
    const sender = await reachPhotos()
    const photo = photoFile('retry', smallJpeg)
    fake.fail({ methods: ['getFile'] })
    try {
      await deliver(sender.chat.photo(photo))
    } finally {
      fake.fail({})
    }
    expect(lastMessageTo(sender.id).body.text).toBe(telegramMessages.en.photoDownloadFailed)
    await deliver(sender.chat.photo(photo))
    const [report] = await reportOfChat(sender.id)
    expect(await count('evidence', sql`intake_report_id = ${report!.id}`)).toBe(1)
  })

  it('declines a document that is not a picture, politely and without downloading it', async () => {
    const sender = await reachPhotos()
    fake.addFile({ fileId: 'BQACAgUAAxkBAAIpdf', fileUniqueId: 'AgADpdf', path: 'documents/file_1.pdf', bytes: pdf })
    const downloads = fake.downloads.length
    await deliver(
      sender.chat.document({
        fileId: 'BQACAgUAAxkBAAIpdf',
        fileUniqueId: 'AgADpdf',
        fileName: 'land-title.pdf',
        mimeType: 'application/pdf',
        sizeBytes: pdf.length,
      }),
    )
    expect(lastMessageTo(sender.id).body.text).toBe(telegramMessages.en.notAPhoto)
    expect(fake.downloads.length).toBe(downloads)
    const [report] = await reportOfChat(sender.id)
    expect(await count('evidence', sql`intake_report_id = ${report!.id}`)).toBe(0)
  })

  it('declines a document that says it is a picture but is not, and keeps none of its bytes', async () => {
    const sender = await reachPhotos()
    fake.addFile({ fileId: 'BQACAgUAAxkBAAIfake', fileUniqueId: 'AgADfake', path: 'documents/file_2.jpg', bytes: pdf })
    await deliver(
      sender.chat.document({
        fileId: 'BQACAgUAAxkBAAIfake',
        fileUniqueId: 'AgADfake',
        fileName: 'photo.jpg',
        mimeType: 'image/jpeg',
        sizeBytes: pdf.length,
      }),
    )
    expect(lastMessageTo(sender.id).body.text).toBe(telegramMessages.en.notAPhoto)
    const [report] = await reportOfChat(sender.id)
    expect(await count('evidence', sql`intake_report_id = ${report!.id}`)).toBe(0)
    const files = await storeFiles(t.evidenceDir)
    expect(files.temporary).toEqual([])
    expect(files.blobs).not.toContain(sha256(pdf))
  })

  it('takes a picture sent as a file (a document of type image/jpeg)', async () => {
    const sender = await reachPhotos()
    fake.addFile({ fileId: 'BQACAgUAAxkBAAIjpg', fileUniqueId: 'AgADjpg', path: 'documents/file_3.jpg', bytes: smallJpeg })
    await deliver(
      sender.chat.document({
        fileId: 'BQACAgUAAxkBAAIjpg',
        fileUniqueId: 'AgADjpg',
        fileName: 'IMG_0042.jpg',
        mimeType: 'image/jpeg',
        sizeBytes: smallJpeg.length,
      }),
    )
    const [report] = await reportOfChat(sender.id)
    expect(await queryRows(t.db, sql`SELECT sha256 FROM evidence WHERE intake_report_id = ${report!.id}`)).toEqual([
      { sha256: sha256(smallJpeg) },
    ])
  })
})

describe('cancelling', () => {
  it('/cancel deletes the draft and its photos, rows and bytes', async () => {
    const sender = await reachPhotos()
    // Bytes no other record has, so their removal can be seen.
    const unique = Buffer.concat([smallJpeg, Buffer.from(`cancelled ${sender.id}`)])
    await deliver(sender.chat.photo(photoFile('cancel', unique)))
    const [draft] = await reportOfChat(sender.id)
    expect(await count('evidence', sql`intake_report_id = ${draft!.id}`)).toBe(1)
    expect((await storeFiles(t.evidenceDir)).blobs).toContain(sha256(unique))

    await deliver(sender.chat.text('/cancel'))
    expect(await reportOfChat(sender.id)).toEqual([])
    expect(await count('evidence', sql`intake_report_id = ${draft!.id}`)).toBe(0)
    expect(await count('evidence', sql`sha256 = ${sha256(unique)}`)).toBe(0)
    expect((await storeFiles(t.evidenceDir)).blobs).not.toContain(sha256(unique))
    expect(await count('telegram_chats', sql`chat_id = ${sender.id}`)).toBe(0)
    expect(lastMessageTo(sender.id).body.text).toBe(telegramMessages.en.cancelled)
  })

  it('the Cancel button deletes the draft too', async () => {
    const sender = await reachPhotos()
    await deliver(sender.chat.callback('cancel', sent(lastMessageTo(sender.id))))
    expect(await reportOfChat(sender.id)).toEqual([])
  })

  it('/start in the middle of a report starts over, without the abandoned draft', async () => {
    const sender = await reachPhotos()
    await deliver(sender.chat.text('/start'))
    expect(await reportOfChat(sender.id)).toEqual([])
    expect(buttonsOf(lastMessageTo(sender.id)).map((button) => button.callback_data)).toEqual(['lang:km', 'lang:en'])
  })
})

describe('abandoned drafts', () => {
  it('are deleted with their photos and chat state a week after the sender went quiet', async () => {
    const quiet = await reachPhotos()
    const unique = Buffer.concat([smallJpeg, Buffer.from(`abandoned ${quiet.id}`)])
    await deliver(quiet.chat.photo(photoFile('abandoned', unique)))
    const recent = await reachPhotos()
    const [draft] = await reportOfChat(quiet.id)
    await t.db.execute(sql`UPDATE telegram_chats SET updated_at = now() - interval '8 days' WHERE chat_id = ${quiet.id}`)

    // Any traffic of the bot sweeps them.
    await deliver(newSender().chat.text('/start'))
    expect(await reportOfChat(quiet.id)).toEqual([])
    expect(await count('evidence', sql`intake_report_id = ${draft!.id}`)).toBe(0)
    expect(await count('telegram_chats', sql`chat_id = ${quiet.id}`)).toBe(0)
    expect((await storeFiles(t.evidenceDir)).blobs).not.toContain(sha256(unique))
    // A draft touched within the week stays.
    expect(await reportOfChat(recent.id)).toHaveLength(1)
  })
})

describe('when the Bot API is down', () => {
  it("keeps the sender's input, answers Telegram 200, and goes on once it is back", async () => {
    const sender = newSender()
    await deliver(sender.chat.text('/start'))
    await deliver(sender.chat.callback('lang:en', sent(lastMessageTo(sender.id))))
    await deliver(sender.chat.callback('kind:intimidation', sent(lastMessageTo(sender.id))))
    const calls = fake.calls.length
    fake.fail({ methods: ['sendMessage', 'answerCallbackQuery', 'editMessageText'] })
    try {
      await deliver(sender.chat.text('Men with guns told us to leave by Friday.'))
    } finally {
      fake.fail({})
    }
    expect(fake.calls.length).toBeGreaterThan(calls)
    const [report] = await reportOfChat(sender.id)
    expect(report!.description).toBe('Men with guns told us to leave by Friday.')
    await deliver(sender.chat.location(13.36, 103.86))
    expect(lastMessageTo(sender.id).body.text).toBe(telegramMessages.en.askPhotos.replace('{max}', String(INTAKE_MAX_PHOTOS)))
  })
})

describe('malformed updates', () => {
  const bodies: [string, string][] = [
    ['JSON that does not parse', '{"update_id": 1, "message": '],
    ['an array', '[]'],
    ['no update_id', '{"message": {"text": "/start"}}'],
    ['a text update_id', '{"update_id": "one"}'],
    ['a negative update_id', '{"update_id": -5}'],
    ['a message without a chat', '{"update_id": 990000001, "message": {"message_id": 1, "date": 1, "text": "/start"}}'],
    [
      'a message with a chat id that is a string',
      '{"update_id": 990000002, "message": {"message_id": 1, "date": 1, "chat": {"id": "x", "type": "private"}, "from": {"id": 1, "is_bot": false}, "text": "/start"}}',
    ],
    [
      'a callback without its message',
      '{"update_id": 990000003, "callback_query": {"id": "1", "from": {"id": 7, "is_bot": false, "first_name": "A"}, "data": "send"}}',
    ],
    [
      'a callback with a huge data',
      `{"update_id": 990000004, "callback_query": {"id": "1", "from": {"id": 7, "is_bot": false}, "message": {"message_id": 1, "chat": {"id": 7, "type": "private"}}, "data": "${'x'.repeat(5000)}"}}`,
    ],
    [
      'a location out of range',
      '{"update_id": 990000005, "message": {"message_id": 1, "date": 1, "chat": {"id": 8, "type": "private"}, "from": {"id": 8, "is_bot": false}, "location": {"latitude": 200, "longitude": 1}}}',
    ],
    [
      'an empty photo list',
      '{"update_id": 990000006, "message": {"message_id": 1, "date": 1, "chat": {"id": 9, "type": "private"}, "from": {"id": 9, "is_bot": false}, "photo": []}}',
    ],
    [
      'a message from a bot',
      '{"update_id": 990000007, "message": {"message_id": 1, "date": 1, "chat": {"id": 10, "type": "private"}, "from": {"id": 10, "is_bot": true}, "text": "/start"}}',
    ],
    ['null', 'null'],
  ]
  for (const [name, body] of bodies) {
    it(`answers ${name} with a 4xx or an ignoring 200, never a 5xx, and writes nothing`, async () => {
      const before = await snapshot()
      const res = await post(body)
      expect(res.statusCode).toBeLessThan(500)
      expect([200, 400]).toContain(res.statusCode)
      expect(await snapshot()).toEqual(before)
    })
  }
})

describe('logs', () => {
  it('hold no chat id, user id, username, message text, token or webhook secret', async () => {
    const sender = newSender('en')
    const text = `A unique description ${sender.id} that must not be logged`
    await deliver(sender.chat.text('/start'))
    await deliver(sender.chat.callback('lang:en', sent(lastMessageTo(sender.id))))
    await deliver(sender.chat.callback('kind:arrest', sent(lastMessageTo(sender.id))))
    fake.fail({ methods: ['sendMessage'] })
    try {
      await deliver(sender.chat.text(text))
    } finally {
      fake.fail({})
    }
    const log = logLines.join('\n')
    expect(log).toContain('telegram: a Bot API call failed')
    expect(log).toContain('/api/intake/telegram/[secret]')
    for (const secret of [String(sender.id), `sokha_${sender.id}`, text, fake.token, fake.token.split(':')[1]!, SECRET]) {
      expect(log).not.toContain(secret)
    }
  })
})

describe('fuzzing', () => {
  const RECEIPT_CODE = /[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/g
  type Chat = ReturnType<typeof telegramConversation>
  /** One step of a random conversation: a real-shaped update, or one with a part replaced by anything. */
  const step = fc.oneof(
    fc.constantFrom('/start', '/cancel', '/start@DeyReportBot deep-link', '/help').map((text) => (chat: Chat) => chat.text(text)),
    fc.string({ maxLength: 300 }).map((text) => (chat: Chat) => chat.text(text)),
    // NUL, lone surrogates, control characters
    fc.string({ unit: 'binary', maxLength: 50 }).map((text) => (chat: Chat) => chat.text(text)),
    fc.tuple(fc.double({ min: -100, max: 100 }), fc.double({ min: -200, max: 200 })).map(
      ([latitude, longitude]) =>
        (chat: Chat) =>
          chat.location(latitude, longitude),
    ),
    fc
      .oneof(
        fc.constantFrom('lang:km', 'lang:en', 'lang:fr', 'kind:violence', 'kind:nope', 'skip', 'send', 'cancel', ''),
        fc.string({ maxLength: 70 }),
      )
      .map((data) => (chat: Chat, lastBotMessage: number) => chat.callback(data, { message_id: lastBotMessage })),
    fc.constant((chat: Chat) => chat.photo(photoFile('fuzz', smallJpeg))),
    fc
      .tuple(fc.constantFrom('message', 'callback_query', 'update_id', 'edited_message'), fc.anything())
      .map(([field, value]) => (chat: Chat) => ({ ...chat.text('/start'), [field]: value })),
  )

  it('random conversations never get a 5xx, and a sender is never shown a receipt code but their own', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
        const sender = newSender()
        for (const makeUpdate of steps) {
          const lastBotMessage = messagesTo(sender.id).at(-1)
          const update = makeUpdate(sender.chat, lastBotMessage ? sent(lastBotMessage).message_id : 1)
          const res = await post(update as Update)
          expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500)
          if (res.statusCode === 200) expect(res.json()).toEqual({ ok: true })
          else expect(String(res.headers['content-type'])).toContain('application/problem+json')
        }
        const own = new Set((await reportOfChat(sender.id)).map((report) => report.receipt_code))
        for (const message of messagesTo(sender.id)) {
          for (const code of String(message.body.text).match(RECEIPT_CODE) ?? []) expect(own).toContain(code)
        }
      }),
      { numRuns: 30 },
    )
  })
})
