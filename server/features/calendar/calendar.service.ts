// The calendar window: what from/to mean when given as days, as instants, or not at all.
import type { Db } from '../../../db/open.ts'
import { CALENDAR_DEFAULT_DAYS, CALENDAR_MAX_DAYS, type Calendar, type CalendarQuery } from '../../../shared/calendar.ts'
import type { Viewer } from '../../lib/policy.ts'
import { findCalendarEntries } from './calendar.queries.ts'
import { createInvalidWindowError } from './calendar.errors.ts'

const DAY_MS = 24 * 60 * 60 * 1000
// Cambodia keeps UTC+7 all year (no daylight saving), so a day there starts at 00:00+07:00.
const CAMBODIA_OFFSET = '+07:00'
const isBareDate = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text)

/** A bare date is that whole day in Cambodia, as everywhere else in the API. */
function startOf(bound: string): Date {
  return new Date(isBareDate(bound) ? `${bound}T00:00:00${CAMBODIA_OFFSET}` : bound)
}

function endOf(bound: string): Date {
  return isBareDate(bound) ? new Date(startOf(bound).getTime() + DAY_MS) : new Date(bound)
}

/** Without from: now. Without to: from + 90 days. Longer than a year is refused (400). */
export function resolveWindow(query: CalendarQuery, now = new Date()) {
  const from = query.from ?? now.toISOString()
  const fromAt = startOf(from)
  const to = query.to ?? new Date(fromAt.getTime() + CALENDAR_DEFAULT_DAYS * DAY_MS).toISOString()
  const toAt = endOf(to)
  if (toAt.getTime() <= fromAt.getTime()) throw createInvalidWindowError('must be after from')
  if (toAt.getTime() - fromAt.getTime() > CALENDAR_MAX_DAYS * DAY_MS)
    throw createInvalidWindowError(`must be at most ${CALENDAR_MAX_DAYS} days after from`)
  return { from, to, fromAt, toAt }
}

export async function findCalendar(db: Db, query: CalendarQuery, viewer: Viewer): Promise<Calendar> {
  const window = resolveWindow(query)
  const teamUserIds = [query.lawyerId, query.mine ? viewer.id : undefined].filter((id) => id !== undefined)
  const items = await findCalendarEntries(db, { from: window.from, to: window.to, teamUserIds, caseId: query.case }, viewer)
  return { from: window.fromAt, to: window.toAt, items }
}
