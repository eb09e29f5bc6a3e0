// One tile's bytes (Mapbox Vector Tile) decoded into what the map's layers draw: each layer's
// points, shapes and clusters, in [lng, lat]. Pure and self-contained (no Leaflet, no zod, no
// fetch), so that it can move to a worker as it is; tested on its own.
//
// Shapes arrive clipped to the tile plus a buffer, so a polygon crossing tiles comes in pieces
// that overlap in the buffer. Each piece is clipped again to the tile's own square: the pieces of
// one record then abut exactly, their fill is drawn once, and the outline leaves out the edges
// the clipping made (they lie on a tile's border), so no seams show where tiles meet.
import { classifyRings, VectorTile, type VectorTileFeature, type VectorTileLayer } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import type { Position2D } from '../../../shared/geo.ts'
import type { TileClusterProperties, TileLayer, TileRecordProperties } from '../../../shared/tiles.ts'

export interface TileCoord {
  z: number
  x: number
  y: number
}

export const tileKey = ({ z, x, y }: TileCoord) => `${z}/${x}/${y}`

export interface TilePoint<L extends TileLayer> {
  id: string
  position: Position2D
  properties: TileRecordProperties[L]
}

/**
 * A shape in world coordinates: the Web-Mercator square as 0…1 (x east, y down), each ring or
 * line a flat [x0, y0, x1, y1, …]. Linear in a tile's own coordinates, so decoding needs no
 * trigonometry, and the canvas draws it as it is (see layers/shape-canvas.ts).
 */
export interface WorldShape {
  /** The fill: polygons → rings (open: fill() closes them), clipped to the tile. */
  polygons: Float64Array[][]
  /** The outline without the tile borders. */
  outlines: Float64Array[]
}

export interface TileShape<L extends TileLayer> {
  id: string
  properties: TileRecordProperties[L]
  world: WorldShape
  /** The fill in [lng, lat]: polygons → rings. Made from `world` when first asked. */
  readonly polygons: Position2D[][][]
  /** The outline in [lng, lat]. Made from `world` when first asked. */
  readonly outlines: Position2D[][]
}

export const toWorldX = (lng: number) => (lng + 180) / 360
export function toWorldY(lat: number): number {
  const clamped = Math.max(-85.0511, Math.min(85.0511, lat))
  const sin = Math.sin((clamped * Math.PI) / 180)
  return 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)
}

/** A line of [lng, lat] in world coordinates (for shapes that do not come from the tiles). */
export function worldLine(line: readonly Position2D[]): Float64Array {
  const flat = new Float64Array(line.length * 2)
  for (let i = 0; i < line.length; i++) {
    flat[i * 2] = toWorldX(line[i]![0])
    flat[i * 2 + 1] = toWorldY(line[i]![1])
  }
  return flat
}

/** [lng, lat] of a world position. */
export const worldToLngLat = (x: number, y: number): Position2D => [
  x * 360 - 180,
  (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI,
]

const lngLatsOf = (flat: Float64Array): Position2D[] => {
  const positions: Position2D[] = new Array(flat.length / 2)
  for (let i = 0; i < positions.length; i++) positions[i] = worldToLngLat(flat[i * 2]!, flat[i * 2 + 1]!)
  return positions
}

/**
 * A decoded shape. Only the SVG layers (concessions) and the in-view list read [lng, lat]: made
 * for each of a district's parcels on arrival, they were hundreds of thousands of small arrays
 * per view, and their garbage collection stalled the pan.
 */
export class DecodedShape<L extends TileLayer> implements TileShape<L> {
  #polygons: Position2D[][][] | undefined
  #outlines: Position2D[][] | undefined
  constructor(
    readonly id: string,
    readonly properties: TileRecordProperties[L],
    readonly world: WorldShape,
  ) {}
  get polygons(): Position2D[][][] {
    return (this.#polygons ??= this.world.polygons.map((rings) => rings.map(lngLatsOf)))
  }
  get outlines(): Position2D[][] {
    return (this.#outlines ??= this.world.outlines.map(lngLatsOf))
  }
}

export interface TileCluster {
  /** Unique on the map: the tile and the feature's place in it. */
  key: string
  position: Position2D
  properties: TileClusterProperties
  /** Parcels: the cell's square (polygons → rings → [lng, lat]); points have none. */
  cell?: Position2D[][][]
}

export interface DecodedTile<L extends TileLayer> {
  points: TilePoint<L>[]
  shapes: TileShape<L>[]
  clusters: TileCluster[]
}

/**
 * A class, not a plain object, for React Query's sake: useQueries deep-compares what its combine
 * returns with the last answer (structural sharing), and it walks plain objects and arrays only.
 * Plain, every decoded feature of every tile in view was compared again each time one tile
 * arrived: a fifth of the main thread while panning over the 200k data set.
 */
class DecodedTileFeatures<L extends TileLayer> implements DecodedTile<L> {
  points: TilePoint<L>[] = []
  shapes: TileShape<L>[] = []
  clusters: TileCluster[] = []
}

type Point = { x: number; y: number }

/** One tile's features. An empty body (no content) is an empty tile. */
export function decodeTile<L extends TileLayer>(bytes: Uint8Array, layer: L, tile: TileCoord): DecodedTile<L> {
  return decodeTileSet(bytes, [layer], tile)[layer]!
}

/** Each layer's features of a tile that holds several (parsed once); a layer absent from it is empty. */
export function decodeTileSet<L extends TileLayer>(
  bytes: Uint8Array,
  layers: readonly L[],
  tile: TileCoord,
): Partial<Record<L, DecodedTile<L>>> {
  const parsed = bytes.byteLength === 0 ? undefined : new VectorTile(new PbfReader(bytes))
  return Object.fromEntries(layers.map((layer) => [layer, decodeLayer(parsed?.layers[layer], layer, tile)])) as Partial<
    Record<L, DecodedTile<L>>
  >
}

function decodeLayer<L extends TileLayer>(mvtLayer: VectorTileLayer | undefined, layer: L, tile: TileCoord): DecodedTile<L> {
  const decoded = new DecodedTileFeatures<L>()
  if (!mvtLayer) return decoded
  const extent = mvtLayer.extent
  const project = projector(tile, extent)
  for (let i = 0; i < mvtLayer.length; i++) {
    const feature = mvtLayer.feature(i)
    const properties = feature.properties
    if (properties.cluster === true) {
      const cluster = clusterOf(feature, extent, project, `${layer}/${tileKey(tile)}/${i}`)
      if (cluster) decoded.clusters.push(cluster)
      continue
    }
    const id = properties.id
    if (typeof id !== 'string') continue
    const record = properties as unknown as TileRecordProperties[L]
    if (feature.type === 1) {
      const point = feature.loadGeometry()[0]?.[0]
      if (point) decoded.points.push({ id, position: project(point), properties: record })
    } else if (feature.type === 3) {
      const world = worldShapeOf(clipShape(feature.loadGeometry(), extent), tile, extent)
      if (world.polygons.length > 0) decoded.shapes.push(new DecodedShape(id, record, world))
    }
  }
  return decoded
}

function clusterOf(feature: VectorTileFeature, extent: number, project: (p: Point) => Position2D, key: string): TileCluster | undefined {
  const properties = feature.properties as unknown as TileClusterProperties
  if (feature.type === 1) {
    const point = feature.loadGeometry()[0]?.[0]
    // A cluster belongs to the tile its centre is in; a copy in a neighbour's buffer is not counted twice.
    if (!point || point.x < 0 || point.y < 0 || point.x >= extent || point.y >= extent) return undefined
    return { key, position: project(point), properties }
  }
  if (feature.type === 3) {
    const polygons = clipShape(feature.loadGeometry(), extent).polygons.map((rings) => rings.map((ring) => ring.map(project)))
    if (polygons.length === 0) return undefined
    return { key, position: centreOf(polygons[0]![0]!), properties, cell: polygons }
  }
  return undefined
}

const centreOf = (ring: Position2D[]): Position2D => {
  const lngs = ring.map((p) => p[0])
  const lats = ring.map((p) => p[1])
  return [(Math.min(...lngs) + Math.max(...lngs)) / 2, (Math.min(...lats) + Math.max(...lats)) / 2]
}

/** Tile coordinates (0…extent, y down) to [lng, lat] in WGS 84. */
export function projector(tile: TileCoord, extent: number): (point: Point) => Position2D {
  const n = 2 ** tile.z
  return (point) => worldToLngLat((tile.x + point.x / extent) / n, (tile.y + point.y / extent) / n)
}

/** A polygon's rings clipped to the tile's square (in tile units), and its outline minus the square's edges. */
export function clipShape(rings: Point[][], extent: number): { polygons: Point[][][]; outlines: Point[][] } {
  const polygons: Point[][][] = []
  const outlines: Point[][] = []
  // classifyRings reads only x and y (the ring's signed area): plain points do.
  for (const polygon of classifyRings(rings as Parameters<typeof classifyRings>[0])) {
    // Most shapes lie wholly inside their tile (a district's parcels at zoom 12): nothing to clip,
    // and the outline is the ring itself. The general path below gives the same for them, after
    // four clipping passes: a tenth of the map's main thread while panning.
    if (polygon.every((ring) => isWithin(ring, extent))) {
      const open = polygon.map(openRing)
      if (open[0]!.length < 3) continue
      const kept = open.filter((ring) => ring.length >= 3)
      polygons.push(kept as Point[][])
      for (const ring of kept) outlines.push([...ring, ring[0]!])
      continue
    }
    const clipped = polygon.map((ring) => clipRing(ring, extent))
    // Without its outer ring in the tile a polygon's holes mean nothing.
    if (clipped[0]!.length < 3) continue
    const kept = clipped.filter((ring) => ring.length >= 3)
    polygons.push(kept)
    for (const ring of kept) outlines.push(...outlineOf(ring, extent))
  }
  return { polygons, outlines }
}

/** Tile units to world coordinates (flat arrays). */
function worldShapeOf(shape: { polygons: Point[][][]; outlines: Point[][] }, tile: TileCoord, extent: number): WorldShape {
  const n = 2 ** tile.z
  const toWorld = (line: readonly Point[]) => {
    const flat = new Float64Array(line.length * 2)
    for (let i = 0; i < line.length; i++) {
      flat[i * 2] = (tile.x + line[i]!.x / extent) / n
      flat[i * 2 + 1] = (tile.y + line[i]!.y / extent) / n
    }
    return flat
  }
  return { polygons: shape.polygons.map((rings) => rings.map(toWorld)), outlines: shape.outlines.map(toWorld) }
}

/** No point on or beyond the tile's border. */
const isWithin = (ring: readonly Point[], extent: number) => ring.every((p) => p.x > 0 && p.x < extent && p.y > 0 && p.y < extent)

/** The ring without the repeat of its first point at the end. */
function openRing(ring: readonly Point[]): readonly Point[] {
  const first = ring[0]
  const last = ring[ring.length - 1]
  return ring.length > 1 && first && last && first.x === last.x && first.y === last.y ? ring.slice(0, -1) : ring
}

/** Sutherland–Hodgman against the square 0…extent: the ring's part inside the tile (not closed). */
export function clipRing(ring: readonly Point[], extent: number): Point[] {
  // A closed ring repeats its first point; the clipper works on open rings.
  let points = openRing(ring).slice()
  const edges: [(p: Point) => boolean, (a: Point, b: Point) => Point][] = [
    [(p) => p.x >= 0, (a, b) => ({ x: 0, y: crossing(a.y, b.y, (0 - a.x) / (b.x - a.x)) })],
    [(p) => p.x <= extent, (a, b) => ({ x: extent, y: crossing(a.y, b.y, (extent - a.x) / (b.x - a.x)) })],
    [(p) => p.y >= 0, (a, b) => ({ x: crossing(a.x, b.x, (0 - a.y) / (b.y - a.y)), y: 0 })],
    [(p) => p.y <= extent, (a, b) => ({ x: crossing(a.x, b.x, (extent - a.y) / (b.y - a.y)), y: extent })],
  ]
  for (const [isInside, cross] of edges) {
    if (points.length === 0) break
    const next: Point[] = []
    for (let i = 0; i < points.length; i++) {
      const current = points[i]!
      const previous = points[(i + points.length - 1) % points.length]!
      if (isInside(current)) {
        if (!isInside(previous)) next.push(cross(previous, current))
        next.push(current)
      } else if (isInside(previous)) next.push(cross(previous, current))
    }
    points = next
  }
  return points
}

// The crossing's other coordinate. The border's own is set exactly, not computed: computed, it came
// out a rounding error off (y = -7e-15), and the outline then drew the tile's border.
const crossing = (from: number, to: number, t: number) => from + (to - from) * t

/** The ring's edges as lines, leaving out those that run along the tile's border (the clip's own). */
export function outlineOf(ring: readonly Point[], extent: number): Point[][] {
  const onSameBorder = (a: Point, b: Point) =>
    (a.x === 0 && b.x === 0) || (a.x === extent && b.x === extent) || (a.y === 0 && b.y === 0) || (a.y === extent && b.y === extent)
  const count = ring.length
  // Start right after a border edge, so a line is never cut at the ring's arbitrary first point.
  let start = 0
  for (let i = 0; i < count; i++) {
    if (onSameBorder(ring[i]!, ring[(i + 1) % count]!)) {
      start = (i + 1) % count
      break
    }
  }
  const lines: Point[][] = []
  let line: Point[] = []
  for (let step = 0; step < count; step++) {
    const a = ring[(start + step) % count]!
    const b = ring[(start + step + 1) % count]!
    if (onSameBorder(a, b)) {
      if (line.length > 1) lines.push(line)
      line = []
      continue
    }
    if (line.length === 0) line.push(a)
    line.push(b)
  }
  if (line.length > 1) lines.push(line)
  return lines
}
