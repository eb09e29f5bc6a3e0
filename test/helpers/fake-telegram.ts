// A stand-in for the Telegram Bot API on loopback (node:http, a random port): it records every
// method the bot calls with its JSON body, answers {ok: true, result} the way Telegram does, and
// serves files at /file/bot<token>/<file_path> for getFile. Plus builders of real-shaped Update
// objects, with the Bot API's own field names (https://core.telegram.org/bots/api#update).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface BotApiCall {
  method: string
  body: Record<string, unknown>
  /** What was answered as `result` (undefined when the call was failed on purpose). */
  result?: unknown
}

export interface FakeTelegramFile {
  fileId: string
  fileUniqueId: string
  /** Where getFile says it is, and where it is served: /file/bot<token>/<path>. */
  path: string
  bytes: Buffer
}

export interface FakeTelegram {
  /** TELEGRAM_API_URL for the app: http://127.0.0.1:<port> */
  apiUrl: string
  token: string
  /** Every Bot API call, in order (file downloads are not calls). */
  calls: BotApiCall[]
  /** The calls of one method. */
  callsOf(method: string): BotApiCall[]
  /** Paths of the file downloads asked for, in order. */
  downloads: string[]
  addFile(file: FakeTelegramFile): void
  /** Methods answered 502 Bad Gateway (the Bot API down) until set again; file downloads with `files`. */
  fail(options: { methods?: string[]; files?: boolean }): void
  close(): Promise<void>
}

/** A token in the shape @BotFather gives. */
export const FAKE_BOT_TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw-test'

export async function startFakeTelegram(token = FAKE_BOT_TOKEN): Promise<FakeTelegram> {
  const calls: BotApiCall[] = []
  const downloads: string[] = []
  const files = new Map<string, FakeTelegramFile>()
  let failing: { methods: Set<string>; files: boolean } = { methods: new Set(), files: false }
  let nextMessageId = 5000

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const filePrefix = `/file/bot${token}/`
    if (req.method === 'GET' && url.pathname.startsWith(filePrefix)) {
      const path = decodeURIComponent(url.pathname.slice(filePrefix.length))
      downloads.push(path)
      const file = [...files.values()].find((candidate) => candidate.path === path)
      if (failing.files || !file) return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' })
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.bytes.length) })
      return res.end(file.bytes)
    }
    const method = new RegExp(`^/bot${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(\\w+)$`).exec(url.pathname)?.[1]
    if (!method) return answer(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' })
    readJson(req).then(
      (body) => {
        const call: BotApiCall = { method, body }
        calls.push(call)
        if (failing.methods.has(method)) return answer(res, 502, { ok: false, error_code: 502, description: 'Bad Gateway' })
        const result = (call.result = resultOf(method, body))
        if (result === undefined) return answer(res, 400, { ok: false, error_code: 400, description: 'Bad Request: wrong file_id' })
        answer(res, 200, { ok: true, result })
      },
      () => answer(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' }),
    )
  })

  const resultOf = (method: string, body: Record<string, unknown>): unknown => {
    const chat = { id: body.chat_id, type: 'private' }
    const date = Math.floor(Date.now() / 1000)
    switch (method) {
      case 'sendMessage':
        return { message_id: nextMessageId++, from: botUser, chat, date, text: body.text, reply_markup: body.reply_markup }
      case 'editMessageText':
        return { message_id: body.message_id, from: botUser, chat, date, edit_date: date, text: body.text }
      case 'answerCallbackQuery':
        return true
      case 'getFile': {
        const file = files.get(String(body.file_id))
        return file && { file_id: file.fileId, file_unique_id: file.fileUniqueId, file_size: file.bytes.length, file_path: file.path }
      }
      default:
        return true
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    token,
    calls,
    callsOf: (method) => calls.filter((call) => call.method === method),
    downloads,
    addFile: (file) => void files.set(file.fileId, file),
    fail: (options) => {
      failing = { methods: new Set(options.methods ?? []), files: options.files ?? false }
    },
    close: async () => {
      // The bot's client keeps connections alive: end them, or close() waits for their timeout.
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

const botUser = { id: 123456789, is_bot: true, first_name: 'Dey', username: 'DeyReportBot' }

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  return text ? (JSON.parse(text) as Record<string, unknown>) : {}
}

// ---- Updates, as Telegram sends them to a webhook -----------------------------------------------

export interface TelegramSender {
  id: number
  firstName: string
  username?: string
  languageCode?: string
}

export interface PhotoFixture {
  fileId: string
  fileUniqueId: string
  width: number
  height: number
  sizeBytes: number
}

/**
 * Updates from one person in one chat (private unless `chat` says otherwise), with increasing
 * update_id, message_id and date, as one conversation produces them.
 */
export function telegramConversation(
  sender: TelegramSender,
  chat: { id: number; type: 'private' | 'group' | 'supergroup'; title?: string },
) {
  let updateId = 700_000_000 + Math.floor(Math.random() * 1_000_000)
  let messageId = 1
  let date = 1_767_225_600 // 2026-01-01T00:00:00Z
  const from = {
    id: sender.id,
    is_bot: false,
    first_name: sender.firstName,
    ...(sender.username ? { username: sender.username } : {}),
    language_code: sender.languageCode ?? 'km',
  }
  const chatObject =
    chat.type === 'private'
      ? { id: chat.id, first_name: sender.firstName, ...(sender.username ? { username: sender.username } : {}), type: 'private' }
      : { id: chat.id, title: chat.title ?? 'Village group', type: chat.type }

  const message = (fields: Record<string, unknown>) => ({
    update_id: ++updateId,
    message: { message_id: messageId++, from, chat: chatObject, date: (date += 7), ...fields },
  })

  return {
    text: (text: string) =>
      message({
        text,
        ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0]!.length }] } : {}),
      }),
    location: (latitude: number, longitude: number) => message({ location: { latitude, longitude } }),
    /** A photo: Telegram sends several sizes of it, the largest last (this one's file is `largest`). */
    photo: (largest: PhotoFixture, caption?: string) =>
      message({
        photo: [
          { file_id: `${largest.fileId}-s`, file_unique_id: `${largest.fileUniqueId}-s`, file_size: 1_210, width: 90, height: 68 },
          { file_id: `${largest.fileId}-m`, file_unique_id: `${largest.fileUniqueId}-m`, file_size: 14_803, width: 320, height: 240 },
          {
            file_id: largest.fileId,
            file_unique_id: largest.fileUniqueId,
            file_size: largest.sizeBytes,
            width: largest.width,
            height: largest.height,
          },
        ],
        ...(caption ? { caption } : {}),
      }),
    document: (document: { fileId: string; fileUniqueId: string; fileName: string; mimeType: string; sizeBytes: number }) =>
      message({
        document: {
          file_name: document.fileName,
          mime_type: document.mimeType,
          file_id: document.fileId,
          file_unique_id: document.fileUniqueId,
          file_size: document.sizeBytes,
        },
      }),
    /** A press on an inline keyboard button of the bot's message `botMessage` (what sendMessage returned). */
    callback: (data: string, botMessage: { message_id: number; text?: string }) => ({
      update_id: ++updateId,
      callback_query: {
        id: String(BigInt(sender.id) * 1000n + BigInt(updateId % 1000)),
        from,
        message: { message_id: botMessage.message_id, from: botUser, chat: chatObject, date: (date += 5), text: botMessage.text ?? '' },
        chat_instance: '-4127865723458238612',
        data,
      },
    }),
    /** An update of a kind the bot does not handle. */
    editedMessage: (text: string) => ({
      update_id: ++updateId,
      edited_message: { message_id: messageId - 1, from, chat: chatObject, date, edit_date: (date += 3), text },
    }),
  }
}
