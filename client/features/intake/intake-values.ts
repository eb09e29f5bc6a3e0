// The small rules of the moderation screens, kept apart from React so they can be tested alone.
import type { IntakeReportSummary } from '../../../shared/intake.ts'
import type { IncidentKind, IntakeStatus, Severity } from '../../../shared/vocabularies.ts'

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i

/**
 * The incident a moderator means by what they pasted: an id, or an incident page's address
 * (https://dey.example/incidents/<id>, with or without a trailing part). Undefined when it is neither.
 */
export function incidentIdFrom(text: string): string | undefined {
  const trimmed = text.trim()
  const inPath = /\/incidents\/([0-9a-f-]{36})(?:[/?#]|$)/i.exec(trimmed)
  if (inPath && UUID.test(inPath[1]!)) return inPath[1]!.toLowerCase()
  return new RegExp(`^${UUID.source}$`, 'i').test(trimmed) ? trimmed.toLowerCase() : undefined
}

/** The first line of a report's text, cut at a word near `maxChars` (lists show one line). */
export function firstLine(text: string | null, maxChars = 120): string {
  const line = (text ?? '').trim().split(/\r?\n/, 1)[0]!.trim()
  if (line.length <= maxChars) return line
  const cut = line.slice(0, maxChars)
  const space = cut.lastIndexOf(' ')
  return `${(space > maxChars * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`
}

export type IntakeAction = 'accept' | 'merge' | 'reject' | 'erase'

/**
 * What a moderator may do with a report: decide a new one; erase the sender's details of any
 * report that still has some (a sender may ask long after the report was decided).
 */
export function intakeActions(report: Pick<IntakeReportSummary, 'status' | 'sender'>): IntakeAction[] {
  const actions: IntakeAction[] = report.status === 'new' ? ['accept', 'merge', 'reject'] : []
  const { sender } = report
  const hasDetails = Boolean(sender.name || sender.phone || sender.telegramUsername)
  if (!sender.erasedAt && hasDetails) actions.push('erase')
  return actions
}

export interface AcceptValues {
  title: string
  titleKm: string
  kind: IncidentKind | ''
  communityId: string
  severity: Severity
  isConfidential: boolean
  lon: string
  lat: string
}

/** The accept form as it opens: the report's kind and community chosen, a title for the moderator to write. */
export function acceptValuesOf(report: Pick<IntakeReportSummary, 'kind' | 'communityId'>): AcceptValues {
  return {
    title: '',
    titleKm: '',
    kind: report.kind ?? '',
    communityId: report.communityId ?? '',
    severity: 'medium',
    isConfidential: false,
    lon: '',
    lat: '',
  }
}

/** The queue's tabs: every status a moderator sees (drafts are Telegram conversations still going on). */
export const QUEUE_STATUSES = ['new', 'accepted', 'merged', 'rejected'] as const satisfies readonly IntakeStatus[]
export type QueueStatus = (typeof QUEUE_STATUSES)[number]

export const queueStatusOf = (value: string | null): QueueStatus =>
  (QUEUE_STATUSES as readonly string[]).includes(value ?? '') ? (value as QueueStatus) : 'new'
