// Reports from people without an account (a public report link, Telegram, SMS) wait here until
// staff accept, merge or reject them. They are kept apart from `incidents` on purpose: nothing an
// anonymous sender writes reaches a map, a list, the statistics, a notification or a dossier until
// a moderator has read it, and no incident query has to remember to leave it out.
//
// Senders' personal data (name, phone, Telegram ids) sits in columns the audit trigger masks
// (`dey_audit_mask`), so the append-only trail never holds it and erasing it on request is real.
import { sql } from 'drizzle-orm'
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { id, point, rowMeta } from '../columns.ts'
import { communities } from './communities.ts'
import { datePrecision, incidentKind, intakeSource, intakeStatus, languageCode } from './enums.ts'
import { incidents } from './incidents.ts'
import { users } from './users.ts'

/** A public report page (`/r/<slug>`), made by staff for one community or one campaign. */
export const intakeLinks = pgTable(
  'intake_links',
  {
    id: id(),
    /** Short and unguessable: whoever has it may report, and nothing more. */
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    titleKm: text('title_km'),
    /** Reports through the link belong to this community (null: a campaign link, any community). */
    communityId: uuid('community_id').references(() => communities.id),
    /** Reports through this link per hour, from all senders together. */
    hourlyLimit: integer('hourly_limit').notNull().default(60),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    ...rowMeta(),
  },
  (t) => [
    uniqueIndex('intake_links_slug_key').on(t.slug),
    index('intake_links_community_idx').on(t.communityId),
    check('intake_links_hourly_limit_positive', sql`hourly_limit > 0`),
  ],
)

/** One report from outside, in the moderation queue until decided. */
export const intakeReports = pgTable(
  'intake_reports',
  {
    id: id(),
    /** What the sender is given to quote later (e.g. K7QM-4TXD); never reveals anything itself. */
    receiptCode: text('receipt_code').notNull(),
    source: intakeSource('source').notNull(),
    /** `draft` while a Telegram conversation is still under way; the queue shows `new` onwards. */
    status: intakeStatus('status').notNull().default('new'),
    linkId: uuid('link_id').references(() => intakeLinks.id),
    communityId: uuid('community_id').references(() => communities.id),
    kind: incidentKind('kind'),
    description: text('description'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }),
    occurredPrecision: datePrecision('occurred_precision'),
    location: point('location'),
    /** The language the sender used (replies go back in it). */
    language: languageCode('language').notNull().default('km'),
    // ---- The sender: personal data, masked in the audit trail, erasable on request ----
    senderName: text('sender_name'),
    /** E.164 where it could be read as a phone number, else as given. */
    phone: text('phone'),
    telegramUserId: bigint('telegram_user_id', { mode: 'number' }),
    telegramUsername: text('telegram_username'),
    telegramChatId: bigint('telegram_chat_id', { mode: 'number' }),
    mayContact: boolean('may_contact').notNull().default(false),
    /** A known account sent it (an SMS from a representative's registered phone). */
    senderUserId: uuid('sender_user_id').references(() => users.id),
    senderErasedAt: timestamp('sender_erased_at', { withTimezone: true }),
    /** The id the sending device gave the report: a repeat gets the first receipt back. */
    clientReportId: uuid('client_report_id'),
    /** The proof-of-work challenge this report spent: one challenge, one report. */
    powChallenge: text('pow_challenge'),
    // ---- The decision ----
    incidentId: uuid('incident_id').references(() => incidents.id),
    rejectionReason: text('rejection_reason'),
    decidedByUserId: uuid('decided_by_user_id').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    ...rowMeta(),
  },
  (t) => [
    uniqueIndex('intake_reports_receipt_code_key').on(t.receiptCode),
    uniqueIndex('intake_reports_client_report_id_key').on(t.clientReportId),
    uniqueIndex('intake_reports_pow_challenge_key').on(t.powChallenge),
    index('intake_reports_status_created_idx').on(t.status, t.createdAt),
    index('intake_reports_community_idx').on(t.communityId),
    index('intake_reports_link_idx').on(t.linkId),
    index('intake_reports_location_gist').using('gist', t.location),
    check('intake_reports_rejection_has_reason', sql`status <> 'rejected' OR rejection_reason IS NOT NULL`),
    check('intake_reports_decision_has_incident', sql`status NOT IN ('accepted', 'merged') OR incident_id IS NOT NULL`),
  ],
)

/**
 * Webhook deliveries already handled, by source and the sender's own id (Telegram's update_id,
 * the SMS gateway's message id): a replayed delivery is answered 200 and changes nothing.
 */
export const intakeWebhookDeliveries = pgTable(
  'intake_webhook_deliveries',
  {
    source: intakeSource('source').notNull(),
    externalId: text('external_id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.source, t.externalId] }), index('intake_webhook_deliveries_received_idx').on(t.receivedAt)],
)

/**
 * Secrets the app servers share and make for themselves on first use (e.g. the key that signs
 * proof-of-work challenges): in the database, so every server behind a balancer has the same one.
 */
export const serverSecrets = pgTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

/**
 * Where a Telegram chat stands in the guided report (kind → description → location → photos →
 * done). The report being built is an intake report in status `draft`; state is in the database
 * so that any app server can take the next update.
 */
export const telegramChats = pgTable('telegram_chats', {
  chatId: bigint('chat_id', { mode: 'number' }).primaryKey(),
  step: text('step').notNull(),
  draftReportId: uuid('draft_report_id').references(() => intakeReports.id),
  language: languageCode('language').notNull().default('km'),
  /** Step-specific scratch data (e.g. the message id of the keyboard to edit). */
  state: jsonb('state').$type<Record<string, unknown>>().notNull().default({}),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})
