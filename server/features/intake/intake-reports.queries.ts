// All SQL of the moderation queue: the queue itself, one report with its photos and the incidents
// it may duplicate, the decisions, and erasing a sender. Drafts (a Telegram conversation still
// under way) are never read here.
import { and, asc, eq, isNull, ne, or, sql, type SQL } from 'drizzle-orm'
import { asGeoJson, asGeoJsonOrNull } from '../../../db/columns.ts'
import type { Db } from '../../../db/open.ts'
import { communities, evidence, incidents, intakeLinks, intakeReports, telegramChats, users } from '../../../db/schema/index.ts'
import type { PointGeometry } from '../../../shared/geo.ts'
import type { IntakeReportListQuery } from '../../../shared/intake.ts'
import { resolveSorting, toPage } from '../../lib/list-query.ts'
import { incidentScope, type Viewer } from '../../lib/policy.ts'

/** How far apart in space and time an incident may be and still be suggested as the same event. */
export const CANDIDATE_RADIUS_M = 5000
export const CANDIDATE_DAYS = 14
export const MAX_CANDIDATES = 5

const livePhoto = and(isNull(evidence.deletedAt), isNull(evidence.purgedAt))

/**
 * A report's columns, the sender's personal data included: only the routes decide (senderOf in
 * intake-reports.service.ts) what of it leaves the server.
 */
const reportColumns = {
  id: intakeReports.id,
  createdAt: intakeReports.createdAt,
  updatedAt: intakeReports.updatedAt,
  version: intakeReports.version,
  receiptCode: intakeReports.receiptCode,
  source: intakeReports.source,
  status: intakeReports.status,
  linkId: intakeReports.linkId,
  linkTitle: intakeLinks.title,
  communityId: intakeReports.communityId,
  communityName: communities.name,
  kind: intakeReports.kind,
  description: intakeReports.description,
  occurredAt: intakeReports.occurredAt,
  occurredPrecision: intakeReports.occurredPrecision,
  location: asGeoJsonOrNull<PointGeometry>(intakeReports.location),
  language: intakeReports.language,
  senderName: intakeReports.senderName,
  phone: intakeReports.phone,
  telegramUsername: intakeReports.telegramUsername,
  telegramChatId: intakeReports.telegramChatId,
  mayContact: intakeReports.mayContact,
  senderUserId: intakeReports.senderUserId,
  senderUserDisplayName: users.displayName,
  senderErasedAt: intakeReports.senderErasedAt,
  photoCount: sql<number>`(SELECT count(*)::int FROM ${evidence}
    WHERE ${evidence.intakeReportId} = ${intakeReports.id} AND ${evidence.deletedAt} IS NULL AND ${evidence.purgedAt} IS NULL)`,
  incidentId: intakeReports.incidentId,
  rejectionReason: intakeReports.rejectionReason,
  decidedByUserId: intakeReports.decidedByUserId,
  decidedAt: intakeReports.decidedAt,
}

export type IntakeReportRow = Awaited<ReturnType<typeof findIntakeReport>> & {}

function selectReports<Extra extends Record<string, SQL> = Record<never, never>>(db: Db, extra?: Extra) {
  return db
    .select({ ...reportColumns, ...(extra as Extra) })
    .from(intakeReports)
    .leftJoin(intakeLinks, eq(intakeLinks.id, intakeReports.linkId))
    .leftJoin(communities, eq(communities.id, intakeReports.communityId))
    .leftJoin(users, eq(users.id, intakeReports.senderUserId))
}

/** One report (not a draft); `forUpdate` locks it for a decision in the caller's transaction. */
export async function findIntakeReport(db: Db, id: string, { forUpdate = false } = {}) {
  const query = selectReports(db).where(and(eq(intakeReports.id, id), ne(intakeReports.status, 'draft')))
  const [row] = forUpdate ? await query.for('update', { of: intakeReports }) : await query
  return row
}

/**
 * The queue, newest first. `receipt` finds the one report a sender quotes, whatever its status
 * (e.g. to erase their data on request); otherwise the status filter holds (default: new).
 */
export async function listIntakeReports(db: Db, query: IntakeReportListQuery) {
  const sorting = resolveSorting('-createdAt', query.cursor, { createdAt: intakeReports.createdAt }, intakeReports.id)
  const rows = await selectReports(db, { cursorKey: sorting.cursorKey })
    .where(
      and(
        ne(intakeReports.status, 'draft'),
        query.receipt ? eq(intakeReports.receiptCode, query.receipt) : eq(intakeReports.status, query.status),
        query.source ? eq(intakeReports.source, query.source) : undefined,
        query.community ? eq(intakeReports.communityId, query.community) : undefined,
        query.link ? eq(intakeReports.linkId, query.link) : undefined,
        sorting.after,
      ),
    )
    .orderBy(...sorting.orderBy)
    .limit(query.limit + 1)
  return toPage(rows, query.limit, '-createdAt', sorting)
}

/** The report's own photos (evidence rows still attached to it), oldest first. */
export function findIntakePhotos(db: Db, reportId: string) {
  return db
    .select({
      evidenceId: evidence.id,
      sha256: evidence.sha256,
      mediaType: evidence.mediaType,
      sizeBytes: evidence.sizeBytes,
      hasThumbnail: evidence.hasThumbnail,
      capturedAt: evidence.capturedAt,
    })
    .from(evidence)
    .where(and(eq(evidence.intakeReportId, reportId), livePhoto))
    .orderBy(asc(evidence.createdAt), asc(evidence.id))
}

/**
 * Live incidents that may be the event the report tells of: the same kind, within
 * CANDIDATE_RADIUS_M of its location (on the ellipsoid) and CANDIDATE_DAYS of when it happened
 * (or, with no date, of when it came in); nearest first, then closest in time. A report without a
 * location is compared with its own community's incidents instead (no distance).
 */
export async function findMergeCandidates(db: Db, reportId: string, viewer: Viewer) {
  const report = sql`(SELECT * FROM ${intakeReports} WHERE ${intakeReports.id} = ${reportId})`
  const reportTime = sql`(SELECT coalesce(r.occurred_at, r.created_at) FROM ${report} r)`
  const reportPlace = sql`(SELECT r.location::geography FROM ${report} r)`
  const distanceM = sql`ST_Distance(${incidents.location}::geography, ${reportPlace})`
  const secondsApart = sql`abs(extract(epoch FROM ${incidents.occurredAt} - ${reportTime}))`
  const hasLocation = sql`(SELECT r.location IS NOT NULL FROM ${report} r)`
  return db
    .select({
      id: incidents.id,
      title: incidents.title,
      titleKm: incidents.titleKm,
      kind: incidents.kind,
      status: incidents.status,
      occurredAt: incidents.occurredAt,
      distanceKm: sql<number | null>`round((${distanceM} / 1000)::numeric, 2)::float8`,
      daysApart: sql<number>`round((${secondsApart} / 86400)::numeric, 1)::float8`,
      communityName: communities.name,
    })
    .from(incidents)
    .leftJoin(communities, eq(communities.id, incidents.communityId))
    .where(
      and(
        isNull(incidents.deletedAt),
        incidentScope(viewer, { communityId: incidents.communityId, isConfidential: incidents.isConfidential }),
        sql`${incidents.kind} = (SELECT r.kind FROM ${report} r)`,
        sql`${secondsApart} <= ${CANDIDATE_DAYS * 86400}`,
        sql`CASE WHEN ${hasLocation}
          THEN ST_DWithin(${incidents.location}::geography, ${reportPlace}, ${CANDIDATE_RADIUS_M})
          ELSE ${incidents.communityId} = (SELECT r.community_id FROM ${report} r) END`,
      ),
    )
    .orderBy(sql`${distanceM} ASC NULLS LAST`, sql`${secondsApart} ASC`, asc(incidents.id))
    .limit(MAX_CANDIDATES)
}

/** A live incident the viewer may see, and whether it is confidential (what merged photos become). */
export async function findMergeTarget(db: Db, id: string, viewer: Viewer) {
  const [row] = await db
    .select({ id: incidents.id, isConfidential: incidents.isConfidential, location: asGeoJson<PointGeometry>(incidents.location) })
    .from(incidents)
    .where(
      and(
        eq(incidents.id, id),
        isNull(incidents.deletedAt),
        incidentScope(viewer, { communityId: incidents.communityId, isConfidential: incidents.isConfidential }),
      ),
    )
  return row
}

/**
 * The report's photos become the incident's evidence: the same rows (so their hash and chain of
 * custody in the audit trail stay with them), now as confidential as the incident is.
 */
export async function moveIntakePhotos(db: Db, reportId: string, incidentId: string, isConfidential: boolean) {
  const rows = await db
    .update(evidence)
    .set({ incidentId, intakeReportId: null, isConfidential, version: sql`${evidence.version} + 1`, updatedAt: sql`now()` })
    .where(eq(evidence.intakeReportId, reportId))
    .returning({ id: evidence.id })
  return rows.length
}

export type IntakeDecisionColumns = Partial<
  Pick<typeof intakeReports.$inferInsert, 'status' | 'incidentId' | 'rejectionReason' | 'decidedByUserId'>
>

/** Records a decision on a report still new at `expectedVersion`; false when it was not. */
export async function decideIntakeReport(db: Db, id: string, expectedVersion: number, decision: IntakeDecisionColumns) {
  const rows = await db
    .update(intakeReports)
    .set({ ...decision, decidedAt: sql`now()`, version: sql`${intakeReports.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(intakeReports.id, id), eq(intakeReports.version, expectedVersion), eq(intakeReports.status, 'new')))
    .returning({ id: intakeReports.id })
  return rows.length === 1
}

/** Forgets who sent a report (their request): name, phone and Telegram ids; false on a stale version. */
export async function eraseIntakeSender(db: Db, id: string, expectedVersion: number) {
  const rows = await db
    .update(intakeReports)
    .set({
      senderName: null,
      phone: null,
      telegramUserId: null,
      telegramUsername: null,
      telegramChatId: null,
      // Nothing is left to contact them by.
      mayContact: false,
      senderErasedAt: sql`now()`,
      version: sql`${intakeReports.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(intakeReports.id, id), eq(intakeReports.version, expectedVersion), ne(intakeReports.status, 'draft')))
    .returning({ id: intakeReports.id })
  return rows.length === 1
}

/** The bot's conversation state for the chat the report came from, or that still points at it. */
export async function deleteTelegramChatState(db: Db, reportId: string, chatId: number | null) {
  await db
    .delete(telegramChats)
    .where(or(eq(telegramChats.draftReportId, reportId), chatId === null ? undefined : eq(telegramChats.chatId, chatId)))
}
