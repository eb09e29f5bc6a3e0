// A program target's pace: what share of the year's target should be done by today, and whether
// the work is behind it (3 of 93 new land communities in December is not "green").
import { describe, expect, it } from 'vitest'
import { paceOf } from '../../client/features/dashboard/program-targets.tsx'

describe('the pace of a program target', () => {
  it('expects the share of the year gone by, and is behind when well short of it', () => {
    const december = new Date(2026, 11, 3)
    const pace = paceOf({ achieved: 3, target: 93 }, 2026, december)
    expect(pace.expectedPercent).toBeGreaterThan(90)
    expect(pace.expectedPercent).toBeLessThan(93)
    expect(pace.status).toBe('behind')
  })

  it('is on pace at half the target in the middle of the year, and reached at the target', () => {
    const july = new Date(2026, 6, 2)
    expect(paceOf({ achieved: 50, target: 100 }, 2026, july).status).toBe('onPace')
    expect(paceOf({ achieved: 100, target: 100 }, 2026, july).status).toBe('reached')
  })

  it('expects everything of a past year and nothing yet of a coming one', () => {
    const today = new Date(2026, 11, 3)
    expect(paceOf({ achieved: 80, target: 100 }, 2025, today)).toEqual({ expectedPercent: 100, status: 'behind' })
    expect(paceOf({ achieved: 0, target: 100 }, 2027, today)).toEqual({ expectedPercent: 0, status: 'onPace' })
  })
})
