// Notifications are raised by many features (tasks, incidents, triage, the reminder sweep) and
// stored in one place: this is the one door in. Each notification is idempotent per user through
// its dedupe key, so the same event noticed by two server processes, or again after a restart,
// notifies once. Delivery (the bell, e-mail, digests) is server/features/notifications/.
import type { NotificationKind } from '../../shared/vocabularies.ts'
import type { Db } from '../../db/open.ts'
import { insertNotifications } from './notifications.queries.ts'

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
