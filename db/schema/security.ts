// Sign-in hardening and the state several app servers must share: second factors, recovery codes
// and rate-limit counters. Kept out of `users` so the row-audit trigger never sees a TOTP secret
// (the trail records enrolment and resets as explicit entries instead).
import { bigint, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from './users.ts'

/** A user's TOTP authenticator (RFC 6238). One per user; absent: no second factor enrolled. */
export const userSecondFactors = pgTable('user_second_factors', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  /** Base32 secret shared with the authenticator app. */
  totpSecret: text('totp_secret').notNull(),
  /** null while enrolment waits for the first code; a factor counts only once confirmed. */
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  /** The last accepted 30-second step: a code is never accepted twice (replay). */
  lastUsedStep: bigint('last_used_step', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

/** One-time recovery codes, shown once at enrolment; only their hash is kept. */
export const userRecoveryCodes = pgTable(
  'user_recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('user_recovery_codes_user_idx').on(t.userId)],
)

/** Hits per rate-limit key and window, shared by every app server (@fastify/rate-limit's store). */
export const rateLimitCounters = pgTable(
  'rate_limit_counters',
  {
    key: text('key').primaryKey(),
    hits: integer('hits').notNull(),
    resetAt: timestamp('reset_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('rate_limit_counters_reset_idx').on(t.resetAt)],
)
