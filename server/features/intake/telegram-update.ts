// The parts of a Telegram Bot API Update (https://core.telegram.org/bots/api#update) the bot
// reads, checked with zod, and what they mean to the conversation. Everything else in an update
// (edited messages, channel posts, polls, fields added to the Bot API later) is left alone: the
// webhook answers 200 to it and does nothing.
import { z } from 'zod'

/** The webhook's body: an update id and whatever else Telegram sends (read below, part by part). */
export const TelegramUpdateBody = z.looseObject({ update_id: z.number().int().nonnegative() })
export type TelegramUpdateBody = z.infer<typeof TelegramUpdateBody>

const TelegramUser = z.looseObject({
  id: z.number().int().positive(),
  is_bot: z.boolean().optional(),
  username: z.string().max(64).optional(),
})

const TelegramChat = z.looseObject({
  id: z.number().int(),
  type: z.string().max(20),
})

const PhotoSize = z.looseObject({
  file_id: z.string().min(1).max(500),
  file_unique_id: z.string().min(1).max(200),
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  file_size: z.number().int().nonnegative().optional(),
})

const TelegramDocument = z.looseObject({
  file_id: z.string().min(1).max(500),
  file_unique_id: z.string().min(1).max(200),
  file_name: z.string().max(500).optional(),
  mime_type: z.string().max(200).optional(),
  file_size: z.number().int().nonnegative().optional(),
})

const TelegramLocation = z.looseObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
})

const TelegramMessage = z.looseObject({
  message_id: z.number().int(),
  from: TelegramUser.optional(),
  chat: TelegramChat,
  date: z.number().int(),
  text: z.string().max(10_000).optional(),
  location: TelegramLocation.optional(),
  photo: z.array(PhotoSize).min(1).max(20).optional(),
  document: TelegramDocument.optional(),
})

const TelegramCallbackQuery = z.looseObject({
  id: z.string().min(1).max(200),
  from: TelegramUser,
  /** The bot's message whose button was pressed (absent when it is too old for Telegram to send). */
  message: z.looseObject({ message_id: z.number().int(), chat: TelegramChat }).optional(),
  data: z.string().max(64).optional(),
})

/** A file the sender attached, as the Bot API names it for getFile. */
export interface TelegramFileRef {
  fileId: string
  fileUniqueId: string
  sizeBytes: number | undefined
  /** What the sender's app says it is (a photo is always a JPEG; a document says its own type). */
  declaredType: string
  filename: string | null
}

/** What one update asks of the conversation. */
export type TelegramInput =
  | { type: 'command'; command: 'start' | 'cancel' }
  | { type: 'text'; text: string }
  | { type: 'location'; longitude: number; latitude: number }
  | { type: 'photo'; file: TelegramFileRef }
  /** A document, video, voice message, sticker…: not something a report takes. */
  | { type: 'not-a-photo' }
  | { type: 'callback'; callbackQueryId: string; data: string; messageId: number | undefined }

export interface TelegramEvent {
  updateId: number
  chatId: number
  isPrivateChat: boolean
  sender: { userId: number; username: string | null }
  input: TelegramInput
}

/**
 * The event an update carries, or undefined for an update the bot does not handle (another
 * kind, a bot's own message, a part that does not have the documented shape).
 */
export function readTelegramUpdate(update: TelegramUpdateBody): TelegramEvent | undefined {
  if (update.message !== undefined) {
    const parsed = TelegramMessage.safeParse(update.message)
    if (!parsed.success || !parsed.data.from || parsed.data.from.is_bot) return undefined
    const message = parsed.data
    return {
      updateId: update.update_id,
      chatId: message.chat.id,
      isPrivateChat: message.chat.type === 'private',
      sender: { userId: message.from!.id, username: message.from!.username ?? null },
      input: readMessage(message),
    }
  }
  if (update.callback_query !== undefined) {
    const parsed = TelegramCallbackQuery.safeParse(update.callback_query)
    if (!parsed.success || !parsed.data.message) return undefined
    const query = parsed.data
    return {
      updateId: update.update_id,
      chatId: query.message!.chat.id,
      isPrivateChat: query.message!.chat.type === 'private',
      sender: { userId: query.from.id, username: query.from.username ?? null },
      input: { type: 'callback', callbackQueryId: query.id, data: query.data ?? '', messageId: query.message!.message_id },
    }
  }
  return undefined
}

function readMessage(message: z.infer<typeof TelegramMessage>): TelegramInput {
  if (message.text !== undefined) {
    // "/start", "/start@DeyBot", "/start some-payload" (a deep link)
    const command = /^\/(start|cancel)(?:@\w+)?(?:\s|$)/i.exec(message.text.trim())?.[1]?.toLowerCase()
    if (command === 'start' || command === 'cancel') return { type: 'command', command }
    return { type: 'text', text: message.text }
  }
  if (message.location) return { type: 'location', longitude: message.location.longitude, latitude: message.location.latitude }
  if (message.photo) {
    // Telegram sends each photo in several sizes: the largest is the one taken.
    const largest = message.photo.reduce((best, size) => (size.width * size.height > best.width * best.height ? size : best))
    return {
      type: 'photo',
      file: {
        fileId: largest.file_id,
        fileUniqueId: largest.file_unique_id,
        sizeBytes: largest.file_size,
        declaredType: 'image/jpeg',
        filename: null,
      },
    }
  }
  // A picture sent "as a file" arrives as a document: taken if it says it is an image (the bytes
  // are sniffed anyway); any other document is refused without being downloaded.
  if (message.document?.mime_type?.startsWith('image/')) {
    return {
      type: 'photo',
      file: {
        fileId: message.document.file_id,
        fileUniqueId: message.document.file_unique_id,
        sizeBytes: message.document.file_size,
        declaredType: message.document.mime_type,
        filename: message.document.file_name ?? null,
      },
    }
  }
  return { type: 'not-a-photo' }
}
