// Pace of a program target: the expected line (linear or by milestones) and where done falls
// against it, as shared/targets.ts defines them for the server and the screens alike.
import { describe, expect, it } from 'vitest'
import { expectedBy, paceOf, paceTolerance, yearPointOf } from '../../shared/targets.ts'

const linear = { planStartYear: 2026, planEndYear: 2030, baseline: 20, target: 120, pace: 'linear' as const, milestones: [] }
const byMilestones = {
  planStartYear: 2026,
  planEndYear: 2028,
  baseline: 10,
  target: 100,
  pace: 'milestones' as const,
  milestones: [
    { year: 2026, value: 20 },
    { year: 2027, value: 60 },
    { year: 2028, value: 100 },
  ],
}

describe('yearPointOf', () => {
  it('counts the day itself as passed', () => {
    expect(yearPointOf('2026-01-01')).toEqual({ year: 2026, fraction: 1 / 365 })
    expect(yearPointOf('2026-07-02')).toEqual({ year: 2026, fraction: 183 / 365 })
    expect(yearPointOf('2026-12-31')).toEqual({ year: 2026, fraction: 1 })
  })

  it('knows a leap year has 366 days', () => {
    expect(yearPointOf('2028-12-30')).toEqual({ year: 2028, fraction: 365 / 366 })
  })
})

describe('expectedBy', () => {
  it('draws a straight line from the baseline on 1 January of the first year to the target at the end of the last', () => {
    expect(expectedBy(linear, { year: 2026, fraction: 0 })).toBe(20)
    expect(expectedBy(linear, { year: 2026, fraction: 0.5 })).toBe(30)
    expect(expectedBy(linear, { year: 2027, fraction: 1 })).toBe(60)
    expect(expectedBy(linear, { year: 2030, fraction: 1 })).toBe(120)
  })

  it('expects the baseline before the plan and the target after it', () => {
    expect(expectedBy(linear, { year: 2025, fraction: 0.9 })).toBe(20)
    expect(expectedBy(linear, { year: 2031, fraction: 0.1 })).toBe(120)
  })

  it('goes straight from one milestone to the next within each year', () => {
    expect(expectedBy(byMilestones, { year: 2026, fraction: 0.5 })).toBe(15)
    expect(expectedBy(byMilestones, { year: 2026, fraction: 1 })).toBe(20)
    expect(expectedBy(byMilestones, { year: 2027, fraction: 0.25 })).toBe(30)
    expect(expectedBy(byMilestones, { year: 2028, fraction: 1 })).toBe(100)
  })

  it('falls back to the straight line when a year has no milestone', () => {
    const gap = { ...byMilestones, milestones: [{ year: 2026, value: 20 }] }
    expect(expectedBy(gap, { year: 2027, fraction: 0.5 })).toBe(10 + 90 * (1.5 / 3))
    // The last year's milestone is the target itself.
    expect(
      expectedBy(
        {
          ...gap,
          milestones: [
            { year: 2026, value: 20 },
            { year: 2027, value: 60 },
          ],
        },
        { year: 2028, fraction: 0.5 },
      ),
    ).toBe(80)
  })
})

describe('paceOf', () => {
  it('allows 5 % of what the plan adds (at least one) either side of the line', () => {
    expect(paceTolerance(linear)).toBe(5)
    expect(paceTolerance({ baseline: 0, target: 10 })).toBe(1)
  })

  it('is on track within the tolerance, ahead or behind beyond it', () => {
    const midFirstYear = { year: 2026, fraction: 0.5 }
    expect(paceOf(linear, 30, midFirstYear)).toBe('on_track')
    expect(paceOf(linear, 35, midFirstYear)).toBe('on_track')
    expect(paceOf(linear, 25, midFirstYear)).toBe('on_track')
    expect(paceOf(linear, 36, midFirstYear)).toBe('ahead')
    expect(paceOf(linear, 24, midFirstYear)).toBe('behind')
  })

  it('has not started before the first year, and is behind after the last unless the target is reached', () => {
    expect(paceOf(linear, 20, { year: 2025, fraction: 0.5 })).toBe('not_started')
    expect(paceOf(linear, 100, { year: 2031, fraction: 0.5 })).toBe('behind')
    expect(paceOf(linear, 120, { year: 2031, fraction: 0.5 })).toBe('on_track')
  })

  it('reads the milestones when the pace follows them', () => {
    expect(paceOf(byMilestones, 15, { year: 2026, fraction: 0.5 })).toBe('on_track')
    // The straight line would expect 25 at this point; the milestones only 15.
    expect(paceOf(byMilestones, 22, { year: 2026, fraction: 0.5 })).toBe('ahead')
  })
})
