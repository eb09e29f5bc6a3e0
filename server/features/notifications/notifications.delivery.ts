// Delivery, a job scheduled once per interval across the cluster: the reminder sweep (hearings 7 days and 1
// day before, deadlines 3 days before and on the day), e-mails queued for notifications (one each,
// or a daily digest) and the outbox sent over SMTP.
//
// "Exactly once" rests on the database, never on a process's memory: a reminder is a
// notification whose dedupe key (event, start time, lead time) is unique per user; an e-mail is
// an outbox row whose dedupe key (`notification:<id>`, `digest:<user>:<day>`) is unique; the
// outbox is claimed with FOR UPDATE SKIP LOCKED and a lease, so two processes never send the same
// row while both live, and a process that dies mid-send leaves it to another once its lease ends
// (the one case where a message can go twice: the SMTP server accepted it, the process died
// before recording that).
import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../../../db/open.ts'
import { cambodianDayAndHour, dueReminders, reminderDedupeKey } from '../../../shared/notifications.ts'
import { notify, type NewNotification } from '../../lib/notifications.ts'
import {
  claimDueEmails,
  claimRun,
  enqueueEmails,
  findDigestsDue,
  findReminderCandidates,
  finishRun,
  lockDigestNotifications,
  lockNotificationsToEmail,
  markEmailAttemptFailed,
  markEmailSent,
  markNotificationsEmailed,
  type OutboxMessage,
} from './notifications.delivery.queries.ts'
import { renderDigestEmail, renderNotificationEmail } from './notifications.email.ts'
import { describeMailError, type Mailer } from './notifications.mailer.ts'

export interface DeliveryContext {
  db: Db
  /** The time reminders and digests are due by (DEY_TEST_NOW in tests). */
  now: Date
  /** Where links in e-mails point (PUBLIC_URL). */
  publicUrl: string
  /** Absent: no e-mail (SMTP not configured); notifications stay in the app. */
  mailer?: Mailer | undefined
  /** Who holds a run's lease (scheduled_runs.locked_by). */
  owner: string
  log?: Pick<FastifyBaseLogger, 'warn' | 'error'> | undefined
}

export interface RunSummary {
  /** Did this process do the sweep this time (another one may have held it)? */
  hasSwept: boolean
  reminders: number
  emailsQueued: number
  emailsSent: number
  emailsFailed: number
}

const RUN_NAME = 'notifications'
/** A process that dies mid-sweep holds it at most this long. */
const RUN_LEASE_SECONDS = 300
/** A process sending a message holds it this long; then another may retry it. */
const SEND_LEASE_SECONDS = 120
const SEND_BATCH = 20
/** Attempts before a message is given up as failed; the waits between them grow fourfold from a minute. */
export const MAX_SEND_ATTEMPTS = 5
const retryDelaySeconds = (attempts: number) => 60 * 4 ** (attempts - 1)

/**
 * Every reminder due at `now` for the case team of each hearing and deadline, as notifications
 * (each one once per user: an existing dedupe key is skipped). Returns how many were new.
 */
export async function sweepReminders(db: Db, now: Date): Promise<number> {
  const candidates = await findReminderCandidates(db, now)
  const due: NewNotification[] = []
  for (const row of candidates) {
    const startsAt = new Date(row.startsAt)
    for (const lead of dueReminders(row.eventKind, startsAt, now)) {
      due.push({
        userId: row.userId,
        kind: row.eventKind === 'hearing' ? 'hearing_reminder' : 'deadline_reminder',
        dedupeKey: reminderDedupeKey(row.eventKind, row.eventId, startsAt, lead),
        params: {
          lead,
          eventKind: row.eventKind,
          eventTitle: row.eventTitle,
          startsAt: startsAt.toISOString(),
          caseReference: row.caseReference,
          caseTitle: row.caseTitle,
          caseTitleKm: row.caseTitleKm,
        },
        link: `/cases/${row.caseId}`,
        caseId: row.caseId,
        eventId: row.eventId,
      })
    }
  }
  let created = 0
  for (let start = 0; start < due.length; start += 200) {
    created += (await notify(db, due.slice(start, start + 200))).length
  }
  return created
}

/**
 * Queues the e-mails due: one per notification for users who want each, and the daily digest of
 * users whose hour (Phnom Penh) has come today. Each batch is one transaction: the outbox rows and
 * the notifications' `emailedAt` are written together. Returns how many messages were queued.
 */
export async function queueEmails(context: Pick<DeliveryContext, 'db' | 'now' | 'publicUrl'>): Promise<number> {
  const { db, now, publicUrl } = context
  let queued = 0
  for (;;) {
    const count = await db.transaction(async (tx) => {
      const pending = await lockNotificationsToEmail(tx, 100)
      const messages: OutboxMessage[] = pending.map((item) => ({
        userId: item.userId,
        dedupeKey: `notification:${item.id}`,
        toAddress: item.email,
        ...asOutbox(renderNotificationEmail(item, item.language, publicUrl)),
      }))
      queued += (await enqueueEmails(tx, messages)).length
      await markNotificationsEmailed(
        tx,
        pending.map((item) => item.id),
      )
      return pending.length
    })
    if (count < 100) break
  }

  const { day, hour } = cambodianDayAndHour(now)
  for (const { userId } of await findDigestsDue(db, day, hour)) {
    queued += await db.transaction(async (tx) => {
      const items = await lockDigestNotifications(tx, userId, 200)
      const first = items[0]
      if (!first) return 0
      const digest = renderDigestEmail(items, day, first.language, publicUrl)
      const keys = await enqueueEmails(tx, [{ userId, dedupeKey: `digest:${userId}:${day}`, toAddress: first.email, ...asOutbox(digest) }])
      // Another process queued today's digest first: these wait for tomorrow's.
      if (keys.length === 0) return 0
      await markNotificationsEmailed(
        tx,
        items.map((item) => item.id),
      )
      return 1
    })
  }
  return queued
}

const asOutbox = (email: { subject: string; text: string; html: string }) => ({
  subject: email.subject,
  textBody: email.text,
  htmlBody: email.html,
})

/** Sends the outbox's due messages; failures are retried later, then given up. */
export async function sendDueEmails(context: Pick<DeliveryContext, 'db' | 'mailer' | 'log'>): Promise<{ sent: number; failed: number }> {
  const { db, mailer, log } = context
  const result = { sent: 0, failed: 0 }
  if (!mailer) return result
  for (let batch = 0; batch < 10; batch++) {
    const claimed = await claimDueEmails(db, SEND_BATCH, SEND_LEASE_SECONDS)
    for (const message of claimed) {
      try {
        const { messageId } = await mailer.send({
          to: message.toAddress,
          subject: message.subject,
          text: message.textBody,
          html: message.htmlBody,
        })
        await markEmailSent(db, message.id, messageId)
        result.sent++
      } catch (error) {
        const reason = describeMailError(error)
        const isLast = message.attempts >= MAX_SEND_ATTEMPTS
        await markEmailAttemptFailed(db, message.id, reason, isLast ? null : retryDelaySeconds(message.attempts))
        result.failed++
        // The outbox id and the SMTP reply (addresses removed): no recipient, no subject.
        log?.warn({ outboxId: message.id, attempt: message.attempts, reason, isGivenUp: isLast }, 'could not send an e-mail')
      }
    }
    if (claimed.length < SEND_BATCH) break
  }
  return result
}

/**
 * One turn of a process: the sweep and the queueing when no other process holds them (they
 * would be harmless twice, only wasted), then this process's share of the sending.
 */
export async function runDeliveryOnce(context: DeliveryContext, spacingSeconds = 0): Promise<RunSummary> {
  const summary: RunSummary = { hasSwept: false, reminders: 0, emailsQueued: 0, emailsSent: 0, emailsFailed: 0 }
  if (await claimRun(context.db, RUN_NAME, context.owner, RUN_LEASE_SECONDS, spacingSeconds)) {
    try {
      summary.hasSwept = true
      summary.reminders = await sweepReminders(context.db, context.now)
      if (context.mailer) summary.emailsQueued = await queueEmails(context)
    } finally {
      await finishRun(context.db, RUN_NAME, context.owner)
    }
  }
  const { sent, failed } = await sendDueEmails(context)
  summary.emailsSent = sent
  summary.emailsFailed = failed
  return summary
}

export interface DeliveryTurnOptions {
  db: Db
  log: FastifyBaseLogger
  intervalSeconds: number
  publicUrl: string
  /** Absent: no e-mail (SMTP not configured). */
  mailer?: Mailer | undefined
  /** The clock reminders and digests follow; the real one outside tests. */
  now?: () => Date
}

const processOwner = `${process.pid}:${randomUUID().slice(0, 8)}`

/**
 * One scheduled turn of delivery (server/lib/jobs.ts runs it once per interval across every
 * server); a failure is logged and the next turn tries again.
 */
export async function runDeliveryTurn(options: DeliveryTurnOptions): Promise<void> {
  const now = options.now ?? (() => new Date())
  try {
    const summary = await runDeliveryOnce(
      { db: options.db, now: now(), publicUrl: options.publicUrl, mailer: options.mailer, owner: processOwner, log: options.log },
      options.intervalSeconds / 2,
    )
    const isNews = summary.reminders + summary.emailsQueued + summary.emailsSent + summary.emailsFailed > 0
    if (summary.hasSwept || isNews) options.log[isNews ? 'info' : 'debug']({ delivery: summary }, 'notification delivery ran')
  } catch (error) {
    options.log.error({ err: error }, 'notification delivery failed; it runs again at the next interval')
  }
}
