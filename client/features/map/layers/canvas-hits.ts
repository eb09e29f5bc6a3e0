// Pointer events for shapes drawn on canvases (shape-canvas.ts), which take no pointer events
// themselves. One listener per map asks each canvas layer, topmost pane first, whether a shape is
// under the pointer: a parcel inside a territory inside a concession gets the click, as the
// stacking of the panes shows it. It listens in the capture phase, before Leaflet hands a click to
// an SVG path below (a concession's), and leaves alone what is drawn above every shape: markers,
// labels, popups and the map's controls.
import type L from 'leaflet'
import { COMMUNITY_MARKER_PANE } from './map-panes.tsx'

export interface HitLayer {
  /** The pane's z-index: higher is asked first. */
  zIndex: number
  /** What a click here does, if this layer has a shape here. */
  clickAt(latlng: L.LatLng): (() => void) | undefined
  /** Shows (or, with undefined, hides) what the pointer is over; true when it is over a shape. */
  hoverAt(latlng: L.LatLng | undefined): boolean
}

const ABOVE_SHAPES = `.leaflet-marker-pane, .leaflet-${COMMUNITY_MARKER_PANE}-pane, .leaflet-tooltip-pane, .leaflet-popup-pane, .leaflet-control-container`

interface Registry {
  layers: Set<HitLayer>
  detach: () => void
}

const registries = new WeakMap<L.Map, Registry>()

const byHeight = (layers: Set<HitLayer>) => [...layers].sort((a, b) => b.zIndex - a.zIndex)

function attach(map: L.Map, layers: Set<HitLayer>): () => void {
  const container = map.getContainer()
  let frame = 0
  const pointAt = (event: MouseEvent) =>
    (event.target as Element | null)?.closest?.(ABOVE_SHAPES) ? undefined : map.mouseEventToLatLng(event)

  const onClick = (event: MouseEvent) => {
    // The click that ends a drag is not a click on a shape.
    if ((map.dragging as (L.Handler & { moved?: () => boolean }) | undefined)?.moved?.()) return
    const latlng = pointAt(event)
    if (!latlng) return
    for (const layer of byHeight(layers)) {
      const action = layer.clickAt(latlng)
      if (!action) continue
      event.stopPropagation()
      action()
      return
    }
  }
  const hover = (latlng: L.LatLng | undefined) => {
    let isOver = false
    for (const layer of byHeight(layers)) isOver = layer.hoverAt(isOver ? undefined : latlng) || isOver
    container.classList.toggle('is-over-shape', isOver)
  }
  const onMove = (event: MouseEvent) => {
    cancelAnimationFrame(frame)
    frame = requestAnimationFrame(() => hover(pointAt(event)))
  }
  const onLeave = () => {
    cancelAnimationFrame(frame)
    hover(undefined)
  }
  container.addEventListener('click', onClick, true)
  container.addEventListener('mousemove', onMove, { passive: true })
  container.addEventListener('mouseleave', onLeave)
  return () => {
    container.removeEventListener('click', onClick, true)
    container.removeEventListener('mousemove', onMove)
    container.removeEventListener('mouseleave', onLeave)
    onLeave()
  }
}

/** Lets a canvas layer answer clicks and hovers on `map`; returns what takes it away again. */
export function addHitLayer(map: L.Map, layer: HitLayer): () => void {
  let registry = registries.get(map)
  if (!registry) {
    const layers = new Set<HitLayer>()
    registry = { layers, detach: attach(map, layers) }
    registries.set(map, registry)
  }
  registry.layers.add(layer)
  return () => {
    layer.hoverAt(undefined)
    registry.layers.delete(layer)
    if (registry.layers.size === 0) {
      registry.detach()
      registries.delete(map)
    }
  }
}
