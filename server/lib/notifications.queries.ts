// The SQL of lib/notifications.ts.
import { notifications } from '../../db/schema/index.ts'
import type { Db } from '../../db/open.ts'
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
