// Targets of the coalition's strategic plan: each one is a rule over the data (what counts), a plan
// period with a baseline and yearly milestones, and progress with pace (done vs expected by today).
import { z } from 'zod'
import { ActivityKind, ActivityTopic } from './activities.ts'
import { Count, IsoDate, Page, RowMeta, Text, Version } from './common.ts'
import { CommunityKind, CommunityStatus } from './communities.ts'
import { listQueryFields, SortParam } from './list.ts'
import {
  PACE_STATUSES,
  TARGET_PACES,
  type CommunityKind as CommunityKindValue,
  type PaceStatus as PaceStatusValue,
  type PlanStatus,
  type TargetIndicator,
} from './vocabularies.ts'

export const TargetPace = z.enum(TARGET_PACES)
export const PaceStatus = z.enum(PACE_STATUSES)

const Year = z.number().int().min(1990).max(2100)

// ---- The rule: what counts towards a target ----------------------------------------------------
//
// Records count in the plan period only (1 January of planStartYear to 31 December of
// planEndYear, and never after today), each once, in the first year it qualifies:
// - communities: live communities (not deleted) of `kinds` whose status is now one of `statuses`
//   (empty: any kind, any status; provincial networks are a kind like any other, so a rule counts
//   them where the plan does). `founded`: 'in_period' counts only those founded (establishedYear)
//   in the period — "new" communities — in that year; 'before_period' only those founded before it
//   or in an unknown year. Yearly conditions: in a year of the period, at least `minActivities`
//   live activities involving the community (of `activityKinds` / `activityTopics`, empty: any)
//   and, with `needsPlan`, an agreed plan for that year (COUNTED_PLAN_STATUSES). Without yearly
//   conditions a community counts in its founding year, or in the plan's first year if founded
//   before it.
// - activities: live activities of `activityKinds` / `activityTopics` that began in the period.
// - participants: the participants of those activities (`who`: all, or women, men or youth only).
// The province of a record is the community's or the activity's own.

/** A plan that was agreed by the community; a draft does not count. */
export const COUNTED_PLAN_STATUSES: readonly PlanStatus[] = ['adopted', 'in_progress', 'completed']

const Kinds = <T extends z.ZodType>(item: T) => z.array(item).max(20).default([])

export const CommunitiesRule = z.object({
  count: z.literal('communities'),
  kinds: Kinds(CommunityKind),
  statuses: Kinds(CommunityStatus),
  founded: z.enum(['in_period', 'before_period', 'any']).default('any'),
  minActivities: z.number().int().min(0).max(365).default(0),
  activityKinds: Kinds(ActivityKind),
  activityTopics: Kinds(ActivityTopic),
  needsPlan: z.boolean().default(false),
})
export type CommunitiesRule = z.infer<typeof CommunitiesRule>

export const ActivitiesRule = z.object({
  count: z.literal('activities'),
  activityKinds: Kinds(ActivityKind),
  activityTopics: Kinds(ActivityTopic),
})
export type ActivitiesRule = z.infer<typeof ActivitiesRule>

export const ParticipantsRule = z.object({
  count: z.literal('participants'),
  activityKinds: Kinds(ActivityKind),
  activityTopics: Kinds(ActivityTopic),
  who: z.enum(['all', 'women', 'men', 'youth']).default('all'),
})
export type ParticipantsRule = z.infer<typeof ParticipantsRule>

export const TargetRule = z.discriminatedUnion('count', [CommunitiesRule, ActivitiesRule, ParticipantsRule])
export type TargetRule = z.infer<typeof TargetRule>

/** Whether a communities rule has conditions that are checked year by year. */
export const hasYearlyConditions = (rule: CommunitiesRule) => rule.minActivities > 0 || rule.needsPlan

/** The cumulative total expected by the end of `year` (baseline included). */
export const TargetMilestone = z.object({ year: Year, value: z.number().int().nonnegative().max(10_000_000) })
export type TargetMilestone = z.infer<typeof TargetMilestone>

// ---- Ready-made rules for the plan's usual targets ----------------------------------------------

const NEW_LAND_COMMUNITY_KINDS: CommunityKindValue[] = ['land_community', 'indigenous_community']

/** What the admin screen offers as a starting point; every field stays editable. */
export const TARGET_PRESETS: Readonly<Record<TargetIndicator, { label: string; labelKm: string; rule: TargetRule }>> = {
  new_land_communities: {
    label: 'New land communities organized',
    labelKm: 'សហគមន៍ដីធ្លីថ្មីដែលបានរៀបចំ',
    rule: CommunitiesRule.parse({
      count: 'communities',
      kinds: NEW_LAND_COMMUNITY_KINDS,
      statuses: ['active', 'strengthening'],
      founded: 'in_period',
    }),
  },
  new_womens_groups: {
    label: "New women's groups",
    labelKm: 'ក្រុមស្ត្រីថ្មី',
    rule: CommunitiesRule.parse({ count: 'communities', kinds: ['womens_group'], founded: 'in_period' }),
  },
  communities_strengthened: {
    label: 'Communities and networks strengthened',
    labelKm: 'សហគមន៍ និងបណ្តាញដែលបានពង្រឹង',
    rule: CommunitiesRule.parse({
      count: 'communities',
      statuses: ['active', 'strengthening'],
      founded: 'before_period',
      minActivities: 2,
      activityKinds: ['training'],
      needsPlan: true,
    }),
  },
  community_plans: {
    label: 'Communities with an annual plan',
    labelKm: 'សហគមន៍ដែលមានផែនការប្រចាំឆ្នាំ',
    rule: CommunitiesRule.parse({ count: 'communities', needsPlan: true }),
  },
}

// ---- Pace --------------------------------------------------------------------------------------

/** Where "today" is in a year: its number and how far through it we are (0 on 1 January, 1 at its end). */
export interface YearPoint {
  year: number
  fraction: number
}

/** The part of a calendar year (in Cambodia) that has passed at an instant given as its Cambodian date. */
export function yearPointOf(isoDay: string): YearPoint {
  const year = Number(isoDay.slice(0, 4))
  const start = Date.UTC(year, 0, 1)
  const days = (Date.UTC(year + 1, 0, 1) - start) / 86_400_000
  // The day itself counts as passed: at the end of 31 December the year is done.
  const dayIndex = (Date.parse(`${isoDay}T00:00:00Z`) - start) / 86_400_000 + 1
  return { year, fraction: Math.min(1, dayIndex / days) }
}

type PacedTarget = {
  planStartYear: number
  planEndYear: number
  baseline: number
  target: number
  pace: 'linear' | 'milestones'
  milestones: TargetMilestone[]
}

/**
 * The total expected by the end of `today` (baseline included): a straight line from the baseline
 * on 1 January of the first year to the target on 31 December of the last (linear), or a straight
 * line within each year between the milestones of the year before (the baseline for the first) and
 * of the year. Before the plan: the baseline; after it: the target.
 */
export function expectedBy(target: PacedTarget, today: YearPoint): number {
  const { planStartYear: first, planEndYear: last, baseline } = target
  if (today.year < first) return baseline
  if (today.year > last) return target.target
  if (target.pace === 'milestones') {
    const milestoneOf = (year: number) =>
      year < first ? baseline : (target.milestones.find((m) => m.year === year)?.value ?? (year === last ? target.target : undefined))
    const before = milestoneOf(today.year - 1)
    const end = milestoneOf(today.year)
    if (before !== undefined && end !== undefined) return before + (end - before) * today.fraction
  }
  const years = last - first + 1
  const elapsed = (today.year - first + today.fraction) / years
  return baseline + (target.target - baseline) * elapsed
}

/** How far from the expected line still counts as on track: 5 % of what the plan adds, at least 1. */
export function paceTolerance(target: Pick<PacedTarget, 'baseline' | 'target'>): number {
  return Math.max(1, 0.05 * (target.target - target.baseline))
}

/** On track within the tolerance; ahead or behind beyond it; not started before the plan's first year. */
export function paceOf(target: PacedTarget, done: number, today: YearPoint): PaceStatusValue {
  if (today.year < target.planStartYear) return 'not_started'
  const gap = done - expectedBy(target, today)
  const tolerance = paceTolerance(target)
  if (gap > tolerance) return 'ahead'
  if (gap < -tolerance) return 'behind'
  return 'on_track'
}

// ---- API --------------------------------------------------------------------------------------

export const TargetYearProgress = z.object({
  year: Year,
  /** Records that first counted in this year. */
  counted: Count,
  /** Baseline (not for one province) plus everything counted up to the end of this year (or today, for this year). */
  cumulative: Count,
  /** What the pace expects by the end of this year. */
  expected: z.number().nonnegative(),
})
export type TargetYearProgress = z.infer<typeof TargetYearProgress>

export const TargetProvinceProgress = z.object({ province: z.string(), counted: Count })
export type TargetProvinceProgress = z.infer<typeof TargetProvinceProgress>

export const TargetProgress = z.object({
  /** The Cambodian day progress was counted on ("today", or the test clock's day). */
  asOf: IsoDate,
  /** What the rule counts in the records (in the province, when one was asked for). */
  counted: Count,
  /** Baseline + counted: the figure set against the target (counted alone for one province: the baseline is national). */
  done: Count,
  /** done / target × 100, one decimal; above 100 when the target is exceeded. */
  percent: z.number().nonnegative(),
  /** Expected by today (one decimal), and the pace; null when counting one province of a national target. */
  expected: z.number().nonnegative().nullable(),
  status: PaceStatus.nullable(),
  byYear: z.array(TargetYearProgress),
  /** Provinces with at least one counted record, most first. */
  byProvince: z.array(TargetProvinceProgress),
})
export type TargetProgress = z.infer<typeof TargetProgress>

export const ProgramTarget = z.object({
  ...RowMeta,
  code: z.string().nullable(),
  label: z.string(),
  labelKm: z.string().nullable(),
  planStartYear: Year,
  planEndYear: Year,
  baseline: Count,
  target: z.number().int().positive(),
  pace: TargetPace,
  milestones: z.array(TargetMilestone),
  rule: TargetRule,
  progress: TargetProgress,
})
export type ProgramTarget = z.infer<typeof ProgramTarget>

const Label = Text(200).min(1)

const targetFields = z.object({
  code: Text(20).nullable().optional(),
  label: Label,
  labelKm: Label.nullable().optional(),
  planStartYear: Year,
  planEndYear: Year,
  baseline: z.number().int().nonnegative().max(10_000_000),
  target: z.number().int().positive().max(10_000_000),
  pace: TargetPace,
  milestones: z.array(TargetMilestone).max(111),
  rule: TargetRule,
})

const targetInput = targetFields.extend({
  baseline: targetFields.shape.baseline.default(0),
  pace: targetFields.shape.pace.default('linear'),
  milestones: targetFields.shape.milestones.default([]),
})

type TargetInput = z.output<typeof targetInput>

/** The checks that span fields; the same for a new target and for one after an edit. */
export function targetInputIssues(input: TargetInput): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = []
  if (input.planEndYear < input.planStartYear) issues.push({ path: ['planEndYear'], message: 'must not be before planStartYear' })
  if (input.baseline >= input.target) issues.push({ path: ['baseline'], message: 'must be less than target' })
  const years = new Set<number>()
  input.milestones.forEach((milestone, i) => {
    if (milestone.year < input.planStartYear || milestone.year > input.planEndYear) {
      issues.push({ path: ['milestones', String(i), 'year'], message: 'must be a year of the plan period' })
    }
    if (years.has(milestone.year)) issues.push({ path: ['milestones', String(i), 'year'], message: 'is given twice' })
    years.add(milestone.year)
  })
  if (input.pace === 'milestones') {
    for (let year = input.planStartYear; year <= input.planEndYear; year++) {
      if (!years.has(year)) issues.push({ path: ['milestones'], message: `needs a milestone for ${year} when pace is milestones` })
    }
    const sorted = [...input.milestones].sort((a, b) => a.year - b.year)
    sorted.forEach((milestone, i) => {
      if (i > 0 && milestone.value < sorted[i - 1]!.value)
        issues.push({ path: ['milestones'], message: 'milestones are cumulative: each year at least the one before' })
    })
  }
  return issues
}

export const CreateProgramTargetBody = targetInput.superRefine((input, ctx) => {
  for (const issue of targetInputIssues(input)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message })
})
export type CreateProgramTargetBody = z.infer<typeof CreateProgramTargetBody>

/**
 * Any field may change, the rule included (progress is recounted from the records). The service
 * re-checks the whole. Built on the fields without their defaults: a partial schema applies
 * defaults to absent keys (zod 4), and an edit of the label must not reset the baseline.
 */
export const UpdateProgramTargetBody = targetFields
  .partial()
  .extend({ version: Version.optional() })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), 'send at least one field to change')
export type UpdateProgramTargetBody = z.infer<typeof UpdateProgramTargetBody>

export const PROGRAM_TARGET_SORTS = ['code', 'planStartYear', 'createdAt'] as const

export const ProgramTargetListQuery = z.object({
  limit: listQueryFields.limit,
  cursor: listQueryFields.cursor,
  q: listQueryFields.q,
  /** Targets whose plan period includes this year. */
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  /** Count only records of this province; expected and status are then null (targets are national). */
  province: z.string().trim().min(1).max(100).optional(),
  sort: SortParam(PROGRAM_TARGET_SORTS, 'code'),
})
export type ProgramTargetListQuery = z.infer<typeof ProgramTargetListQuery>

export const ProgramTargetPage = Page(ProgramTarget)

export const ProgramTargetQuery = ProgramTargetListQuery.pick({ province: true })

// ---- Drill-down: the records that count ----------------------------------------------------------

export const TargetRecord = z.object({
  kind: z.enum(['community', 'activity']),
  id: z.uuid(),
  /** The community's name or the activity's title. */
  name: z.string(),
  nameKm: z.string().nullable(),
  province: z.string(),
  /** The year it counted in. */
  year: Year,
  /** What it adds: 1, or an activity's participants under a participants rule. */
  adds: Count,
})
export type TargetRecord = z.infer<typeof TargetRecord>

export const TargetRecordsQuery = z.object({
  limit: listQueryFields.limit,
  cursor: listQueryFields.cursor,
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  province: z.string().trim().min(1).max(100).optional(),
})
export type TargetRecordsQuery = z.infer<typeof TargetRecordsQuery>

export const TargetRecordPage = Page(TargetRecord)
