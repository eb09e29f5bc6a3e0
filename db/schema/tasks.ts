import { sql } from 'drizzle-orm'
import { date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { id, rowMeta, softDelete } from '../columns.ts'
import { caseEvents, legalCases } from './cases.ts'
import { taskPriority, taskStatus } from './enums.ts'
import { evidence } from './evidence.ts'
import { users } from './users.ts'

/** Work to do on a case, assigned to a member of staff, optionally tied to an event or a document. */
export const caseTasks = pgTable(
  'case_tasks',
  {
    id: id(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => legalCases.id),
    title: text('title').notNull(),
    details: text('details'),
    assigneeUserId: uuid('assignee_user_id').references(() => users.id),
    /** A calendar day in Cambodia (Asia/Phnom_Penh): overdue from the day after. */
    dueOn: date('due_on'),
    priority: taskPriority('priority').notNull().default('normal'),
    status: taskStatus('status').notNull().default('open'),
    eventId: uuid('event_id').references(() => caseEvents.id),
    evidenceId: uuid('evidence_id').references(() => evidence.id),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    ...rowMeta(),
    ...softDelete(),
  },
  (t) => [
    // "My open tasks", overdue first: the assignee's live, unfinished tasks by due day.
    index('case_tasks_assignee_due_idx')
      .on(t.assigneeUserId, t.dueOn, t.id)
      .where(sql`deleted_at IS NULL AND status IN ('open', 'in_progress')`),
    index('case_tasks_case_idx').on(t.caseId, t.dueOn, t.id),
  ],
)
