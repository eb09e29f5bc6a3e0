// Many markers kept in step with a list, without a React component per marker. At district zoom a
// view holds ~500 incident markers: as <Marker> components, each new view re-rendered all of them,
// re-bound their handlers and added the new ones in one go, a 150–300 ms frame in Chromium's trace
// of a pan over the 200k data set. Here a marker whose key and look are unchanged is left alone,
// and new markers are added a few milliseconds' worth per frame, so the map keeps moving while a
// new view's markers appear.
import L from 'leaflet'
import { useEffect, useRef } from 'react'
import { useMap } from 'react-leaflet'
import { onActivateKey } from '../selection.ts'

export interface MarkerSpec {
  /** Identity: a marker with the same key is the same marker (moved or restyled, not re-made). */
  key: string
  position: L.LatLngTuple
  icon: L.DivIcon
  /** The marker's tooltip and accessible name. */
  title: string
  zIndexOffset: number
  /** Click, Enter or Space on the focused marker; without it the marker is only a picture (a label). */
  onActivate?: () => void
}

interface Entry {
  marker: L.Marker
  spec: MarkerSpec
}

/** How long one frame may spend adding markers. */
const FRAME_BUDGET_MS = 6

export class MarkerSet {
  private readonly entries = new Map<string, Entry>()
  private pending: MarkerSpec[] = []
  private frame = 0

  constructor(
    private readonly map: L.Map,
    private readonly pane: string = 'markerPane',
  ) {}

  /** Makes the markers on the map those of `specs` (in that order of adding). */
  update(specs: readonly MarkerSpec[]) {
    const wanted = new Set<string>()
    const added: MarkerSpec[] = []
    for (const spec of specs) {
      wanted.add(spec.key)
      const entry = this.entries.get(spec.key)
      if (entry) this.restyle(entry, spec)
      else added.push(spec)
    }
    for (const [key, entry] of this.entries) {
      if (wanted.has(key)) continue
      entry.marker.remove()
      this.entries.delete(key)
    }
    this.pending = added
    this.schedule()
  }

  /** How many markers are on the map now (the rest are still being added). */
  get size() {
    return this.entries.size
  }

  /** How many markers are still waiting for a frame to be added. */
  get pendingCount() {
    return this.pending.length
  }

  dispose() {
    cancelAnimationFrame(this.frame)
    this.pending = []
    for (const { marker } of this.entries.values()) marker.remove()
    this.entries.clear()
  }

  private restyle(entry: Entry, spec: MarkerSpec) {
    const { marker, spec: old } = entry
    entry.spec = spec
    if (old.position[0] !== spec.position[0] || old.position[1] !== spec.position[1]) marker.setLatLng(spec.position)
    if (old.zIndexOffset !== spec.zIndexOffset) marker.setZIndexOffset(spec.zIndexOffset)
    if (old.icon !== spec.icon) marker.setIcon(spec.icon)
    if (old.title !== spec.title) {
      marker.options.title = spec.title
      marker.getElement()?.setAttribute('title', spec.title)
    }
  }

  private add(spec: MarkerSpec) {
    const interactive = spec.onActivate !== undefined
    const marker = L.marker(spec.position, {
      icon: spec.icon,
      title: spec.title,
      zIndexOffset: spec.zIndexOffset,
      pane: this.pane,
      interactive,
      keyboard: interactive,
    })
    const entry: Entry = { marker, spec }
    if (interactive) {
      // The handlers read the entry's current spec: a restyled marker keeps its listeners.
      const activate = () => entry.spec.onActivate?.()
      marker.on('click', activate)
      marker.on('keypress', onActivateKey(activate))
    }
    marker.addTo(this.map)
    this.entries.set(spec.key, entry)
  }

  private schedule() {
    cancelAnimationFrame(this.frame)
    if (this.pending.length === 0) return
    this.frame = requestAnimationFrame(() => this.addSome())
  }

  private addSome() {
    const start = performance.now()
    let next = 0
    while (next < this.pending.length && performance.now() - start < FRAME_BUDGET_MS) {
      const spec = this.pending[next++]!
      // Added meanwhile by an update (same key): only restyled.
      const entry = this.entries.get(spec.key)
      if (entry) this.restyle(entry, spec)
      else this.add(spec)
    }
    this.pending = this.pending.slice(next)
    this.schedule()
  }
}

/** Keeps a MarkerSet on the map in step with `specs` while the component is mounted. */
export function useMarkerSet(specs: readonly MarkerSpec[], pane?: string) {
  const map = useMap()
  const set = useRef<MarkerSet | null>(null)
  useEffect(() => {
    const markers = new MarkerSet(map, pane)
    set.current = markers
    return () => {
      markers.dispose()
      set.current = null
    }
  }, [map, pane])
  useEffect(() => {
    set.current?.update(specs)
  }, [specs])
}
