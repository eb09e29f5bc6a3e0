// Incidents grouped when dense (supercluster): at the country view a province's dozens of reports
// become one bubble with a count; zooming in splits it. Pure: no Leaflet, tested on its own.
import Supercluster from 'supercluster'
import type { Position2D } from '../../../shared/geo.ts'

export interface ClusterInput<T> {
  id: string
  /** [lng, lat] */
  position: Position2D
  /** 1 low … 4 critical: a bubble shows its worst. */
  severityRank: number
  item: T
}

export type ClusterItem<T> =
  | { type: 'cluster'; id: number; position: Position2D; count: number; maxSeverityRank: number; expansionZoom: number }
  | { type: 'point'; id: string; position: Position2D; item: T }

interface PointProps<T> {
  id: string
  position: Position2D
  severityRank: number
  item: T
}
interface ClusterProps {
  maxSeverityRank: number
}

export interface ClusterIndex<T> {
  /** What to draw in `bbox` (`[west, south, east, north]`) at `zoom`. */
  at(bbox: readonly [number, number, number, number], zoom: number): ClusterItem<T>[]
  /** The points inside a cluster (all of them). */
  leaves(clusterId: number): T[]
}

/** Above this zoom every incident is drawn on its own. */
export const CLUSTER_MAX_ZOOM = 15
/** Points closer than this many pixels join a cluster. */
export const CLUSTER_RADIUS_PX = 50

export function createClusterIndex<T>(
  inputs: readonly ClusterInput<T>[],
  options: { radius?: number; maxZoom?: number; minZoom?: number } = {},
): ClusterIndex<T> {
  const index = new Supercluster<PointProps<T>, ClusterProps>({
    radius: options.radius ?? CLUSTER_RADIUS_PX,
    // The radius is in units of a tile `extent` wide: supercluster's default (512) halved it on
    // Leaflet's 256-pixel tiles, and a district's incidents became 700 overlapping bubbles.
    extent: 256,
    maxZoom: options.maxZoom ?? CLUSTER_MAX_ZOOM,
    // Each zoom from maxZoom down to this one is a level the index builds on load: a caller that
    // asks only for one zoom saves the levels above it (a third of the load at district zoom).
    minZoom: Math.min(options.minZoom ?? 0, options.maxZoom ?? CLUSTER_MAX_ZOOM),
    // Two incidents are already worth a bubble: overlapping markers hide each other.
    minPoints: 2,
    map: (props) => ({ maxSeverityRank: props.severityRank }),
    reduce: (accumulated, props) => {
      accumulated.maxSeverityRank = Math.max(accumulated.maxSeverityRank, props.maxSeverityRank)
    },
  })
  index.load(
    inputs.map((input) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [input.position[0], input.position[1]] },
      properties: { id: input.id, position: input.position, severityRank: input.severityRank, item: input.item },
    })),
  )
  return {
    at(bbox, zoom) {
      return index.getClusters([bbox[0], bbox[1], bbox[2], bbox[3]], Math.round(zoom)).map((feature): ClusterItem<T> => {
        const position = feature.geometry.coordinates as Position2D
        const props = feature.properties
        if ('cluster' in props && props.cluster) {
          return {
            type: 'cluster',
            id: props.cluster_id,
            position,
            count: props.point_count,
            maxSeverityRank: props.maxSeverityRank,
            expansionZoom: index.getClusterExpansionZoom(props.cluster_id),
          }
        }
        // The point as given: the index's copy went through a projection and back.
        const point = props as PointProps<T>
        return { type: 'point', id: point.id, position: point.position, item: point.item }
      })
    },
    leaves(clusterId) {
      return index.getLeaves(clusterId, Infinity).map((feature) => feature.properties.item)
    },
  }
}
