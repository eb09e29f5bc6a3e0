// The place a report names, as the report forms hold it (the signed-in report and the public
// link's page), and the region check both make before sending.
import { isInBbox, type Bbox } from '../../../shared/geo.ts'
import { CAMBODIA_BOUNDS } from '../../map/to-lat-lng.ts'

/** A chosen place: [lng, lat] as numbers, and where it came from. */
export interface ReportLocation {
  lng: number
  lat: number
  /** Metres, when the place came from the device's GPS. */
  accuracyM?: number | null
  source: 'gps' | 'map'
}

const [[SOUTH, WEST], [NORTH, EAST]] = CAMBODIA_BOUNDS as [[number, number], [number, number]]

/**
 * Inside the region the server covers (its client config's `region`); Cambodia's box while that is
 * not known (offline before the first visit): the server checks again when the report arrives.
 */
export const isInRegion = ({ lng, lat }: { lng: number; lat: number }, region: Bbox = [WEST, SOUTH, EAST, NORTH]) =>
  isInBbox([lng, lat], region)
