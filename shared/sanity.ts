// Sanity warnings on a report (issue 15): a position far from the community it is reported for, a
// photo whose camera says it was taken far away or long before. They are warnings, never
// refusals: a representative may report what happened next door, and a phone's clock or GPS can
// be wrong. The reporter sees them before sending, staff on the triage card; both compute them
// from the figures here, so they agree.
import turfDistance from '@turf/distance'
import { z } from 'zod'
import type { Bbox } from './geo.ts'

/** How far (km) a report may lie from its community's territory, or point, before it is questioned (DEY_WARN_DISTANCE_KM). */
export const DEFAULT_WARN_DISTANCE_KM = 20
/** A photo taken more than this many days before the reported date is questioned. */
export const PHOTO_MAX_AGE_DAYS = 30

const DAY_MS = 86_400_000

export const SanityWarningCode = z.enum(['far_from_community', 'photo_far', 'photo_old'])
export type SanityWarningCode = z.infer<typeof SanityWarningCode>

export const SanityWarning = z.object({
  code: SanityWarningCode,
  /** far_from_community, photo_far: how far, in km (the farthest photo). */
  distanceKm: z.number().nonnegative().optional(),
  /** photo_old: how many days before the reported date (the oldest photo). */
  days: z.number().nonnegative().optional(),
})
export type SanityWarning = z.infer<typeof SanityWarning>

/** Great-circle distance in km between two [lng, lat] (turf, on a sphere of the Earth's mean radius). */
export const distanceKm = (from: readonly [number, number], to: readonly [number, number]) =>
  turfDistance([...from], [...to], { units: 'kilometers' })

/**
 * Distance in km from a point to a box ([west, south, east, north]): 0 inside it, else to its
 * nearest point. The report form knows a territory by its box only, which is never farther than
 * the territory itself: the form may stay silent where staff see a warning, never the reverse.
 */
export function distanceToBboxKm(point: readonly [number, number], [west, south, east, north]: Bbox) {
  const nearest: [number, number] = [Math.min(Math.max(point[0], west), east), Math.min(Math.max(point[1], south), north)]
  return distanceKm(point, nearest)
}

export interface SanityFigures {
  /** From the report's position to its community's territory (or point when it has none). */
  communityDistanceKm?: number | null | undefined
  /** From the report's position to the farthest photo's EXIF position. */
  photoDistanceKm?: number | null | undefined
  /** How long before the reported date the oldest photo was taken (EXIF), in days; negative: after. */
  photoAgeDays?: number | null | undefined
}

const rounded = (value: number) => Math.round(value * 10) / 10

/** The warnings some figures call for, with `maxDistanceKm` (DEY_WARN_DISTANCE_KM) as the limit. */
export function sanityWarningsOf(figures: SanityFigures, maxDistanceKm: number): SanityWarning[] {
  const warnings: SanityWarning[] = []
  const { communityDistanceKm, photoDistanceKm, photoAgeDays } = figures
  if (communityDistanceKm != null && communityDistanceKm > maxDistanceKm)
    warnings.push({ code: 'far_from_community', distanceKm: rounded(communityDistanceKm) })
  if (photoDistanceKm != null && photoDistanceKm > maxDistanceKm) warnings.push({ code: 'photo_far', distanceKm: rounded(photoDistanceKm) })
  if (photoAgeDays != null && photoAgeDays > PHOTO_MAX_AGE_DAYS) warnings.push({ code: 'photo_old', days: Math.floor(photoAgeDays) })
  return warnings
}

/** Days from a photo's capture to the reported date (positive: the photo is older). */
export const photoAgeDaysOf = (capturedAt: Date, occurredAt: Date) => (occurredAt.getTime() - capturedAt.getTime()) / DAY_MS
