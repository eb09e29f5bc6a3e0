// @vitest-environment happy-dom
// An incident's date as precisely as it is known, in English and Khmer: the one formatter the
// screens (formatOccurred) and the dossiers (formatPreciseDate) share, and the form values that
// make occurredAt and occurredPrecision.
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { initI18n } from '../helpers/i18n.ts'
import { formatOccurred } from '../../client/lib/format.ts'
import { setLanguage } from '../../client/lib/i18n.ts'
import { preciseDateBody, preciseDateValuesOf } from '../../client/lib/precise-date.ts'
import { formatPreciseDate, startOfPeriod } from '../../shared/dates.ts'

beforeAll(() => initI18n('en'))
afterEach(() => setLanguage('en'))

// 3 October 2026, 08:30 in Phnom Penh.
const OCTOBER = new Date('2026-10-03T01:30:00Z')
// 1 May 2013 00:00 in Phnom Penh: what a month precision stores.
const MAY_2013 = '2013-04-30T17:00:00.000Z'

describe('formatOccurred', () => {
  it('writes each precision in English', () => {
    expect(formatOccurred(OCTOBER, 'day')).toBe('3 Oct 2026')
    expect(formatOccurred(OCTOBER, 'day', { withTime: true })).toBe('3 Oct 2026, 08:30')
    expect(formatOccurred(MAY_2013, 'month')).toBe('May 2013')
    expect(formatOccurred('2012-12-31T17:00:00.000Z', 'year')).toBe('2013')
    expect(formatOccurred(OCTOBER, 'unknown')).toBe('Date unknown')
    expect(formatOccurred(OCTOBER, 'unknown', { withTime: true })).toBe('Date unknown')
  })

  it('writes each precision in Khmer, with Khmer month names', async () => {
    await setLanguage('km')
    expect(formatOccurred(OCTOBER, 'day')).toBe('3 តុលា 2026')
    expect(formatOccurred(OCTOBER, 'day', { withTime: true })).toBe('3 តុលា 2026 08:30')
    expect(formatOccurred(MAY_2013, 'month')).toBe('ឧសភា 2013')
    expect(formatOccurred('2012-12-31T17:00:00.000Z', 'year')).toBe('2013')
    expect(formatOccurred(OCTOBER, 'unknown')).toBe('មិនដឹងកាលបរិច្ឆេទ')
  })

  it("reads the day, month and year on Cambodia's clock, not UTC's", () => {
    // 17:00 UTC on 30 April is midnight on 1 May in Phnom Penh.
    expect(formatPreciseDate(MAY_2013, 'day', 'en')).toBe('1 May 2013')
    expect(formatPreciseDate(MAY_2013, 'month', 'en')).toBe('May 2013')
    expect(formatPreciseDate('2012-12-31T17:00:00.000Z', 'year', 'km')).toBe('2013')
  })
})

describe('startOfPeriod', () => {
  it('moves a month or a year to its first moment in Cambodia and keeps a day as it is', () => {
    expect(startOfPeriod(new Date('2013-05-17T08:00:00Z'), 'month').toISOString()).toBe(MAY_2013)
    expect(startOfPeriod(new Date('2013-05-31T23:30:00Z'), 'month').toISOString()).toBe('2013-05-31T17:00:00.000Z')
    expect(startOfPeriod(new Date('2013-08-09T03:00:00Z'), 'year').toISOString()).toBe('2012-12-31T17:00:00.000Z')
    expect(startOfPeriod(OCTOBER, 'day')).toBe(OCTOBER)
  })
})

describe('precise date form values', () => {
  it('fills every input from the stored instant, and gives back the same date', () => {
    const values = preciseDateValuesOf(new Date(MAY_2013), 'month')
    expect(values).toEqual({ occurredPrecision: 'month', occurredAt: '2013-05-01T00:00', occurredMonth: '5', occurredYear: '2013' })
    expect(preciseDateBody(values)).toEqual({ occurredPrecision: 'month', occurredAt: '2013-05-01T00:00:00+07:00' })
    expect(preciseDateBody({ ...values, occurredPrecision: 'day' })).toEqual({
      occurredPrecision: 'day',
      occurredAt: '2013-05-01T00:00:00+07:00',
    })
    expect(preciseDateBody({ ...values, occurredPrecision: 'unknown' })).toEqual({ occurredPrecision: 'unknown' })
    expect(preciseDateBody({ ...values, occurredPrecision: 'year', occurredYear: '13' })).toEqual({
      occurredPrecision: 'year',
      occurredAt: null,
    })
  })
})
