import { z } from 'zod'
import { Count, OptionalText, Page, RowMeta, Uuid, Version } from './common.ts'
import { AreaGeometry, FeatureCollection, GeometryRepair, PointGeometry, PointInput, StoredArea } from './geo.ts'
import { dateRangeFields, EnumFilter, listQueryFields, placeQueryFields, SortParam, spatialQueryFields } from './list.ts'
import { AdminPlace, AdminPlaceInput } from './places.ts'
import { COMMUNITY_KINDS, COMMUNITY_STATUSES, PLAN_STATUSES } from './vocabularies.ts'

export const CommunityKind = z.enum(COMMUNITY_KINDS)
export const CommunityStatus = z.enum(COMMUNITY_STATUSES)

const communityFields = {
  name: z.string().trim().min(1).max(200),
  nameKm: z.string().trim().min(1).max(200).nullable(),
  kind: CommunityKind,
  status: CommunityStatus,
  ...AdminPlace,
  households: Count.nullable(),
  members: Count.nullable(),
  womenMembers: Count.nullable(),
  youthMembers: Count.nullable(),
  leaderName: z.string().trim().max(200).nullable(),
  /** A contact: only legal staff and admins receive it. */
  leaderPhone: z.string().trim().max(50).nullable(),
  description: z.string().max(5000).nullable(),
  establishedYear: z.number().int().min(1900).max(2100).nullable(),
  networkId: Uuid.nullable(),
  location: PointGeometry,
  territory: StoredArea.nullable(),
}

/** A community's SMS code: 2–8 capital letters or digits (numbered from 101 by default); shared/intake.ts re-exports it. */
export const IntakeCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-Z]{2,8}$/, 'must be 2 to 8 letters or digits')

export const Community = z.object({
  ...RowMeta,
  ...communityFields,
  /** What senders type for this community in an SMS report ("DEY 101 EV …"); numbered from 101 unless staff choose one. */
  intakeCode: z.string().nullable(),
  leaderPhone: communityFields.leaderPhone.optional(),
  networkName: z.string().nullable(),
  territoryAreaHa: z.number().nonnegative().nullable(),
  repairs: z.array(GeometryRepair).optional(),
})
export type Community = z.infer<typeof Community>

// Input fields without defaults: a PATCH that omits a field must leave it alone, so defaults
// are added on create only (a `.partial()` of a schema with defaults would reset those fields).
const communityInput = z.object({
  name: communityFields.name,
  nameKm: communityFields.nameKm.optional(),
  kind: CommunityKind,
  status: CommunityStatus,
  ...AdminPlaceInput,
  households: Count.nullable().optional(),
  members: Count.nullable().optional(),
  womenMembers: Count.nullable().optional(),
  youthMembers: Count.nullable().optional(),
  leaderName: communityFields.leaderName.optional(),
  leaderPhone: communityFields.leaderPhone.optional(),
  description: OptionalText(),
  establishedYear: communityFields.establishedYear.optional(),
  networkId: Uuid.nullable().optional(),
  location: PointInput,
  territory: AreaGeometry.nullable().optional(),
  /** Absent on create: the next free number (101, 102…). Unique; upper-cased. */
  intakeCode: IntakeCode.optional(),
})

export const CreateCommunityBody = communityInput.extend({ status: CommunityStatus.default('forming') })
export type CreateCommunityBody = z.infer<typeof CreateCommunityBody>

export const UpdateCommunityBody = communityInput
  .partial()
  .extend({ version: Version.optional() })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), 'send at least one field to change')
export type UpdateCommunityBody = z.infer<typeof UpdateCommunityBody>

export const COMMUNITY_SORTS = ['name', 'province', 'createdAt', 'updatedAt'] as const

export const CommunityListQuery = z.object({
  ...listQueryFields,
  ...spatialQueryFields,
  ...placeQueryFields,
  ...dateRangeFields,
  kind: EnumFilter(COMMUNITY_KINDS),
  status: EnumFilter(COMMUNITY_STATUSES),
  network: Uuid.optional(),
  sort: SortParam(COMMUNITY_SORTS, 'name'),
  /**
   * `omit`: the items leave out `territory` (pickers and filters need names, not polygons: with
   * territories a page of 500 communities was 1.5 MB).
   */
  territory: z.enum(['include', 'omit']).default('include'),
})
export type CommunityListQuery = z.infer<typeof CommunityListQuery>

/** A list item: `territory` is absent when the list was asked with `territory=omit`. */
export const CommunityListItem = Community.extend({
  territory: Community.shape.territory.optional(),
  /** The territory's extent, west, south, east, north (sent even with territory=omit: the report form's distance warning). */
  territoryBbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable().optional(),
})
export type CommunityListItem = z.infer<typeof CommunityListItem>
export const CommunityPage = Page(CommunityListItem)
export const CommunityFeatures = FeatureCollection(CommunityListItem.omit({ location: true }), PointGeometry)

// ---- Community plans --------------------------------------------------------------------

export const PlanStatus = z.enum(PLAN_STATUSES)

export const CommunityPlan = z.object({
  ...RowMeta,
  communityId: Uuid,
  communityName: z.string(),
  year: z.number().int().min(1990).max(2100),
  status: PlanStatus,
  priorities: z.string().nullable(),
  goals: z.string().nullable(),
  actions: z.string().nullable(),
})
export type CommunityPlan = z.infer<typeof CommunityPlan>

const planInput = z.object({
  communityId: Uuid,
  year: z.number().int().min(1990).max(2100),
  status: PlanStatus,
  priorities: OptionalText(),
  goals: OptionalText(),
  actions: OptionalText(),
})

export const CreateCommunityPlanBody = planInput.extend({ status: PlanStatus.default('draft') })
export type CreateCommunityPlanBody = z.infer<typeof CreateCommunityPlanBody>

export const UpdateCommunityPlanBody = planInput
  .omit({ communityId: true })
  .partial()
  .extend({ version: Version.optional() })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), 'send at least one field to change')
export type UpdateCommunityPlanBody = z.infer<typeof UpdateCommunityPlanBody>

export const PLAN_SORTS = ['year', 'createdAt', 'updatedAt'] as const

export const CommunityPlanListQuery = z.object({
  ...listQueryFields,
  community: Uuid.optional(),
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  status: EnumFilter(PLAN_STATUSES),
  sort: SortParam(PLAN_SORTS, '-year'),
})
export type CommunityPlanListQuery = z.infer<typeof CommunityPlanListQuery>
export const CommunityPlanPage = Page(CommunityPlan)

// ---- The signed-in user's own places, kept on the phone -----------------------------------

/**
 * A community the user is linked to, as the map and the report form's picker show it offline: its
 * names, where it is and its territory (simplified), never its leader or members.
 */
export const MyCommunity = z.object({
  id: Uuid,
  name: z.string(),
  nameKm: z.string().nullable(),
  village: z.string().nullable(),
  commune: z.string().nullable(),
  location: PointGeometry,
  territory: StoredArea.nullable(),
})
export type MyCommunity = z.infer<typeof MyCommunity>

/** A district or commune around one of the user's communities, outlined (simplified). */
export const MyArea = z.object({
  id: Uuid,
  level: z.number().int().min(2).max(3),
  name: z.string(),
  nameKm: z.string().nullable(),
  boundary: StoredArea,
})
export type MyArea = z.infer<typeof MyArea>

/**
 * What a phone keeps for offline use: the user's communities and the districts and communes they
 * lie in. Empty for an account linked to no community (staff see every community online).
 */
export const MyPlaces = z.object({
  communities: z.array(MyCommunity),
  areas: z.array(MyArea),
})
export type MyPlaces = z.infer<typeof MyPlaces>
