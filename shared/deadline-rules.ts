// Deadline rules: "N days from the event of kind K, on cases of these kinds", each with its legal
// basis. Recording an event of the trigger kind proposes the deadline; nothing is written until a
// lawyer confirms it (as a `deadline` case event that names the rule and the trigger event).
import { z } from 'zod'
import { DateTime, IsoDate, RowMeta, Uuid, Version } from './common.ts'
import { startOfCambodianDay } from './dates.ts'
import { CASE_EVENT_KINDS, CASE_KINDS, DEADLINE_DAY_COUNTS, type DeadlineDayCount } from './vocabularies.ts'

export const DeadlineDayCountSchema = z.enum(DEADLINE_DAY_COUNTS)

/**
 * A confirmed deadline is stored at 17:00 in Phnom Penh on its day: the end of the office day,
 * the last moment a filing can still be handed in at a court or commission registry. (Midnight
 * would put it on the calendar as "the day before" in every reader that shows the start.)
 */
export const DEADLINE_HOUR = 17

const Name = z.string().trim().min(1).max(200)
const NameKm = z
  .string()
  .trim()
  .max(200)
  .transform((value) => (value === '' ? null : value))
  .nullable()
const LegalText = z.string().trim().min(1).max(5000)
const LegalTextKm = z
  .string()
  .trim()
  .max(5000)
  .transform((value) => (value === '' ? null : value))
  .nullable()
/** Where the legal text can be read: an http(s) address. */
const SourceUrl = z
  .string()
  .trim()
  .max(2000)
  .transform((value) => (value === '' ? null : value))
  .pipe(z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// address' }).nullable())
  .nullable()

const CaseKindSchema = z.enum(CASE_KINDS)

export const DeadlineRule = z.object({
  ...RowMeta,
  name: z.string(),
  nameKm: z.string().nullable(),
  triggerKind: z.enum(CASE_EVENT_KINDS),
  /** The case kinds the rule applies to; empty means every kind. */
  caseKinds: z.array(CaseKindSchema),
  days: z.number().int(),
  dayCount: DeadlineDayCountSchema,
  deadlineTitle: z.string(),
  deadlineTitleKm: z.string().nullable(),
  legalBasis: z.string(),
  legalBasisKm: z.string().nullable(),
  sourceUrl: z.string().nullable(),
  isActive: z.boolean(),
})
export type DeadlineRule = z.infer<typeof DeadlineRule>

const writableRuleFields = {
  name: Name,
  nameKm: NameKm.optional(),
  triggerKind: z.enum(CASE_EVENT_KINDS),
  caseKinds: z
    .array(CaseKindSchema)
    .max(CASE_KINDS.length)
    .refine((kinds) => new Set(kinds).size === kinds.length, 'lists a case kind twice'),
  days: z.number().int().min(1).max(3650),
  dayCount: DeadlineDayCountSchema,
  deadlineTitle: z.string().trim().min(1).max(300),
  deadlineTitleKm: z
    .string()
    .trim()
    .max(300)
    .transform((value) => (value === '' ? null : value))
    .nullable()
    .optional(),
  /** Required: Dey keeps no rule whose source is not cited. */
  legalBasis: LegalText,
  legalBasisKm: LegalTextKm.optional(),
  sourceUrl: SourceUrl.optional(),
  isActive: z.boolean(),
}

export const CreateDeadlineRuleBody = z.object({
  ...writableRuleFields,
  caseKinds: writableRuleFields.caseKinds.default([]),
  dayCount: DeadlineDayCountSchema.default('calendar_days'),
  isActive: z.boolean().default(true),
})
export type CreateDeadlineRuleBody = z.infer<typeof CreateDeadlineRuleBody>

export const UpdateDeadlineRuleBody = z
  .object(writableRuleFields)
  .partial()
  .extend({ version: Version.optional() })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), 'send at least one field to change')
export type UpdateDeadlineRuleBody = z.infer<typeof UpdateDeadlineRuleBody>

export const DeadlineRuleListQuery = z.object({
  triggerKind: z.enum(CASE_EVENT_KINDS).optional(),
  /** `true`: active rules only; `false`: inactive only; absent: both. */
  active: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
})
export type DeadlineRuleListQuery = z.infer<typeof DeadlineRuleListQuery>

/** Rules are few (configuration): the list is one page. */
export const DeadlineRuleList = z.object({ items: z.array(DeadlineRule) })
export type DeadlineRuleList = z.infer<typeof DeadlineRuleList>

// ---- Proposals ----------------------------------------------------------------------------

export const DeadlineProposal = z.object({
  ruleId: Uuid,
  ruleName: z.string(),
  ruleNameKm: z.string().nullable(),
  /** The title the deadline event will have (the rule's deadline title). */
  title: z.string(),
  titleKm: z.string().nullable(),
  triggerEventId: Uuid,
  /** The trigger event's day in Cambodia. */
  triggerOn: IsoDate,
  /** The computed day; a lawyer confirms it and may change it (public holidays are not counted). */
  dueOn: IsoDate,
  /** dueOn at DEADLINE_HOUR in Phnom Penh: what is stored when the lawyer accepts the proposal as is. */
  dueAt: DateTime,
  days: z.number().int(),
  dayCount: DeadlineDayCountSchema,
  legalBasis: z.string(),
  legalBasisKm: z.string().nullable(),
  sourceUrl: z.string().nullable(),
  /** The live deadline event already confirmed from this rule and trigger, if any. */
  confirmedEventId: Uuid.nullable(),
})
export type DeadlineProposal = z.infer<typeof DeadlineProposal>

export const DeadlineProposalList = z.object({ items: z.array(DeadlineProposal) })
export type DeadlineProposalList = z.infer<typeof DeadlineProposalList>

export const DeadlineProposalParams = z.object({ id: Uuid, eventId: Uuid })

/** What a deadline event says about the rule it was computed from (CaseEvent.deadlineRule). */
export const DeadlineRuleRef = z.object({
  id: Uuid,
  name: z.string(),
  nameKm: z.string().nullable(),
  legalBasis: z.string(),
  legalBasisKm: z.string().nullable(),
  sourceUrl: z.string().nullable(),
})
export type DeadlineRuleRef = z.infer<typeof DeadlineRuleRef>

// ---- Computing a due day --------------------------------------------------------------------

const DAY_MS = 24 * 60 * 60 * 1000

/** Day of the week of a calendar day (0 = Sunday … 6 = Saturday), with no time zone involved. */
export function weekdayOf(isoDate: string): number {
  return new Date(`${isoDate}T00:00:00Z`).getUTCDay()
}

export const isWeekend = (isoDate: string) => weekdayOf(isoDate) === 0 || weekdayOf(isoDate) === 6

const addDays = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)

/**
 * The due day `days` after the trigger day: calendar days count every day; working days count
 * Monday to Friday only, starting the day after the trigger (a judgment on a Friday + 1 working
 * day is due on Monday). Cambodian public holidays are set each year by sub-decree and are NOT
 * known here: the lawyer checks the day and may move it.
 */
export function computeDueOn(triggerOn: string, days: number, dayCount: DeadlineDayCount): string {
  if (dayCount === 'calendar_days') return addDays(triggerOn, days)
  let day = triggerOn
  let counted = 0
  while (counted < days) {
    day = addDays(day, 1)
    if (!isWeekend(day)) counted++
  }
  return day
}

/** The instant stored for a deadline on this day: DEADLINE_HOUR in Phnom Penh. */
export function deadlineInstant(isoDate: string): Date {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number]
  return new Date(startOfCambodianDay(year, month, day).getTime() + DEADLINE_HOUR * 60 * 60 * 1000)
}
