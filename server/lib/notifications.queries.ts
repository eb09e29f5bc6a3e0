// The SQL of lib/notifications.ts.
import { sql, type SQL } from 'drizzle-orm'
import { notifications } from '../../db/schema/index.ts'
import { queryRows, type Db } from '../../db/open.ts'
import type { NewNotification } from './notifications.ts'

export async function insertNotifications(db: Db, rows: readonly NewNotification[]) {
  return db
    .insert(notifications)
    .values(
      rows.map((row) => ({
        userId: row.userId,
        kind: row.kind,
        dedupeKey: row.dedupeKey,
        params: row.params,
        link: row.link ?? null,
        caseId: row.caseId ?? null,
        incidentId: row.incidentId ?? null,
        eventId: row.eventId ?? null,
        taskId: row.taskId ?? null,
      })),
    )
    .onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] })
    .returning({ id: notifications.id, userId: notifications.userId })
}

/**
 * Who is told of a new incident in a community they follow: active followers who may see it —
 * confidential incidents only legal staff and admins; representatives only their own
 * communities' incidents (as lib/policy.ts incidentScope, stricter on confidentiality) — but not
 * the person who reported it.
 */
export function findIncidentFollowers(db: Db, incidentId: string) {
  return queryRows<{
    userId: string
    incidentKind: string
    occurredAt: string
    communityId: string
    communityName: string
    communityNameKm: string | null
    reportedByUserId: string | null
  }>(
    db,
    sql`SELECT f.user_id AS "userId", i.kind AS "incidentKind", to_char(i.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "occurredAt",
          c.id AS "communityId", c.name AS "communityName", c.name_km AS "communityNameKm", i.reported_by_user_id AS "reportedByUserId"
        FROM incidents i
        JOIN communities c ON c.id = i.community_id AND c.deleted_at IS NULL
        JOIN community_follows f ON f.community_id = c.id
        JOIN users u ON u.id = f.user_id AND u.is_active
        WHERE i.id = ${incidentId} AND i.deleted_at IS NULL
          AND ${mayHearOfIncident(sql`u`, sql`i`)}`,
  )
}

/**
 * The leads of the live cases an incident is in (one case, or every case it is linked to), who
 * may see the incident, with what the notification names.
 */
export function findCaseLeadsOfIncident(db: Db, incidentId: string, caseId: string | undefined) {
  return queryRows<{
    userId: string
    caseId: string
    caseReference: string
    caseTitle: string
    caseTitleKm: string | null
    incidentKind: string
    communityName: string | null
    communityNameKm: string | null
  }>(
    db,
    sql`SELECT ct.user_id AS "userId", lc.id AS "caseId", lc.reference AS "caseReference", lc.title AS "caseTitle", lc.title_km AS "caseTitleKm",
          i.kind AS "incidentKind", c.name AS "communityName", c.name_km AS "communityNameKm"
        FROM incidents i
        JOIN case_incidents ci ON ci.incident_id = i.id
        JOIN legal_cases lc ON lc.id = ci.case_id AND lc.deleted_at IS NULL
        JOIN case_team ct ON ct.case_id = lc.id AND ct.role = 'lead'
        JOIN users u ON u.id = ct.user_id AND u.is_active
        LEFT JOIN communities c ON c.id = i.community_id AND c.deleted_at IS NULL
        WHERE i.id = ${incidentId} AND i.deleted_at IS NULL
          AND ${caseId ? sql`lc.id = ${caseId}` : sql`true`}
          AND ${mayHearOfIncident(sql`u`, sql`i`)}`,
  )
}

/** May user `u` be told of incident `i` (aliases in the caller's FROM)? */
function mayHearOfIncident(u: SQL, i: SQL) {
  return sql`(${u}.role IN ('legal', 'admin')
    OR (${i}.is_confidential = false AND (${u}.role = 'advocate'
      OR (${u}.role = 'community_rep' AND EXISTS (SELECT 1 FROM user_communities uc WHERE uc.user_id = ${u}.id AND uc.community_id = ${i}.community_id)))))`
}
