// What the home map asks the API for: filters read from the URL (bad values dropped), the filters
// each tile layer takes, what of the decoded tiles lies in view, and the layer choice remembered
// on the device.
import { describe, expect, it } from 'vitest'
import { filtersFromSearch } from '../../client/features/map/api.ts'
import { tileFilterQuery } from '../../client/features/map/tiles.ts'
import { DEFAULT_VISIBILITY, readVisibility } from '../../client/features/map/use-layer-visibility.ts'
import { recordsInView } from '../../client/features/map/view.ts'
import { worldLine } from '../../client/features/map/decode-tile.ts'

const UUID = '7d5753b2-6be2-4ab0-8a84-f01b17a671be'

describe('filtersFromSearch', () => {
  it('keeps the valid filters', () => {
    const search = new URLSearchParams({
      province: 'Ratanak Kiri',
      community: UUID,
      kind: 'demolition',
      status: 'ongoing',
      from: '2026-01-01',
      to: '2026-06-30',
      q: ' Kaleng ',
    })
    expect(filtersFromSearch(search)).toEqual({
      province: 'Ratanak Kiri',
      community: UUID,
      kind: 'demolition',
      status: 'ongoing',
      from: '2026-01-01',
      to: '2026-06-30',
      q: 'Kaleng',
    })
  })

  it('drops values the API would refuse, and anything that is not a filter', () => {
    const search = new URLSearchParams({
      community: 'nope',
      kind: 'alien_invasion',
      status: 'closed',
      from: '2026-13-45',
      to: 'yesterday',
      q: '   ',
      view: '1',
    })
    expect(filtersFromSearch(search)).toEqual({})
  })
})

describe('tileFilterQuery', () => {
  const filters = filtersFromSearch(
    new URLSearchParams({
      province: 'Kratie',
      community: UUID,
      kind: 'fencing',
      status: 'verified',
      from: '2026-01-01',
      to: '2026-02-01',
      q: 'rubber',
    }),
  )

  it('gives each layer only the filters it takes', () => {
    expect(tileFilterQuery('incidents', filters)).toEqual(filters)
    expect(tileFilterQuery('communities', filters)).toEqual({ province: 'Kratie', community: UUID, q: 'rubber' })
    expect(tileFilterQuery('territories', filters)).toEqual({ province: 'Kratie', community: UUID, q: 'rubber' })
    expect(tileFilterQuery('parcels', filters)).toEqual({ province: 'Kratie', community: UUID, q: 'rubber' })
    expect(tileFilterQuery('concessions', filters)).toEqual({ province: 'Kratie', q: 'rubber' })
    expect(tileFilterQuery('evidence', filters)).toEqual({})
  })
})

describe('recordsInView', () => {
  it('lists points inside the view and shapes that reach into it', () => {
    const parcel = (id: string, ring: [number, number][]) => ({
      id,
      properties: { id, label: id, tenure: 'unknown', titleStatus: 'none', areaHa: 1 },
      polygons: [[ring]],
      outlines: [],
      world: { polygons: [[worldLine(ring)]], outlines: [] },
    })
    const features = {
      points: [],
      clusters: [],
      shapes: [
        // Only its corner overlaps the view's edge.
        parcel('edge', [
          [105.9, 12.9],
          [106.5, 12.9],
          [106.5, 13.5],
          [105.9, 12.9],
        ]),
        parcel('away', [
          [110, 12],
          [110.1, 12],
          [110.1, 12.1],
          [110, 12],
        ]),
      ],
    }
    const records = recordsInView<'parcels'>(features, [105, 12, 106, 13])
    expect(records.map((record) => record.id)).toEqual(['edge'])
    expect(records[0]!.at).toEqual([105.9, 12.9])
  })
})

describe('readVisibility', () => {
  const storage = (value: string | null) => ({ getItem: () => value })

  it('starts with every layer on', () => {
    expect(readVisibility(storage(null))).toEqual(DEFAULT_VISIBILITY)
    expect(readVisibility(undefined)).toEqual(DEFAULT_VISIBILITY)
  })

  it('remembers what was switched off; unknown or damaged values fall back', () => {
    expect(readVisibility(storage('{"parcels":false,"evidence":false,"bogus":true}'))).toEqual({
      ...DEFAULT_VISIBILITY,
      parcels: false,
      evidence: false,
    })
    expect(readVisibility(storage('{"incidents":"no"}'))).toEqual(DEFAULT_VISIBILITY)
    expect(readVisibility(storage('not json'))).toEqual(DEFAULT_VISIBILITY)
  })
})
