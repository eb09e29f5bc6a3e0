// "My work" put together: the Cambodian day of `now` decides what is overdue (due before today in
// Phnom Penh) and what is upcoming (today and the WORK_WINDOW_DAYS days after it). `now` comes from
// the app's clock, so tests choose the day.
import type { Db } from '../../../db/open.ts'
import { cambodiaClock, startOfCambodianDay } from '../../../shared/dates.ts'
import { WORK_WINDOW_DAYS, type MyWork, type WorkEvent, type WorkItem, type WorkTask } from '../../../shared/work.ts'
import { findMyCases, findMyKeyEvents, findMyOpenTasks } from './work.queries.ts'

const pad = (n: number) => String(n).padStart(2, '0')
const dayKeyOf = (at: Date) => {
  const { year, month, day } = cambodiaClock(at)
  return `${year}-${pad(month)}-${pad(day)}`
}

export async function findMyWork(db: Db, userId: string, now: Date): Promise<MyWork> {
  const { year, month, day } = cambodiaClock(now)
  const today = `${year}-${pad(month)}-${pad(day)}`
  const startOfToday = startOfCambodianDay(year, month, day)
  // Date.UTC (inside) rolls day 32 over into the next month.
  const endOfWindow = startOfCambodianDay(year, month, day + WORK_WINDOW_DAYS + 1)

  const taskRows = await findMyOpenTasks(db, userId)
  const eventRows = await findMyKeyEvents(db, userId, startOfToday, endOfWindow)
  const caseRows = await findMyCases(db, userId)

  const tasks: WorkTask[] = taskRows.map((row) => ({ type: 'task', ...row, link: `/cases/${row.caseId}#task-${row.id}` }))
  const events: WorkEvent[] = eventRows.map((row) => ({
    type: 'event',
    ...row,
    kind: row.kind as WorkEvent['kind'],
    day: dayKeyOf(row.startsAt),
    link: `/cases/${row.caseId}#event-${row.id}`,
  }))
  const isOverdueTask = (task: WorkTask) => task.dueOn !== null && task.dueOn < today
  const isOverdueEvent = (event: WorkEvent) => event.day < today

  const overdue: WorkItem[] = [...events.filter(isOverdueEvent), ...tasks.filter(isOverdueTask)].sort((a, b) =>
    dayOf(a).localeCompare(dayOf(b)),
  )
  return {
    today,
    overdue,
    tasks: tasks.filter((task) => !isOverdueTask(task)),
    events: events.filter((event) => !isOverdueEvent(event)),
    cases: caseRows.map((row) => ({ ...row, link: `/cases/${row.id}` })),
  }
}

/** The day an item falls due; Array.sort is stable, so deadlines stay before tasks of the same day. */
const dayOf = (item: WorkItem) => (item.type === 'task' ? (item.dueOn ?? '') : item.day)
