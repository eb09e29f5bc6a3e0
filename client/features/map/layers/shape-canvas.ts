// Many small shapes on one canvas: the parcels of a district (tens of thousands at zoom 10–12).
// As SVG each parcel was two DOM paths — 50,000 nodes at zoom 10 — and every new tile re-rendered
// them all: frames of 0.5–1 s while panning over the 200k data set. Here the shapes are drawn in
// batches (one path per style), from coordinates projected once per data change, so a redraw is a
// few tens of milliseconds and panning only moves the canvas. Leaflet's own Renderer base keeps
// the canvas under the map and scaled during zoom animations, as its Canvas renderer does.
//
// The canvas takes no pointer events, so a click can still reach what is under a parcel; the
// owner asks `shapeAt` where the pointer is (see canvas-shapes.tsx).
import L from 'leaflet'
import type { PathOptions } from 'leaflet'
import type { Position2D } from '../../../../shared/geo.ts'

export interface CanvasShape {
  id: string
  /** Fill: polygons → rings → [lng, lat]. */
  polygons: Position2D[][][]
  /** Outline: lines of [lng, lat] (the fill's edges minus tile borders). */
  outlines: Position2D[][]
  style: PathOptions
  /**
   * The text that follows the pointer over the shape (plain text, never HTML). A function: it is
   * asked for only on hover, not made for each of a district's parcels at every redraw.
   */
  label?: () => string
}

/** A shape in world coordinates (0…1 across the Web-Mercator square, y down), with its box. */
interface Projected {
  shape: CanvasShape
  polygons: Float64Array[][]
  outlines: Float64Array[]
  box: [number, number, number, number]
}

const toWorldX = (lng: number) => (lng + 180) / 360
function toWorldY(lat: number): number {
  const clamped = Math.max(-85.0511, Math.min(85.0511, lat))
  const sin = Math.sin((clamped * Math.PI) / 180)
  return 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)
}

function project(line: Position2D[], box: [number, number, number, number]): Float64Array {
  const flat = new Float64Array(line.length * 2)
  for (let i = 0; i < line.length; i++) {
    const x = toWorldX(line[i]![0])
    const y = toWorldY(line[i]![1])
    flat[i * 2] = x
    flat[i * 2 + 1] = y
    if (x < box[0]) box[0] = x
    if (y < box[1]) box[1] = y
    if (x > box[2]) box[2] = x
    if (y > box[3]) box[3] = y
  }
  return flat
}

// A tile's decoded shapes keep their arrays while the tile stays cached, so most shapes of a new
// view were projected for the last one already.
const projectedLines = new WeakMap<Position2D[], { flat: Float64Array; box: [number, number, number, number] }>()

function projectCached(line: Position2D[], box: [number, number, number, number]): Float64Array {
  let entry = projectedLines.get(line)
  if (!entry) {
    const own: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity]
    entry = { flat: project(line, own), box: own }
    projectedLines.set(line, entry)
  }
  box[0] = Math.min(box[0], entry.box[0])
  box[1] = Math.min(box[1], entry.box[1])
  box[2] = Math.max(box[2], entry.box[2])
  box[3] = Math.max(box[3], entry.box[3])
  return entry.flat
}

// And per shape: a new view re-styles the same decoded shapes (new CanvasShape objects around the
// same coordinate arrays), and looking up each of a district's rings again cost more than the draw.
const projectedShapes = new WeakMap<Position2D[][][], Omit<Projected, 'shape'> & { source: Position2D[][] }>()

function projectShape(shape: CanvasShape): Projected {
  const cached = projectedShapes.get(shape.polygons)
  if (cached && cached.source === shape.outlines) return { shape, polygons: cached.polygons, outlines: cached.outlines, box: cached.box }
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity]
  const polygons = shape.polygons.map((polygon) => polygon.map((ring) => projectCached(ring, box)))
  const outlines = shape.outlines.map((line) => projectCached(line, box))
  projectedShapes.set(shape.polygons, { polygons, outlines, box, source: shape.outlines })
  return { shape, polygons, outlines, box }
}

/** Even–odd test of a point against a polygon's rings (holes included). */
function isInside(x: number, y: number, rings: Float64Array[]): boolean {
  let inside = false
  for (const ring of rings) {
    const count = ring.length / 2
    for (let i = 0, j = count - 1; i < count; j = i++) {
      const [xi, yi, xj, yj] = [ring[i * 2]!, ring[i * 2 + 1]!, ring[j * 2]!, ring[j * 2 + 1]!]
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
    }
  }
  return inside
}

const styleKey = (style: PathOptions) =>
  [style.fillColor, style.fillOpacity, style.color, style.weight, style.opacity, style.dashArray, style.fill, style.stroke].join('|')

const dashesOf = (dashArray: PathOptions['dashArray']): number[] =>
  typeof dashArray === 'string' ? dashArray.split(/[ ,]+/).map(Number).filter(Number.isFinite) : (dashArray ?? [])

// Leaflet's Renderer is a class made with L.Class.extend; its canvas-sizing members are private in
// the typings, so they are reached through this shape.
interface RendererInternals {
  _map: L.Map
  _bounds: L.Bounds & { min: L.Point; max: L.Point }
  _container: HTMLCanvasElement
  _ctx: CanvasRenderingContext2D
}

export interface ShapeCanvas extends L.Layer {
  /** Replaces what is drawn (drawn in this order: later ones on top). */
  setShapes(shapes: readonly CanvasShape[]): void
  /** The topmost shape under a point, if any. */
  shapeAt(latlng: L.LatLng): CanvasShape | undefined
  /** How many shapes it holds. */
  count(): number
}

type ShapeCanvasClass = new (options: L.RendererOptions & { testId?: string }) => ShapeCanvas

const ShapeCanvasLayer = (L.Renderer as unknown as typeof L.Class).extend({
  _shapes: [] as Projected[],

  setShapes(this: RendererInternals & { _shapes: Projected[]; _draw(): void }, shapes: readonly CanvasShape[]) {
    this._shapes = shapes.map(projectShape)
    if (this._container) this._container.dataset.count = String(this._shapes.length)
    if (this._map) this._draw()
  },

  shapeAt(this: RendererInternals & { _shapes: Projected[] }, latlng: L.LatLng): CanvasShape | undefined {
    const [x, y] = [toWorldX(latlng.lng), toWorldY(latlng.lat)]
    for (let i = this._shapes.length - 1; i >= 0; i--) {
      const { box, polygons, shape } = this._shapes[i]!
      if (x < box[0] || x > box[2] || y < box[1] || y > box[3]) continue
      if (polygons.some((rings) => isInside(x, y, rings))) return shape
    }
    return undefined
  },

  count(this: { _shapes: Projected[] }): number {
    return this._shapes.length
  },

  _initContainer(this: RendererInternals & { options: { testId?: string } }) {
    const container = document.createElement('canvas')
    container.style.pointerEvents = 'none'
    if (this.options.testId) container.dataset.testid = this.options.testId
    container.dataset.count = '0'
    this._container = container
    this._ctx = container.getContext('2d')!
  },

  _destroyContainer(this: RendererInternals) {
    L.DomUtil.remove(this._container)
  },

  // After the map moved: the canvas covers the view (plus padding) again, and is redrawn.
  _update(this: RendererInternals & { _draw(): void }) {
    if ((this._map as unknown as { _animatingZoom: boolean })._animatingZoom && this._bounds) return
    ;(L.Renderer.prototype as unknown as { _update(): void })._update.call(this)
    const size = this._bounds.getSize()
    const ratio = window.devicePixelRatio || 1
    L.DomUtil.setPosition(this._container, this._bounds.min)
    this._container.width = Math.round(size.x * ratio)
    this._container.height = Math.round(size.y * ratio)
    this._container.style.width = `${size.x}px`
    this._container.style.height = `${size.y}px`
    this._draw()
  },

  // The Renderer base calls this on 'update'; the drawing already happened in _update.
  _updatePaths() {},

  _draw(this: RendererInternals & { _shapes: Projected[] }) {
    const { _ctx: ctx, _map: map, _bounds: bounds } = this
    if (!ctx || !map || !bounds) return
    const ratio = window.devicePixelRatio || 1
    ctx.setTransform(1, 0, 0, 1, 0, 0)
    ctx.clearRect(0, 0, this._container.width, this._container.height)
    // World (0…1) → the canvas's pixels: Leaflet's layer point minus the canvas's top-left.
    const scale = 256 * 2 ** map.getZoom()
    const origin = map.getPixelOrigin()
    const [dx, dy] = [-origin.x - bounds.min.x, -origin.y - bounds.min.y]
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0)
    const [west, north] = [(bounds.min.x + origin.x) / scale, (bounds.min.y + origin.y) / scale]
    const [east, south] = [(bounds.max.x + origin.x) / scale, (bounds.max.y + origin.y) / scale]

    // One batch per style, in the order the styles first appear (the selected shape comes last).
    const batches = new Map<string, Projected[]>()
    for (const projected of this._shapes) {
      const { box } = projected
      if (box[2] < west || box[0] > east || box[3] < north || box[1] > south) continue
      const key = styleKey(projected.shape.style)
      const batch = batches.get(key)
      if (batch) batch.push(projected)
      else batches.set(key, [projected])
    }
    // No closePath: fill() closes every ring by itself, and the outlines are open lines (the fill's
    // edges minus tile borders). closePath on a path of thousands of rings cost more than the rest
    // of the drawing together (Chromium, 2,000 territories: ~230 ms of a pan's main thread).
    const trace = (flat: Float64Array) => {
      ctx.moveTo(flat[0]! * scale + dx, flat[1]! * scale + dy)
      for (let i = 2; i < flat.length; i += 2) ctx.lineTo(flat[i]! * scale + dx, flat[i + 1]! * scale + dy)
    }
    for (const batch of batches.values()) {
      const style = batch[0]!.shape.style
      if (style.fill !== false) {
        ctx.beginPath()
        for (const { polygons } of batch) for (const rings of polygons) for (const ring of rings) trace(ring)
        ctx.globalAlpha = style.fillOpacity ?? 0.2
        ctx.fillStyle = style.fillColor ?? style.color ?? '#3388ff'
        ctx.fill('evenodd')
      }
      if (style.stroke !== false && (style.weight ?? 3) > 0) {
        ctx.beginPath()
        for (const { outlines } of batch) for (const line of outlines) trace(line)
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
  },
}) as unknown as ShapeCanvasClass

export function createShapeCanvas(options: { pane: string; testId?: string }): ShapeCanvas {
  return new ShapeCanvasLayer({ pane: options.pane, padding: 0.5, testId: options.testId })
}
