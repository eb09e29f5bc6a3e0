import { z } from 'zod'
import { Count, OptionalText, Page, RowMeta, Uuid, Version } from './common.ts'
import { AreaGeometry, FeatureCollection, GeometryRepair, StoredArea } from './geo.ts'
import { dateRangeFields, EnumFilter, listQueryFields, placeQueryFields, SortParam, spatialQueryFields } from './list.ts'
import { LAND_USES, TENURES, TITLE_STATUSES } from './vocabularies.ts'

export const LandUse = z.enum(LAND_USES)
export const Tenure = z.enum(TENURES)
export const TitleStatus = z.enum(TITLE_STATUSES)

const parcelFields = {
  communityId: Uuid,
  label: z.string().trim().min(1).max(200),
  holderName: z.string().trim().max(200).nullable(),
  households: Count.nullable(),
  landUse: LandUse,
  tenure: Tenure,
  titleStatus: TitleStatus,
  notes: z.string().max(5000).nullable(),
  boundary: StoredArea,
}

export const Parcel = z.object({
  ...RowMeta,
  ...parcelFields,
  communityName: z.string(),
  /** Computed by PostGIS on the WGS 84 ellipsoid. */
  areaHa: z.number().nonnegative(),
  repairs: z.array(GeometryRepair).optional(),
})
export type Parcel = z.infer<typeof Parcel>

export const CreateParcelBody = z.object({
  communityId: Uuid,
  label: parcelFields.label,
  holderName: OptionalText(200),
  households: Count.nullable().optional(),
  landUse: LandUse.default('other'),
  tenure: Tenure.default('unknown'),
  titleStatus: TitleStatus.default('none'),
  notes: OptionalText(),
  boundary: AreaGeometry,
})
export type CreateParcelBody = z.infer<typeof CreateParcelBody>

export const UpdateParcelBody = z
  .object({
    communityId: Uuid,
    label: parcelFields.label,
    holderName: OptionalText(200),
    households: Count.nullable(),
    landUse: LandUse,
    tenure: Tenure,
    titleStatus: TitleStatus,
    notes: OptionalText(),
    boundary: AreaGeometry,
  })
  .partial()
  .extend({ version: Version.optional() })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), 'send at least one field to change')
export type UpdateParcelBody = z.infer<typeof UpdateParcelBody>

export const PARCEL_SORTS = ['label', 'areaHa', 'createdAt', 'updatedAt'] as const

export const ParcelListQuery = z.object({
  ...listQueryFields,
  ...spatialQueryFields,
  /** `province` is the parcel's community's province. */
  ...placeQueryFields,
  ...dateRangeFields,
  landUse: EnumFilter(LAND_USES),
  tenure: EnumFilter(TENURES),
  titleStatus: EnumFilter(TITLE_STATUSES),
  sort: SortParam(PARCEL_SORTS, 'label'),
})
export type ParcelListQuery = z.infer<typeof ParcelListQuery>

export const ParcelPage = Page(Parcel)
export const ParcelFeatures = FeatureCollection(Parcel.omit({ boundary: true }), StoredArea)
