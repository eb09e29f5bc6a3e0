// Notifications are raised by many features (tasks, incidents, triage, the reminder sweep) and
// stored in one place: this is the one door in. Each notification is idempotent per user through
// its dedupe key, so the same event noticed by two server processes, or again after a restart,
// notifies once. Delivery (the bell, e-mail, digests) is server/features/notifications/.
import type { NotificationKind } from '../../shared/vocabularies.ts'
import type { Db } from '../../db/open.ts'
import { findCaseLeadsOfIncident, findIncidentFollowers, insertNotifications } from './notifications.queries.ts'

export interface NewNotification {
  userId: string
  kind: NotificationKind
  /** Unique per user: e.g. `task_assigned:<taskId>:<assigneeId>` or `hearing_reminder:<eventId>:<startsAt>:7d`. */
  dedupeKey: string
  /** What the message needs, in both languages where it matters (references, titles, ISO times). */
  params: Record<string, unknown>
  /** The client path the notification opens. */
  link?: string | null
  caseId?: string | null
  incidentId?: string | null
  eventId?: string | null
  taskId?: string | null
}

/**
 * Records notifications inside the caller's transaction (so they exist only if the change that
 * caused them is committed). Returns the ones that were new: a dedupe key seen before is skipped.
 */
export async function notify(db: Db, notifications: readonly NewNotification[]): Promise<{ id: string; userId: string }[]> {
  if (notifications.length === 0) return []
  return insertNotifications(db, notifications)
}

/**
 * A new incident: its community's followers who may see it are told (not the reporter). Call it
 * in the transaction that stored the incident.
 */
export async function notifyFollowersOfIncident(db: Db, incidentId: string) {
  const followers = await findIncidentFollowers(db, incidentId)
  return notify(
    db,
    followers
      .filter((follower) => follower.userId !== follower.reportedByUserId)
      .map((follower) => ({
        userId: follower.userId,
        kind: 'community_incident' as const,
        dedupeKey: `community_incident:${incidentId}`,
        params: {
          communityName: follower.communityName,
          communityNameKm: follower.communityNameKm,
          incidentKind: follower.incidentKind,
          occurredAt: follower.occurredAt,
        },
        link: `/incidents/${incidentId}`,
        incidentId,
      })),
  )
}

/**
 * An incident verified into a case: the case's lead is told (unless they did it themselves).
 * Without `caseId`, the leads of every case the incident is in (it was verified in triage).
 */
export async function notifyCaseLeadsOfIncident(db: Db, incidentId: string, options: { caseId?: string; actorId: string }) {
  const leads = await findCaseLeadsOfIncident(db, incidentId, options.caseId)
  return notify(
    db,
    leads
      .filter((lead) => lead.userId !== options.actorId)
      .map((lead) => ({
        userId: lead.userId,
        kind: 'incident_into_case' as const,
        dedupeKey: `incident_into_case:${incidentId}:${lead.caseId}`,
        params: {
          caseReference: lead.caseReference,
          caseTitle: lead.caseTitle,
          caseTitleKm: lead.caseTitleKm,
          incidentKind: lead.incidentKind,
          communityName: lead.communityName,
          communityNameKm: lead.communityNameKm,
        },
        link: `/cases/${lead.caseId}`,
        caseId: lead.caseId,
        incidentId,
      })),
  )
}
