// Fills in province, district and commune from a point, using the admin_areas boundaries.
import type { Db } from '../../db/open.ts'
import { createProvinceRequiredError } from './admin-places.errors.ts'
import { adminAreasAt } from './admin-places.queries.ts'

export interface PlaceNames {
  province?: string | undefined
  district?: string | null | undefined
  commune?: string | null | undefined
  village?: string | null | undefined
}

export interface CompletePlace {
  province: string
  district: string | null
  commune: string | null
  village: string | null
}

/**
 * What the user typed wins; what they left out (undefined) is looked up from the point. A
 * district or commune is only filled in when the province agrees with the point's. A point in no
 * known province takes `fallback`'s place (when given) rather than being refused.
 */
export async function completePlace(
  db: Db,
  location: readonly [number, number],
  given: PlaceNames,
  fallback?: CompletePlace,
): Promise<CompletePlace> {
  const isComplete = given.province && given.district !== undefined && given.commune !== undefined
  const found = isComplete ? [] : await adminAreasAt(db, location)
  const at = (level: number) => found.find((area) => area.level === level)?.name ?? null
  const province = given.province ?? at(1)
  if (!province) {
    if (fallback) return fillPlace(given, fallback)
    throw createProvinceRequiredError()
  }
  const agrees = province === at(1)
  return {
    province,
    district: given.district !== undefined ? given.district : agrees ? at(2) : null,
    commune: given.commune !== undefined ? given.commune : agrees ? at(3) : null,
    village: given.village ?? null,
  }
}

/** What the user typed, and `fallback`'s place for what they left out (below a province that agrees). */
export function fillPlace(given: PlaceNames, fallback: CompletePlace): CompletePlace {
  const agrees = !given.province || given.province === fallback.province
  const below = (typed: string | null | undefined, known: string | null) => (typed !== undefined ? typed : agrees ? known : null)
  return {
    province: given.province ?? fallback.province,
    district: below(given.district, fallback.district),
    commune: below(given.commune, fallback.commune),
    village: below(given.village, fallback.village),
  }
}
