// Markers placed with a 2D `translate`, not Leaflet's `translate3d`. In Chromium a 3D transform
// makes every marker its own compositing layer: with a district's thousand incident markers on
// screen, each frame of a pan spent 10–20 ms re-layerizing and committing them, and hit-testing
// the pointer took up to 60 ms (traced at zoom 12 over the 200k data set). Flat, the markers share
// their pane's layer, which the map pane (still 3D) moves as one while panning.
// Imported once for its effect, by map-view.tsx: every map in the app gets it.
import L from 'leaflet'

type Positioned = HTMLElement & { _leaflet_pos?: L.Point }

function setFlatPosition(element: Positioned, point: L.Point) {
  // Leaflet reads the position back from here (DomUtil.getPosition).
  element._leaflet_pos = point
  element.style.transform = `translate(${point.x}px, ${point.y}px)`
}

L.Marker.include({
  _setPos(this: L.Marker & { _icon?: Positioned; _shadow?: Positioned; _zIndex: number; _resetZIndex(): void }, point: L.Point) {
    if (this._icon) setFlatPosition(this._icon, point)
    if (this._shadow) setFlatPosition(this._shadow, point)
    this._zIndex = point.y + (this.options.zIndexOffset ?? 0)
    this._resetZIndex()
  },
})
