// A Mapbox Vector Tile (spec 2.1) written in Node from geometries already in tile coordinates. It is
// the tile producer wherever ST_AsMVT is missing (PGlite is built without protobuf-c) and the
// encoder of the aggregated cells on both engines. Written here rather than through vt-pbf: that
// package is CommonJS, untyped and pins pbf 3 and vector-tile 1; the format is a few messages.
import { PbfWriter } from 'pbf'

export type TileValue = string | number | boolean | null | undefined

/** Geometry in integer tile coordinates (0…extent, y down), as GeoJSON shapes. */
export type TileGeometry =
  | { type: 'Point'; coordinates: number[] }
  | { type: 'MultiPoint'; coordinates: number[][] }
  | { type: 'LineString'; coordinates: number[][] }
  | { type: 'MultiLineString'; coordinates: number[][][] }
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] }
  | { type: 'GeometryCollection'; geometries: TileGeometry[] }

export interface TileFeature {
  properties: Record<string, TileValue>
  geometry: TileGeometry
}

const enum GeomType {
  Point = 1,
  LineString = 2,
  Polygon = 3,
}

const MOVE_TO = 1
const LINE_TO = 2
const CLOSE_PATH = 7
const command = (id: number, count: number) => (id & 0x7) | (count << 3)
const zigzag = (n: number) => (n << 1) ^ (n >> 31)

interface Encoded {
  type: GeomType
  commands: number[]
}

/** One layer; an empty layer is an empty tile (0 bytes), as ST_AsMVT answers for no rows. */
export function encodeTile(layerName: string, extent: number, features: readonly TileFeature[]): Uint8Array {
  const keys = new Map<string, number>()
  const values = new Map<string, { index: number; value: string | number | boolean }>()
  const encoded: { tags: number[]; geometry: Encoded }[] = []
  for (const feature of features) {
    const geometry = encodeGeometry(feature.geometry)
    if (!geometry) continue
    const tags: number[] = []
    for (const [key, value] of Object.entries(feature.properties)) {
      // Absent means null, as in ST_AsMVT.
      if (value === null || value === undefined) continue
      if (!keys.has(key)) keys.set(key, keys.size)
      const valueKey = `${typeof value}:${String(value)}`
      if (!values.has(valueKey)) values.set(valueKey, { index: values.size, value })
      tags.push(keys.get(key)!, values.get(valueKey)!.index)
    }
    encoded.push({ tags, geometry })
  }
  if (encoded.length === 0) return new Uint8Array(0)

  const pbf = new PbfWriter()
  pbf.writeMessage(
    3,
    (_: null, layer: PbfWriter) => {
      layer.writeVarintField(15, 2)
      layer.writeStringField(1, layerName)
      for (const feature of encoded)
        layer.writeMessage(
          2,
          (_f: null, out: PbfWriter) => {
            if (feature.tags.length) out.writePackedVarint(2, feature.tags)
            out.writeVarintField(3, feature.geometry.type)
            out.writePackedVarint(4, feature.geometry.commands)
          },
          null,
        )
      for (const key of keys.keys()) layer.writeStringField(3, key)
      for (const { value } of values.values()) layer.writeMessage(4, writeValue, value)
      layer.writeVarintField(5, extent)
    },
    null,
  )
  return pbf.finish()
}

function writeValue(value: string | number | boolean, pbf: PbfWriter) {
  if (typeof value === 'string') pbf.writeStringField(1, value)
  else if (typeof value === 'boolean') pbf.writeBooleanField(7, value)
  else if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) pbf.writeSVarintField(6, value)
  else pbf.writeDoubleField(3, value)
}

/** Points, lines or polygons of one feature (a collection keeps its first dimension, like ST_AsMVTGeom). */
function encodeGeometry(geometry: TileGeometry): Encoded | undefined {
  const cursor = { x: 0, y: 0 }
  const commands: number[] = []
  const moveBy = (point: number[]) => {
    const x = Math.round(point[0]!)
    const y = Math.round(point[1]!)
    commands.push(zigzag(x - cursor.x), zigzag(y - cursor.y))
    cursor.x = x
    cursor.y = y
  }
  const points = (list: number[][]) => {
    if (list.length === 0) return
    commands.push(command(MOVE_TO, list.length))
    list.forEach(moveBy)
  }
  const line = (coordinates: number[][]) => {
    const path = withoutRepeats(coordinates)
    if (path.length < 2) return
    commands.push(command(MOVE_TO, 1))
    moveBy(path[0]!)
    commands.push(command(LINE_TO, path.length - 1))
    path.slice(1).forEach(moveBy)
  }
  const polygon = (rings: number[][][]) => {
    rings.forEach((ring, index) => {
      // GeoJSON repeats the first position; MVT closes the ring with ClosePath instead.
      let path = withoutRepeats(ring)
      if (path.length > 1 && samePoint(path[0]!, path[path.length - 1]!)) path = path.slice(0, -1)
      if (path.length < 3 || ringArea(path) === 0) return
      // Exterior rings have a positive area in tile coordinates (clockwise on screen), holes negative.
      if (ringArea(path) > 0 !== (index === 0)) path = path.reverse()
      commands.push(command(MOVE_TO, 1))
      moveBy(path[0]!)
      commands.push(command(LINE_TO, path.length - 1))
      path.slice(1).forEach(moveBy)
      commands.push(command(CLOSE_PATH, 1))
    })
  }

  const parts = geometry.type === 'GeometryCollection' ? geometry.geometries : [geometry]
  const dimension = parts.map(typeOf).find((type) => type !== undefined)
  if (dimension === undefined) return undefined
  for (const part of parts) {
    if (typeOf(part) !== dimension) continue
    switch (part.type) {
      case 'Point':
        points([part.coordinates])
        break
      case 'MultiPoint':
        points(part.coordinates)
        break
      case 'LineString':
        line(part.coordinates)
        break
      case 'MultiLineString':
        part.coordinates.forEach(line)
        break
      case 'Polygon':
        polygon(part.coordinates)
        break
      case 'MultiPolygon':
        part.coordinates.forEach(polygon)
        break
    }
  }
  return commands.length ? { type: dimension, commands } : undefined
}

function typeOf(geometry: TileGeometry): GeomType | undefined {
  switch (geometry.type) {
    case 'Point':
      return GeomType.Point
    case 'MultiPoint':
      return geometry.coordinates.length ? GeomType.Point : undefined
    case 'LineString':
    case 'MultiLineString':
      return geometry.coordinates.length ? GeomType.LineString : undefined
    case 'Polygon':
    case 'MultiPolygon':
      return geometry.coordinates.length ? GeomType.Polygon : undefined
    case 'GeometryCollection':
      return undefined
  }
}

const samePoint = (a: number[], b: number[]) => Math.round(a[0]!) === Math.round(b[0]!) && Math.round(a[1]!) === Math.round(b[1]!)

function withoutRepeats(path: number[][]): number[][] {
  return path.filter((point, index) => index === 0 || !samePoint(point, path[index - 1]!))
}

/** Twice the signed area by the surveyor's formula; positive is clockwise on screen (y pointing down). */
function ringArea(ring: number[][]): number {
  let sum = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j]![0]! - ring[i]![0]!) * (ring[i]![1]! + ring[j]![1]!)
  return sum
}
