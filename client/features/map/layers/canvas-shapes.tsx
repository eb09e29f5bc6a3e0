// A layer's shapes on one canvas (shape-canvas.ts) with what SVG paths gave for free: a click
// selects the shape (canvas-hits.ts decides which layer's, topmost pane first), the pointer shows
// it is over one, and an optional label follows it. The in-view list keeps the keyboard's way to
// every record (in-view-list.tsx).
import L from 'leaflet'
import { useEffect, useMemo, useRef } from 'react'
import { useMap } from 'react-leaflet'
import { addHitLayer } from './canvas-hits.ts'
import { PANES } from './map-panes.tsx'
import { createShapeCanvas, type CanvasShape } from './shape-canvas.ts'

interface Props {
  pane: keyof typeof PANES
  /** `data-testid` of the canvas, which also carries `data-count`, the number of shapes. */
  testId: string
  /** Drawn in this order: later ones on top (put the selected one last). */
  shapes: readonly CanvasShape[]
  onClick: (id: string, at: { lat: number; lng: number }) => void
}

export function CanvasShapes({ pane, testId, shapes, onClick }: Props) {
  const map = useMap()
  const canvas = useMemo(() => createShapeCanvas({ pane, testId }), [pane, testId])
  const latestOnClick = useRef(onClick)
  latestOnClick.current = onClick

  useEffect(() => {
    canvas.addTo(map)
    return () => void canvas.remove()
  }, [canvas, map])

  useEffect(() => {
    canvas.setShapes(shapes)
  }, [canvas, shapes])

  useEffect(() => {
    const label = L.tooltip({ sticky: true, className: 'map-label', direction: 'top', offset: [0, -8] })
    const text = document.createElement('span')
    label.setContent(text)
    let shown: string | undefined
    return addHitLayer(map, {
      zIndex: PANES[pane],
      clickAt(latlng) {
        const shape = canvas.shapeAt(latlng)
        return shape && (() => latestOnClick.current(shape.id, { lat: latlng.lat, lng: latlng.lng }))
      },
      hoverAt(latlng) {
        const shape = latlng && canvas.shapeAt(latlng)
        if (!latlng || !shape?.label) {
          if (shown !== undefined) map.closeTooltip(label)
          shown = undefined
          return Boolean(shape)
        }
        if (shown !== shape.id) text.textContent = shape.label()
        shown = shape.id
        label.setLatLng(latlng)
        if (!map.hasLayer(label)) map.openTooltip(label)
        return true
      },
    })
  }, [canvas, map, pane])

  return null
}
