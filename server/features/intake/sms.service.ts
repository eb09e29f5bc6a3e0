// Reports by SMS: reading "DEY <community code> <kind code> <what happened>", filing it as an intake
// report (unverified, in the moderation queue), and answering by SMS with the receipt code, or with
// how to write a report. Each SMS is handled once however often the gateway delivers it.
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../../../db/open.ts'
import type { FieldIssue } from '../../../shared/errors.ts'
import {
  INTAKE_SMS_MAX_CHARS,
  SMS_PREFIXES,
  SmsReceivedPayload,
  type SmsGatewayEvent,
  type SmsWebhookAnswer,
} from '../../../shared/intake-sms.ts'
import { IntakeCode, kindOfCode } from '../../../shared/intake.ts'
import type { IncidentKind, LanguageCode } from '../../../shared/vocabularies.ts'
import type { BlobStore } from '../../lib/blob-store.ts'
import { findActiveUserByPhone, findCommunityByIntakeCode, recordWebhookDelivery } from './intake.queries.ts'
import { fileIntakeReport, normalizePhone } from './intake.service.ts'
import { SmsGatewayError, type SmsGateway } from './sms-gateway.ts'
import { smsText, type SmsMessage } from './sms-messages.ts'
import { createSmsPayloadInvalidError } from './sms.errors.ts'

// ---- Reading the text ---------------------------------------------------------------------------

/** Between words: spaces of any kind, and the zero-width space Khmer typing puts between words. */
const SEPARATOR = '[\\s\\u200B-\\u200D\\uFEFF]'
const NEXT_WORD = new RegExp(`^${SEPARATOR}*([^\\s\\u200B-\\u200D\\uFEFF]+)`, 'u')
const EDGES = new RegExp(`^${SEPARATOR}+|${SEPARATOR}+$`, 'gu')
const KHMER_SCRIPT = /[\u1780-\u17FF\u19E0-\u19FF]/u

export type SmsReading =
  | { isReport: true; language: LanguageCode; communityId: string; kind: IncidentKind; text: string }
  | { isReport: false; language: LanguageCode; problem: Exclude<SmsMessage, 'received'>; values?: Record<string, string | number> }

/**
 * Reads an SMS as a report, checking its parts in the order they are typed (prefix, community,
 * kind, text). Case does not matter, nor how many spaces there are; a word's trailing punctuation
 * is dropped ("DEY, 101, EV: …"); codes may be typed in Khmer digits. The reply's language is
 * Khmer when the message has any Khmer script, English otherwise.
 */
export async function readSmsReport(
  message: string,
  findCommunity: (intakeCode: string) => Promise<{ id: string } | undefined>,
): Promise<SmsReading> {
  const language: LanguageCode = KHMER_SCRIPT.test(message) ? 'km' : 'en'
  const refuse = (problem: Exclude<SmsMessage, 'received'>, values?: Record<string, string | number>): SmsReading => ({
    isReport: false,
    language,
    problem,
    ...(values ? { values } : {}),
  })
  let rest = message
  const words: string[] = []
  for (let i = 0; i < 3; i++) {
    const match = NEXT_WORD.exec(rest)
    if (!match) break
    words.push(asciiDigits(match[1]!.replace(/[.,:;]+$/u, '')))
    rest = rest.slice(match[0].length)
  }
  const [prefix, communityWord, kindWord] = words
  if (!prefix || !(SMS_PREFIXES as readonly string[]).includes(prefix.toUpperCase()) || !communityWord || !kindWord) {
    return refuse('format')
  }
  const code = IntakeCode.safeParse(communityWord)
  const community = code.success ? await findCommunity(code.data) : undefined
  if (!community) return refuse('unknownCommunity', { code: clip(communityWord.toUpperCase()) })
  const kind = kindOfCode(kindWord)
  if (!kind) return refuse('unknownKind', { code: clip(kindWord.toUpperCase()) })
  const text = rest.replace(EDGES, '')
  if (text === '') return refuse('emptyText')
  const length = [...text].length
  if (length > INTAKE_SMS_MAX_CHARS) return refuse('tooLong', { length })
  return { isReport: true, language, communityId: community.id, kind, text }
}

/** Khmer digits (០–៩) as the ASCII ones codes are stored with. */
function asciiDigits(word: string): string {
  return word.replace(/[\u17E0-\u17E9]/gu, (digit) => String(digit.charCodeAt(0) - 0x17e0))
}

/** A code quoted back to the sender, never a whole paragraph. */
function clip(word: string): string {
  return [...word].slice(0, 12).join('')
}

// ---- Handling a delivery ------------------------------------------------------------------------

export interface SmsIntake {
  /** A Db whose writes the audit trail attributes to the SMS gateway (intakeDb). */
  db: Db
  store: BlobStore
  /** Absent: SMS_GATEWAY_URL is not set, and no reply is sent. */
  gateway: SmsGateway | undefined
  log: FastifyBaseLogger
}

type Handled = { answer: SmsWebhookAnswer; reply?: string }

/**
 * Handles one webhook delivery. In one transaction: the delivery is recorded in the ledger (a
 * replay stops there), the text read, and a report filed if it is one. Then, outside it, the reply
 * is sent; a reply the gateway does not take is logged (without number or text) and the report kept.
 *
 * A malformed text files nothing, but its delivery stays in the ledger: a replay must not send
 * the help twice (each SMS costs the sender's phone nothing, but the gateway's SIM money).
 */
export async function receiveSmsDelivery(intake: SmsIntake, event: SmsGatewayEvent): Promise<SmsWebhookAnswer> {
  if (event.event !== 'sms:received') return { outcome: 'ignored' }
  const sms = readPayload(event.payload)
  // PostgreSQL stores no NUL character: one would lose the whole report (an SMS never carries one).
  const message = sms.message.replaceAll('\u0000', '')
  const sender = normalizePhone((sms.sender ?? sms.phoneNumber)?.replaceAll('\u0000', ''))
  const canReply = sender !== null && isE164(sender)
  const handled = await intake.db.transaction(async (tx): Promise<Handled> => {
    if (!(await recordWebhookDelivery(tx, 'sms', deliveryKey(sms)))) return { answer: { outcome: 'replayed' } }
    const reading = await readSmsReport(message, (code) => findCommunityByIntakeCode(tx, code))
    if (!reading.isReport) {
      if (!canReply) return { answer: { outcome: 'ignored' } }
      return { answer: { outcome: 'help' }, reply: smsText(reading.language, reading.problem, reading.values) }
    }
    // A registered phone (a representative's, set by an admin) links the report to its account.
    const account = canReply ? await findActiveUserByPhone(tx, sender) : undefined
    const filed = await fileIntakeReport(tx, intake.store, {
      source: 'sms',
      status: 'new',
      communityId: reading.communityId,
      kind: reading.kind,
      description: reading.text,
      language: reading.language,
      phone: sender,
      senderUserId: account?.id ?? null,
      // Known accounts work with the organisation and may be called back; an unknown sender
      // never said so, and a call to a phone that sent a report can put its owner at risk.
      mayContact: account !== undefined,
    })
    return {
      answer: { outcome: 'filed', receiptCode: filed.receiptCode },
      reply: smsText(reading.language, 'received', { code: filed.receiptCode }),
    }
  })
  if (handled.reply && canReply) await sendReply(intake, sender, handled.reply, handled.answer.outcome)
  return handled.answer
}

/**
 * The ledger's key for one SMS: the gateway's message id (a hash of text, sender, time and SIM,
 * the same in every delivery of that SMS) with the moment it was received, so that two SMS whose
 * 32-bit ids collide are still told apart. The sender's number stays out of the ledger.
 */
function deliveryKey(sms: SmsReceivedPayload): string {
  return `${sms.messageId}@${Date.parse(sms.receivedAt)}`
}

function readPayload(payload: unknown): SmsReceivedPayload {
  const parsed = SmsReceivedPayload.safeParse(payload)
  if (parsed.success) return parsed.data
  const errors: FieldIssue[] = parsed.error.issues.map((issue) => ({
    field: ['body', 'payload', ...issue.path].map(String).join('.'),
    message: issue.message,
  }))
  throw createSmsPayloadInvalidError(errors)
}

function isE164(phone: string): boolean {
  return /^\+[1-9]\d{6,14}$/.test(phone)
}

async function sendReply(intake: SmsIntake, phone: string, text: string, outcome: SmsWebhookAnswer['outcome']) {
  if (!intake.gateway) {
    intake.log.info({ outcome }, 'SMS_GATEWAY_URL is not set: no SMS reply was sent')
    return
  }
  try {
    await intake.gateway.send(phone, text)
  } catch (error) {
    // Never the number or the text: the status alone says what went wrong.
    const gatewayStatus = error instanceof SmsGatewayError ? (error.status ?? 'unreachable') : 'failed'
    intake.log.warn({ outcome, gatewayStatus }, 'the SMS reply could not be sent (a filed report is kept)')
  }
}
