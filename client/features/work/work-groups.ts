// How My work is laid out: overdue first, then what falls due from today to the end of the week
// (today and the six days after it), then the other open tasks, then the hearings and deadlines
// later in the 14-day window, then the cases. Pure, so it is tested without a page.
import type { MyWork, WorkItem } from '../../../shared/work.ts'
import { addDays, daysBetween, SOON_DAYS, type Timing } from '../../lib/days.ts'

/** "This week" is today and this many days after it. */
export const WEEK_AHEAD_DAYS = 6

/** The Cambodian day an item falls due on; null for a task without a due day. */
export const dueDayOf = (item: WorkItem): string | null => (item.type === 'task' ? item.dueOn : item.day)

export function groupMyWork(work: MyWork) {
  const weekEnd = addDays(work.today, WEEK_AHEAD_DAYS)
  const isThisWeek = (item: WorkItem) => {
    const day = dueDayOf(item)
    return day !== null && day <= weekEnd
  }
  const thisWeek: WorkItem[] = [...work.events.filter(isThisWeek), ...work.tasks.filter(isThisWeek)].sort(byDueDay)
  return {
    overdue: work.overdue,
    thisWeek,
    laterTasks: work.tasks.filter((task) => !isThisWeek(task)),
    laterEvents: work.events.filter((event) => !isThisWeek(event)),
    cases: work.cases,
  }
}

/** By day; on the same day hearings and deadlines (by time) before tasks. Stable for equal keys. */
function byDueDay(a: WorkItem, b: WorkItem) {
  const byDay = (dueDayOf(a) ?? '').localeCompare(dueDayOf(b) ?? '')
  if (byDay !== 0) return byDay
  if (a.type === 'event' && b.type === 'event') return a.startsAt.getTime() - b.startsAt.getTime()
  return a.type === b.type ? 0 : a.type === 'event' ? -1 : 1
}

/** How close an item is, in the calendar's words ("Overdue by 2 days", "Today", "In 5 days"). */
export function itemTiming(item: WorkItem, today: string): Timing | null {
  const day = dueDayOf(item)
  if (day === null) return null
  const days = daysBetween(today, day)
  if (days < 0) return { state: 'overdue', days }
  if (days === 0) return { state: 'today', days }
  if (days === 1) return { state: 'tomorrow', days }
  return { state: days <= SOON_DAYS ? 'soon' : 'later', days }
}
