// The dashboard's series builders: months without incidents still get a bar, labels read in the
// user's language, long labels wrap on a phone.
import { describe, expect, it } from 'vitest'
import { monthLabel, monthSeries, MAX_MONTHS, percentOf, tallySeries, wrapLabel } from '../../client/features/dashboard/chart-data.ts'
import { provinceName } from '../../client/lib/reference-data.ts'
import { currentYear, yearOfRange } from '../../client/features/dashboard/dashboard-page.tsx'

const key = (value: string) => value

describe('monthSeries', () => {
  it('fills the months without incidents with zeros, in order', () => {
    const series = monthSeries(
      [
        { key: '2025-11', count: 2 },
        { key: '2026-02', count: 5 },
      ],
      key,
    )
    expect(series.keys).toEqual(['2025-11', '2025-12', '2026-01', '2026-02'])
    expect(series.values).toEqual([2, 0, 0, 5])
  })

  it('spans the whole filtered period, not only the months with incidents', () => {
    const series = monthSeries([{ key: '2026-03', count: 1 }], key, { from: '2026-01-01', to: '2026-04-30' })
    expect(series.keys).toEqual(['2026-01', '2026-02', '2026-03', '2026-04'])
    expect(series.values).toEqual([0, 0, 1, 0])
  })

  it('is empty when there are no incidents and no period', () => {
    expect(monthSeries([], key)).toEqual({ keys: [], labels: [], values: [] })
  })

  it('keeps the latest months when the span is too long to draw', () => {
    const series = monthSeries(
      [
        { key: '1990-01', count: 1 },
        { key: '2026-12', count: 3 },
      ],
      key,
    )
    expect(series.keys).toHaveLength(MAX_MONTHS)
    expect(series.keys.at(-1)).toBe('2026-12')
    expect(series.values.at(-1)).toBe(3)
  })
})

describe('labels', () => {
  it('names a month with the given month names and the year', () => {
    const khmer = 'មករា,កុម្ភៈ,មីនា,មេសា,ឧសភា,មិថុនា,កក្កដា,សីហា,កញ្ញា,តុលា,វិច្ឆិកា,ធ្នូ'.split(',')
    expect(monthLabel('2026-11', khmer)).toBe('វិច្ឆិកា 2026')
    expect(monthLabel('2026-01', ['Jan'])).toBe('Jan 2026')
  })

  it('gives the Khmer province name in Khmer, short on a chart axis, English otherwise', () => {
    const areas = [
      { name: 'Ratanak Kiri', nameKm: 'ខេត្តរតនគិរី' },
      { name: 'Phnom Penh', nameKm: 'រាជធានីភ្នំពេញ' },
    ]
    expect(provinceName('Ratanak Kiri', areas, 'km')).toBe('ខេត្តរតនគិរី')
    expect(provinceName('Ratanak Kiri', areas, 'km', true)).toBe('រតនគិរី')
    expect(provinceName('Phnom Penh', areas, 'km', true)).toBe('រាជធានីភ្នំពេញ')
    expect(provinceName('Ratanak Kiri', areas, 'en')).toBe('Ratanak Kiri')
    expect(provinceName('Atlantis', areas, 'km')).toBe('Atlantis')
  })

  it('labels each tally in the API order', () => {
    const series = tallySeries(
      [
        { key: 'demolition', count: 3 },
        { key: 'arrest', count: 0 },
      ],
      (kind) => kind.toUpperCase(),
    )
    expect(series).toEqual({ keys: ['demolition', 'arrest'], labels: ['DEMOLITION', 'ARREST'], values: [3, 0] })
  })

  it('wraps a long English label between words', () => {
    expect(wrapLabel('Communities and groups strengthened', 14, 'en')).toEqual(['Communities', 'and groups', 'strengthened'])
    expect(wrapLabel('Arrest', 14, 'en')).toBe('Arrest')
  })

  it('wraps a long Khmer label between words although Khmer has no spaces', () => {
    const lines = wrapLabel('ការបណ្តេញចេញដោយបង្ខំ', 12, 'km')
    expect(Array.isArray(lines)).toBe(true)
    expect((lines as string[]).join('')).toBe('ការបណ្តេញចេញដោយបង្ខំ')
    for (const line of lines as string[]) expect(line.length).toBeLessThanOrEqual(12)
  })
})

describe('figures', () => {
  it('gives a share with one decimal, and none of nothing', () => {
    expect(percentOf(3764.4, 31600.9)).toBe(11.9)
    expect(percentOf(1, 0)).toBeUndefined()
  })

  it('recognises a filter that covers exactly one year', () => {
    expect(yearOfRange('2025-01-01', '2025-12-31')).toBe('2025')
    expect(yearOfRange('2025-01-01', '2025-06-30')).toBeUndefined()
    expect(yearOfRange(undefined, '2025-12-31')).toBeUndefined()
  })

  it('counts the year in Cambodia: 31 December 20:00 UTC is already the new year there', () => {
    expect(currentYear(new Date('2025-12-31T20:00:00Z'))).toBe(2026)
  })
})
