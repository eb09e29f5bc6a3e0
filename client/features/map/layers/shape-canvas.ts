// Many small shapes on canvas tiles: the parcels of a district (tens of thousands at zoom 10–12)
// and the communities' territories. As SVG each parcel was two DOM paths — 50,000 nodes at zoom
// 10 — and every new tile re-rendered them all. One canvas the size of the view was better, but
// still redrew (and Chromium re-rasterized) every shape in view after each pan and each arriving
// tile: 0.3–0.6 s frames over the 200k data set. So the shapes are drawn as Leaflet grid tiles, as
// vector-tile renderers do: a pan moves the tiles already drawn and draws only the new ones, a new
// tile's data redraws only the tiles it changed, and the drawing is spread over frames (a few
// milliseconds each) so the map keeps moving while a dense district comes in.
//
// The tiles take no pointer events, so a click can still reach what is under a parcel; the owner
// asks `shapeAt` where the pointer is (see canvas-shapes.tsx).
import L from 'leaflet'
import type { PathOptions } from 'leaflet'
import { toWorldX, toWorldY } from '../decode-tile.ts'

export interface CanvasShape {
  id: string
  /** Fill: polygons → rings, in world coordinates (see WorldShape in decode-tile.ts). */
  polygons: Float64Array[][]
  /** Outline: lines in world coordinates (the fill's edges minus tile borders). */
  outlines: Float64Array[]
  style: PathOptions
  /**
   * The text that follows the pointer over the shape (plain text, never HTML). A function: it is
   * asked for only on hover, not made for each of a district's parcels at every redraw.
   */
  label?: () => string
}

type Box = [west: number, north: number, east: number, south: number]

/** A ring or line in world coordinates, with its box. */
interface Line {
  flat: Float64Array
  box: Box
}

interface BoxedShape {
  shape: CanvasShape
  polygons: Line[][]
  outlines: Line[]
  box: Box
}

const emptyBox = (): Box => [Infinity, Infinity, -Infinity, -Infinity]
function extend(box: Box, other: Box) {
  if (other[0] < box[0]) box[0] = other[0]
  if (other[1] < box[1]) box[1] = other[1]
  if (other[2] > box[2]) box[2] = other[2]
  if (other[3] > box[3]) box[3] = other[3]
}

function boxOf(flat: Float64Array): Box {
  const box = emptyBox()
  for (let i = 0; i < flat.length; i += 2) {
    const [x, y] = [flat[i]!, flat[i + 1]!]
    if (x < box[0]) box[0] = x
    if (y < box[1]) box[1] = y
    if (x > box[2]) box[2] = x
    if (y > box[3]) box[3] = y
  }
  return box
}

// A tile's decoded shapes keep their arrays while the tile stays cached, so most lines of a new
// view were seen for the last one already — and, being the same objects, tell which canvas tiles
// need no redraw.
const lines = new WeakMap<Float64Array, Line>()

function lineOf(flat: Float64Array): Line {
  let line = lines.get(flat)
  if (!line) {
    line = { flat, box: boxOf(flat) }
    lines.set(flat, line)
  }
  return line
}

function boxShape(shape: CanvasShape): BoxedShape {
  const box = emptyBox()
  const polygons = shape.polygons.map((polygon) => polygon.map(lineOf))
  const outlines = shape.outlines.map(lineOf)
  for (const rings of polygons) for (const line of rings) extend(box, line.box)
  for (const line of outlines) extend(box, line.box)
  return { shape, polygons, outlines, box }
}

/** Even–odd test of a point against a polygon's rings (holes included). */
function isInside(x: number, y: number, rings: Line[]): boolean {
  let inside = false
  for (const { flat: ring } of rings) {
    const count = ring.length / 2
    for (let i = 0, j = count - 1; i < count; j = i++) {
      const [xi, yi, xj, yj] = [ring[i * 2]!, ring[i * 2 + 1]!, ring[j * 2]!, ring[j * 2 + 1]!]
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
    }
  }
  return inside
}

// Per style object: most layers hand the same few objects to thousands of shapes.
const styleKeys = new WeakMap<PathOptions, string>()
function styleKey(style: PathOptions): string {
  let key = styleKeys.get(style)
  if (key === undefined) {
    key = [style.fillColor, style.fillOpacity, style.color, style.weight, style.opacity, style.dashArray, style.fill, style.stroke].join(
      '|',
    )
    styleKeys.set(style, key)
  }
  return key
}

const dashesOf = (dashArray: PathOptions['dashArray']): number[] =>
  typeof dashArray === 'string' ? dashArray.split(/[ ,]+/).map(Number).filter(Number.isFinite) : (dashArray ?? [])

/** One thing a canvas tile draws: a ring filled, or a line stroked, in its shape's style. */
interface Piece {
  line: Line
  isFill: boolean
  /** Draw order: styles in the order they first appear among the shapes (the selected shape last). */
  order: number
  key: string
  style: PathOptions
}

/** How far past its edge a tile looks for lines to draw, in pixels: a wide outline near the edge shows on both tiles. */
const EDGE_PX = 8
/** Drawing per frame stops after this long; the rest waits for the next frame. */
const FRAME_BUDGET_MS = 6
const TILE_PX = 256

type TileCanvas = HTMLCanvasElement & { drawn?: Piece[]; coords?: L.Coords; done?: L.DoneCallback | undefined }

const samePieces = (a: Piece[] | undefined, b: Piece[]) =>
  a !== undefined &&
  a.length === b.length &&
  a.every((piece, i) => piece.line === b[i]!.line && piece.key === b[i]!.key && piece.isFill === b[i]!.isFill)

export interface ShapeCanvas extends L.Layer {
  /** Replaces what is drawn (drawn in this order: later ones on top). */
  setShapes(shapes: readonly CanvasShape[]): void
  /** The topmost shape under a point, if any. */
  shapeAt(latlng: L.LatLng): CanvasShape | undefined
  /** How many shapes it holds. */
  count(): number
}

class ShapeTiles extends L.GridLayer implements ShapeCanvas {
  private shapes: BoxedShape[] = []
  private pieces: Piece[] = []
  /** The pieces by zoom, then by tile ("x:y"), made when a tile of that zoom first asks. */
  private buckets = new Map<number, Map<number, Piece[]>>()
  private dirty = new Set<TileCanvas>()
  private frame: number | undefined
  private testId: string | undefined

  constructor(options: L.GridLayerOptions & { testId?: string }) {
    super(options)
    this.testId = options.testId
  }

  setShapes(shapes: readonly CanvasShape[]) {
    this.shapes = shapes.map(boxShape)
    const orders = new Map<string, number>()
    const pieces: Piece[] = []
    for (const { shape, polygons, outlines } of this.shapes) {
      const key = styleKey(shape.style)
      let order = orders.get(key)
      if (order === undefined) orders.set(key, (order = orders.size))
      const { style } = shape
      if (style.fill !== false)
        for (const rings of polygons) for (const line of rings) pieces.push({ line, isFill: true, order, key, style })
      if (style.stroke !== false && (style.weight ?? 3) > 0)
        for (const line of outlines) pieces.push({ line, isFill: false, order, key, style })
    }
    this.pieces = pieces
    this.buckets.clear()
    const container = this.getContainer()
    if (container) container.dataset.count = String(this.shapes.length)
    // Every tile shown is checked; only those whose pieces changed are drawn again.
    for (const tile of this.tiles()) this.dirty.add(tile)
    this.schedule()
  }

  shapeAt(latlng: L.LatLng): CanvasShape | undefined {
    const [x, y] = [toWorldX(latlng.lng), toWorldY(latlng.lat)]
    for (let i = this.shapes.length - 1; i >= 0; i--) {
      const { box, polygons, shape } = this.shapes[i]!
      if (x < box[0] || x > box[2] || y < box[1] || y > box[3]) continue
      if (polygons.some((rings) => isInside(x, y, rings))) return shape
    }
    return undefined
  }

  count(): number {
    return this.shapes.length
  }

  override onAdd(map: L.Map): this {
    super.onAdd(map)
    const container = this.getContainer()!
    container.style.pointerEvents = 'none'
    if (this.testId) container.dataset.testid = this.testId
    container.dataset.count = String(this.shapes.length)
    return this
  }

  override onRemove(map: L.Map): this {
    if (this.frame !== undefined) L.Util.cancelAnimFrame(this.frame)
    this.frame = undefined
    this.dirty.clear()
    return super.onRemove(map)
  }

  protected override createTile(coords: L.Coords, done: L.DoneCallback): HTMLElement {
    // No pixels until it has something to draw: most of a country view's parcel tiles are empty,
    // and an empty canvas of full size still costs memory and a compositing layer.
    const tile: TileCanvas = document.createElement('canvas')
    tile.width = 0
    tile.height = 0
    tile.coords = coords
    tile.done = done
    this.dirty.add(tile)
    this.schedule()
    return tile
  }

  private tiles(): TileCanvas[] {
    const tiles = (this as unknown as { _tiles?: Record<string, { el: TileCanvas }> })._tiles
    return tiles ? Object.values(tiles).map((tile) => tile.el) : []
  }

  private schedule() {
    if (this.frame === undefined && this.dirty.size > 0) this.frame = L.Util.requestAnimFrame(() => this.drawSome())
  }

  /** Draws dirty tiles until the frame's budget is spent; the rest in the next frames. */
  private drawSome() {
    this.frame = undefined
    const start = performance.now()
    for (const tile of this.dirty) {
      this.dirty.delete(tile)
      // A tile Leaflet has let go of (panned away, zoomed past) is not drawn.
      if (!tile.isConnected || !tile.coords) continue
      this.drawTile(tile, tile.coords)
      if (performance.now() - start > FRAME_BUDGET_MS) break
    }
    this.schedule()
  }

  private piecesOf(coords: L.Coords): Piece[] {
    let buckets = this.buckets.get(coords.z)
    if (!buckets) this.buckets.set(coords.z, (buckets = bucket(this.pieces, coords.z)))
    return buckets.get(tileNumber(coords.x, coords.y)) ?? []
  }

  private drawTile(tile: TileCanvas, coords: L.Coords) {
    const pieces = this.piecesOf(coords)
    if (!samePieces(tile.drawn, pieces)) {
      tile.drawn = pieces
      drawPieces(tile, coords, drawOrder(pieces))
    }
    // Leaflet shows a tile (and lets go of the last zoom's) once it says it is ready.
    tile.done?.()
    tile.done = undefined
  }
}

/**
 * Each tile's pieces at zoom z (keyed x · 2^21 + y: no string per piece and tile), those whose box
 * reaches the tile, its edge widened by EDGE_PX. In the shapes' order; a tile sorts its own few
 * into draw order when it draws.
 */
function bucket(pieces: readonly Piece[], z: number): Map<number, Piece[]> {
  const n = 2 ** z
  const edge = EDGE_PX / TILE_PX
  const buckets = new Map<number, Piece[]>()
  for (const piece of pieces) {
    const [west, north, east, south] = piece.line.box
    const x0 = Math.floor(west * n - edge)
    const x1 = Math.floor(east * n + edge)
    const y0 = Math.floor(north * n - edge)
    const y1 = Math.floor(south * n + edge)
    for (let x = x0; x <= x1; x++)
      for (let y = y0; y <= y1; y++) {
        const key = tileNumber(x, y)
        const list = buckets.get(key)
        if (list) list.push(piece)
        else buckets.set(key, [piece])
      }
  }
  return buckets
}

const tileNumber = (x: number, y: number) => x * 2 ** 21 + y

/** Styles in order, each style's fills before its outlines (a stable sort keeps the shapes' order within). */
const drawOrder = (pieces: readonly Piece[]) => [...pieces].sort((a, b) => a.order - b.order || Number(b.isFill) - Number(a.isFill))

/**
 * One tile: for each style in order, its fills in one even–odd path, then its outlines in one
 * stroke. No closePath: fill() closes every ring by itself, and the outlines are open lines (the
 * fill's edges minus tile borders); closePath on thousands of rings cost more than the rest.
 */
function drawPieces(tile: HTMLCanvasElement, coords: L.Coords, pieces: readonly Piece[]) {
  const ratio = pieces.length === 0 ? 0 : Math.min(2, window.devicePixelRatio || 1)
  if (tile.width !== TILE_PX * ratio) {
    // Resizing clears it too.
    tile.width = TILE_PX * ratio
    tile.height = TILE_PX * ratio
  }
  if (ratio === 0) return
  // Kept in main memory (willReadFrequently): a tile is drawn once, then only moved.
  const ctx = tile.getContext('2d', { willReadFrequently: true })
  if (!ctx) return
  ctx.setTransform(1, 0, 0, 1, 0, 0)
  ctx.clearRect(0, 0, tile.width, tile.height)
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0)
  // World (0…1) → this tile's pixels.
  const scale = TILE_PX * 2 ** coords.z
  const [dx, dy] = [-coords.x * TILE_PX, -coords.y * TILE_PX]
  const trace = ({ flat }: Line) => {
    ctx.moveTo(flat[0]! * scale + dx, flat[1]! * scale + dy)
    for (let i = 2; i < flat.length; i += 2) ctx.lineTo(flat[i]! * scale + dx, flat[i + 1]! * scale + dy)
  }
  let i = 0
  while (i < pieces.length) {
    const { order, style } = pieces[i]!
    let end = i
    while (end < pieces.length && pieces[end]!.order === order) end++
    if (pieces[i]!.isFill) {
      ctx.beginPath()
      for (; i < end && pieces[i]!.isFill; i++) trace(pieces[i]!.line)
      ctx.globalAlpha = style.fillOpacity ?? 0.2
      ctx.fillStyle = style.fillColor ?? style.color ?? '#3388ff'
      ctx.fill('evenodd')
    }
    if (i < end) {
      ctx.beginPath()
      for (; i < end; i++) trace(pieces[i]!.line)
      ctx.globalAlpha = style.opacity ?? 1
      ctx.strokeStyle = style.color ?? '#3388ff'
      ctx.lineWidth = style.weight ?? 3
      ctx.lineCap = (style.lineCap as CanvasLineCap | undefined) ?? 'round'
      ctx.lineJoin = (style.lineJoin as CanvasLineJoin | undefined) ?? 'round'
      ctx.setLineDash(dashesOf(style.dashArray))
      ctx.stroke()
    }
  }
  ctx.globalAlpha = 1
}

export function createShapeCanvas(options: { pane: string; testId?: string }): ShapeCanvas {
  // Not redrawn at every step of a zoom: the last zoom's tiles are scaled meanwhile, as for images.
  return new ShapeTiles({ pane: options.pane, testId: options.testId, tileSize: TILE_PX, updateWhenZooming: false, keepBuffer: 1 })
}
