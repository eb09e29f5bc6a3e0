// Legal cases, their links (communities, parcels, incidents, people), case events and timeline.
// Lists return summaries; a detail adds what the access policy may withhold (privileged notes,
// linked records): those fields are optional here and absent for roles that may not see them.
import { z } from 'zod'
import { CaseTeamMember } from './case-team.ts'
import { DateTime, IsoDate, OptionalText, Page, RowMeta, Uuid, Version } from './common.ts'
import { DeadlineRuleRef } from './deadline-rules.ts'
import { dateRangeFields, EnumFilter, listQueryFields, placeQueryFields, SortParam } from './list.ts'
import {
  CASE_EVENT_KINDS,
  CASE_KINDS,
  CASE_RESULTS,
  CASE_STAGES,
  DATE_PRECISIONS,
  INCIDENT_KINDS,
  INCIDENT_STATUSES,
  PARTY_ROLES,
} from './vocabularies.ts'

export const CaseKind = z.enum(CASE_KINDS)
export const CaseStage = z.enum(CASE_STAGES)
/** How a case ended, for "cases won / lost"; null (pending) until it has. */
export const CaseResult = z.enum(CASE_RESULTS)
export const CaseEventKind = z.enum(CASE_EVENT_KINDS)
export const PartyRole = z.enum(PARTY_ROLES)

/** Cases have no geometry: their lists answer in JSON only. */
const { format: _format, ...caseListFields } = listQueryFields

/** `true` / `false` in a query string. */
const BooleanParam = z.enum(['true', 'false']).transform((value) => value === 'true')

// ---- Legal cases --------------------------------------------------------------------------

/** CASE-YYYY-NNNN: assigned by the server, never by a client. */
export const CaseReference = z.string().regex(/^CASE-\d{4}-\d{4,}$/)

const caseFields = {
  title: z.string().trim().min(1).max(300),
  titleKm: z.string().trim().min(1).max(300).nullable(),
  kind: CaseKind,
  stage: CaseStage,
  forum: z.string().trim().max(300).nullable(),
  province: z.string().trim().min(1).max(120).nullable(),
  summary: z.string().max(10000).nullable(),
  outcome: z.string().max(10000).nullable(),
  // Optional as well as nullable: rows built before results existed (fixtures, old clients) still parse.
  result: CaseResult.nullable().optional(),
  openedOn: IsoDate,
  closedOn: IsoDate.nullable(),
}

export const CaseCommunityRef = z.object({ id: Uuid, name: z.string() })
/** The case's lead lawyer: an account (set through the case's team). */
export const CaseLeadRef = z.object({ userId: Uuid, displayName: z.string() })

/** What any list shows: no privileged notes. */
export const CaseSummary = z.object({
  ...RowMeta,
  reference: CaseReference,
  ...caseFields,
  communities: z.array(CaseCommunityRef),
  /** Null while the case has no lead. Community representatives see it too: who their lawyer is. */
  lead: CaseLeadRef.nullable(),
})
export type CaseSummary = z.infer<typeof CaseSummary>

export const StageChange = z.object({
  id: Uuid,
  fromStage: CaseStage.nullable(),
  toStage: CaseStage,
  note: z.string().nullable(),
  changedAt: DateTime,
})
export type StageChange = z.infer<typeof StageChange>

export const CaseParcelRef = z.object({ id: Uuid, label: z.string(), areaHa: z.number().nonnegative() })
export const CaseIncidentRef = z.object({
  id: Uuid,
  title: z.string(),
  kind: z.enum(INCIDENT_KINDS),
  occurredAt: DateTime,
  occurredPrecision: z.enum(DATE_PRECISIONS),
  status: z.enum(INCIDENT_STATUSES),
})
export const CasePersonRef = z.object({ id: Uuid, fullName: z.string(), fullNameKm: z.string().nullable(), role: PartyRole })

/**
 * Fields a role may not see are absent (see maskCase in server/lib/policy.ts): privileged
 * notes go to legal staff and admins only; community representatives get the summary, without
 * the linked parcels, incidents and people. Linked incidents and people are those the viewer may see.
 */
export const CaseDetail = CaseSummary.extend({
  /** Lawyer–client privileged: legal staff and admins only. */
  privilegedNotes: z.string().nullable().optional(),
  stageHistory: z.array(StageChange),
  parcels: z.array(CaseParcelRef).optional(),
  incidents: z.array(CaseIncidentRef).optional(),
  people: z.array(CasePersonRef).optional(),
  /** The lead first, then members by name; absent for community representatives. */
  team: z.array(CaseTeamMember).optional(),
  /**
   * The free-text lead lawyer of before case teams (read-only), kept so that staff can choose the
   * right account for names that matched none; absent for community representatives.
   */
  formerLeadLawyerName: z.string().nullable().optional(),
})
export type CaseDetail = z.infer<typeof CaseDetail>

/** The lead lawyer is an account now: a free-text name is refused, not silently dropped. */
const retiredLeadLawyer = z
  .never({ error: 'is no longer accepted: the lead lawyer is an account, set with PUT /api/cases/:id/team/lead' })
  .optional()

/** Fields a client may write; no defaults here, so PATCH never resets what it did not send. */
const writableCaseFields = {
  title: caseFields.title,
  titleKm: caseFields.titleKm.optional(),
  kind: CaseKind,
  stage: CaseStage,
  forum: OptionalText(300),
  leadLawyer: retiredLeadLawyer,
  province: caseFields.province.optional(),
  summary: OptionalText(10000),
  privilegedNotes: OptionalText(10000),
  outcome: OptionalText(10000),
  result: CaseResult.nullable().optional(),
  openedOn: IsoDate,
  closedOn: IsoDate.nullable().optional(),
  /** Why the stage changed; kept in the stage history. */
  stageNote: OptionalText(1000),
}

export const CreateCaseBody = z.object({
  ...writableCaseFields,
  stage: CaseStage.default('intake'),
  /** Defaults to today in Cambodia. */
  openedOn: IsoDate.optional(),
})
export type CreateCaseBody = z.infer<typeof CreateCaseBody>

export const UpdateCaseBody = z
  .object(writableCaseFields)
  .partial()
  .extend({ version: Version.optional() })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), 'send at least one field to change')
export type UpdateCaseBody = z.infer<typeof UpdateCaseBody>

export const CASE_SORTS = ['openedOn', 'reference', 'createdAt', 'updatedAt'] as const

export const CaseListQuery = z.object({
  ...caseListFields,
  ...placeQueryFields,
  /** On openedOn. */
  ...dateRangeFields,
  kind: EnumFilter(CASE_KINDS),
  stage: EnumFilter(CASE_STAGES),
  /** Cases on whose team (lead or member) this account is. */
  lawyerId: Uuid.optional(),
  /** `true`: only the cases on whose team (lead or member) the signed-in user is. */
  mine: BooleanParam.optional(),
  sort: SortParam(CASE_SORTS, '-openedOn'),
})
export type CaseListQuery = z.infer<typeof CaseListQuery>
export const CasePage = Page(CaseSummary)

// ---- Links --------------------------------------------------------------------------------

export const LinkCommunityBody = z.object({ communityId: Uuid })
export const LinkParcelBody = z.object({ parcelId: Uuid })
export const LinkIncidentBody = z.object({ incidentId: Uuid })
export const LinkPersonBody = z.object({ personId: Uuid, role: PartyRole })
export type LinkPersonBody = z.infer<typeof LinkPersonBody>

export const CaseCommunityParams = z.object({ id: Uuid, communityId: Uuid })
export const CaseParcelParams = z.object({ id: Uuid, parcelId: Uuid })
export const CaseIncidentParams = z.object({ id: Uuid, incidentId: Uuid })
export const CasePersonParams = z.object({ id: Uuid, personId: Uuid })
/** Without a role, the person is removed from the case in every role they have in it. */
export const UnlinkPersonQuery = z.object({ role: PartyRole.optional() })

// ---- Case events --------------------------------------------------------------------------

export const CaseEvent = z.object({
  ...RowMeta,
  caseId: Uuid,
  caseReference: CaseReference,
  kind: CaseEventKind,
  title: z.string(),
  details: z.string().nullable(),
  startsAt: DateTime,
  location: z.string().nullable(),
  isDone: z.boolean(),
  /** A deadline computed from a rule and confirmed by a lawyer: the rule (with its legal basis) and the event it counts from. */
  deadlineRule: DeadlineRuleRef.nullable().optional(),
  triggerEventId: Uuid.nullable().optional(),
})
export type CaseEvent = z.infer<typeof CaseEvent>

const writableEventFields = {
  kind: CaseEventKind,
  title: z.string().trim().min(1).max(300),
  details: OptionalText(10000),
  startsAt: DateTime,
  location: OptionalText(300),
  isDone: z.boolean(),
}

export const CreateCaseEventBody = z.object({
  ...writableEventFields,
  isDone: z.boolean().default(false),
  /**
   * A deadline proposed by a rule, as the lawyer confirmed it: both set, kind `deadline`; the
   * server checks that the rule applies to the trigger event and the case (see shared/deadline-rules.ts).
   */
  deadlineRuleId: Uuid.nullable().optional(),
  triggerEventId: Uuid.nullable().optional(),
})
export type CreateCaseEventBody = z.infer<typeof CreateCaseEventBody>

export const UpdateCaseEventBody = z
  .object(writableEventFields)
  .partial()
  .extend({ version: Version.optional() })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), 'send at least one field to change')
export type UpdateCaseEventBody = z.infer<typeof UpdateCaseEventBody>

export const CASE_EVENT_SORTS = ['startsAt', 'createdAt', 'updatedAt'] as const

export const CaseEventListQuery = z.object({
  ...caseListFields,
  /** On startsAt. */
  ...dateRangeFields,
  kind: EnumFilter(CASE_EVENT_KINDS),
  done: BooleanParam.optional(),
  sort: SortParam(CASE_EVENT_SORTS, 'startsAt'),
})
export type CaseEventListQuery = z.infer<typeof CaseEventListQuery>
export const CaseEventPage = Page(CaseEvent)

// ---- Timeline -----------------------------------------------------------------------------

/** One entry of a case's timeline; `type` says what it is. */
const timelineBase = { at: DateTime, id: Uuid, title: z.string() }

/**
 * What an evidence entry of the timeline records: `captured` (when the camera or the uploader says
 * the file was made), or an entry of the file's chain of custody (the audit trail: `create` is the
 * upload, then `update`, `download`, `delete`…).
 */
export const EVIDENCE_TIMELINE_ACTIONS = ['captured', 'create', 'update', 'download', 'delete'] as const

export const TimelineItem = z.discriminatedUnion('type', [
  z.object({
    ...timelineBase,
    type: z.literal('incident'),
    kind: z.enum(INCIDENT_KINDS),
    status: z.enum(INCIDENT_STATUSES),
    /** `at` is occurredAt: a month or a year is its first moment, an unknown date the report's time. */
    occurredPrecision: z.enum(DATE_PRECISIONS),
  }),
  z.object({ ...timelineBase, type: z.literal('event'), kind: CaseEventKind, isDone: z.boolean(), location: z.string().nullable() }),
  z.object({ ...timelineBase, type: z.literal('stage'), fromStage: CaseStage.nullable(), toStage: CaseStage, note: z.string().nullable() }),
  z.object({
    ...timelineBase,
    type: z.literal('evidence'),
    /** EVIDENCE_TIMELINE_ACTIONS, or another audited action a later version records. */
    action: z.string(),
    /** The audit entry's number for chain-of-custody entries; null for `captured`. */
    custodyId: z.number().int().nullable(),
    /** Who acted (custody entries), as the viewer may know them: a role only, unless they may see contacts. */
    actorLabel: z.string().nullable(),
    mediaType: z.string(),
    /** Attached to the case itself or to one of its incidents. */
    attachedTo: z.enum(['case', 'incident']),
    /** False once the file is deleted: its custody stays on the timeline, the file is no longer listed. */
    isLive: z.boolean(),
  }),
])
export type TimelineItem = z.infer<typeof TimelineItem>

export const Timeline = z.object({ items: z.array(TimelineItem) })
export type Timeline = z.infer<typeof Timeline>

// ---- Opening a case from an incident ------------------------------------------------------

/**
 * Either `{ caseId }` to add the incident to an existing case, or the fields of a new case
 * (title and province default to the incident's).
 */
export const CaseFromIncidentBody = z
  .object({
    caseId: Uuid.optional(),
    title: writableCaseFields.title.optional(),
    titleKm: writableCaseFields.titleKm,
    kind: CaseKind.optional(),
    stage: CaseStage.optional(),
    forum: writableCaseFields.forum,
    leadLawyer: writableCaseFields.leadLawyer,
    /** The new case's lead lawyer: an active legal staff or admin account. */
    leadUserId: Uuid.optional(),
    province: writableCaseFields.province,
    summary: writableCaseFields.summary,
    privilegedNotes: writableCaseFields.privilegedNotes,
    openedOn: IsoDate.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.caseId) {
      const extra = Object.keys(body).filter((key) => key !== 'caseId' && body[key as keyof typeof body] !== undefined)
      for (const key of extra) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'send either caseId (to link an existing case) or the fields of a new case, not both',
        })
      }
    } else if (!body.kind) {
      ctx.addIssue({ code: 'custom', path: ['kind'], message: 'is required to open a new case (or send caseId to link an existing one)' })
    }
  })
export type CaseFromIncidentBody = z.infer<typeof CaseFromIncidentBody>
