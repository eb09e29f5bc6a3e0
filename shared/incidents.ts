// Incidents: threats and harms reported by or for a community, their triage and the people involved.
import { z } from 'zod'
import { Count, DateTime, IsoDate, OptionalText, Page, RowMeta, Uuid, Version } from './common.ts'
import { AreaGeometry, FeatureCollection, GeometryRepair, LonLatParam, PointGeometry, PointInput, StoredArea } from './geo.ts'
import { dateRangeFields, EnumFilter, listQueryFields, placeQueryFields, SortParam, spatialQueryFields } from './list.ts'
import { AdminPlace, AdminPlaceInput } from './places.ts'
import { SanityWarning } from './sanity.ts'
import {
  DATE_PRECISIONS,
  INCIDENT_KINDS,
  INCIDENT_STATUSES,
  PARTY_ROLES,
  PERPETRATOR_KINDS,
  SEVERITIES,
  type IncidentStatus as IncidentStatusValue,
} from './vocabularies.ts'

export const IncidentKind = z.enum(INCIDENT_KINDS)
export const IncidentStatus = z.enum(INCIDENT_STATUSES)
export const Severity = z.enum(SEVERITIES)
export const PerpetratorKind = z.enum(PERPETRATOR_KINDS)
export const PartyRole = z.enum(PARTY_ROLES)
export const DatePrecision = z.enum(DATE_PRECISIONS)

// ---- Triage -----------------------------------------------------------------------------------

/**
 * The only status moves allowed, so the client can offer just these actions. Every incident is
 * verified before it can be ongoing or resolved; a resolved incident can flare up again, and a
 * dismissed one goes back to the triage queue when new facts come in.
 */
export const INCIDENT_TRANSITIONS: Readonly<Record<IncidentStatusValue, readonly IncidentStatusValue[]>> = {
  reported: ['verified', 'dismissed'],
  verified: ['ongoing', 'resolved', 'dismissed'],
  ongoing: ['resolved', 'dismissed'],
  resolved: ['ongoing'],
  dismissed: ['reported'],
}

export function canTransition(from: IncidentStatusValue, to: IncidentStatusValue): boolean {
  return INCIDENT_TRANSITIONS[from].includes(to)
}

export const ChangeIncidentStatusBody = z
  .object({
    status: IncidentStatus,
    /** Why the incident is dismissed; required for `dismissed` and only recorded then. */
    reason: z.string().trim().max(2000).optional(),
    version: Version.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.status === 'dismissed' && !body.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'is required to dismiss an incident' })
    }
    if (body.status !== 'dismissed' && body.reason !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'is only recorded when dismissing an incident' })
    }
  })
export type ChangeIncidentStatusBody = z.infer<typeof ChangeIncidentStatusBody>

// ---- Incidents --------------------------------------------------------------------------------

const Title = z.string().trim().min(1).max(300)
const SourceUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) link' }).max(2000)

export const Incident = z.object({
  ...RowMeta,
  communityId: Uuid.nullable(),
  communityName: z.string().nullable(),
  title: z.string(),
  titleKm: z.string().nullable(),
  kind: IncidentKind,
  status: IncidentStatus,
  severity: Severity,
  perpetratorKind: PerpetratorKind,
  perpetratorName: z.string().nullable(),
  /**
   * When it happened, as precisely as occurredPrecision says: a month or a year is stored as its
   * first moment in Cambodia, an unknown date as the time the report was filed. Show it with
   * formatPreciseDate (shared/dates.ts), never as a bare instant.
   */
  occurredAt: DateTime,
  occurredPrecision: DatePrecision,
  householdsAffected: Count.nullable(),
  peopleAffected: Count.nullable(),
  description: z.string().nullable(),
  ...AdminPlace,
  location: PointGeometry,
  affectedArea: StoredArea.nullable(),
  affectedAreaHa: z.number().nonnegative().nullable(),
  /** Sensitive: hidden from roles that may not see it, redacted in exports. */
  isConfidential: z.boolean(),
  dismissalReason: z.string().nullable(),
  verifiedAt: DateTime.nullable(),
  // Provenance: who reported it, and the document or link the account comes from.
  reportedBy: z.string().nullable(),
  /** The account that filed the report: present for legal staff, admins and the report's author only. */
  reportedByUserId: Uuid.nullable().optional(),
  /** That account's display name (same visibility as reportedByUserId). */
  reportedByName: z.string().nullable().optional(),
  sourceUrl: z.string().nullable(),
  sourceDate: IsoDate.nullable(),
  repairs: z.array(GeometryRepair).optional(),
  /** In lists, for those who triage: what looks wrong about the report (far from its community, photos from elsewhere or long before). */
  warnings: z.array(SanityWarning).optional(),
})
export type Incident = z.infer<typeof Incident>

/** Status changes only through POST /api/incidents/:id/status, which checks the transition. */
const statusNotSettable = z
  .never({ error: 'cannot be set here: new incidents start as reported; use POST /api/incidents/:id/status' })
  .optional()

const editableFields = {
  communityId: Uuid.nullable().optional(),
  title: Title,
  titleKm: Title.nullable().optional(),
  kind: IncidentKind,
  severity: Severity,
  perpetratorKind: PerpetratorKind,
  perpetratorName: OptionalText(200),
  occurredAt: DateTime,
  occurredPrecision: DatePrecision,
  householdsAffected: Count.nullable().optional(),
  peopleAffected: Count.nullable().optional(),
  description: OptionalText(),
  ...AdminPlaceInput,
  location: PointInput,
  affectedArea: AreaGeometry.nullable().optional(),
  isConfidential: z.boolean(),
  reportedBy: OptionalText(200),
  sourceUrl: SourceUrl.nullable().optional(),
  sourceDate: IsoDate.nullable().optional(),
}

/**
 * occurredAt is required unless the date is unknown. With 'month' or 'year' any instant inside the
 * period will do: the server stores the period's first moment in Cambodia. With 'unknown' an
 * occurredAt sent is ignored: the server stores the time the report arrives.
 */
function requireOccurredAtWhenKnown(body: { occurredAt?: Date | undefined; occurredPrecision?: string | undefined }, ctx: z.RefinementCtx) {
  if (body.occurredPrecision !== undefined && body.occurredPrecision !== 'unknown' && body.occurredAt === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['occurredAt'],
      message: `is required when occurredPrecision is ${body.occurredPrecision} (send occurredPrecision 'unknown' when the date is not known)`,
    })
  }
}

export const CreateIncidentBody = z
  .object({
    ...editableFields,
    severity: Severity.default('medium'),
    perpetratorKind: PerpetratorKind.default('unknown'),
    occurredAt: DateTime.optional(),
    occurredPrecision: DatePrecision.default('day'),
    isConfidential: z.boolean().default(false),
    status: statusNotSettable,
    /**
     * The id the device gave the report before sending it (a UUID it generates). Sending the same
     * report again — its connection dropped before the answer came — answers 200 with the incident
     * the first request created instead of creating a second one.
     */
    clientReportId: Uuid.optional(),
  })
  .superRefine(requireOccurredAtWhenKnown)
export type CreateIncidentBody = z.infer<typeof CreateIncidentBody>

// Built from the fields, not CreateIncidentBody.partial(): partial() keeps the defaults, so a
// PATCH that leaves out severity would silently reset it to medium.
export const UpdateIncidentBody = z
  .object({
    ...editableFields,
    title: Title.optional(),
    kind: IncidentKind.optional(),
    severity: Severity.optional(),
    perpetratorKind: PerpetratorKind.optional(),
    occurredAt: DateTime.optional(),
    /** With 'day', 'month' or 'year', send occurredAt too; occurredAt alone keeps the incident's precision. */
    occurredPrecision: DatePrecision.optional(),
    location: PointInput.optional(),
    isConfidential: z.boolean().optional(),
    status: statusNotSettable,
    version: Version.optional(),
  })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), 'send at least one field to change')
  .superRefine(requireOccurredAtWhenKnown)
export type UpdateIncidentBody = z.infer<typeof UpdateIncidentBody>

export const INCIDENT_SORTS = ['occurredAt', 'createdAt', 'updatedAt'] as const

export const MAX_RADIUS_M = 500_000

export const IncidentListQuery = z
  .object({
    ...listQueryFields,
    ...spatialQueryFields,
    ...placeQueryFields,
    /**
     * On occurredAt, the stored instant: a month or a year matches a range by its first moment
     * (May 2013 is in from=2013-05-01 but not in from=2013-05-15). Incidents whose date is unknown
     * match no range: with from or to they are left out.
     */
    ...dateRangeFields,
    kind: EnumFilter(INCIDENT_KINDS),
    status: EnumFilter(INCIDENT_STATUSES),
    severity: EnumFilter(SEVERITIES),
    perpetratorKind: EnumFilter(PERPETRATOR_KINDS),
    confidential: z
      .enum(['true', 'false'])
      .transform((value) => value === 'true')
      .optional(),
    /** `lon,lat`: incidents within radiusM metres of this point (on the ellipsoid). */
    near: LonLatParam.optional(),
    radiusM: z.coerce.number().min(1).max(MAX_RADIUS_M).optional(),
    sort: SortParam(INCIDENT_SORTS, '-occurredAt'),
  })
  .superRefine((query, ctx) => {
    if (query.near && query.radiusM === undefined) {
      ctx.addIssue({ code: 'custom', path: ['radiusM'], message: `is required with near (1…${MAX_RADIUS_M} metres)` })
    }
    if (query.radiusM !== undefined && !query.near) {
      ctx.addIssue({ code: 'custom', path: ['near'], message: 'is required with radiusM (lon,lat)' })
    }
  })
export type IncidentListQuery = z.infer<typeof IncidentListQuery>

export const IncidentPage = Page(Incident)
export const IncidentFeatures = FeatureCollection(Incident.omit({ location: true }), PointGeometry)

// ---- People involved --------------------------------------------------------------------------

export const IncidentPerson = z.object({
  personId: Uuid,
  fullName: z.string(),
  fullNameKm: z.string().nullable(),
  role: PartyRole,
  linkedAt: DateTime,
})
export type IncidentPerson = z.infer<typeof IncidentPerson>

export const IncidentPeople = z.object({ items: z.array(IncidentPerson) })

export const LinkIncidentPersonBody = z.object({ personId: Uuid, role: PartyRole })
export type LinkIncidentPersonBody = z.infer<typeof LinkIncidentPersonBody>

export const IncidentPersonParams = z.object({ id: Uuid, personId: Uuid })

/** Without a role, the person is unlinked in every role they have in the incident. */
export const UnlinkIncidentPersonQuery = z.object({ role: PartyRole.optional() })
