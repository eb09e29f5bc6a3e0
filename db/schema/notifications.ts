import { sql } from 'drizzle-orm'
import { boolean, index, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { id } from '../columns.ts'
import { communities } from './communities.ts'
import { emailDelivery, emailStatus, notificationKind } from './enums.ts'
import { users } from './users.ts'

/**
 * What a user is told about, shown under the bell. `dedupeKey` makes every notification happen
 * once per user, whichever server process or restart produces it: a hearing reminder's key names
 * the event, its start time and the lead time, so a moved hearing is reminded again.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: notificationKind('kind').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    /** What the message needs (references, titles, times), rendered in the reader's language. */
    params: jsonb('params')
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** The client path the notification opens, e.g. /cases/<id>. */
    link: text('link'),
    caseId: uuid('case_id'),
    incidentId: uuid('incident_id'),
    eventId: uuid('event_id'),
    taskId: uuid('task_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
    /** Set once the notification went out by e-mail, alone or in a digest. */
    emailedAt: timestamp('emailed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('notifications_user_dedupe_key').on(t.userId, t.dedupeKey),
    index('notifications_user_created_idx').on(t.userId, t.createdAt, t.id),
    index('notifications_unread_idx')
      .on(t.userId)
      .where(sql`read_at IS NULL`),
  ],
)

/** Per user and kind: shown in the app, sent by e-mail. A missing row means the kind's default. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: notificationKind('kind').notNull(),
    inApp: boolean('in_app').notNull().default(true),
    email: boolean('email').notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
)

/** How a user gets e-mail: one per notification, or a daily digest at a local hour. */
export const notificationSettings = pgTable('notification_settings', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  emailDelivery: emailDelivery('email_delivery').notNull().default('each'),
  /** The hour (Asia/Phnom_Penh) the digest goes out. */
  digestHour: smallint('digest_hour').notNull().default(7),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

/**
 * E-mails waiting to go out, claimed by one server process at a time (FOR UPDATE SKIP LOCKED).
 * The unique key makes enqueueing idempotent across processes and restarts.
 */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: id(),
    userId: uuid('user_id').references(() => users.id),
    dedupeKey: text('dedupe_key').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body'),
    status: emailStatus('status').notNull().default('pending'),
    attempts: smallint('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** A process sending the message holds it until then; after a crash another one retries. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    messageId: text('message_id'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('email_outbox_dedupe_key').on(t.dedupeKey),
    index('email_outbox_pending_idx')
      .on(t.nextAttemptAt)
      .where(sql`status = 'pending'`),
  ],
)

/** Communities a user follows: a new incident there notifies them. */
export const communityFollows = pgTable(
  'community_follows',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.communityId] }), index('community_follows_community_idx').on(t.communityId)],
)

/**
 * Periodic work shared by every server process (reminder sweeps, digests): the process that
 * moves `lockedUntil` forward in an UPDATE runs it; the others skip that turn.
 */
export const scheduledRuns = pgTable('scheduled_runs', {
  name: text('name').primaryKey(),
  lastRunAt: timestamp('last_run_at', { withTimezone: true }),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  lockedBy: text('locked_by'),
})
