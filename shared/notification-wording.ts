// The wording of notifications, one place for the bell (worded by the server in the reader's
// language) and the e-mails, in English and Khmer. A notification names only what its reader may
// see: case reference and title, event kind, title and time, a task's title, a community's name,
// an incident's kind — never privileged notes, parties, witnesses or contacts. Server-side only in
// practice: the client gets the words in the API's answers.
import { APP_TIME_ZONE } from './time.ts'
import { vocabMessages } from './vocabulary-labels.ts'
import { INCIDENT_KINDS, type IncidentKind, type LanguageCode, type NotificationKind } from './vocabularies.ts'

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
