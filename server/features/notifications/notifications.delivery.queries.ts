// SQL of delivery: the events due for a reminder, the notifications waiting for an e-mail, the
// e-mail outbox, and the lease on periodic runs. Every step is safe to run in several server
// processes at once: unique keys make inserts idempotent, SKIP LOCKED and leases keep two
// processes off the same rows.
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../../../db/open.ts'
import type { EmailDelivery, LanguageCode, NotificationKind } from '../../../shared/vocabularies.ts'

const iso = (date: Date) => sql`${date.toISOString()}::timestamptz`

/**
 * Hearings and deadlines of live (not closed) cases, not done and not deleted, starting between a
 * day before `now` and 7 days after it, with each member of the case team who is active and may
 * see the case (a community representative only a case of one of their communities).
 */
export function findReminderCandidates(db: Db, now: Date) {
  return queryRows<{
    eventId: string
    eventKind: 'hearing' | 'deadline'
    eventTitle: string
    startsAt: Date | string
    caseId: string
    caseReference: string
    caseTitle: string
    caseTitleKm: string | null
    userId: string
  }>(
    db,
    sql`SELECT e.id AS "eventId", e.kind AS "eventKind", e.title AS "eventTitle", e.starts_at AS "startsAt",
          lc.id AS "caseId", lc.reference AS "caseReference", lc.title AS "caseTitle", lc.title_km AS "caseTitleKm", ct.user_id AS "userId"
        FROM case_events e
        JOIN legal_cases lc ON lc.id = e.case_id AND lc.deleted_at IS NULL AND lc.stage <> 'closed'
        JOIN case_team ct ON ct.case_id = lc.id
        JOIN users u ON u.id = ct.user_id AND u.is_active
        WHERE e.deleted_at IS NULL AND e.is_done = false AND e.kind IN ('hearing', 'deadline')
          AND e.starts_at > ${iso(now)} - interval '1 day' AND e.starts_at <= ${iso(now)} + interval '7 days'
          AND (u.role <> 'community_rep' OR EXISTS (SELECT 1 FROM case_communities cc
            JOIN user_communities uc ON uc.community_id = cc.community_id AND uc.user_id = u.id WHERE cc.case_id = lc.id))
        ORDER BY e.starts_at, e.id`,
  )
}

// ---- Runs shared by the processes ---------------------------------------------------------

/**
 * Takes the lease on a periodic run when no process holds it and it last ran at least
 * `spacingSeconds` ago (database time): true when this process should run it now.
 */
export async function claimRun(db: Db, name: string, owner: string, leaseSeconds: number, spacingSeconds: number): Promise<boolean> {
  await db.execute(sql`INSERT INTO scheduled_runs (name) VALUES (${name}) ON CONFLICT (name) DO NOTHING`)
  const rows = await queryRows<{ name: string }>(
    db,
    sql`UPDATE scheduled_runs SET locked_until = now() + make_interval(secs => ${leaseSeconds}), locked_by = ${owner}
        WHERE name = ${name} AND (locked_until IS NULL OR locked_until < now())
          AND (last_run_at IS NULL OR last_run_at <= now() - make_interval(secs => ${spacingSeconds}))
        RETURNING name`,
  )
  return rows.length > 0
}

export async function finishRun(db: Db, name: string, owner: string) {
  await db.execute(sql`UPDATE scheduled_runs SET last_run_at = now(), locked_until = NULL WHERE name = ${name} AND locked_by = ${owner}`)
}

// ---- Notifications waiting for an e-mail --------------------------------------------------

export interface PendingNotification {
  id: string
  userId: string
  kind: NotificationKind
  params: Record<string, unknown>
  link: string | null
  email: string
  language: LanguageCode
}

const wantsEmail = sql`NOT EXISTS (SELECT 1 FROM notification_preferences p WHERE p.user_id = n.user_id AND p.kind = n.kind AND p.email = false)`

/**
 * Notifications of users who get one e-mail each, not e-mailed yet, from the last two days (a
 * server that had no SMTP, or a user who turns e-mail on, does not flood their inbox with old
 * ones). Locked until the transaction ends; rows another process holds are skipped.
 */
export function lockNotificationsToEmail(db: Db, limit: number) {
  return queryRows<PendingNotification>(
    db,
    sql`SELECT n.id, n.user_id AS "userId", n.kind, n.params, n.link, u.email, u.language
        FROM notifications n
        JOIN users u ON u.id = n.user_id AND u.is_active
        LEFT JOIN notification_settings s ON s.user_id = n.user_id
        WHERE n.emailed_at IS NULL AND n.created_at > now() - interval '2 days'
          AND coalesce(s.email_delivery, 'each') = 'each' AND ${wantsEmail}
        ORDER BY n.created_at, n.id
        LIMIT ${limit}
        FOR UPDATE OF n SKIP LOCKED`,
  )
}

/** Users whose daily digest is due: its hour has come on `day` and no digest of that day exists. */
export function findDigestsDue(db: Db, day: string, hour: number) {
  return queryRows<{ userId: string }>(
    db,
    sql`SELECT s.user_id AS "userId"
        FROM notification_settings s
        JOIN users u ON u.id = s.user_id AND u.is_active
        WHERE s.email_delivery = ${'daily_digest' satisfies EmailDelivery} AND s.digest_hour <= ${hour}
          AND NOT EXISTS (SELECT 1 FROM email_outbox o WHERE o.dedupe_key = 'digest:' || s.user_id::text || ':' || ${day}::text)
          AND EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = s.user_id AND n.emailed_at IS NULL
            AND n.created_at > now() - interval '8 days' AND ${wantsEmail})`,
  )
}

/** A digest user's notifications not e-mailed yet (the last 8 days), locked for this transaction. */
export function lockDigestNotifications(db: Db, userId: string, limit: number) {
  return queryRows<PendingNotification & { createdAt: Date | string }>(
    db,
    sql`SELECT n.id, n.user_id AS "userId", n.kind, n.params, n.link, n.created_at AS "createdAt", u.email, u.language
        FROM notifications n
        JOIN users u ON u.id = n.user_id AND u.is_active
        WHERE n.user_id = ${userId} AND n.emailed_at IS NULL AND n.created_at > now() - interval '8 days' AND ${wantsEmail}
        ORDER BY n.created_at, n.id
        LIMIT ${limit}
        FOR UPDATE OF n SKIP LOCKED`,
  )
}

export async function markNotificationsEmailed(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return
  await db.execute(
    sql`UPDATE notifications SET emailed_at = now() WHERE id IN (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`,
  )
}

// ---- The outbox ---------------------------------------------------------------------------

export interface OutboxMessage {
  userId: string | null
  dedupeKey: string
  toAddress: string
  subject: string
  textBody: string
  htmlBody: string | null
}

/** Queues messages; one whose dedupe key exists already is skipped. Returns the keys queued. */
export async function enqueueEmails(db: Db, messages: readonly OutboxMessage[]): Promise<string[]> {
  if (messages.length === 0) return []
  const rows = await queryRows<{ dedupeKey: string }>(
    db,
    sql`INSERT INTO email_outbox (user_id, dedupe_key, to_address, subject, text_body, html_body)
        VALUES ${sql.join(
          messages.map((m) => sql`(${m.userId}::uuid, ${m.dedupeKey}, ${m.toAddress}, ${m.subject}, ${m.textBody}, ${m.htmlBody})`),
          sql`, `,
        )}
        ON CONFLICT (dedupe_key) DO NOTHING
        RETURNING dedupe_key AS "dedupeKey"`,
  )
  return rows.map((row) => row.dedupeKey)
}

/**
 * Claims up to `limit` messages due for sending: pending, their next attempt come, and not held
 * by another process (its lease `locked_until` passed: it crashed mid-send). Each claim counts as
 * an attempt and holds the message for `leaseSeconds`.
 */
export function claimDueEmails(db: Db, limit: number, leaseSeconds: number) {
  return queryRows<{ id: string; toAddress: string; subject: string; textBody: string; htmlBody: string | null; attempts: number }>(
    db,
    sql`UPDATE email_outbox SET locked_until = now() + make_interval(secs => ${leaseSeconds}), attempts = attempts + 1
        WHERE id IN (SELECT id FROM email_outbox
          WHERE status = 'pending' AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until < now())
          ORDER BY next_attempt_at, id
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED)
        RETURNING id, to_address AS "toAddress", subject, text_body AS "textBody", html_body AS "htmlBody", attempts`,
  )
}

export async function markEmailSent(db: Db, id: string, messageId: string | null) {
  await db.execute(
    sql`UPDATE email_outbox SET status = 'sent', sent_at = now(), message_id = ${messageId}, locked_until = NULL, last_error = NULL
        WHERE id = ${id} AND status = 'pending'`,
  )
}

/** A failed attempt: tried again after `retryInSeconds`, or given up (`failed`) when null. */
export async function markEmailAttemptFailed(db: Db, id: string, error: string, retryInSeconds: number | null) {
  await db.execute(
    retryInSeconds === null
      ? sql`UPDATE email_outbox SET status = 'failed', locked_until = NULL, last_error = ${error} WHERE id = ${id} AND status = 'pending'`
      : sql`UPDATE email_outbox SET next_attempt_at = now() + make_interval(secs => ${retryInSeconds}), locked_until = NULL, last_error = ${error}
            WHERE id = ${id} AND status = 'pending'`,
  )
}
