// Secret calendar feeds: making, revoking and serving them. A feed's token is 256 random bits
// (base64url, 43 characters) shown once; the database keeps its SHA-256 only, and a request is
// matched by hashing the token it brings, so neither a leaked backup nor response timing gives a
// usable address away. Whoever holds the address reads what its owner may see *now*: role,
// communities and the account's being active are read again on every fetch.
import { createHash, randomBytes } from 'node:crypto'
import type { Db } from '../../../db/open.ts'
import {
  CALENDAR_FEED_CANCELLED_DAYS,
  CALENDAR_FEED_DAYS_AHEAD,
  CALENDAR_FEED_DAYS_BACK,
  calendarFeedPath,
  type CalendarFeedQuery,
  type CalendarFeedStatus,
  type NewCalendarFeed,
} from '../../../shared/calendar-feeds.ts'
import { recordAudit, type AuditContext } from '../../lib/audit.ts'
import { can, type Viewer } from '../../lib/policy.ts'
import { createFeedNotFoundError } from './calendar.errors.ts'
import { toICalendar } from './calendar.ics.ts'
import {
  findFeedEntries,
  findFeedOwner,
  findLiveFeed,
  insertFeed,
  lockFeedOwner,
  revokeLiveFeed,
  touchFeed,
} from './calendar-feeds.queries.ts'

const DAY_MS = 24 * 60 * 60 * 1000
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/
const AUDITED_ENTITY = 'calendar_feeds'

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

export async function findFeedStatus(db: Db, viewer: Viewer): Promise<CalendarFeedStatus> {
  const feed = await findLiveFeed(db, viewer.id)
  return { feed: feed ? { createdAt: feed.createdAt, lastUsedAt: feed.lastUsedAt } : null }
}

/**
 * A new feed for the viewer; a live one is revoked first (its address stops working at once).
 * `origin` is how the server was reached (`https://dey.example.org`), for the absolute address.
 */
export async function createFeed(db: Db, viewer: Viewer, audit: AuditContext, origin: string): Promise<NewCalendarFeed> {
  const token = randomBytes(32).toString('base64url')
  const feed = await db.transaction(async (tx) => {
    await lockFeedOwner(tx, viewer.id)
    const revokedId = await revokeLiveFeed(tx, viewer.id)
    const created = await insertFeed(tx, viewer.id, hashToken(token))
    await recordAudit(tx, audit, {
      action: revokedId ? 'regenerate' : 'create',
      entity: AUDITED_ENTITY,
      entityId: created.id,
      details: revokedId ? { revokedFeedId: revokedId } : undefined,
    })
    return created
  })
  const path = calendarFeedPath(token)
  return { createdAt: feed.createdAt, lastUsedAt: feed.lastUsedAt, path, url: `${origin}${path}` }
}

/** Revokes the viewer's live feed, if any (nothing to revoke is no error). */
export async function revokeFeed(db: Db, viewer: Viewer, audit: AuditContext): Promise<void> {
  await db.transaction(async (tx) => {
    await lockFeedOwner(tx, viewer.id)
    const revokedId = await revokeLiveFeed(tx, viewer.id)
    if (revokedId) await recordAudit(tx, audit, { action: 'revoke', entity: AUDITED_ENTITY, entityId: revokedId })
  })
}

/**
 * The iCalendar text behind a token. Unknown, malformed and revoked tokens, deactivated accounts
 * and accounts whose role no longer reads the calendar (a community representative: reps have no
 * calendar) all answer the same 404: the address tells nothing about why it stopped working.
 */
export async function renderFeed(db: Db, token: string, query: CalendarFeedQuery, now = new Date()): Promise<string> {
  if (!TOKEN_PATTERN.test(token)) throw createFeedNotFoundError()
  const owner = await findFeedOwner(db, hashToken(token))
  if (!owner) throw createFeedNotFoundError()
  const viewer: Viewer = { id: owner.id, role: owner.role, displayName: owner.displayName, communityIds: owner.communityIds ?? [] }
  if (!can(viewer, 'calendar.read') || !can(viewer, 'calendar.feed')) throw createFeedNotFoundError()
  const window = {
    fromAt: new Date(now.getTime() - CALENDAR_FEED_DAYS_BACK * DAY_MS),
    toAt: new Date(now.getTime() + CALENDAR_FEED_DAYS_AHEAD * DAY_MS),
    cancelledSince: new Date(now.getTime() - CALENDAR_FEED_CANCELLED_DAYS * DAY_MS),
    teamUserId: query.mine ? viewer.id : undefined,
  }
  const items = await findFeedEntries(db, window, viewer)
  if (!owner.lastUsedAt || now.getTime() - owner.lastUsedAt.getTime() > 60 * 60 * 1000) await touchFeed(db, owner.feedId)
  return toICalendar({ items }, owner.language)
}
