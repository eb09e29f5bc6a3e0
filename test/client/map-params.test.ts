// What the home map asks the API for: filters read from the URL (bad values dropped), the query of
// each layer (only the filters its endpoint takes), the padded and snapped area to fetch, the
// count in view, and the layer choice remembered on the device.
import { describe, expect, it } from 'vitest'
import { fetchBbox, filtersFromSearch, LAYER_LIMITS, layerQuery } from '../../client/features/map/api.ts'
import { DEFAULT_VISIBILITY, readVisibility } from '../../client/features/map/use-layer-visibility.ts'
import { countInBounds, parseBbox } from '../../client/features/map/view.ts'

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

describe('layerQuery', () => {
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
  const bbox = '105,12,106,13'

  it('asks every layer for GeoJSON in the area, with a limit', () => {
    for (const layer of ['incidents', 'communities', 'parcels', 'concessions', 'evidence'] as const) {
      expect(layerQuery(layer, bbox, {})).toMatchObject({ format: 'geojson', bbox, limit: LAYER_LIMITS[layer] })
    }
  })

  it('gives incidents every filter, newest first', () => {
    expect(layerQuery('incidents', bbox, filters)).toEqual({
      format: 'geojson',
      bbox,
      limit: LAYER_LIMITS.incidents,
      sort: '-occurredAt',
      province: 'Kratie',
      community: UUID,
      kind: 'fencing',
      status: 'verified',
      from: '2026-01-01',
      to: '2026-02-01',
      q: 'rubber',
    })
  })

  it('gives the other layers only the filters their endpoint takes', () => {
    expect(layerQuery('communities', bbox, filters)).toEqual({
      format: 'geojson',
      bbox,
      limit: LAYER_LIMITS.communities,
      province: 'Kratie',
      community: UUID,
      q: 'rubber',
    })
    expect(layerQuery('parcels', bbox, filters)).toEqual({
      format: 'geojson',
      bbox,
      limit: LAYER_LIMITS.parcels,
      province: 'Kratie',
      community: UUID,
      q: 'rubber',
    })
    expect(layerQuery('concessions', bbox, filters)).toEqual({
      format: 'geojson',
      bbox,
      limit: LAYER_LIMITS.concessions,
      province: 'Kratie',
      q: 'rubber',
    })
    expect(layerQuery('evidence', bbox, filters)).toEqual({ format: 'geojson', bbox, limit: LAYER_LIMITS.evidence })
  })
})

describe('fetchBbox', () => {
  const contains = (outer: string, inner: string) => {
    const [w, s, e, n] = parseBbox(outer)
    const [iw, is, ie, iN] = parseBbox(inner)
    return w <= iw && s <= is && e >= ie && n >= iN
  }

  it('covers the view with room around it', () => {
    const view = '104.8,11.5,105.0,11.65'
    const area = fetchBbox(view)
    expect(contains(area, view)).toBe(true)
    const [w, s, e, n] = parseBbox(area)
    expect(e - w).toBeGreaterThanOrEqual(2 * 0.2)
    expect(n - s).toBeGreaterThanOrEqual(2 * 0.15)
  })

  it('stays the same for a small pan (nothing new to fetch)', () => {
    expect(fetchBbox('104.800,11.500,105.000,11.650')).toBe(fetchBbox('104.810,11.505,105.010,11.655'))
  })

  it('stays inside WGS 84', () => {
    const [w, s, e, n] = parseBbox(fetchBbox('-179.9,-89.9,179.9,89.9'))
    expect([w, s, e, n]).toEqual([-180, -90, 180, 90])
  })
})

describe('countInBounds', () => {
  it('counts points and shapes that reach into the view', () => {
    const features = [
      { geometry: { coordinates: [105.5, 12.5] } },
      { geometry: { coordinates: [110, 12.5] } },
      { geometry: null },
      // A polygon that only overlaps the view's edge.
      {
        geometry: {
          coordinates: [
            [
              [
                [105.9, 12.9],
                [106.5, 12.9],
                [106.5, 13.5],
                [105.9, 12.9],
              ],
            ],
          ],
        },
      },
    ]
    expect(countInBounds(features, [105, 12, 106, 13])).toBe(2)
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
