// The calendar as an iCalendar feed (RFC 5545) that legal staff subscribe to in their calendar app.
import { TZDate } from '@date-fns/tz'
import ical, { ICalAlarmType, ICalEventStatus, type ICalAlarmData, type ICalCalendar } from 'ical-generator'
import type { CalendarEntry } from '../../../shared/calendar.ts'
import { bilingual } from '../../../shared/i18n.ts'
import type { LanguageCode } from '../../../shared/vocabularies.ts'
import { vocabMessages } from '../../../shared/vocabulary-labels.ts'

export const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8'
/** UIDs are `<event id>@dey.local`: stable, so a refreshed feed updates events rather than duplicating them. */
export const ICS_UID_DOMAIN = 'dey.local'
/** Case events have a start only; an hour makes them visible blocks in calendar apps. */
const EVENT_DURATION_MS = 60 * 60 * 1000

export const ICS_TIME_ZONE = 'Asia/Phnom_Penh'
/**
 * Cambodia has kept UTC+7 without daylight saving since well before any event Dey holds (the
 * tz database's Asia/Phnom_Penh is +07 throughout), so one STANDARD rule from 1970 is the exact
 * zone; no generated table is needed. Apps that know the TZID use their own copy, which agrees.
 */
const PHNOM_PENH_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${ICS_TIME_ZONE}`,
  `X-LIC-LOCATION:${ICS_TIME_ZONE}`,
  'BEGIN:STANDARD',
  'DTSTART:19700101T000000',
  'TZOFFSETFROM:+0700',
  'TZOFFSETTO:+0700',
  'TZNAME:+07',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n')

const HOUR_S = 60 * 60
const DAY_S = 24 * HOUR_S
/**
 * Reminders the calendar app shows, in seconds before the start: a hearing the day before (time
 * to travel to the provincial court) and an hour before; a deadline three days before (time to
 * finish the filing) and the day before. Done and cancelled events have none.
 */
export const ALARMS_BEFORE_S: Record<CalendarEntry['kind'], readonly number[]> = {
  hearing: [DAY_S, HOUR_S],
  deadline: [3 * DAY_S, DAY_S],
}

const feedMessages = bilingual(
  {
    name: 'Dey — hearings and deadlines',
    leadLawyer: 'Lead lawyer: {{name}}',
    done: 'Done.',
    cancelled: 'Cancelled: removed from Dey.',
  },
  {
    name: 'Dey — សវនាការ និងថ្ងៃផុតកំណត់',
    leadLawyer: 'មេធាវីទទួលបន្ទុកចម្បង៖ {{name}}',
    done: 'រួចរាល់។',
    cancelled: 'បានលុបចោល៖ បានដកចេញពី Dey។',
  },
)

/**
 * One hearing or deadline as the feed shows it. Deliberately no people (parties, witnesses,
 * their phones or addresses), no event details and no privileged notes: a phone's calendar is
 * synced to other companies' servers and shown on lock screens.
 */
export interface IcsEntry {
  id: string
  caseReference: string
  caseTitle: string
  caseTitleKm?: string | null | undefined
  leadLawyer?: string | null | undefined
  startsAt: Date
  kind: CalendarEntry['kind']
  title: string
  location: string | null
  isDone: boolean
  updatedAt: Date
  version: number
  /** Set when the event or its case was deleted: served with STATUS:CANCELLED. */
  cancelledAt?: Date | null | undefined
}

export function toICalendar(calendar: { items: readonly IcsEntry[] }, language: LanguageCode = 'en'): string {
  const text = feedMessages[language]
  const kindLabels = vocabMessages[language].caseEventKind
  const feed: ICalCalendar = ical({
    name: text.name,
    prodId: { company: 'Dey', product: 'legal-calendar', language: language.toUpperCase() },
    timezone: { name: null, generator: (zone) => (zone === ICS_TIME_ZONE ? PHNOM_PENH_VTIMEZONE : null) },
    // Calendar apps that honour it refresh the subscription hourly.
    ttl: 60 * 60,
  })
  for (const entry of calendar.items) {
    const caseTitle = (language === 'km' && entry.caseTitleKm) || entry.caseTitle
    const summary = `${kindLabels[entry.kind]} — ${entry.caseReference} — ${entry.title}`
    const isCancelled = entry.cancelledAt != null
    const alarms: ICalAlarmData[] =
      isCancelled || entry.isDone
        ? []
        : ALARMS_BEFORE_S[entry.kind].map((seconds) => ({ type: ICalAlarmType.display, trigger: seconds, description: summary }))
    feed.createEvent({
      id: `${entry.id}@${ICS_UID_DOMAIN}`,
      // Written as Phnom Penh wall-clock time with its TZID, whatever the server's own zone.
      timezone: ICS_TIME_ZONE,
      start: new TZDate(entry.startsAt.getTime(), ICS_TIME_ZONE),
      end: new TZDate(entry.startsAt.getTime() + EVENT_DURATION_MS, ICS_TIME_ZONE),
      summary,
      description: [
        caseTitle,
        entry.leadLawyer && text.leadLawyer.replace('{{name}}', entry.leadLawyer),
        entry.isDone && text.done,
        isCancelled && text.cancelled,
      ]
        .filter(Boolean)
        .join('\n'),
      location: entry.location,
      status: isCancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      alarms,
      // A higher SEQUENCE and a newer DTSTAMP tell calendar apps the event changed.
      sequence: entry.version,
      stamp: entry.cancelledAt ?? entry.updatedAt,
      lastModified: entry.cancelledAt ?? entry.updatedAt,
    })
  }
  return feed.toString()
}
