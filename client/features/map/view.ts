// The visible area as numbers, and what of a layer lies in it (for the counts next to the layer
// switches: the layer holds a larger area than the screen shows, see fetchBbox).
export type Bounds = readonly [west: number, south: number, east: number, north: number]

export const parseBbox = (bbox: string): Bounds => bbox.split(',').map(Number) as unknown as Bounds

/** The bounds of any GeoJSON coordinates (a position, or arrays of them). */
function extentOf(coordinates: unknown): Bounds | undefined {
  let west = Infinity,
    south = Infinity,
    east = -Infinity,
    north = -Infinity
  const visit = (value: unknown) => {
    if (Array.isArray(value) && typeof value[0] === 'number') {
      const [lng, lat] = value as number[]
      west = Math.min(west, lng!)
      east = Math.max(east, lng!)
      south = Math.min(south, lat!)
      north = Math.max(north, lat!)
    } else if (Array.isArray(value)) value.forEach(visit)
  }
  visit(coordinates)
  return Number.isFinite(west) ? [west, south, east, north] : undefined
}

/** How many features reach into the bounds (by their extent: a close, cheap answer for polygons). */
export function countInBounds(features: readonly { geometry: { coordinates: unknown } | null }[], bounds: Bounds): number {
  const [west, south, east, north] = bounds
  let count = 0
  for (const feature of features) {
    const extent = feature.geometry && extentOf(feature.geometry.coordinates)
    if (extent && extent[0] <= east && extent[2] >= west && extent[1] <= north && extent[3] >= south) count++
  }
  return count
}
