// What a stored shape or point may plausibly be, beyond being valid: inside the region Dey serves
// (Cambodia by default) and, for areas, no larger than land of its kind can be. A longitude and
// latitude swapped, a field surveyed in UTM metres read as degrees, or a ring closed the long way
// round the globe all pass PostGIS's validity check and then poison every overlap and statistic:
// one 348-million-hectare "parcel" conflicts with every record in the country.
import type { Bbox } from '../../shared/geo.ts'
import { DEFAULT_WARN_DISTANCE_KM } from '../../shared/sanity.ts'

/** The kinds of area Dey stores, each with its own largest plausible size. */
export const AREA_KINDS = ['parcel', 'concession', 'territory', 'incidentArea'] as const
export type AreaKind = (typeof AREA_KINDS)[number]

/** Cambodia's provinces (geoBoundaries ADM1, islands included), west, south, east, north. */
export const CAMBODIA_EXTENT: Bbox = [102.3338, 9.9135, 107.6277, 14.6903]

/**
 * Largest plausible areas, in hectares. A household's titled parcel is a few hectares and the
 * largest land-use plots a few thousand; the 2001 Land Law caps an economic land concession at
 * 10,000 ha, but grants made before it were far larger (300,000 ha and more); community forests
 * and indigenous communal land run to tens of thousands of hectares.
 */
export const DEFAULT_MAX_AREA_HA: Record<AreaKind, number> = {
  parcel: 5_000,
  concession: 500_000,
  territory: 300_000,
  incidentArea: 500_000,
}

/** The region's default margin: border communities' land and concessions straddle the line. */
export const DEFAULT_REGION_MARGIN_KM = 50

/** How much a repair (ST_MakeValid) may widen a shape's extent, as a share of its size: next to nothing. */
export const REPAIR_EXTENT_GROWTH_MAX = 0.01

export interface GeometryRules {
  /** Where positions may lie (the margin included): west, south, east, north. */
  region: Bbox
  maxAreaHa: Record<AreaKind, number>
  /** A report farther (km) from its community's territory or point, or from its photos' GPS, is flagged, not refused. */
  warnDistanceKm: number
}

export interface GeometryRuleOptions {
  /** The region served, without margin; Cambodia by default. */
  extent?: Bbox
  marginKm?: number
  maxAreaHa?: Partial<Record<AreaKind, number>>
  warnDistanceKm?: number
}

const KM_PER_DEGREE = 111.32

export function geometryRules(options: GeometryRuleOptions = {}): GeometryRules {
  const [west, south, east, north] = options.extent ?? CAMBODIA_EXTENT
  const marginKm = options.marginKm ?? DEFAULT_REGION_MARGIN_KM
  const latMargin = marginKm / KM_PER_DEGREE
  // A degree of longitude shrinks away from the equator: the margin is at least marginKm everywhere.
  const widestLat = Math.min(89, Math.max(Math.abs(south), Math.abs(north)) + latMargin)
  const lngMargin = marginKm / (KM_PER_DEGREE * Math.cos((widestLat * Math.PI) / 180))
  return {
    region: [
      Math.max(-180, west - lngMargin),
      Math.max(-85.05, south - latMargin),
      Math.min(180, east + lngMargin),
      Math.min(85.05, north + latMargin),
    ],
    maxAreaHa: { ...DEFAULT_MAX_AREA_HA, ...options.maxAreaHa },
    warnDistanceKm: options.warnDistanceKm ?? DEFAULT_WARN_DISTANCE_KM,
  }
}

/** The region as people read it in an error: "102.88…108.09°E, 9.46…15.14°N". */
export function describeRegion([west, south, east, north]: Bbox): string {
  const lng = (value: number) => `${Math.abs(value).toFixed(2)}°${value < 0 ? 'W' : 'E'}`
  const lat = (value: number) => `${Math.abs(value).toFixed(2)}°${value < 0 ? 'S' : 'N'}`
  return `${lng(west)}…${lng(east)}, ${lat(south)}…${lat(north)}`
}

/**
 * Whether a repaired shape's extent stays within the original's, give or take
 * REPAIR_EXTENT_GROWTH_MAX of its width and height: ST_MakeValid only re-threads the lines it is
 * given, so anything beyond means the repair went wrong (PGlite's GEOS fails silently).
 */
export function isRepairWithinExtent(original: Bbox, repaired: Bbox): boolean {
  const slackX = (original[2] - original[0]) * REPAIR_EXTENT_GROWTH_MAX + 1e-9
  const slackY = (original[3] - original[1]) * REPAIR_EXTENT_GROWTH_MAX + 1e-9
  return (
    repaired[0] >= original[0] - slackX &&
    repaired[1] >= original[1] - slackY &&
    repaired[2] <= original[2] + slackX &&
    repaired[3] <= original[3] + slackY
  )
}
