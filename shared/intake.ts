// Reports from people without an account: public report links, Telegram and SMS, and the
// moderation queue where staff accept, merge or reject them. The public side sees only what a
// sender needs (the link's title, a proof-of-work challenge, a receipt code); everything else is
// for moderators (legal staff and admins).
import { z } from 'zod'
import { DateTime, OptionalText, Page, RowMeta, Text, Uuid, Version } from './common.ts'
import { PointGeometry, PointInput } from './geo.ts'
import { DatePrecision, IncidentKind } from './incidents.ts'
import { INCIDENT_KINDS, INTAKE_SOURCES, INTAKE_STATUSES, LANGUAGES, SEVERITIES, type IncidentKind as Kind } from './vocabularies.ts'

export const IntakeSource = z.enum(INTAKE_SOURCES)
export const IntakeStatus = z.enum(INTAKE_STATUSES)

// ---- Limits -------------------------------------------------------------------------------------

/** Photos one public report may carry, and the size of each (phones' photos are 2–8 MB). */
export const INTAKE_MAX_PHOTOS = 5
export const INTAKE_MAX_PHOTO_BYTES = 15 * 1024 * 1024
/** Only pictures come in from outside: no PDFs, office files or videos from anonymous senders. */
export const INTAKE_PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'] as const
/** Reports from one address per hour, across all links (a village may share one phone's hotspot). */
export const INTAKE_REPORTS_PER_IP_PER_HOUR = 20

// ---- Codes --------------------------------------------------------------------------------------

/**
 * Receipt codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as
 * XXXX-XXXX; 30^8 ≈ 6.6e11, so a guessed code finds nothing (and a code reveals nothing anyway).
 */
export const RECEIPT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const ReceiptCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[2-9A-HJKMNP-Z]{4}-?[2-9A-HJKMNP-Z]{4}$/, 'must be a receipt code like K7QM-4TXD')
  .transform((code) => (code.includes('-') ? code : `${code.slice(0, 4)}-${code.slice(4)}`))

/** A public link's slug: 12 characters of the same alphabet, lower-cased in URLs (~59 bits). */
export const IntakeSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[2-9a-hjkmnp-z]{12}$/, 'is not a report link')

/**
 * A community's SMS code: defined with the communities (their schema uses it), so that every page
 * loading communities does not also load this module's schemas (2 kB of the first page).
 */
export { IntakeCode } from './communities.ts'

/**
 * What a sender types for the kind in an SMS ("DEY 101 EV bulldozers at the rice field"): two
 * letters, or the number in this list. Printed on report cards; the same in Khmer and English.
 */
export const KIND_CODES: Record<Kind, string> = {
  forced_eviction: 'EV',
  eviction_threat: 'ET',
  land_grabbing: 'LG',
  encroachment: 'EN',
  demolition: 'DM',
  crop_destruction: 'CD',
  fencing: 'FN',
  intimidation: 'IN',
  violence: 'VI',
  arrest: 'AR',
  legal_harassment: 'LH',
  other: 'OT',
}

/** The kind a code stands for: its letters, or its number (1–12) in INCIDENT_KINDS' order. */
export function kindOfCode(code: string): Kind | undefined {
  const upper = code.trim().toUpperCase()
  const byLetters = INCIDENT_KINDS.find((kind) => KIND_CODES[kind] === upper)
  if (byLetters) return byLetters
  const number = /^\d{1,2}$/.test(upper) ? Number(upper) : NaN
  return INCIDENT_KINDS[number - 1]
}

/**
 * A phone number as lists show it: the country code and the last three digits, never the rest
 * ("+855 •• ••• 678"). Moderators see the whole number only where the sender agreed to be contacted.
 */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null
  const digits = phone.replace(/\D/g, '')
  if (digits.length <= 4) return '•••'
  const country = phone.startsWith('+855') ? '+855 ' : phone.startsWith('+') ? `+${digits.slice(0, 2)} ` : ''
  return `${country}•• ••• ${digits.slice(-3)}`
}

// ---- Public report link (no account) ------------------------------------------------------------

/** What a sender sees of a link: its title and the community, nothing else of Dey. */
export const PublicIntakeLink = z.object({
  slug: z.string(),
  title: z.string(),
  titleKm: z.string().nullable(),
  communityName: z.string().nullable(),
  communityNameKm: z.string().nullable(),
})
export type PublicIntakeLink = z.infer<typeof PublicIntakeLink>

/**
 * One public report (the multipart field `report`, JSON, before the `photo` files). `website` is
 * a honeypot: hidden from people, filled by form-filling robots; a report that fills it is refused.
 * `altcha` is the solved proof-of-work challenge (GET …/challenge), spent by this report.
 */
export const PublicReportBody = z
  .object({
    kind: IncidentKind,
    description: z.string().trim().min(1, 'say what happened').max(5000),
    occurredAt: DateTime.optional(),
    occurredPrecision: DatePrecision.default('day'),
    location: PointInput.optional(),
    senderName: OptionalText(200).optional(),
    phone: OptionalText(40).optional(),
    mayContact: z.boolean().default(false),
    language: z.enum(LANGUAGES).default('km'),
    /** The id the phone gave the report before sending it: a repeat gets the first receipt back. */
    clientReportId: Uuid,
    website: z.string().max(0, 'must be left empty').optional(),
    altcha: z.string().min(1).max(4000),
  })
  .strict()
export type PublicReportBody = z.infer<typeof PublicReportBody>

/** Challenges one address may fetch per minute (a form fetches one per report, and again after being offline). */
export const INTAKE_CHALLENGES_PER_IP_PER_MINUTE = 30

/**
 * An ALTCHA (v2) proof-of-work challenge, exactly as altcha-lib's `solveChallenge` takes it
 * (PBKDF2/SHA-256; about 1–2 s on a cheap phone). The phone sends back `altcha`: base64 of the
 * JSON `{ challenge, solution }`. It expires 30 minutes after it was made (`parameters.expiresAt`,
 * in seconds): a report kept in the outbox while offline fetches a fresh one just before sending.
 * The parameters are signed: they must come back unchanged, every key included.
 */
export const IntakeChallenge = z.object({
  parameters: z.looseObject({
    algorithm: z.string(),
    nonce: z.string(),
    salt: z.string(),
    cost: z.number().int(),
    keyLength: z.number().int(),
    keyPrefix: z.string(),
    keySignature: z.string().optional(),
    expiresAt: z.number().optional(),
  }),
  signature: z.string(),
})
export type IntakeChallenge = z.infer<typeof IntakeChallenge>

/** All a sender ever gets back. */
export const IntakeReceipt = z.object({ receiptCode: z.string(), receivedAt: DateTime })
export type IntakeReceipt = z.infer<typeof IntakeReceipt>

// ---- Links (staff) -----------------------------------------------------------------------------

export const IntakeLink = z.object({
  ...RowMeta,
  slug: z.string(),
  /** PUBLIC_URL + /r/<slug>: what the QR code holds. */
  url: z.string(),
  title: z.string(),
  titleKm: z.string().nullable(),
  communityId: Uuid.nullable(),
  hourlyLimit: z.number().int(),
  closedAt: DateTime.nullable(),
  createdByUserId: Uuid.nullable(),
  /** Reports received through the link, and those still waiting in the queue. */
  reportCount: z.number().int(),
  waitingCount: z.number().int(),
})
export type IntakeLink = z.infer<typeof IntakeLink>
export const IntakeLinkList = z.object({ items: z.array(IntakeLink) })

export const CreateIntakeLinkBody = z
  .object({
    title: Text(200).min(1),
    titleKm: OptionalText(200).optional(),
    communityId: Uuid.optional(),
    hourlyLimit: z.number().int().min(1).max(10_000).default(60),
  })
  .strict()
export type CreateIntakeLinkBody = z.infer<typeof CreateIntakeLinkBody>

export const UpdateIntakeLinkBody = z
  .object({
    title: Text(200).min(1).optional(),
    titleKm: OptionalText(200).optional(),
    hourlyLimit: z.number().int().min(1).max(10_000).optional(),
    /** false closes the link (its page then says so and takes nothing); true opens it again. */
    isOpen: z.boolean().optional(),
    version: Version,
  })
  .strict()
export type UpdateIntakeLinkBody = z.infer<typeof UpdateIntakeLinkBody>

// ---- The moderation queue (staff) --------------------------------------------------------------

/** The sender as moderators see them: masked in lists; whole only where they agreed to contact. */
export const IntakeSender = z.object({
  name: z.string().nullable(),
  phone: z.string().nullable(),
  telegramUsername: z.string().nullable(),
  /** Whether the values above are masked. */
  isMasked: z.boolean(),
  mayContact: z.boolean(),
  /** A known account sent it (a representative's registered phone). */
  userId: Uuid.nullable(),
  userDisplayName: z.string().nullable(),
  erasedAt: DateTime.nullable(),
})
export type IntakeSender = z.infer<typeof IntakeSender>

export const IntakePhoto = z.object({
  evidenceId: Uuid,
  sha256: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  hasThumbnail: z.boolean(),
  capturedAt: DateTime.nullable(),
})

export const IntakeReportSummary = z.object({
  ...RowMeta,
  receiptCode: z.string(),
  source: IntakeSource,
  status: IntakeStatus,
  linkId: Uuid.nullable(),
  linkTitle: z.string().nullable(),
  communityId: Uuid.nullable(),
  communityName: z.string().nullable(),
  kind: IncidentKind.nullable(),
  description: z.string().nullable(),
  occurredAt: DateTime.nullable(),
  occurredPrecision: DatePrecision.nullable(),
  location: PointGeometry.nullable(),
  language: z.enum(LANGUAGES),
  sender: IntakeSender,
  photoCount: z.number().int(),
  incidentId: Uuid.nullable(),
  rejectionReason: z.string().nullable(),
  decidedByUserId: Uuid.nullable(),
  decidedAt: DateTime.nullable(),
})
export type IntakeReportSummary = z.infer<typeof IntakeReportSummary>

/** An incident that may be the same event: same kind, near in space and time. */
export const MergeCandidate = z.object({
  id: Uuid,
  title: z.string(),
  titleKm: z.string().nullable(),
  kind: IncidentKind,
  status: z.string(),
  occurredAt: DateTime,
  distanceKm: z.number().nullable(),
  daysApart: z.number(),
  communityName: z.string().nullable(),
})
export type MergeCandidate = z.infer<typeof MergeCandidate>

export const IntakeReport = IntakeReportSummary.extend({
  photos: z.array(IntakePhoto),
  candidates: z.array(MergeCandidate),
})
export type IntakeReport = z.infer<typeof IntakeReport>

export const IntakeReportPage = Page(IntakeReportSummary)

export const IntakeReportListQuery = z.object({
  /** Default: the queue (status new). */
  status: IntakeStatus.exclude(['draft']).default('new'),
  source: IntakeSource.optional(),
  community: Uuid.optional(),
  link: Uuid.optional(),
  /** Find one report by the receipt code a sender quotes (e.g. to erase their data on request). */
  receipt: ReceiptCode.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
})
export type IntakeReportListQuery = z.infer<typeof IntakeReportListQuery>

/** Accept: an incident in the triage queue (status reported), with the report's photos as its evidence. */
export const AcceptIntakeBody = z
  .object({
    title: Text(300).min(1),
    titleKm: OptionalText(300).optional(),
    kind: IncidentKind.optional(),
    communityId: Uuid.optional(),
    severity: z.enum(SEVERITIES).default('medium'),
    /** Where it happened, if the report had no location or the moderator corrects it. */
    location: PointInput.optional(),
    isConfidential: z.boolean().default(false),
    version: Version,
  })
  .strict()
export type AcceptIntakeBody = z.infer<typeof AcceptIntakeBody>

/** Merge: the report's photos and text join an existing incident. */
export const MergeIntakeBody = z.object({ incidentId: Uuid, version: Version }).strict()
export type MergeIntakeBody = z.infer<typeof MergeIntakeBody>

export const RejectIntakeBody = z.object({ reason: Text(1000).min(1, 'say why it is rejected'), version: Version }).strict()
export type RejectIntakeBody = z.infer<typeof RejectIntakeBody>

/** Erase the sender's name, phone and Telegram ids (a sender's request); the report stays. */
export const EraseIntakeSenderBody = z.object({ version: Version }).strict()
export type EraseIntakeSenderBody = z.infer<typeof EraseIntakeSenderBody>

export const IntakeDecision = z.object({ report: IntakeReportSummary, incidentId: Uuid.nullable() })
export type IntakeDecision = z.infer<typeof IntakeDecision>
