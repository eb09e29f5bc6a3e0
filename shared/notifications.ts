// Notifications (the bell), their preferences and community follows, and when reminders are due.
// Their wording is in notification-wording.ts: it carries every label in both languages, which
// the client (worded by the server) must not download.
import { z } from 'zod'
import { Count, DateTime, Uuid } from './common.ts'
import { listQueryFields } from './list.ts'
import { EMAIL_DELIVERIES, LANGUAGES, NOTIFICATION_KINDS } from './vocabularies.ts'

export const NotificationKindSchema = z.enum(NOTIFICATION_KINDS)
export const Language = z.enum(LANGUAGES)

export const NotificationListQuery = z.object({
  limit: listQueryFields.limit.pipe(z.number().max(100)),
  cursor: listQueryFields.cursor,
  /** Only those not read yet. */
  unread: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  /** The language the titles are worded in (the reader's own by default). */
  lang: Language.optional(),
})
export type NotificationListQuery = z.infer<typeof NotificationListQuery>

export const Notification = z.object({
  id: Uuid,
  kind: NotificationKindSchema,
  /** Worded in the language asked for. */
  title: z.string(),
  detail: z.string().nullable(),
  /** The client path it opens, e.g. /cases/<id>. */
  link: z.string().nullable(),
  params: z.record(z.string(), z.unknown()),
  createdAt: DateTime,
  readAt: DateTime.nullable(),
})
export type Notification = z.infer<typeof Notification>

export const NotificationPage = z.object({ items: z.array(Notification), nextCursor: z.string().nullable() })
export type NotificationPage = z.infer<typeof NotificationPage>

export const UnreadCount = z.object({ count: Count })
export type UnreadCount = z.infer<typeof UnreadCount>

export const ReadAllResult = z.object({ marked: Count })

export const KindPreference = z.object({ kind: NotificationKindSchema, inApp: z.boolean(), email: z.boolean() })
export type KindPreference = z.infer<typeof KindPreference>

export const NotificationPreferences = z.object({
  kinds: z.array(KindPreference),
  emailDelivery: z.enum(EMAIL_DELIVERIES),
  /** The hour (Asia/Phnom_Penh, 0–23) the daily digest goes out. */
  digestHour: z.number().int().min(0).max(23),
  /** The language of the user's e-mails. */
  language: Language,
  /** Whether this server sends e-mail at all (SMTP configured). */
  isEmailEnabled: z.boolean(),
})
export type NotificationPreferences = z.infer<typeof NotificationPreferences>

export const UpdateNotificationPreferencesBody = z
  .object({
    kinds: z
      .array(KindPreference)
      .max(NOTIFICATION_KINDS.length)
      .refine((kinds) => new Set(kinds.map((k) => k.kind)).size === kinds.length, 'names a kind twice')
      .optional(),
    emailDelivery: z.enum(EMAIL_DELIVERIES).optional(),
    digestHour: z.number().int().min(0).max(23).optional(),
    language: Language.optional(),
  })
  .strict()
export type UpdateNotificationPreferencesBody = z.infer<typeof UpdateNotificationPreferencesBody>

export const FollowedCommunity = z.object({ communityId: Uuid, name: z.string(), nameKm: z.string().nullable(), followedAt: DateTime })
export const FollowList = z.object({ items: z.array(FollowedCommunity) })
export type FollowList = z.infer<typeof FollowList>

export const FollowState = z.object({ communityId: Uuid, isFollowing: z.boolean() })
export type FollowState = z.infer<typeof FollowState>

// ---- Reminders: when each one is due ------------------------------------------------------

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
/** Cambodia keeps UTC+7 all year (no daylight saving time). */
const PHNOM_PENH_OFFSET_MS = 7 * HOUR_MS

export type ReminderLead = '7d' | '1d' | '3d' | 'day'

/** 00:00 in Phnom Penh of the day `at` falls on there. */
export function startOfCambodianDay(at: Date): Date {
  const local = at.getTime() + PHNOM_PENH_OFFSET_MS
  return new Date(local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - PHNOM_PENH_OFFSET_MS)
}

/** The day (YYYY-MM-DD) and hour (0–23) of an instant in Phnom Penh. */
export function cambodianDayAndHour(at: Date): { day: string; hour: number } {
  const local = new Date(at.getTime() + PHNOM_PENH_OFFSET_MS)
  return { day: local.toISOString().slice(0, 10), hour: local.getUTCHours() }
}

/**
 * Each reminder is due from its moment until the next one's (or the event): a hearing's 7-day
 * reminder from startsAt − 7 days until startsAt − 1 day, its 1-day reminder from startsAt − 1 day
 * until the hearing; a deadline's 3-day reminder from startsAt − 3 days until 00:00 (Phnom Penh)
 * of its day, its day reminder from 00:00 of its day until the deadline (a deadline at midnight: that whole day). A reminder whose window has passed is
 * never sent (an event recorded 12 hours ahead gets the 1-day reminder only); one sent is never
 * sent again (its dedupe key), while an event moved to another time is reminded anew.
 */
export function reminderWindows(kind: 'hearing' | 'deadline', startsAt: Date): { lead: ReminderLead; from: Date; until: Date }[] {
  const at = startsAt.getTime()
  if (kind === 'hearing') {
    return [
      { lead: '7d', from: new Date(at - 7 * DAY_MS), until: new Date(at - DAY_MS) },
      { lead: '1d', from: new Date(at - DAY_MS), until: startsAt },
    ]
  }
  const dayStart = startOfCambodianDay(startsAt)
  return [
    { lead: '3d', from: new Date(at - 3 * DAY_MS), until: dayStart },
    // A deadline at a time of day is reminded until then; one at midnight is that whole day.
    { lead: 'day', from: dayStart, until: startsAt > dayStart ? startsAt : new Date(dayStart.getTime() + DAY_MS) },
  ]
}

/** The reminders of an event due at `now` (at most one). */
export function dueReminders(kind: 'hearing' | 'deadline', startsAt: Date, now: Date): ReminderLead[] {
  return reminderWindows(kind, startsAt)
    .filter((window) => window.from <= now && now < window.until)
    .map((window) => window.lead)
}

export const reminderDedupeKey = (kind: 'hearing' | 'deadline', eventId: string, startsAt: Date, lead: ReminderLead) =>
  `${kind}_reminder:${eventId}:${startsAt.toISOString()}:${lead}`
