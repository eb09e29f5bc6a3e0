import { z } from 'zod'
import { IsoDate, OptionalText, Page, RowMeta, Uuid, Version } from './common.ts'
import { AreaGeometry, FeatureCollection, GeometryRepair, PointGeometry, StoredArea } from './geo.ts'
import { dateRangeFields, EnumFilter, listQueryFields, placeQueryFields, SortParam, spatialQueryFields } from './list.ts'
import { CONCESSION_KINDS } from './vocabularies.ts'

export const ConcessionKind = z.enum(CONCESSION_KINDS)

/** A link to where a figure or boundary was published; only web addresses make sense here. */
const SourceUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000)

// PostgreSQL stores no year 0 (which ISO 8601 allows): bound the days a land record can carry.
const RecordDate = IsoDate.refine((day) => day >= '1900-01-01' && day <= '2100-12-31', 'must be a day between 1900 and 2100')

/**
 * What one source says the concession's size is. Sources often disagree (the ministry's
 * sub-decree against an NGO's survey), so they are kept side by side, next to the area PostGIS
 * computes from the mapped boundary.
 */
export const DeclaredArea = z.object({
  id: Uuid,
  areaHa: z.number().positive(),
  source: z.string(),
  sourceUrl: z.string().nullable(),
  statedOn: IsoDate.nullable(),
})
export type DeclaredArea = z.infer<typeof DeclaredArea>

export const CreateDeclaredAreaBody = z.object({
  // The largest ELCs on record are a few hundred thousand hectares; this only stops typos.
  areaHa: z.number().positive().max(10_000_000),
  source: z.string().trim().min(1).max(500),
  sourceUrl: SourceUrl.nullable().optional(),
  statedOn: RecordDate.nullable().optional(),
})
export type CreateDeclaredAreaBody = z.infer<typeof CreateDeclaredAreaBody>

export const DeclaredAreaParams = z.object({ id: Uuid, areaId: Uuid })

const concessionFields = {
  name: z.string().trim().min(1).max(300),
  nameKm: z.string().trim().min(1).max(300).nullable(),
  kind: ConcessionKind,
  company: z.string().trim().max(300).nullable(),
  province: z.string().trim().min(1).max(120).nullable(),
  grantedOn: IsoDate.nullable(),
  purpose: z.string().max(5000).nullable(),
  /** Provenance of the boundary: who drew or published it, where, and when. */
  boundarySource: z.string().max(500).nullable(),
  sourceUrl: z.string().nullable(),
  sourceDate: IsoDate.nullable(),
  /** Null while the concession is known only as a point (`location`): its boundary is unknown. */
  boundary: StoredArea.nullable(),
  /** Where a source placed the concession when it published no boundary (ODC's ELC points). */
  location: PointGeometry.nullable(),
}

/** Where an imported record came from: the import, the source's name and its id for the record. */
export const Provenance = z.object({ importId: Uuid.nullable(), externalSource: z.string().nullable(), externalId: z.string().nullable() })

export const Concession = z.object({
  ...RowMeta,
  ...concessionFields,
  /** Computed by PostGIS from the boundary, on the WGS 84 ellipsoid; null while the boundary is unknown. */
  areaHa: z.number().nonnegative().nullable(),
  provenance: Provenance,
  declaredAreas: z.array(DeclaredArea),
  repairs: z.array(GeometryRepair).optional(),
})
export type Concession = z.infer<typeof Concession>

const editableFields = {
  name: concessionFields.name,
  nameKm: OptionalText(300),
  kind: ConcessionKind,
  company: OptionalText(300),
  province: z.string().trim().min(1).max(120).nullable(),
  grantedOn: RecordDate.nullable(),
  purpose: OptionalText(),
  boundarySource: OptionalText(500),
  sourceUrl: SourceUrl.nullable(),
  sourceDate: RecordDate.nullable(),
  boundary: AreaGeometry,
  location: PointGeometry.nullable(),
}

const hasPlace = (body: { boundary?: unknown; location?: unknown }) => body.boundary != null || body.location != null

export const CreateConcessionBody = z
  .object({
    ...editableFields,
    /** Left out when only a point is known; the concession can be mapped later. */
    boundary: editableFields.boundary.optional(),
    location: editableFields.location.optional(),
    /** Left out: filled in from the admin areas at a point inside the boundary. */
    province: editableFields.province.optional(),
    grantedOn: editableFields.grantedOn.optional(),
    sourceUrl: editableFields.sourceUrl.optional(),
    sourceDate: editableFields.sourceDate.optional(),
    /** Figures already known when the concession is recorded; more can be added later. */
    declaredAreas: z.array(CreateDeclaredAreaBody).max(50).default([]),
  })
  .refine(hasPlace, { path: ['boundary'], message: 'send a boundary, or a location when only a point is known' })
export type CreateConcessionBody = z.infer<typeof CreateConcessionBody>

export const UpdateConcessionBody = z
  .object(editableFields)
  .partial()
  .extend({ version: Version.optional() })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), 'send at least one field to change')
export type UpdateConcessionBody = z.infer<typeof UpdateConcessionBody>

export const CONCESSION_SORTS = ['name', 'areaHa', 'createdAt', 'updatedAt'] as const

export const ConcessionListQuery = z.object({
  ...listQueryFields,
  ...spatialQueryFields,
  province: placeQueryFields.province,
  ...dateRangeFields,
  kind: EnumFilter(CONCESSION_KINDS),
  sort: SortParam(CONCESSION_SORTS, 'name'),
})
export type ConcessionListQuery = z.infer<typeof ConcessionListQuery>

export const ConcessionPage = Page(Concession)
export const ConcessionFeatures = FeatureCollection(Concession.omit({ boundary: true }), StoredArea)
