// The coalition's yearly program targets, and how progress against each is counted from the data.
import { z } from 'zod'
import { Count, Page, RowMeta, Version } from './common.ts'
import { EnumFilter, listQueryFields, SortParam } from './list.ts'
import {
  TARGET_INDICATORS,
  type CommunityKind,
  type CommunityStatus,
  type PlanStatus,
  type TargetIndicator as TargetIndicatorValue,
} from './vocabularies.ts'

export const TargetIndicator = z.enum(TARGET_INDICATORS)

// ---- What "achieved" means -------------------------------------------------------------------
// Counted live (not deleted) rows only, at the moment of the request; `year` is the target's year.

/** Indigenous communities organise to defend their land too (towards a communal land title). */
export const NEW_LAND_COMMUNITY_KINDS: readonly CommunityKind[] = ['land_community', 'indigenous_community']

/** A plan that was agreed by the community; a draft does not count. */
export const COUNTED_PLAN_STATUSES: readonly PlanStatus[] = ['adopted', 'in_progress', 'completed']

/** Communities still organising (not forming, not inactive) can be strengthened. */
export const STRENGTHENED_STATUSES: readonly CommunityStatus[] = ['active', 'strengthening']

export const TARGET_DEFINITIONS: Readonly<Record<TargetIndicatorValue, { label: string; labelKm: string; counts: string }>> = {
  new_land_communities: {
    label: 'New land communities',
    labelKm: 'សហគមន៍ដីធ្លីថ្មី',
    counts: 'Communities of kind land_community or indigenous_community whose establishedYear is the year.',
  },
  new_womens_groups: {
    label: "New women's groups",
    labelKm: 'ក្រុមស្ត្រីថ្មី',
    counts: 'Communities of kind womens_group whose establishedYear is the year.',
  },
  communities_strengthened: {
    label: 'Communities and groups strengthened',
    labelKm: 'សហគមន៍ និងក្រុមដែលបានពង្រឹង',
    counts:
      'Communities and groups (every kind but provincial_network) founded before the year (or in an unknown year), ' +
      'whose status is now active or strengthening, and that have a plan for the year that is adopted, in progress or completed. ' +
      'A community founded in the year counts as new, not as strengthened.',
  },
  community_plans: {
    label: 'Annual community plans',
    labelKm: 'ផែនការសហគមន៍ប្រចាំឆ្នាំ',
    counts:
      'Communities with a plan for the year that is adopted, in progress or completed (drafts do not count; ' +
      'a community with two such plans in one year counts once).',
  },
}

// ---- API --------------------------------------------------------------------------------------

const Year = z.number().int().min(1990).max(2100)

export const ProgramTarget = z.object({
  ...RowMeta,
  year: Year,
  indicator: TargetIndicator,
  target: z.number().int().positive(),
  label: z.string(),
  labelKm: z.string().nullable(),
  /** Counted from the data as TARGET_DEFINITIONS says; never typed in. */
  achieved: Count,
  /** achieved / target × 100, one decimal; above 100 when the target is exceeded. */
  percent: z.number().nonnegative(),
})
export type ProgramTarget = z.infer<typeof ProgramTarget>

const Label = z.string().trim().min(1).max(200)

export const CreateProgramTargetBody = z.object({
  year: Year,
  indicator: TargetIndicator,
  target: z.number().int().positive().max(1_000_000),
  /** Defaults to the indicator's label (TARGET_DEFINITIONS). */
  label: Label.optional(),
  labelKm: Label.nullable().optional(),
})
export type CreateProgramTargetBody = z.infer<typeof CreateProgramTargetBody>

/** Year and indicator are what a target is: to change them, delete the target and create another. */
export const UpdateProgramTargetBody = CreateProgramTargetBody.pick({ target: true, label: true, labelKm: true })
  .partial()
  .extend({ version: Version.optional() })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), 'send at least one field to change')
export type UpdateProgramTargetBody = z.infer<typeof UpdateProgramTargetBody>

export const PROGRAM_TARGET_SORTS = ['year', 'indicator', 'createdAt'] as const

export const ProgramTargetListQuery = z.object({
  limit: listQueryFields.limit,
  cursor: listQueryFields.cursor,
  q: listQueryFields.q,
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  indicator: EnumFilter(TARGET_INDICATORS),
  sort: SortParam(PROGRAM_TARGET_SORTS, '-year'),
})
export type ProgramTargetListQuery = z.infer<typeof ProgramTargetListQuery>

export const ProgramTargetPage = Page(ProgramTarget)
