// The errors of lib/geometry.ts.
import { AppError } from './app-error.ts'
import type { AreaKind } from './geometry-rules.ts'

/** An area PostGIS cannot use; `canRepair` adds how to have it repaired. */
export const createInvalidGeometryError = (field: string, reason: string, canRepair = false) => {
  const hint = canRepair ? ' (send ?repair=true to have it repaired with ST_MakeValid)' : ''
  return new AppError('geometry.invalid', 422, `${field}: invalid geometry: ${reason}${hint}`, [{ field, message: reason }])
}

/** A position outside the region Dey serves (DEY_REGION_BBOX plus DEY_REGION_MARGIN_KM). */
export const createOutsideRegionError = (field: string, position: readonly number[], region: string) =>
  new AppError(
    'geometry.outside_region',
    422,
    `${field}: longitude ${position[0]}, latitude ${position[1]} is outside the region this server covers (${region}); were longitude and latitude swapped, or the coordinates not in WGS 84 degrees?`,
    [{ field, message: `outside the region this server covers (${region})` }],
  )

/** An area larger than land of its kind can be (DEY_MAX_AREA_HA); an admin may store it anyway. */
export const createImplausibleAreaError = (field: string, kind: AreaKind, areaHa: number, maxHa: number) => {
  const reason = `${formatHa(areaHa)} ha is larger than ${AREA_KIND_NAMES[kind]} can plausibly be (at most ${formatHa(maxHa)} ha)`
  return new AppError(
    'geometry.implausible_area',
    422,
    `${field}: ${reason}; check the shape's units and vertices, or have an admin store it with ?allowLargeArea=true`,
    [{ field, message: reason }],
  )
}

const AREA_KIND_NAMES: Record<AreaKind, string> = {
  parcel: 'a parcel',
  concession: 'a concession',
  territory: 'a community territory',
  incidentArea: "an incident's affected area",
}

const formatHa = (value: number) => Math.round(value).toLocaleString('en-US')
