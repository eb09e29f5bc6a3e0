// A minimal Mapbox Vector Tile writer for client tests: points and polygons already in tile
// coordinates, one layer. Enough to feed the map's decoder real tile bytes without a server.
import { PbfWriter } from 'pbf'

export type MvtValue = string | number | boolean
export type MvtGeometry = { type: 'Point'; coordinates: [number, number] } | { type: 'Polygon'; coordinates: [number, number][][] }
export interface MvtFeature {
  properties: Record<string, MvtValue | undefined>
  geometry: MvtGeometry
}

const zigzag = (n: number) => (n << 1) ^ (n >> 31)
const command = (id: number, count: number) => (id & 0x7) | (count << 3)

function geometryCommands(geometry: MvtGeometry): { type: number; commands: number[] } {
  const commands: number[] = []
  let [cx, cy] = [0, 0]
  const moveBy = ([x, y]: [number, number]) => {
    commands.push(zigzag(x - cx), zigzag(y - cy))
    ;[cx, cy] = [x, y]
  }
  if (geometry.type === 'Point') {
    commands.push(command(1, 1))
    moveBy(geometry.coordinates)
    return { type: 1, commands }
  }
  for (const ring of geometry.coordinates) {
    // Rings are given open; MVT closes them with ClosePath.
    commands.push(command(1, 1))
    moveBy(ring[0]!)
    commands.push(command(2, ring.length - 1))
    ring.slice(1).forEach(moveBy)
    commands.push(command(7, 1))
  }
  return { type: 3, commands }
}

export function encodeMvt(layerName: string, features: MvtFeature[], extent = 4096): Uint8Array {
  const keys: string[] = []
  const values: MvtValue[] = []
  const pbf = new PbfWriter()
  pbf.writeMessage(
    3,
    (_: null, layer: PbfWriter) => {
      layer.writeVarintField(15, 2)
      layer.writeStringField(1, layerName)
      for (const feature of features) {
        const tags: number[] = []
        for (const [key, value] of Object.entries(feature.properties)) {
          if (value === undefined) continue
          if (!keys.includes(key)) keys.push(key)
          if (!values.includes(value)) values.push(value)
          tags.push(keys.indexOf(key), values.indexOf(value))
        }
        const { type, commands } = geometryCommands(feature.geometry)
        layer.writeMessage(
          2,
          (_f: null, out: PbfWriter) => {
            out.writePackedVarint(2, tags)
            out.writeVarintField(3, type)
            out.writePackedVarint(4, commands)
          },
          null,
        )
      }
      for (const key of keys) layer.writeStringField(3, key)
      for (const value of values)
        layer.writeMessage(
          4,
          (v: MvtValue, out: PbfWriter) => {
            if (typeof v === 'string') out.writeStringField(1, v)
            else if (typeof v === 'boolean') out.writeBooleanField(7, v)
            else if (Number.isInteger(v)) out.writeSVarintField(6, v)
            else out.writeDoubleField(3, v)
          },
          value,
        )
      layer.writeVarintField(5, extent)
    },
    null,
  )
  return pbf.finish()
}
