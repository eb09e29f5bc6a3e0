// @vitest-environment happy-dom
// The canvas the map draws parcels and territories on (shape-canvas.ts) answers "which shape is
// here?" itself, since the canvas takes no pointer events: holes excluded, the topmost first.
// And positions turn into the same [lat, lng] tuple each time, so markers are not moved for nothing.
import L from 'leaflet'
import { describe, expect, it } from 'vitest'
import type { Position2D } from '../../shared/geo.ts'
import { createShapeCanvas } from '../../client/features/map/layers/shape-canvas.ts'
import { worldLine } from '../../client/features/map/decode-tile.ts'
import { toLatLng } from '../../client/map/to-lat-lng.ts'

const square = (west: number, south: number, size: number): Float64Array =>
  worldLine([
    [west, south],
    [west + size, south],
    [west + size, south + size],
    [west, south + size],
    [west, south],
  ] satisfies Position2D[])
const style = { color: '#000' }

describe('shapes on a canvas', () => {
  it('finds the shape under a point, not in its hole, the last drawn first', () => {
    const canvas = createShapeCanvas({ pane: 'dey-parcels' })
    canvas.setShapes([
      { id: 'field-with-pond', polygons: [[square(104, 12, 0.1), square(104.04, 12.04, 0.02)]], outlines: [], style },
      { id: 'house-plot', polygons: [[square(104.08, 12.08, 0.01)]], outlines: [], style },
      { id: 'two-pieces', polygons: [[square(105, 12, 0.01)], [square(105.1, 12, 0.01)]], outlines: [], style },
    ])
    expect(canvas.count()).toBe(3)
    expect(canvas.shapeAt(L.latLng(12.01, 104.01))?.id).toBe('field-with-pond')
    expect(canvas.shapeAt(L.latLng(12.05, 104.05))).toBeUndefined()
    // Inside both the field and the plot drawn after it: the plot.
    expect(canvas.shapeAt(L.latLng(12.085, 104.085))?.id).toBe('house-plot')
    expect(canvas.shapeAt(L.latLng(12.005, 105.105))?.id).toBe('two-pieces')
    expect(canvas.shapeAt(L.latLng(12.005, 105.05))).toBeUndefined()
    expect(canvas.shapeAt(L.latLng(11.5, 104.05))).toBeUndefined()
  })
})

describe('toLatLng', () => {
  it('swaps to [lat, lng], and gives the same tuple for the same position', () => {
    const position: Position2D = [104.9, 11.55]
    expect(toLatLng(position)).toEqual([11.55, 104.9])
    expect(toLatLng(position)).toBe(toLatLng(position))
    expect(toLatLng([104.9, 11.55])).not.toBe(toLatLng(position))
  })
})
