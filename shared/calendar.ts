// The legal calendar: hearings and deadlines of live cases, as JSON and as an iCalendar feed.
import { z } from 'zod'
import { DateTime, Uuid } from './common.ts'
import { DateBound } from './list.ts'

export const CALENDAR_EVENT_KINDS = ['hearing', 'deadline'] as const

/** Without from/to the window is now → now + 90 days; it is never longer than this. */
export const CALENDAR_DEFAULT_DAYS = 90
export const CALENDAR_MAX_DAYS = 366

export const CalendarQuery = z.object({
  from: DateBound.optional(),
  to: DateBound.optional(),
  /** Events of the cases on whose team (lead or member) this account is. */
  lawyerId: Uuid.optional(),
  /** `true`: only events of the cases on whose team (lead or member) the signed-in user is. */
  mine: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  case: Uuid.optional(),
})
export type CalendarQuery = z.infer<typeof CalendarQuery>

export const CalendarEntry = z.object({
  id: Uuid,
  caseId: Uuid,
  caseReference: z.string(),
  caseTitle: z.string(),
  /** The display name of the case's lead lawyer (an account); null while the case has none. */
  leadLawyer: z.string().nullable(),
  startsAt: DateTime,
  kind: z.enum(CALENDAR_EVENT_KINDS),
  title: z.string(),
  location: z.string().nullable(),
  isDone: z.boolean(),
  updatedAt: DateTime,
  version: z.number().int().positive(),
})
export type CalendarEntry = z.infer<typeof CalendarEntry>

export const Calendar = z.object({
  from: DateTime,
  to: DateTime,
  items: z.array(CalendarEntry),
})
export type Calendar = z.infer<typeof Calendar>
