// The calendar as an iCalendar feed (RFC 5545) that legal staff subscribe to in their calendar app.
import ical, { type ICalCalendar } from 'ical-generator'
import type { Calendar, CalendarEntry } from '../../../shared/calendar.ts'

export const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8'
/** UIDs are `<event id>@dey.local`: stable, so a refreshed feed updates events rather than duplicating them. */
export const ICS_UID_DOMAIN = 'dey.local'
/** Case events have a start only; an hour makes them visible blocks in calendar apps. */
const EVENT_DURATION_MS = 60 * 60 * 1000

const KIND_LABELS: Record<CalendarEntry['kind'], string> = { hearing: 'Hearing', deadline: 'Deadline' }

export function toICalendar(calendar: Calendar): string {
  const feed: ICalCalendar = ical({
    name: 'Dey — hearings and deadlines',
    prodId: { company: 'Dey', product: 'legal-calendar', language: 'EN' },
    // Calendar apps that honour it refresh the subscription hourly.
    ttl: 60 * 60,
  })
  for (const entry of calendar.items) {
    feed.createEvent({
      id: `${entry.id}@${ICS_UID_DOMAIN}`,
      start: entry.startsAt,
      end: new Date(entry.startsAt.getTime() + EVENT_DURATION_MS),
      summary: `${KIND_LABELS[entry.kind]} — ${entry.caseReference} — ${entry.title}`,
      description: [entry.caseTitle, entry.leadLawyer && `Lead lawyer: ${entry.leadLawyer}`, entry.isDone && 'Done.']
        .filter(Boolean)
        .join('\n'),
      location: entry.location,
      // A higher SEQUENCE and a newer DTSTAMP tell calendar apps the event changed.
      sequence: entry.version,
      stamp: entry.updatedAt,
      lastModified: entry.updatedAt,
    })
  }
  return feed.toString()
}
