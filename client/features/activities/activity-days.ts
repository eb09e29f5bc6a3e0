import type { Activity } from '../../../shared/activities.ts'
import { formatDate } from '../../lib/format.ts'

/** The day, or the first and last day of an activity over several. */
export function activityDays(activity: Pick<Activity, 'startedOn' | 'endedOn'>): string {
  return activity.endedOn && activity.endedOn !== activity.startedOn
    ? `${formatDate(activity.startedOn)} – ${formatDate(activity.endedOn)}`
    : formatDate(activity.startedOn)
}
