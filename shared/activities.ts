// Activities: the trainings, meetings, exchanges, campaigns and legal-awareness sessions that build
// the movement, with who took part (counted by sex and age band). Targets and indicators count them.
import { z } from 'zod'
import { Count, IsoDate, OptionalText, Page, RowMeta, Uuid, Version } from './common.ts'
import { PointGeometry, PointInput } from './geo.ts'
import { EnumFilter, listQueryFields, SortParam } from './list.ts'
import { AdminPlace, AdminPlaceInput } from './places.ts'
import { ACTIVITY_KINDS, ACTIVITY_TOPICS } from './vocabularies.ts'

export const ActivityKind = z.enum(ACTIVITY_KINDS)
export const ActivityTopic = z.enum(ACTIVITY_TOPICS)

/** Participants: women + men is everyone; youth (aged 15–30) are counted among them, not beside them. */
export const Participants = z.object({
  women: Count,
  men: Count,
  youth: Count,
  /** women + men, computed. */
  total: Count,
})
export type Participants = z.infer<typeof Participants>

export const ActivityCommunity = z.object({ id: Uuid, name: z.string(), nameKm: z.string().nullable(), kind: z.string() })

export const Activity = z.object({
  ...RowMeta,
  kind: ActivityKind,
  topic: ActivityTopic.nullable(),
  title: z.string(),
  startedOn: IsoDate,
  endedOn: IsoDate.nullable(),
  ...AdminPlace,
  location: PointGeometry.nullable(),
  communities: z.array(ActivityCommunity),
  participants: Participants,
  facilitators: z.string().nullable(),
  costUsd: z.number().nonnegative().nullable(),
  notes: z.string().nullable(),
  /** Attendance sheets and photos attached (evidence with activityId), as far as the viewer may see them. */
  evidenceCount: Count,
  createdByUserId: Uuid.nullable(),
})
export type Activity = z.infer<typeof Activity>

const HeadCount = z.number().int().nonnegative().max(100_000)

const activityFields = z.object({
  kind: ActivityKind,
  topic: ActivityTopic.nullable().optional(),
  title: z.string().trim().min(1).max(300),
  startedOn: IsoDate,
  endedOn: IsoDate.nullable().optional(),
  ...AdminPlaceInput,
  location: PointInput.nullable().optional(),
  /** At least one; community representatives only their own. */
  communityIds: z.array(Uuid).min(1).max(200),
  participantsWomen: HeadCount,
  participantsMen: HeadCount,
  participantsYouth: HeadCount,
  facilitators: OptionalText(500),
  costUsd: z.number().nonnegative().max(10_000_000).multipleOf(0.01).nullable().optional(),
  notes: OptionalText(),
})

// Head counts default to 0 on a new activity only: Zod applies a default inside .partial() too,
// which would reset the counts of every edit that leaves them out.
const activityInput = activityFields.extend({
  participantsWomen: HeadCount.default(0),
  participantsMen: HeadCount.default(0),
  participantsYouth: HeadCount.default(0),
})

type ActivityInput = Partial<z.output<typeof activityInput>>

/** The checks that span fields, for a new activity and for one after an edit (the service re-checks the whole). */
export function activityInputIssues(input: ActivityInput): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = []
  if (input.endedOn && input.startedOn && input.endedOn < input.startedOn) {
    issues.push({ path: ['endedOn'], message: 'must not be before startedOn' })
  }
  const everyone = (input.participantsWomen ?? 0) + (input.participantsMen ?? 0)
  if ((input.participantsYouth ?? 0) > everyone) {
    issues.push({ path: ['participantsYouth'], message: 'youth are counted among the women and men, so cannot be more than their sum' })
  }
  if (input.communityIds && new Set(input.communityIds).size !== input.communityIds.length) {
    issues.push({ path: ['communityIds'], message: 'lists a community twice' })
  }
  return issues
}

/** Place: province (and below) as given, else from the location, else from the first community. */
export const CreateActivityBody = activityInput.superRefine((input, ctx) => {
  for (const issue of activityInputIssues(input)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message })
})
export type CreateActivityBody = z.infer<typeof CreateActivityBody>

export const UpdateActivityBody = activityFields
  .partial()
  .extend({ version: Version.optional() })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), 'send at least one field to change')
export type UpdateActivityBody = z.infer<typeof UpdateActivityBody>

export const ACTIVITY_SORTS = ['startedOn', 'createdAt', 'updatedAt'] as const

export const ActivityListQuery = z.object({
  limit: listQueryFields.limit,
  cursor: listQueryFields.cursor,
  q: listQueryFields.q,
  kind: EnumFilter(ACTIVITY_KINDS),
  topic: EnumFilter(ACTIVITY_TOPICS),
  community: Uuid.optional(),
  province: z.string().trim().min(1).max(100).optional(),
  /** Activities that began on or after `from` and on or before `to` (days in Cambodia). */
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  sort: SortParam(ACTIVITY_SORTS, '-startedOn'),
})
export type ActivityListQuery = z.infer<typeof ActivityListQuery>

export const ActivityPage = Page(Activity)

/** The totals of the activities a list query selects (every page), for the list's header and the report. */
export const ActivityTotals = z.object({ activities: Count, participants: Participants })
export type ActivityTotals = z.infer<typeof ActivityTotals>
