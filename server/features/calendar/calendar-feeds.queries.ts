// SQL of the calendar feeds: the secret feed addresses (only their tokens' SHA-256 is stored), whose
// they are, and the hearings and deadlines a feed serves — removed ones included, as cancelled.
import { and, asc, eq, gt, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import { calendarFeeds, caseEvents, legalCases, users } from '../../../db/schema/index.ts'
import { CALENDAR_EVENT_KINDS } from '../../../shared/calendar.ts'
import { caseScope, type Viewer } from '../../lib/policy.ts'

const feedColumns = { id: calendarFeeds.id, createdAt: calendarFeeds.createdAt, lastUsedAt: calendarFeeds.lastUsedAt }

/** The user's live (not revoked) feed, if any. */
export async function findLiveFeed(db: Db, userId: string) {
  const [row] = await db
    .select(feedColumns)
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)))
  return row
}

/**
 * Holds the user's row until the transaction ends, so that two requests making or revoking the
 * same user's feed at once take turns instead of racing to the one-live-feed index.
 */
export async function lockFeedOwner(db: Db, userId: string) {
  await db.execute(sql`SELECT 1 FROM ${users} WHERE ${users.id} = ${userId} FOR UPDATE`)
}

/** Revokes the user's live feed; its id, or undefined when there was none. */
export async function revokeLiveFeed(db: Db, userId: string): Promise<string | undefined> {
  const rows = await db
    .update(calendarFeeds)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(calendarFeeds.userId, userId), isNull(calendarFeeds.revokedAt)))
    .returning({ id: calendarFeeds.id })
  return rows[0]?.id
}

export async function insertFeed(db: Db, userId: string, tokenHash: string) {
  const [row] = await db.insert(calendarFeeds).values({ userId, tokenHash }).returning(feedColumns)
  return row!
}

/**
 * The live feed with this token hash and its owner, as the owner is now (role, communities,
 * language), or undefined when the feed is unknown or revoked, or the account deactivated.
 */
export async function findFeedOwner(db: Db, tokenHash: string) {
  const [row] = await db
    .select({
      feedId: calendarFeeds.id,
      lastUsedAt: calendarFeeds.lastUsedAt,
      id: users.id,
      role: users.role,
      displayName: users.displayName,
      language: users.language,
      communityIds: sql<
        string[]
      >`coalesce((SELECT array_agg(uc.community_id::text) FROM user_communities uc WHERE uc.user_id = ${users.id}), '{}')`,
    })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .where(and(eq(calendarFeeds.tokenHash, tokenHash), isNull(calendarFeeds.revokedAt), eq(users.isActive, true)))
  return row
}

/** Notes a calendar app's fetch, at most once an hour: polls must not become a write each. */
export async function touchFeed(db: Db, feedId: string) {
  await db
    .update(calendarFeeds)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(eq(calendarFeeds.id, feedId), or(isNull(calendarFeeds.lastUsedAt), lt(calendarFeeds.lastUsedAt, sql`now() - interval '1 hour'`))),
    )
}

export interface FeedWindow {
  fromAt: Date
  toAt: Date
  /** Events (or cases) deleted after this are served as cancelled; earlier ones are gone. */
  cancelledSince: Date
  /** Only the cases on whose team (lead or member) this account is. */
  teamUserId?: string | undefined
}

/**
 * The hearings and deadlines of the cases the viewer may see, in the window: live ones, and those
 * deleted (or whose case was deleted) since `cancelledSince`, with `cancelledAt` set. A case's
 * deletion does not touch its events' rows, so their SEQUENCE is the version plus one: higher
 * than any the calendar app was served while they were live.
 */
export function findFeedEntries(db: Db, window: FeedWindow, viewer: Viewer) {
  return db
    .select({
      id: caseEvents.id,
      caseReference: legalCases.reference,
      caseTitle: legalCases.title,
      caseTitleKm: legalCases.titleKm,
      // The case team's lead (an account); staff names are no contacts.
      leadLawyer: sql<string | null>`(SELECT u.display_name FROM case_team ct JOIN users u ON u.id = ct.user_id
        WHERE ct.case_id = ${legalCases.id} AND ct.role = 'lead')`,
      startsAt: caseEvents.startsAt,
      // Narrowed by the WHERE below to the kinds a calendar shows.
      kind: sql<(typeof CALENDAR_EVENT_KINDS)[number]>`${caseEvents.kind}`,
      title: caseEvents.title,
      location: caseEvents.location,
      isDone: caseEvents.isDone,
      updatedAt: caseEvents.updatedAt,
      version: sql<number>`(${caseEvents.version} + CASE WHEN ${caseEvents.deletedAt} IS NULL
        AND ${legalCases.deletedAt} IS NOT NULL THEN 1 ELSE 0 END)::int`,
      cancelledAt: sql<Date | null>`greatest(${caseEvents.deletedAt}, ${legalCases.deletedAt})`.mapWith((value) =>
        value == null ? null : new Date(value as string),
      ),
    })
    .from(caseEvents)
    .innerJoin(legalCases, eq(legalCases.id, caseEvents.caseId))
    .where(
      and(
        inArray(caseEvents.kind, [...CALENDAR_EVENT_KINDS]),
        gte(caseEvents.startsAt, window.fromAt),
        lt(caseEvents.startsAt, window.toAt),
        or(isNull(caseEvents.deletedAt), gt(caseEvents.deletedAt, window.cancelledSince)),
        or(isNull(legalCases.deletedAt), gt(legalCases.deletedAt, window.cancelledSince)),
        caseScope(viewer, legalCases.id),
        window.teamUserId
          ? sql`${legalCases.id} IN (SELECT ct.case_id FROM case_team ct WHERE ct.user_id = ${window.teamUserId})`
          : undefined,
      ),
    )
    .orderBy(asc(caseEvents.startsAt), asc(caseEvents.id))
}
