// What every export format shares: a field's value as text, and a geometry's kind (the formats that
// hold one geometry type per table or file split a layer by it).
import type { Geometry } from 'geojson'

/** A field's value in a text cell: instants in ISO 8601 (UTC), nested values as JSON, absent as null. */
export function cellText(value: unknown): string | null {
  if (value == null) return null
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

export type GeometryKind = 'point' | 'multipoint' | 'line' | 'polygon'
export const GEOMETRY_KINDS: readonly GeometryKind[] = ['polygon', 'line', 'point', 'multipoint']

export function kindOf(geometry: Geometry): GeometryKind {
  switch (geometry.type) {
    case 'Point':
      return 'point'
    case 'MultiPoint':
      return 'multipoint'
    case 'LineString':
    case 'MultiLineString':
      return 'line'
    case 'Polygon':
    case 'MultiPolygon':
      return 'polygon'
    default:
      // The layers store points and (multi)polygons only; a collection has no single kind.
      throw new Error(`cannot export a ${geometry.type} to a format with one geometry type per table`)
  }
}

/** Promotes single polygons and lines to their multi form, so one table holds one declared type. */
export function asMulti(geometry: Geometry): Geometry {
  if (geometry.type === 'Polygon') return { type: 'MultiPolygon', coordinates: [geometry.coordinates] }
  if (geometry.type === 'LineString') return { type: 'MultiLineString', coordinates: [geometry.coordinates] }
  return geometry
}

/** A table or file name per kind: the layer's own name when it has one kind, else suffixed by kind. */
export function tableNames(layer: string, kinds: GeometryKind[]): Map<GeometryKind, string> {
  const safe = layer.replace(/[^a-z0-9]+/gi, '_')
  return new Map(kinds.map((kind) => [kind, kinds.length > 1 ? `${safe}_${kind}s` : safe]))
}
