// "My work": the legal user's day — what is overdue, my open tasks, my hearings and deadlines of the
// next 14 days, my cases. Days are Cambodian calendar days (Asia/Phnom_Penh): a task due yesterday
// in Phnom Penh is overdue even while it is still that day in UTC.
import { z } from 'zod'
import { DateTime, IsoDate, Uuid } from './common.ts'
import { CaseReference, CaseStage } from './cases.ts'
import { TaskPriority, TaskStatus } from './tasks.ts'
import { CASE_TEAM_ROLES } from './vocabularies.ts'

/** Hearings and deadlines from today to this many days after it are "upcoming". */
export const WORK_WINDOW_DAYS = 14

/** The case an item belongs to, and where it opens (`/cases/<id>#task-<id>` or `#event-<id>`). */
const itemCase = {
  caseId: Uuid,
  caseReference: CaseReference,
  caseTitle: z.string(),
  caseTitleKm: z.string().nullable(),
  link: z.string(),
}

export const WorkTask = z.object({
  type: z.literal('task'),
  id: Uuid,
  ...itemCase,
  title: z.string(),
  dueOn: IsoDate.nullable(),
  priority: TaskPriority,
  status: TaskStatus,
  version: z.number().int(),
})
export type WorkTask = z.infer<typeof WorkTask>

export const WorkEvent = z.object({
  type: z.literal('event'),
  id: Uuid,
  ...itemCase,
  kind: z.enum(['hearing', 'deadline']),
  title: z.string(),
  startsAt: DateTime,
  /** The Cambodian day of startsAt. */
  day: IsoDate,
  location: z.string().nullable(),
})
export type WorkEvent = z.infer<typeof WorkEvent>

export const WorkItem = z.discriminatedUnion('type', [WorkTask, WorkEvent])
export type WorkItem = z.infer<typeof WorkItem>

export const WorkCase = z.object({
  id: Uuid,
  reference: CaseReference,
  title: z.string(),
  titleKm: z.string().nullable(),
  stage: CaseStage,
  role: z.enum(CASE_TEAM_ROLES),
  link: z.string(),
})
export type WorkCase = z.infer<typeof WorkCase>

export const MyWork = z.object({
  /** "Today" in Phnom Penh, as the server counted it: the client groups by it. */
  today: IsoDate,
  /** Tasks due before today and deadlines on a past day, not done: oldest first. */
  overdue: z.array(WorkItem),
  /** My open tasks (open or in progress) not overdue: soonest due first, undated last. */
  tasks: z.array(WorkTask),
  /** Hearings and deadlines of my cases from today to today + 14 days, not done: soonest first. */
  events: z.array(WorkEvent),
  /** The cases I lead or am a member of: leads first, then by reference. */
  cases: z.array(WorkCase),
})
export type MyWork = z.infer<typeof MyWork>
