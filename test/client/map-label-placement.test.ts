// Names written on the map: those that fit without covering another, the selected record's first,
// in an order that does not depend on which tile arrived first.
import { describe, expect, it } from 'vitest'
import { placeLabels, type LabelCandidate } from '../../client/features/map/label-placement.ts'

// At zoom 12 one screen pixel is 360° / (256 × 2^12) of longitude.
const PIXEL = 360 / (256 * 2 ** 12)
const at = (key: string, dxPx: number, placement: LabelCandidate['placement'] = 'centre', isFirst = false): LabelCandidate => ({
  key,
  position: [107 + dxPx * PIXEL, 13.6],
  text: 'Name',
  placement,
  isFirst,
})
const hundredPixels = () => 100

describe('placeLabels', () => {
  it('writes names that do not touch, and leaves out one that would cover another', () => {
    expect([...placeLabels([at('a', 0), at('b', 200)], 12, hundredPixels)].sort()).toEqual(['a', 'b'])
    expect([...placeLabels([at('a', 0), at('b', 60)], 12, hundredPixels)]).toEqual(['a'])
    // Twice as far apart on the ground at zoom 11 is the same on the screen: one of them.
    expect(placeLabels([at('a', 0), at('b', 200)], 11, hundredPixels).size).toBe(1)
  })

  it('places in a stable order whatever order the records came in, the selected one first', () => {
    expect([...placeLabels([at('b', 60), at('a', 0)], 12, hundredPixels)]).toEqual(['a'])
    expect([...placeLabels([at('a', 0), at('b', 60, 'centre', true)], 12, hundredPixels)]).toEqual(['b'])
  })

  it('keeps a name written to the right of its marker clear of a centred one on its left', () => {
    // "right" starts 12 px right of its point: 0…+127 px; a centred 115-px name at -70 spans -127…-12.
    expect(placeLabels([at('right', 0, 'right'), at('left', -70)], 12, hundredPixels).size).toBe(2)
    expect(placeLabels([at('right', 0, 'right'), at('over', 60)], 12, hundredPixels).size).toBe(1)
  })
})
