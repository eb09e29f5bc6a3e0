// The incident form's values (strings, as inputs hold them), the body they make, and who may edit.
import type { Me } from '../../../shared/auth.ts'
import type { MultiPolygon, Polygon } from '../../../shared/geo.ts'
import type { Incident } from '../../../shared/incidents.ts'
import { preciseDateBody, preciseDateValuesOf, type PreciseDateValues } from '../../lib/precise-date.ts'
import { changedFields, coordinateText, numberOrNull, numberText, pointFrom, textOrNull } from '../../lib/form-values.ts'

/** The date as precisely as it is known: occurredAt is the exact day's datetime-local value. */
export interface IncidentFormValues extends PreciseDateValues {
  title: string
  titleKm: string
  kind: string
  severity: string
  perpetratorKind: string
  perpetratorName: string
  communityId: string
  householdsAffected: string
  peopleAffected: string
  description: string
  province: string
  district: string
  commune: string
  village: string
  lon: string
  lat: string
  affectedArea: Polygon | MultiPolygon | null
  isConfidential: boolean
  reportedBy: string
  sourceUrl: string
  /** <input type="date">. */
  sourceDate: string
}

export function incidentValuesOf(row: Incident): IncidentFormValues {
  return {
    title: row.title,
    titleKm: row.titleKm ?? '',
    kind: row.kind,
    severity: row.severity,
    perpetratorKind: row.perpetratorKind,
    perpetratorName: row.perpetratorName ?? '',
    ...preciseDateValuesOf(row.occurredAt, row.occurredPrecision),
    communityId: row.communityId ?? '',
    householdsAffected: numberText(row.householdsAffected),
    peopleAffected: numberText(row.peopleAffected),
    description: row.description ?? '',
    province: row.province,
    district: row.district ?? '',
    commune: row.commune ?? '',
    village: row.village ?? '',
    lon: coordinateText(row.location.coordinates[0]),
    lat: coordinateText(row.location.coordinates[1]),
    affectedArea: row.affectedArea,
    isConfidential: row.isConfidential,
    reportedBy: row.reportedBy ?? '',
    sourceUrl: row.sourceUrl ?? '',
    sourceDate: row.sourceDate ?? '',
  }
}

/**
 * The body for UpdateIncidentBody. A required field that was emptied becomes null (not absent), so
 * validation says it is required instead of silently keeping the saved value.
 */
export function incidentBodyOf(values: IncidentFormValues): Record<string, unknown> {
  return {
    title: values.title.trim(),
    titleKm: textOrNull(values.titleKm),
    kind: values.kind || null,
    severity: values.severity || null,
    perpetratorKind: values.perpetratorKind || null,
    perpetratorName: textOrNull(values.perpetratorName),
    ...preciseDateBody(values),
    communityId: values.communityId || null,
    householdsAffected: numberOrNull(values.householdsAffected),
    peopleAffected: numberOrNull(values.peopleAffected),
    description: textOrNull(values.description),
    province: textOrNull(values.province),
    district: textOrNull(values.district),
    commune: textOrNull(values.commune),
    village: textOrNull(values.village),
    location: pointFrom(values.lon, values.lat),
    affectedArea: values.affectedArea,
    isConfidential: values.isConfidential,
    reportedBy: textOrNull(values.reportedBy),
    sourceUrl: textOrNull(values.sourceUrl),
    sourceDate: values.sourceDate || null,
  }
}

/**
 * What an edit sends: the fields that changed, and the date with its precision together when
 * either changed (a precision alone would be refused, a date alone read at the old precision).
 */
export function incidentChangesOf(values: IncidentFormValues, row: Incident): Record<string, unknown> {
  const body = incidentBodyOf(values)
  const changes = changedFields(body, incidentBodyOf(incidentValuesOf(row)))
  if (!('occurredAt' in changes) && !('occurredPrecision' in changes)) return changes
  const { occurredAt, occurredPrecision } = body
  return { ...changes, occurredPrecision, ...(occurredPrecision === 'unknown' ? {} : { occurredAt }) }
}

/**
 * Whether to offer Edit and Delete (the server decides again): legal staff and admins any incident;
 * a community representative only their own report, while it still awaits triage.
 */
export function canEditIncident(
  me: Pick<Me, 'id' | 'role' | 'permissions'>,
  incident: Pick<Incident, 'status' | 'reportedByUserId'>,
): boolean {
  if (!me.permissions.includes('incidents.edit')) return false
  if (me.role === 'community_rep') return incident.reportedByUserId === me.id && incident.status === 'reported'
  return true
}
