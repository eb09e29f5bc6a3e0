// The report form's values, and how they become a POST /api/incidents body: checked with the
// shared CreateIncidentBody schema (the server's own rules) plus what the form asks on top —
// a kind and a place always, a community for community representatives.
import i18next, { type TFunction } from 'i18next'
import { CreateIncidentBody } from '../../../shared/incidents.ts'
import type { IncidentKind, PerpetratorKind, Severity } from '../../../shared/vocabularies.ts'
import { validate, type FieldErrors } from '../../lib/form-errors.ts'
import { preciseDateBody, preciseDateProblem, preciseDateValuesOf, type PreciseDateValues } from '../../lib/precise-date.ts'
import type { Bbox } from '../../../shared/geo.ts'
import { type ReportCommunity } from './api.ts'
import { localName } from '../../lib/reference-data.ts'
import { isInRegion, type ReportLocation } from '../../components/report-form/report-location.ts'

export type { ReportLocation } from '../../components/report-form/report-location.ts'
export { isInRegion } from '../../components/report-form/report-location.ts'

/** The date as precisely as the reporter knows it (occurredAt is the exact day's datetime-local value). */
export interface ReportValues extends PreciseDateValues {
  kind: IncidentKind | ''
  communityId: string
  location: ReportLocation | null
  householdsAffected: string
  perpetratorKind: PerpetratorKind
  perpetratorName: string
  severity: Severity
  description: string
  title: string
}

export function initialValues(now = new Date()): ReportValues {
  return {
    kind: '',
    communityId: '',
    ...preciseDateValuesOf(now, 'day'),
    location: null,
    householdsAffected: '',
    perpetratorKind: 'unknown',
    perpetratorName: '',
    severity: 'medium',
    description: '',
    title: '',
  }
}

/** Whether the user has entered anything worth keeping (the defaults alone are not). */
export function hasContent(values: ReportValues, fileCount: number): boolean {
  return Boolean(
    fileCount > 0 ||
    values.kind ||
    values.location ||
    values.householdsAffected ||
    values.perpetratorName.trim() ||
    values.description.trim() ||
    values.title.trim() ||
    values.perpetratorKind !== 'unknown' ||
    values.severity !== 'medium' ||
    values.occurredPrecision !== 'day',
  )
}

/** "Fencing — Phum Thmei" in one language: the title when the user gives none. */
export function autoTitle(
  t: TFunction,
  values: Pick<ReportValues, 'kind'>,
  community: ReportCommunity | undefined,
  language: string,
): string {
  if (!values.kind) return ''
  const kind = t(`vocab.incidentKind.${values.kind}`)
  return community ? t('report.autoTitle', { kind, place: localName(community, language) }) : kind
}

/** The request body (JSON-ready) the form's values make; clientReportId is added when it is queued. */
export function toBody(values: ReportValues, community: ReportCommunity | undefined): Record<string, unknown> {
  const custom = values.title.trim()
  const households = values.householdsAffected.trim()
  return {
    communityId: values.communityId || null,
    // Without a title of their own, the report gets one in both languages, so every reader has one.
    title: custom || autoTitle(i18next.getFixedT('en'), values, community, 'en'),
    titleKm: custom ? null : autoTitle(i18next.getFixedT('km'), values, community, 'km') || null,
    kind: values.kind || undefined,
    severity: values.severity,
    perpetratorKind: values.perpetratorKind,
    perpetratorName: values.perpetratorName,
    // An unknown date sends no occurredAt: the server stores the report's own time with it.
    ...preciseDateBody(values),
    householdsAffected: households === '' ? null : Number(households),
    description: values.description,
    location: values.location ? { type: 'Point', coordinates: [values.location.lng, values.location.lat] } : undefined,
  }
}

/** A field error's key in the form: `location.coordinates.0` is the location field. */
const fieldOf = (path: string) => path.split('.')[0]!

/** The form's values checked: the body to queue, or the errors to show next to each field. */
export function checkReport(
  values: ReportValues,
  options: { t: TFunction; community: ReportCommunity | undefined; needsCommunity: boolean; now?: Date; region?: Bbox },
): { ok: true; body: Record<string, unknown> } | { ok: false; errors: FieldErrors } {
  const { t, community, needsCommunity, now = new Date(), region } = options
  const body = toBody(values, community)
  const result = validate(CreateIncidentBody, body, t)
  const errors: FieldErrors = {}
  if (!result.ok) for (const [path, message] of Object.entries(result.errors)) errors[fieldOf(path)] ??= message
  // The title is made from the kind when left empty: its only possible fault is the kind's.
  if (!values.title.trim()) {
    delete errors.title
    delete errors.titleKm
  }
  if (!values.kind) errors.kind = t('report.error.kind')
  if (!values.location) errors.location = t('report.error.location')
  else if (!isInRegion(values.location, region)) errors.location = t('report.error.outsideCambodia')
  if (needsCommunity && !values.communityId) errors.communityId = t('report.error.community')
  const households = values.householdsAffected.trim()
  if (households !== '' && !/^\d+$/.test(households)) errors.householdsAffected = t('report.error.households')
  const dateProblem = preciseDateProblem(values)
  if (dateProblem) errors.occurredAt = t(`common.date.error.${dateProblem}`)
  const occurredAt = body.occurredAt ? new Date(String(body.occurredAt)) : undefined
  if (occurredAt && occurredAt.getTime() > now.getTime() + 5 * 60_000) errors.occurredAt = t('report.error.future')
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, body }
}
