import { sql } from 'drizzle-orm'
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { id } from '../columns.ts'
import { users } from './users.ts'

/**
 * Secret calendar feed URLs (/api/calendar/feeds/<token>.ics): calendar apps cannot send a session
 * cookie. Only the SHA-256 of the token is stored; a user has at most one live feed.
 */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('calendar_feeds_token_hash_key').on(t.tokenHash),
    uniqueIndex('calendar_feeds_one_live_key')
      .on(t.userId)
      .where(sql`revoked_at IS NULL`),
    index('calendar_feeds_user_idx').on(t.userId),
  ],
)
