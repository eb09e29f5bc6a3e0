// Notifications (the bell), their preferences and community follows; and their wording, one
// place for the bell and the e-mails, in English and Khmer. A notification names only what its
// reader may see: case reference and title, event kind, title and time, a task's title, a
// community's name, an incident's kind — never privileged notes, parties, witnesses or contacts.
import { z } from 'zod'
import { Count, DateTime, Uuid } from './common.ts'
import { listQueryFields } from './list.ts'
import { APP_TIME_ZONE } from './time.ts'
import { vocabMessages } from './vocabulary-labels.ts'
import {
  EMAIL_DELIVERIES,
  INCIDENT_KINDS,
  LANGUAGES,
  NOTIFICATION_KINDS,
  type IncidentKind,
  type LanguageCode,
  type NotificationKind,
} from './vocabularies.ts'

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

// ---- Wording ------------------------------------------------------------------------------

/** An instant as people in Cambodia read it, in their language. */
export function formatCambodianTime(iso: string, language: LanguageCode): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(language === 'km' ? 'km-KH' : 'en-GB', {
    timeZone: APP_TIME_ZONE,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date)
}

function formatDay(isoDate: string, language: LanguageCode): string {
  const date = new Date(`${isoDate}T00:00:00+07:00`)
  if (Number.isNaN(date.getTime())) return isoDate
  return new Intl.DateTimeFormat(language === 'km' ? 'km-KH' : 'en-GB', { timeZone: APP_TIME_ZONE, dateStyle: 'medium' }).format(date)
}

const WORDS = {
  en: {
    hearing: (when: string, title: string) => `Hearing on ${when}: ${title}`,
    deadline: (when: string, title: string) => `Deadline on ${when}: ${title}`,
    task: (title: string) => `Task assigned to you: ${title}`,
    due: (day: string) => `due ${day}`,
    assignedBy: (name: string) => `by ${name}`,
    incident: (community: string, kind: string) => `New incident in ${community}: ${kind}`,
    occurred: (when: string) => `Occurred ${when}`,
    intoCase: (reference: string, kind: string) => `An incident was added to your case ${reference}: ${kind}`,
    caseLine: (reference: string, title: string) => `Case ${reference} — ${title}`,
    someCommunity: 'a community you follow',
    someIncident: 'incident',
  },
  km: {
    hearing: (when: string, title: string) => `សវនាការនៅ ${when}៖ ${title}`,
    deadline: (when: string, title: string) => `ថ្ងៃផុតកំណត់ ${when}៖ ${title}`,
    task: (title: string) => `ការងារដែលបានប្រគល់ឱ្យអ្នក៖ ${title}`,
    due: (day: string) => `ត្រូវបញ្ចប់ ${day}`,
    assignedBy: (name: string) => `ដោយ ${name}`,
    incident: (community: string, kind: string) => `ហេតុការណ៍ថ្មីនៅ ${community}៖ ${kind}`,
    occurred: (when: string) => `កើតឡើងនៅ ${when}`,
    intoCase: (reference: string, kind: string) => `ហេតុការណ៍មួយត្រូវបានបញ្ចូលក្នុងសំណុំរឿង ${reference} របស់អ្នក៖ ${kind}`,
    caseLine: (reference: string, title: string) => `សំណុំរឿង ${reference} — ${title}`,
    someCommunity: 'សហគមន៍ដែលអ្នកតាមដាន',
    someIncident: 'ហេតុការណ៍',
  },
} as const

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined)

function incidentKindLabel(value: unknown, language: LanguageCode): string {
  const kind = INCIDENT_KINDS.includes(value as IncidentKind) ? (value as IncidentKind) : undefined
  return kind ? vocabMessages[language].incidentKind[kind] : WORDS[language].someIncident
}

/** A case named as its reader reads it: the Khmer title in Khmer when there is one. */
function caseLine(params: Record<string, unknown>, language: LanguageCode): string | null {
  const reference = text(params.caseReference)
  if (!reference) return null
  const title = (language === 'km' ? text(params.caseTitleKm) : undefined) ?? text(params.caseTitle) ?? ''
  return WORDS[language].caseLine(reference, title)
}

function communityName(params: Record<string, unknown>, language: LanguageCode): string {
  return (language === 'km' ? text(params.communityNameKm) : undefined) ?? text(params.communityName) ?? WORDS[language].someCommunity
}

/**
 * The title and detail line of a notification in a language, from its params. Unknown or missing
 * params are left out rather than shown raw.
 */
export function describeNotification(
  kind: NotificationKind,
  params: Record<string, unknown>,
  language: LanguageCode,
): { title: string; detail: string | null } {
  const words = WORDS[language]
  switch (kind) {
    case 'hearing_reminder':
    case 'deadline_reminder': {
      const when = text(params.startsAt) ? formatCambodianTime(params.startsAt as string, language) : ''
      const title = text(params.eventTitle) ?? ''
      return {
        title: kind === 'hearing_reminder' ? words.hearing(when, title) : words.deadline(when, title),
        detail: caseLine(params, language),
      }
    }
    case 'task_assigned': {
      const extras = [
        text(params.dueOn) ? words.due(formatDay(params.dueOn as string, language)) : undefined,
        text(params.assignedBy) ? words.assignedBy(params.assignedBy as string) : undefined,
      ].filter(Boolean)
      const detail = [caseLine(params, language), extras.join(', ') || undefined].filter(Boolean).join(' · ')
      return { title: words.task(text(params.taskTitle) ?? ''), detail: detail || null }
    }
    case 'community_incident':
      return {
        title: words.incident(communityName(params, language), incidentKindLabel(params.incidentKind, language)),
        detail: text(params.occurredAt) ? words.occurred(formatCambodianTime(params.occurredAt as string, language)) : null,
      }
    case 'incident_into_case':
      return {
        title: words.intoCase(text(params.caseReference) ?? '', incidentKindLabel(params.incidentKind, language)),
        detail: caseLine(params, language),
      }
  }
}
