// The public form's values, and how they become a report body: checked with the shared
// PublicReportBody schema (the server's own rules) plus a kind and a place inside the region
// when one is given. The place is optional here: a sender may not know how to use a map.
import type { TFunction } from 'i18next'
import { INTAKE_MAX_PHOTO_BYTES, INTAKE_MAX_PHOTOS, INTAKE_PHOTO_TYPES, PublicReportBody } from '../../../shared/intake.ts'
import type { IncidentKind } from '../../../shared/vocabularies.ts'
import type { Bbox } from '../../../shared/geo.ts'
import { formatBytes } from '../../lib/format.ts'
import { validate, type FieldErrors } from '../../lib/form-errors.ts'
import { preciseDateBody, preciseDateProblem, preciseDateValuesOf, type PreciseDateValues } from '../../lib/precise-date.ts'
import { isInRegion, type ReportLocation } from '../../components/report-form/report-location.ts'
import type { PublicReportDraftBody } from './public-outbox.ts'

export interface PublicValues extends PreciseDateValues {
  kind: IncidentKind | ''
  description: string
  location: ReportLocation | null
  senderName: string
  phone: string
  mayContact: boolean
  /** The honeypot: hidden from people; a robot that fills it is refused by the server. */
  website: string
}

export function initialPublicValues(now = new Date()): PublicValues {
  return {
    kind: '',
    description: '',
    ...preciseDateValuesOf(now, 'day'),
    location: null,
    senderName: '',
    phone: '',
    mayContact: false,
    website: '',
  }
}

export function hasPublicContent(values: PublicValues, fileCount: number): boolean {
  return Boolean(
    fileCount > 0 || values.kind || values.description.trim() || values.location || values.senderName.trim() || values.phone.trim(),
  )
}

/** The report body before it gets its id and its solved challenge. */
export function toPublicBody(values: PublicValues, language: 'km' | 'en'): Omit<PublicReportDraftBody, 'clientReportId'> {
  const date = preciseDateBody(values)
  return {
    kind: values.kind as IncidentKind,
    description: values.description.trim(),
    occurredPrecision: date.occurredPrecision,
    ...(date.occurredAt ? { occurredAt: date.occurredAt } : {}),
    ...(values.location ? { location: { type: 'Point' as const, coordinates: [values.location.lng, values.location.lat] } } : {}),
    ...(values.senderName.trim() ? { senderName: values.senderName.trim() } : {}),
    ...(values.phone.trim() ? { phone: values.phone.trim() } : {}),
    mayContact: values.mayContact,
    language,
    website: values.website,
  }
}

const CheckedBody = PublicReportBody.omit({ clientReportId: true, altcha: true })

/** The form's values checked: the body to keep, or the errors to show next to each field. */
export function checkPublicReport(
  values: PublicValues,
  options: { t: TFunction; language: 'km' | 'en'; now?: Date; region?: Bbox },
): { ok: true; body: Omit<PublicReportDraftBody, 'clientReportId'> } | { ok: false; errors: FieldErrors } {
  const { t, language, now = new Date(), region } = options
  const body = toPublicBody(values, language)
  const errors: FieldErrors = {}
  const result = validate(CheckedBody, body, t)
  if (!result.ok) for (const [path, message] of Object.entries(result.errors)) errors[path.split('.')[0]!] ??= message
  if (!values.kind) errors.kind = t('report.error.kind')
  if (values.location && !isInRegion(values.location, region)) errors.location = t('report.error.outsideCambodia')
  const dateProblem = preciseDateProblem(values)
  if (dateProblem) errors.occurredAt = t(`common.date.error.${dateProblem}`)
  else if (body.occurredAt && new Date(body.occurredAt).getTime() > now.getTime() + 5 * 60_000) errors.occurredAt = t('report.error.future')
  // The honeypot's own fault is not shown: a person never sees the field.
  delete errors.website
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, body }
}

/**
 * The chosen files the report can carry: photos only (the server's list), each within its size,
 * at most INTAKE_MAX_PHOTOS with those already chosen; the rest as sentences saying why.
 */
export function acceptPhotos<F extends { name: string; type: string; size: number }>(
  chosen: readonly F[],
  alreadyChosen: number,
  t: TFunction,
): { accepted: F[]; problems: string[] } {
  const accepted: F[] = []
  const problems: string[] = []
  for (const file of chosen) {
    if (!(INTAKE_PHOTO_TYPES as readonly string[]).includes(file.type.toLowerCase()))
      problems.push(t('publicReport.notAPhoto', { name: file.name }))
    else if (file.size > INTAKE_MAX_PHOTO_BYTES)
      problems.push(t('report.tooLarge', { name: file.name, size: formatBytes(file.size), limit: formatBytes(INTAKE_MAX_PHOTO_BYTES) }))
    else if (alreadyChosen + accepted.length >= INTAKE_MAX_PHOTOS) {
      problems.push(t('publicReport.tooManyPhotos', { max: INTAKE_MAX_PHOTOS }))
      break
    } else accepted.push(file)
  }
  return { accepted, problems }
}
