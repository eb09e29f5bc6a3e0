// Filing a report from outside, the same way whichever door it came through (public link,
// Telegram, SMS): one transaction for the report and its photos, a receipt code, the sender's
// phone read as a number, and writes attributed in the audit trail to the door, never to an
// address (an anonymous sender's IP can name them).
import { randomBytes, randomInt } from 'node:crypto'
import { parsePhoneNumberFromString } from 'libphonenumber-js'
import type { Db } from '../../../db/open.ts'
import { RECEIPT_ALPHABET } from '../../../shared/intake.ts'
import type { IntakeSource } from '../../../shared/vocabularies.ts'
import { withAuditContext } from '../../lib/audit.ts'
import type { BlobStore } from '../../lib/blob-store.ts'
import { discardIntakePhotos, storeIntakePhotos, type StagedIntakePhoto } from '../evidence/evidence.service.ts'
import {
  findReceiptByClientReportId,
  findServerSecret,
  insertIntakeReport,
  insertServerSecret,
  type NewIntakeReport,
} from './intake.queries.ts'

/** How the audit trail names who wrote an intake report: the door, not the person. */
const ACTOR_LABELS: Record<IntakeSource, string> = {
  web: 'public report link',
  telegram: 'Telegram bot',
  sms: 'SMS gateway',
}

/** A Db whose writes are attributed to the intake door, with no account and no IP address. */
export function intakeDb(db: Db, source: IntakeSource, requestId: string): Db {
  return withAuditContext(db, { actorId: undefined, actorLabel: ACTOR_LABELS[source], requestId, ip: '' })
}

/** A fresh receipt code, XXXX-XXXX from an alphabet without look-alikes. */
export function newReceiptCode(): string {
  const chars = Array.from({ length: 8 }, () => RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)])
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`
}

/** A fresh link slug: 12 characters of the receipt alphabet, lower-cased. */
export function newLinkSlug(): string {
  return Array.from({ length: 12 }, () => RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)]!.toLowerCase()).join('')
}

/**
 * A phone number as stored: E.164 when it reads as one (Cambodian numbers may come without the
 * country code: 012 345 678 → +85512345678), else the text as given, trimmed.
 */
export function normalizePhone(text: string | null | undefined): string | null {
  if (!text?.trim()) return null
  const parsed = parsePhoneNumberFromString(text.trim(), 'KH')
  return parsed?.isPossible() ? parsed.number : text.trim().slice(0, 40)
}

export interface FiledIntakeReport {
  id: string
  receiptCode: string
  createdAt: Date
  /** false: the device had sent this report before (same clientReportId); nothing was written. */
  isNew: boolean
}

/**
 * Files one report with its staged photos, all or nothing: the report row, then the photos as
 * confidential evidence of it, in one transaction. A repeat of a clientReportId gets the first
 * receipt back and the new copies of the photos are thrown away. The staged photos are always
 * either stored or discarded when this returns or throws.
 */
export async function fileIntakeReport(
  db: Db,
  store: BlobStore,
  values: Omit<NewIntakeReport, 'receiptCode'>,
  photos: StagedIntakePhoto[] = [],
): Promise<FiledIntakeReport> {
  try {
    const filed = await db.transaction(async (tx) => {
      if (values.clientReportId) {
        const earlier = await findReceiptByClientReportId(tx, values.clientReportId)
        if (earlier) return { ...earlier, isNew: false }
      }
      // A clash of receipt codes (1 in 10^11 per pair) or a concurrent repeat of the same device
      // id: the insert does nothing; the loop tells which.
      for (let attempt = 0; attempt < 5; attempt++) {
        const row = await insertIntakeReport(tx, { ...values, receiptCode: newReceiptCode() })
        if (row) {
          if (photos.length > 0) await storeIntakePhotos(tx, store, photos, row.id, `Photo sent with report ${row.receiptCode}`)
          return { ...row, isNew: true }
        }
        if (values.clientReportId) {
          const earlier = await findReceiptByClientReportId(tx, values.clientReportId)
          if (earlier) return { ...earlier, isNew: false }
        }
      }
      throw new Error('could not find a free receipt code in 5 attempts')
    })
    if (!filed.isNew) await discardIntakePhotos(photos)
    return filed
  } catch (error) {
    await discardIntakePhotos(photos)
    throw error
  }
}

/**
 * A secret every app server shares (in the database), made on first use: e.g. the key that signs
 * proof-of-work challenges, so a challenge from one server is accepted by another.
 */
export async function serverSecret(db: Db, name: string): Promise<string> {
  return (await findServerSecret(db, name)) ?? (await insertServerSecret(db, name, randomBytes(32).toString('base64url')))
}
