// The Telegram bot's guided report: language → kind → description → location → photos → Send,
// one step per update. The conversation's state is in the database (telegram_chats, and the
// report being built as an intake report in status `draft`), so any app server can take the next
// update. Each update is handled in one transaction that first records its update_id: a replay
// changes nothing and sends nothing. Replies go out after the commit; when the Bot API cannot be
// reached the sender's input is kept all the same, and the failure is logged without chat ids or
// text.
import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type { FastifyBaseLogger } from 'fastify'
import { Api, GrammyError } from 'grammy'
import type { Db } from '../../../db/open.ts'
import { INTAKE_MAX_PHOTO_BYTES, INTAKE_MAX_PHOTOS, INTAKE_PHOTO_TYPES } from '../../../shared/intake.ts'
import { INCIDENT_KINDS, LANGUAGES, type IncidentKind, type LanguageCode } from '../../../shared/vocabularies.ts'
import { AppError } from '../../lib/app-error.ts'
import type { BlobStore } from '../../lib/blob-store.ts'
import {
  deleteIntakePhotos,
  discardIntakePhotos,
  removeUnusedBlobs,
  stageIntakePhoto,
  storeIntakePhotos,
  type StagedIntakePhoto,
} from '../evidence/evidence.service.ts'
import { recordWebhookDelivery } from './intake.queries.ts'
import { fileIntakeReport } from './intake.service.ts'
import {
  TELEGRAM_GROUP_REFUSAL,
  TELEGRAM_LANGUAGE_LABELS,
  TELEGRAM_WELCOME,
  telegramKindLabel,
  telegramText,
  type TelegramMessageKey,
} from './telegram-messages.ts'
import { readTelegramUpdate, type TelegramEvent, type TelegramFileRef, type TelegramUpdateBody } from './telegram-update.ts'
import {
  deleteDraftReport,
  deleteTelegramChat,
  findTelegramChat,
  isTelegramUpdateHandled,
  lockStaleDraftChats,
  lockTelegramChat,
  saveTelegramChat,
  updateDraftReport,
  type TelegramChatState,
} from './telegram.queries.ts'

/** A Bot API call's time limit: a Bot API that hangs must not hold the webhook (Telegram waits for it). */
const BOT_API_TIMEOUT_SECONDS = 15
const DOWNLOAD_TIMEOUT_MS = 60_000

export interface TelegramBot {
  api: Api
  /** Where getFile's file_path is downloaded from: <apiUrl>/file/bot<token>/<file_path>. */
  fileUrl(filePath: string): string
}

/** The bot's Bot API client: grammy's Api, pointed at TELEGRAM_API_URL (a local Bot API server, or the tests' stand-in). */
export function createTelegramBot(options: { botToken: string; apiUrl: string }): TelegramBot {
  const apiRoot = options.apiUrl.replace(/\/+$/, '')
  return {
    api: new Api(options.botToken, { apiRoot, timeoutSeconds: BOT_API_TIMEOUT_SECONDS }),
    fileUrl: (filePath) => `${apiRoot}/file/bot${options.botToken}/${filePath.split('/').map(encodeURIComponent).join('/')}`,
  }
}

export interface TelegramContext {
  /** intakeDb(app.db, 'telegram', requestId): writes attributed to the bot, with no address. */
  db: Db
  store: BlobStore
  bot: TelegramBot
  log: FastifyBaseLogger
}

/** What the bot sends back, once the update's changes are committed. */
type Reply =
  | { method: 'sendMessage'; payload: { chat_id: number; text: string; reply_markup?: InlineKeyboard } }
  | { method: 'answerCallbackQuery'; payload: { callback_query_id: string; text?: string } }
  | { method: 'editMessageText'; payload: { chat_id: number; message_id: number; text: string } }

interface InlineKeyboard {
  inline_keyboard: { text: string; callback_data: string }[][]
}

/** What became of an update (logged; the webhook answers 200 to each). */
export type TelegramOutcome = 'handled' | 'replayed' | 'ignored'

/** A photo fetched from the Bot API, or why it could not be. */
type Fetched = { photo: StagedIntakePhoto } | { failure: 'photoDownloadFailed' | 'photoTooLarge' | 'notAPhoto' }

export async function handleTelegramUpdate(context: TelegramContext, update: TelegramUpdateBody): Promise<TelegramOutcome> {
  const event = readTelegramUpdate(update)
  if (!event) return 'ignored'
  // In a group the bot answers only what is addressed to it (a command, a button), never the
  // group's conversation (which it sees when its privacy mode is off).
  if (!event.isPrivateChat && !isAddressedToBot(event)) return 'ignored'
  // A replay (Telegram resends what it thinks was not received) is recognised before any
  // download; the transaction below is what makes sure.
  if (await isTelegramUpdateHandled(context.db, event.updateId)) return 'replayed'

  let fetched: Fetched | undefined
  if (event.isPrivateChat && event.input.type === 'photo') {
    const chat = await findTelegramChat(context.db, event.chatId)
    if (chat.step === 'photos' && chat.photoCount < INTAKE_MAX_PHOTOS) fetched = await fetchPhoto(context, event.input.file)
  }
  const staged = fetched && 'photo' in fetched ? [fetched.photo] : []

  let replies: Reply[] | undefined
  let unusedBlobs: string[] = []
  try {
    replies = await context.db.transaction(async (tx) => {
      if (!(await recordWebhookDelivery(tx, 'telegram', String(event.updateId)))) return undefined
      if (!event.isPrivateChat) return refuseGroupChat(event)
      const conversation = new Conversation(tx, context.store, event, await lockTelegramChat(tx, event.chatId), fetched)
      const result = await conversation.advance()
      unusedBlobs = conversation.removedBlobs
      return result
    })
  } catch (error) {
    // A photo stored in the savepoint is rolled back with the transaction, but its bytes may
    // already be at their content address: removed unless another record uses them.
    await removeUnusedBlobs(
      context.db,
      context.store,
      staged.map((photo) => photo.blob.sha256),
    )
    throw error
  } finally {
    // A stored photo has moved to its content address; one still staged is thrown away.
    await discardIntakePhotos(staged)
  }
  if (!replies) return 'replayed'
  if (unusedBlobs.length > 0) await removeUnusedBlobs(context.db, context.store, unusedBlobs)
  await sendReplies(context, replies)
  await sweepAbandonedDrafts(context).catch((error: unknown) =>
    context.log.warn({ errorType: errorName(error) }, 'telegram: could not sweep abandoned drafts'),
  )
  return 'handled'
}

/** A report left unfinished this long is thrown away (the sender's Telegram ids and photos with it). */
export const ABANDONED_DRAFT_DAYS = 7

/**
 * Deletes a few drafts whose senders went quiet ABANDONED_DRAFT_DAYS ago, with their photos and
 * chat state: done along with the bot's own traffic, so no schedule is needed and a sender's
 * unfinished report does not keep their Telegram ids for ever.
 */
async function sweepAbandonedDrafts(context: TelegramContext) {
  const blobs = await context.db.transaction(async (tx) => {
    const removed: string[] = []
    for (const chat of await lockStaleDraftChats(tx, ABANDONED_DRAFT_DAYS, 5)) {
      await deleteTelegramChat(tx, chat.chatId)
      removed.push(...(await deleteIntakePhotos(tx, chat.draftReportId!)))
      await deleteDraftReport(tx, chat.draftReportId!)
    }
    return removed
  })
  if (blobs.length > 0) await removeUnusedBlobs(context.db, context.store, blobs)
}

const isAddressedToBot = ({ input }: TelegramEvent) =>
  input.type === 'command' || input.type === 'callback' || (input.type === 'text' && input.text.startsWith('/'))

function refuseGroupChat(event: TelegramEvent): Reply[] {
  if (event.input.type === 'callback')
    return [{ method: 'answerCallbackQuery', payload: { callback_query_id: event.input.callbackQueryId } }]
  return [{ method: 'sendMessage', payload: { chat_id: event.chatId, text: TELEGRAM_GROUP_REFUSAL } }]
}

/** One update's step through the conversation, inside its transaction. */
class Conversation {
  readonly replies: Reply[] = []
  /** Blobs of deleted draft photos, to remove once the deletion is committed. */
  removedBlobs: string[] = []

  constructor(
    private readonly tx: Db,
    private readonly store: BlobStore,
    private readonly event: TelegramEvent,
    private chat: TelegramChatState,
    private readonly fetched: Fetched | undefined,
  ) {}

  async advance(): Promise<Reply[]> {
    const input = this.event.input
    if (input.type === 'command') {
      await this.abandonDraft()
      if (input.command === 'start') await this.askLanguage()
      else this.say('cancelled')
    } else if (input.type === 'callback') {
      await this.pressButton(input.callbackQueryId, input.data, input.messageId)
    } else {
      await this.takeMessage()
    }
    if (this.chat.step === 'idle') await deleteTelegramChat(this.tx, this.chat.chatId)
    else await saveTelegramChat(this.tx, this.chat)
    return this.replies
  }

  private async takeMessage() {
    const input = this.event.input
    switch (this.chat.step) {
      case 'idle':
        // Any first message starts a report.
        return this.askLanguage()
      case 'language':
        return this.askLanguage()
      case 'kind':
        return this.askKind()
      case 'description':
        if (input.type !== 'text' || !withoutNul(input.text).trim()) return this.say('expectDescription')
        await updateDraftReport(this.tx, this.chat.draftReportId!, { description: withoutNul(input.text).trim().slice(0, 5000) })
        return this.askLocation('askLocation')
      case 'location':
        if (input.type !== 'location') return this.askLocation('expectLocation')
        await updateDraftReport(this.tx, this.chat.draftReportId!, {
          location: { type: 'Point', coordinates: [input.longitude, input.latitude] },
        })
        return this.askPhotos('askPhotos')
      case 'photos':
        if (input.type === 'not-a-photo') return this.askPhotos('notAPhoto')
        if (input.type !== 'photo') return this.askPhotos('expectPhotos')
        if (this.chat.photoCount >= INTAKE_MAX_PHOTOS) return this.askPhotos('tooManyPhotos')
        // Not fetched: the chat reached this step while the update was on its way (another update came first).
        if (!this.fetched) return this.askPhotos('photoDownloadFailed')
        if ('failure' in this.fetched) return this.askPhotos(this.fetched.failure)
        await storeIntakePhotos(this.tx, this.store, [this.fetched.photo], this.chat.draftReportId!, 'Photo sent through Telegram')
        this.chat.photoCount++
        return this.askPhotos('photoReceived')
    }
  }

  private async pressButton(callbackQueryId: string, data: string, messageId: number | undefined) {
    const [action, value] = data.split(':', 2) as [string, string | undefined]
    const step = this.chat.step
    const answer = (text?: string) =>
      this.replies.push({ method: 'answerCallbackQuery', payload: { callback_query_id: callbackQueryId, ...(text ? { text } : {}) } })
    const confirm = (text: string) => {
      if (messageId !== undefined)
        this.replies.push({ method: 'editMessageText', payload: { chat_id: this.chat.chatId, message_id: messageId, text } })
    }

    if (action === 'cancel' && step !== 'idle') {
      answer()
      await this.abandonDraft()
      return this.say('cancelled')
    }
    if (action === 'lang' && step === 'language' && isLanguage(value)) {
      answer()
      this.chat.language = value
      confirm(telegramText(value, 'languageChosen'))
      return this.askKind()
    }
    if (action === 'kind' && step === 'kind' && isKind(value)) {
      answer()
      const draft = await fileIntakeReport(this.tx, this.store, {
        source: 'telegram',
        status: 'draft',
        kind: value,
        language: this.chat.language,
        telegramUserId: this.event.sender.userId,
        telegramUsername: this.event.sender.username,
        telegramChatId: this.chat.chatId,
      })
      this.chat = { ...this.chat, step: 'description', draftReportId: draft.id, photoCount: 0 }
      confirm(telegramText(this.chat.language, 'kindChosen', { kind: telegramKindLabel(this.chat.language, value) }))
      return this.say('askDescription')
    }
    if (action === 'skip' && step === 'location') {
      answer()
      confirm(telegramText(this.chat.language, 'locationSkipped'))
      return this.askPhotos('askPhotos')
    }
    if (action === 'send' && step === 'photos') {
      answer()
      const sent = await updateDraftReport(this.tx, this.chat.draftReportId!, { status: 'new' })
      confirm(telegramText(this.chat.language, 'sent'))
      this.say('received', { code: sent!.receiptCode })
      // The report is the moderators' now: the chat keeps nothing of it.
      this.chat = { ...this.chat, step: 'idle', draftReportId: null, photoCount: 0 }
      return
    }
    // A button of an earlier message, or one that was never ours.
    answer(telegramText(this.chat.language, 'buttonInactive'))
  }

  /** Throws away the report under way: its photos (rows and bytes) and the draft itself. */
  private async abandonDraft() {
    const draftId = this.chat.draftReportId
    this.chat = { ...this.chat, step: 'idle', draftReportId: null, photoCount: 0 }
    if (!draftId) return
    await saveTelegramChat(this.tx, this.chat)
    this.removedBlobs = await deleteIntakePhotos(this.tx, draftId)
    await deleteDraftReport(this.tx, draftId)
  }

  private async askLanguage() {
    this.chat = { ...this.chat, step: 'language' }
    this.send(TELEGRAM_WELCOME, {
      inline_keyboard: [LANGUAGES.map((language) => ({ text: TELEGRAM_LANGUAGE_LABELS[language], callback_data: `lang:${language}` }))],
    })
  }

  private askKind() {
    this.chat = { ...this.chat, step: 'kind' }
    const language = this.chat.language
    const buttons = INCIDENT_KINDS.map((kind) => ({ text: telegramKindLabel(language, kind), callback_data: `kind:${kind}` }))
    const rows = Array.from({ length: Math.ceil(buttons.length / 2) }, (_, row) => buttons.slice(row * 2, row * 2 + 2))
    this.send(telegramText(language, 'chooseKind'), { inline_keyboard: [...rows, [this.button('cancel', 'cancel')]] })
  }

  private askLocation(key: 'askLocation' | 'expectLocation') {
    this.chat = { ...this.chat, step: 'location' }
    this.send(telegramText(this.chat.language, key), { inline_keyboard: [[this.button('skip', 'skip'), this.button('cancel', 'cancel')]] })
  }

  private askPhotos(key: TelegramMessageKey) {
    this.chat = { ...this.chat, step: 'photos' }
    const text = telegramText(this.chat.language, key, {
      count: this.chat.photoCount,
      max: INTAKE_MAX_PHOTOS,
      maxMb: Math.floor(INTAKE_MAX_PHOTO_BYTES / 1024 / 1024),
    })
    this.send(text, { inline_keyboard: [[this.button('send', 'send'), this.button('cancel', 'cancel')]] })
  }

  private button(key: 'skip' | 'send' | 'cancel', data: string) {
    return { text: telegramText(this.chat.language, key), callback_data: data }
  }

  private say(key: TelegramMessageKey, values: Record<string, string | number> = {}) {
    this.send(telegramText(this.chat.language, key, values))
  }

  private send(text: string, keyboard?: InlineKeyboard) {
    this.replies.push({
      method: 'sendMessage',
      payload: { chat_id: this.chat.chatId, text, ...(keyboard ? { reply_markup: keyboard } : {}) },
    })
  }
}

/** PostgreSQL text cannot hold NUL (Telegram never sends one; a forged update might). */
const withoutNul = (text: string) => text.replaceAll('\u0000', '')

const isLanguage = (value: string | undefined): value is LanguageCode => (LANGUAGES as readonly string[]).includes(value ?? '')
const isKind = (value: string | undefined): value is IncidentKind => (INCIDENT_KINDS as readonly string[]).includes(value ?? '')

/**
 * Fetches a photo the sender attached: getFile for its path, then the bytes from the Bot API's
 * file server, streamed through the same staging as any upload (hashed, sniffed, pictures only).
 */
async function fetchPhoto(context: TelegramContext, file: TelegramFileRef): Promise<Fetched> {
  if (file.sizeBytes !== undefined && file.sizeBytes > INTAKE_MAX_PHOTO_BYTES) return { failure: 'photoTooLarge' }
  let filePath: string | undefined
  try {
    const info = await context.bot.api.getFile(file.fileId)
    if (info.file_size !== undefined && info.file_size > INTAKE_MAX_PHOTO_BYTES) return { failure: 'photoTooLarge' }
    filePath = info.file_path
  } catch (error) {
    logBotApiFailure(context.log, 'getFile', error)
    return { failure: 'photoDownloadFailed' }
  }
  if (!filePath) return { failure: 'photoDownloadFailed' }

  let response: Response
  try {
    response = await fetch(context.bot.fileUrl(filePath), { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) })
  } catch (error) {
    // Never the URL: it holds the bot's token.
    context.log.warn({ errorType: errorName(error) }, 'telegram: a photo could not be downloaded')
    return { failure: 'photoDownloadFailed' }
  }
  if (!response.ok || !response.body) {
    context.log.warn({ status: response.status }, 'telegram: the file server refused a photo download')
    await response.body?.cancel()
    return { failure: 'photoDownloadFailed' }
  }
  try {
    const source = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>)
    const photo = await stageIntakePhoto(
      context.store,
      source,
      { filename: file.filename, declaredType: file.declaredType },
      INTAKE_MAX_PHOTO_BYTES,
      INTAKE_PHOTO_TYPES,
      'message.photo',
    )
    return { photo }
  } catch (error) {
    if (error instanceof AppError && error.status === 413) return { failure: 'photoTooLarge' }
    if (error instanceof AppError) return { failure: 'notAPhoto' }
    context.log.warn({ errorType: errorName(error) }, 'telegram: a photo download broke off')
    return { failure: 'photoDownloadFailed' }
  }
}

/** Sends the replies in order; one that fails is logged (method and status only) and the rest still go. */
async function sendReplies(context: TelegramContext, replies: Reply[]) {
  const raw = context.bot.api.raw
  for (const reply of replies) {
    try {
      if (reply.method === 'sendMessage') await raw.sendMessage(reply.payload)
      else if (reply.method === 'answerCallbackQuery') await raw.answerCallbackQuery(reply.payload)
      else await raw.editMessageText(reply.payload)
    } catch (error) {
      logBotApiFailure(context.log, reply.method, error)
    }
  }
}

/** A failed Bot API call, without its payload (chat ids, texts) or its URL (the token). */
function logBotApiFailure(log: FastifyBaseLogger, method: string, error: unknown) {
  const status = error instanceof GrammyError ? error.error_code : undefined
  log.warn({ method, status, errorType: errorName(error) }, 'telegram: a Bot API call failed')
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : typeof error)
