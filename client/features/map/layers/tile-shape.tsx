// A record's shape from the tiles: the fill of its pieces (clipped to their tiles, so they abut)
// and its outline without the tile borders, both drawn with the layer's style.
import type { LatLngTuple, PathOptions, Renderer } from 'leaflet'
import { useMemo, type ReactNode } from 'react'
import { Polygon, Polyline } from 'react-leaflet'
import type { Position2D } from '../../../../shared/geo.ts'
import { toLatLng } from '../../../map/to-lat-lng.ts'

interface Props {
  polygons: Position2D[][][]
  outlines: Position2D[][]
  style: PathOptions
  pane: string
  renderer: Renderer
  onClick: (at: { lat: number; lng: number }) => void
  /** A tooltip or label, bound to the fill. */
  children?: ReactNode
}

export function TileShape({ polygons, outlines, style, pane, renderer, onClick, children }: Props) {
  const fill = useMemo((): LatLngTuple[][][] => polygons.map((polygon) => polygon.map((ring) => ring.map(toLatLng))), [polygons])
  const lines = useMemo((): LatLngTuple[][] => outlines.map((line) => line.map(toLatLng)), [outlines])
  // A click on a shape is for the shape, not also for the map under it (which closes the panel).
  // react-leaflet restyles a path whenever pathOptions is a new object: the same style, kept, spares
  // every cell and concession an SVG restyle each time the map page re-renders.
  const styleKey = JSON.stringify(style)
  // eslint-disable-next-line react-hooks/exhaustive-deps -- style compared by value
  const fillOptions = useMemo(() => ({ ...style, stroke: false }), [styleKey])
  // eslint-disable-next-line react-hooks/exhaustive-deps -- style compared by value
  const lineOptions = useMemo(() => ({ ...style, fill: false }), [styleKey])
  const eventHandlers = useMemo(() => ({ click: (event: { latlng: { lat: number; lng: number } }) => onClick(event.latlng) }), [onClick])
  return (
    <>
      <Polygon
        bubblingMouseEvents={false}
        pane={pane}
        renderer={renderer}
        positions={fill}
        pathOptions={fillOptions}
        eventHandlers={eventHandlers}
      >
        {children}
      </Polygon>
      {lines.length > 0 && (
        <Polyline
          bubblingMouseEvents={false}
          pane={pane}
          renderer={renderer}
          positions={lines}
          pathOptions={lineOptions}
          eventHandlers={eventHandlers}
        />
      )}
    </>
  )
}
