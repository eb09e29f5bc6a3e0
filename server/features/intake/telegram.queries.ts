// The SQL of the Telegram conversation: where each chat stands (telegram_chats) and the draft
// report it is building (an intake report in status `draft`, invisible to the queue).
import { and, eq, isNotNull, sql } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import { intakeReports, intakeWebhookDeliveries, telegramChats } from '../../../db/schema/index.ts'
import type { PointGeometry } from '../../../shared/geo.ts'
import type { LanguageCode } from '../../../shared/vocabularies.ts'

/** Where a chat is in the guided report. `idle`: no report under way. */
export type TelegramStep = 'idle' | 'language' | 'kind' | 'description' | 'location' | 'photos'

export interface TelegramChatState {
  chatId: number
  step: TelegramStep
  draftReportId: string | null
  language: LanguageCode
  /** Photos stored with the draft so far. */
  photoCount: number
}

/** Has this update been handled already? (A first look, outside the transaction that records it.) */
export async function isTelegramUpdateHandled(db: Db, updateId: number) {
  const rows = await db
    .select({ externalId: intakeWebhookDeliveries.externalId })
    .from(intakeWebhookDeliveries)
    .where(and(eq(intakeWebhookDeliveries.source, 'telegram'), eq(intakeWebhookDeliveries.externalId, String(updateId))))
  return rows.length === 1
}

const IDLE = (chatId: number): TelegramChatState => ({ chatId, step: 'idle', draftReportId: null, language: 'km', photoCount: 0 })

function toState(row: typeof telegramChats.$inferSelect): TelegramChatState {
  return {
    chatId: row.chatId,
    step: row.step as TelegramStep,
    draftReportId: row.draftReportId,
    language: row.language,
    photoCount: typeof row.state.photoCount === 'number' ? row.state.photoCount : 0,
  }
}

/** A chat's state without locking it (a chat never seen is idle). */
export async function findTelegramChat(db: Db, chatId: number): Promise<TelegramChatState> {
  const [row] = await db.select().from(telegramChats).where(eq(telegramChats.chatId, chatId))
  return row ? toState(row) : IDLE(chatId)
}

/**
 * A chat's state, its row locked until the caller's transaction ends: two updates of one chat
 * (Telegram may deliver them at once, to two app servers) take their turns.
 */
export async function lockTelegramChat(db: Db, chatId: number): Promise<TelegramChatState> {
  await db.insert(telegramChats).values({ chatId, step: 'idle' }).onConflictDoNothing()
  const [row] = await db.select().from(telegramChats).where(eq(telegramChats.chatId, chatId)).for('update')
  return toState(row!)
}

export async function saveTelegramChat(db: Db, state: TelegramChatState) {
  await db
    .update(telegramChats)
    .set({
      step: state.step,
      draftReportId: state.draftReportId,
      language: state.language,
      state: { photoCount: state.photoCount },
      updatedAt: sql`now()`,
    })
    .where(eq(telegramChats.chatId, state.chatId))
}

/** A chat with no report under way keeps nothing about its sender. */
export async function deleteTelegramChat(db: Db, chatId: number) {
  await db.delete(telegramChats).where(eq(telegramChats.chatId, chatId))
}

/** Changes a draft report (only while it is a draft: a sent report is the moderators'). */
export async function updateDraftReport(
  db: Db,
  reportId: string,
  values: { description?: string; location?: PointGeometry; status?: 'new' },
) {
  const [row] = await db
    .update(intakeReports)
    .set({ ...values, version: sql`${intakeReports.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(intakeReports.id, reportId), eq(intakeReports.status, 'draft')))
    .returning({ receiptCode: intakeReports.receiptCode })
  return row
}

/** Deletes a draft report (its photos must be gone first); a sent report is never deleted here. */
export async function deleteDraftReport(db: Db, reportId: string) {
  await db.delete(intakeReports).where(and(eq(intakeReports.id, reportId), eq(intakeReports.status, 'draft')))
}

/**
 * Chats whose report has been left unfinished for `days` days (the sender never pressed Send nor
 * Cancel), locked for the caller's transaction; ones another server is sweeping are skipped.
 */
export async function lockStaleDraftChats(db: Db, days: number, limit: number) {
  return db
    .select({ chatId: telegramChats.chatId, draftReportId: telegramChats.draftReportId })
    .from(telegramChats)
    .where(and(isNotNull(telegramChats.draftReportId), sql`${telegramChats.updatedAt} < now() - make_interval(days => ${days})`))
    .orderBy(telegramChats.updatedAt)
    .limit(limit)
    .for('update', { skipLocked: true })
}
