// Where something is in Cambodia's administrative hierarchy. Province is required on records;
// when a point is given the server fills in what the user left out (the user may correct it).
import { z } from 'zod'

const PlaceName = z.string().trim().min(1).max(120)

export const AdminPlace = {
  province: PlaceName,
  district: PlaceName.nullable(),
  commune: PlaceName.nullable(),
  village: PlaceName.nullable(),
}

/** On create: all optional, filled from the location when missing. */
export const AdminPlaceInput = {
  province: PlaceName.optional(),
  district: PlaceName.nullable().optional(),
  commune: PlaceName.nullable().optional(),
  village: PlaceName.nullable().optional(),
}
