// Mapbox Vector Tile bytes for client tests: points and polygons already in tile coordinates, one
// layer, encoded by @maplibre/vt-pbf. Enough to feed the map's decoder real tile bytes without a server.
import { fromGeojsonVt } from '@maplibre/vt-pbf'

export type MvtValue = string | number | boolean
export type MvtGeometry = { type: 'Point'; coordinates: [number, number] } | { type: 'Polygon'; coordinates: [number, number][][] }
export interface MvtFeature {
  properties: Record<string, MvtValue | undefined>
  geometry: MvtGeometry
}

export function encodeMvt(layerName: string, features: MvtFeature[], extent = 4096): Uint8Array {
  // geojson-vt's tile features, all that fromGeojsonVt reads; rings stay open, ClosePath closes them.
  const vtFeatures = features.map(({ properties, geometry }) => ({
    tags: properties,
    ...(geometry.type === 'Point' ? { type: 1, geometry: [geometry.coordinates] } : { type: 3, geometry: geometry.coordinates }),
  }))
  return fromGeojsonVt({ [layerName]: { features: vtFeatures } } as unknown as Parameters<typeof fromGeojsonVt>[0], { version: 2, extent })
}
