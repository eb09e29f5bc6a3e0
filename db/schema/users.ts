import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { USER_ROLES } from '../../shared/vocabularies.ts'
import { id, multiPolygon, rowMeta } from '../columns.ts'
import { communities } from './communities.ts'
import { languageCode } from './enums.ts'

export const userRole = pgEnum('user_role', USER_ROLES)

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    username: text('username'),
    displayName: text('display_name').notNull(),
    role: userRole('role').notNull(),
    // scrypt, with its parameters and salt (see server/lib/passwords.ts).
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    isActive: boolean('is_active').notNull().default(true),
    /**
     * A representative's mobile number (E.164): an SMS report from it is linked to the account.
     * Personal data, masked in the audit trail like every `phone`.
     */
    phone: text('phone'),
    /** The language of e-mails and reminders (the app itself follows the browser's choice). */
    language: languageCode('language').notNull().default('km'),
    /** Demo accounts exist only where the demo data was loaded; start-up warns about them in production. */
    isDemo: boolean('is_demo').notNull().default(false),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    ...rowMeta(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    uniqueIndex('users_username_key').on(sql`lower(${t.username})`),
    uniqueIndex('users_phone_key').on(t.phone),
    check('users_email_shape', sql`position('@' in email) > 1`),
    // Every sort the list offers reads a (column, id) index in order: no sort step, O(page) keyset pages.
    index('users_display_name_id_idx').on(t.displayName, t.id),
    index('users_email_id_idx').on(t.email, t.id),
    index('users_created_at_id_idx').on(t.createdAt, t.id),
  ],
)

/** The communities a community representative represents (and may see). */
export const userCommunities = pgTable(
  'user_communities',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.communityId] }), index('user_communities_community_idx').on(t.communityId)],
)

/** Server-side sessions, so several server processes share them; the cookie holds a token whose SHA-256 is the id. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /** Absolute end, whatever the activity. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

/**
 * Append-only, hash-chained record of every change and every sensitive read. Rows are written by
 * the dey_audit_append() SQL function (from row triggers and from the app), never updated or
 * deleted (a trigger refuses it); `hash` = SHA-256 of the previous hash and this row's content.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    changes: jsonb('changes'),
    requestId: text('request_id'),
    ip: text('ip'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_entity_idx').on(t.entity, t.entityId),
    index('audit_log_actor_idx').on(t.actorId, t.at),
    index('audit_log_at_idx').on(t.at),
  ],
)

/**
 * The shapes the audit trail's entries name. An entry records a polygon column (a parcel's or a
 * concession's boundary, a territory, an affected area) as `{ type, points, sha256 }`, the SHA-256
 * of the shape's EWKB, and the shape itself is kept here once under that digest: the chain proves
 * the exact bytes, this table holds them (audit:verify re-hashes every shape an entry names).
 * Serialising and hashing a 3,000-vertex boundary as JSON in every entry cost ~6 ms a write.
 * Written only through dey_audit_shape() (migration 0014), never updated or deleted.
 */
export const auditShapes = pgTable('audit_shapes', {
  sha256: text('sha256').primaryKey(),
  shape: multiPolygon('shape').notNull(),
})

/**
 * A user's community links changed in the current transaction, held until its commit so the
 * audit trail gets one entry per user with the net difference, not one per row (migration 0018:
 * the old trail showed "2 deleted, 3 created" for one community added). Rows are written and
 * removed only by the audit triggers (SECURITY DEFINER); none outlives its transaction.
 */
export const auditPendingMemberships = pgTable('audit_pending_memberships', {
  txId: bigint('tx_id', { mode: 'number' }).notNull(),
  userId: uuid('user_id').notNull(),
  communityId: uuid('community_id').notNull(),
  /** +1 linked, -1 unlinked. */
  change: smallint('change').notNull(),
})
