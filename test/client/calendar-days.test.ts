// Calendar days are Cambodian days whatever the device's zone; how near an event is, in those days.
import { describe, expect, it } from 'vitest'
import { windowOf } from '../../client/features/calendar/calendar-page.tsx'
import { addDays, addMonths, cambodiaDayKey, daysBetween, endOfMonth, eventTiming, groupByDay, startOfWeek } from '../../client/lib/days.ts'

describe('Cambodian days', () => {
  it('counts an instant after 17:00 UTC as the next day in Cambodia', () => {
    expect(cambodiaDayKey(new Date('2026-12-01T16:59:00Z'))).toBe('2026-12-01')
    expect(cambodiaDayKey(new Date('2026-12-01T17:00:00Z'))).toBe('2026-12-02')
  })

  it('does day arithmetic across months and years', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02')
    expect(daysBetween('2026-12-30', '2027-01-02')).toBe(3)
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-01')
    expect(endOfMonth('2028-02-10')).toBe('2028-02-29')
  })

  it('starts weeks on Monday', () => {
    expect(startOfWeek('2026-12-06')).toBe('2026-11-30') // a Sunday
    expect(startOfWeek('2026-11-30')).toBe('2026-11-30') // a Monday
  })

  it('gives a week view Monday to Sunday and a month view its whole month', () => {
    expect(windowOf('week', '2026-12-03')).toEqual({ from: '2026-11-30', to: '2026-12-06' })
    expect(windowOf('month', '2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' })
    expect(windowOf('upcoming', '2026-02-14')).toBeUndefined()
  })
})

describe('eventTiming', () => {
  // 28 Nov 2026, 22:00 in Cambodia.
  const now = new Date('2026-11-28T15:00:00Z')
  const at = (iso: string, kind = 'hearing', isDone = false) => eventTiming({ startsAt: new Date(iso), kind, isDone }, now)

  it('says "today" for an event later the same Cambodian day, and "tomorrow" just after midnight there', () => {
    expect(at('2026-11-28T16:30:00Z').state).toBe('today')
    expect(at('2026-11-28T17:30:00Z')).toEqual({ state: 'tomorrow', days: 1 })
  })

  it('counts the days to a coming hearing and marks it soon within two weeks', () => {
    expect(at('2026-12-01T02:00:00Z')).toEqual({ state: 'soon', days: 3 })
    expect(at('2027-01-10T02:00:00Z').state).toBe('later')
  })

  it('flags a past deadline that is not done as overdue, but not a past meeting', () => {
    expect(at('2026-11-25T02:00:00Z', 'deadline')).toEqual({ state: 'overdue', days: -3 })
    expect(at('2026-11-25T02:00:00Z', 'meeting').state).toBe('past')
    expect(at('2026-11-25T02:00:00Z', 'deadline', true).state).toBe('done')
  })
})

describe('groupByDay', () => {
  it('groups by Cambodian day in date order, times in order within a day', () => {
    const items = [
      { id: 'c', at: new Date('2026-12-02T01:00:00Z') },
      { id: 'a', at: new Date('2026-12-01T18:00:00Z') }, // 2 Dec, 01:00 in Cambodia
      { id: 'b', at: new Date('2026-12-01T02:00:00Z') },
    ]
    expect(groupByDay(items, (item) => item.at).map((group) => [group.day, group.items.map((item) => item.id)])).toEqual([
      ['2026-12-01', ['b']],
      ['2026-12-02', ['a', 'c']],
    ])
  })
})
