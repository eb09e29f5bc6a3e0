// Tasks: work to do on a case, assigned to a member of staff (an active legal or admin account),
// due on a Cambodian calendar day, optionally tied to one of the case's events or documents.
// Tasks are internal legal work: legal staff and admins read (`work.read`) and write (`tasks.write`).
import { z } from 'zod'
import { DateTime, IsoDate, OptionalText, RowMeta, Uuid, Version } from './common.ts'
import { CaseReference } from './cases.ts'
import { TASK_PRIORITIES, TASK_STATUSES } from './vocabularies.ts'

export const TaskPriority = z.enum(TASK_PRIORITIES)
export const TaskStatus = z.enum(TASK_STATUSES)

/** Tasks still to do: shown in "My work" and first on the case page. */
export const OPEN_TASK_STATUSES = ['open', 'in_progress'] as const satisfies readonly z.infer<typeof TaskStatus>[]
export const isOpenTaskStatus = (status: z.infer<typeof TaskStatus>) => (OPEN_TASK_STATUSES as readonly string[]).includes(status)

export const Task = z.object({
  ...RowMeta,
  caseId: Uuid,
  caseReference: CaseReference,
  title: z.string(),
  details: z.string().nullable(),
  assigneeUserId: Uuid.nullable(),
  assigneeName: z.string().nullable(),
  /** A Cambodian calendar day (Asia/Phnom_Penh): overdue from the day after. */
  dueOn: IsoDate.nullable(),
  priority: TaskPriority,
  status: TaskStatus,
  eventId: Uuid.nullable(),
  eventTitle: z.string().nullable(),
  evidenceId: Uuid.nullable(),
  evidenceTitle: z.string().nullable(),
  createdByUserId: Uuid.nullable(),
  createdByName: z.string().nullable(),
  /** Set by the server when the status becomes done; cleared if it is reopened. */
  completedAt: DateTime.nullable(),
})
export type Task = z.infer<typeof Task>

export const TaskList = z.object({ items: z.array(Task) })
export type TaskList = z.infer<typeof TaskList>

const writableTaskFields = {
  title: z.string().trim().min(1).max(300),
  details: OptionalText(10000),
  /** An active legal staff or admin account; null leaves the task unassigned. */
  assigneeUserId: Uuid.nullable().optional(),
  dueOn: IsoDate.nullable().optional(),
  priority: TaskPriority,
  /** One of the case's live events, or null. */
  eventId: Uuid.nullable().optional(),
  /** One of the case's live documents (evidence), or null. */
  evidenceId: Uuid.nullable().optional(),
}

export const CreateTaskBody = z.object({ ...writableTaskFields, priority: TaskPriority.default('normal') })
export type CreateTaskBody = z.infer<typeof CreateTaskBody>

export const UpdateTaskBody = z
  .object({ ...writableTaskFields, status: TaskStatus })
  .partial()
  .extend({ version: Version.optional() })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), 'send at least one field to change')
export type UpdateTaskBody = z.infer<typeof UpdateTaskBody>
