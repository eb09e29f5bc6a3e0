// Drawing order of the polygon layers (Leaflet panes): large concessions at the bottom, then
// community territories, then parcels; markers (their own pane) above them all. Concessions (and
// parcel cells) draw with an SVG renderer in their pane; territories and parcels, thousands at a
// time, on a canvas that takes no pointer events (canvas-hits.ts finds the shape under a click).
// The panes let clicks through except on an SVG shape: a parcel's pane must not swallow the click
// meant for the concession under it. Community houses have a pane above the other markers: the
// demo's and the field's incidents are reported at their communities' villages, and the incident
// bubbles (wider than a house) took every click meant for the community under them.
import L from 'leaflet'
import { useLayoutEffect, useMemo } from 'react'
import { useMap } from 'react-leaflet'

export const PANES = { 'dey-concessions': 410, 'dey-territories': 420, 'dey-parcels': 430 } as const

/** Community houses: above Leaflet's marker pane (600), under its tooltip pane (650) where names are written. */
export const COMMUNITY_MARKER_PANE = 'dey-community-markers'
const MARKER_PANES = { [COMMUNITY_MARKER_PANE]: 620 } as const

export function MapPanes() {
  const map = useMap()
  // Before the layers are added (they look their pane up when added).
  useLayoutEffect(() => {
    for (const [name, zIndex] of Object.entries({ ...PANES, ...MARKER_PANES })) {
      if (map.getPane(name)) continue
      const pane = map.createPane(name)
      pane.style.zIndex = String(zIndex)
      // Leaflet's CSS gives interactive SVG paths and markers pointer-events back.
      pane.style.pointerEvents = 'none'
    }
  }, [map])
  return null
}

/** An SVG renderer for one of the panes above (made once per layer component). */
export function usePaneRenderer(pane: keyof typeof PANES): L.SVG {
  return useMemo(() => L.svg({ pane, padding: 0.5 }), [pane])
}
