// Cambodia's administrative units (reference data from geoBoundaries, read-only through the API).
import { z } from 'zod'
import { Page, Uuid } from './common.ts'
import { FeatureCollection, LonLatParam, StoredArea } from './geo.ts'
import { EnumFilter, listQueryFields, SortParam, spatialQueryFields } from './list.ts'

/** Required wherever these boundaries are shown or exported (README, "Data sources and licences"). */
export const ADMIN_BOUNDARIES_ATTRIBUTION =
  'Administrative boundaries: © OpenStreetMap contributors (ODbL), Open Development Cambodia (CC BY 4.0), via geoBoundaries'

/** 1 province (ខេត្ត, or the capital Phnom Penh), 2 district (ស្រុក/ខណ្ឌ), 3 commune (ឃុំ/សង្កាត់). */
export const ADMIN_LEVELS = ['1', '2', '3'] as const

export const AdminArea = z.object({
  id: Uuid,
  level: z.number().int().min(1).max(3),
  name: z.string(),
  nameKm: z.string().nullable(),
  /** ISO 3166-2 for provinces (KH-12); geoBoundaries' shapeID for districts and communes. */
  code: z.string(),
  parentId: Uuid.nullable(),
  parentName: z.string().nullable(),
  /** Only with `include=boundary`; simplified by `toleranceDeg`. */
  boundary: StoredArea.optional(),
})
export type AdminArea = z.infer<typeof AdminArea>

/**
 * Outlines are simplified (ST_SimplifyPreserveTopology) by this many degrees; 0.001° ≈ 110 m keeps
 * all 25 provinces under 300 kB. 0 returns the stored boundary.
 */
const boundaryFields = {
  include: z.enum(['boundary']).optional(),
  toleranceDeg: z.coerce.number().min(0).max(0.1).default(0.001),
}

export const ADMIN_AREA_SORTS = ['name', 'code'] as const

export const AdminAreaListQuery = z.object({
  limit: listQueryFields.limit,
  cursor: listQueryFields.cursor,
  q: listQueryFields.q,
  format: listQueryFields.format,
  ...spatialQueryFields,
  /** The units containing this point, province first (not paged: at most one per level). */
  point: LonLatParam.optional(),
  level: EnumFilter(ADMIN_LEVELS),
  parent: Uuid.optional(),
  ...boundaryFields,
  sort: SortParam(ADMIN_AREA_SORTS, 'name'),
})
export type AdminAreaListQuery = z.infer<typeof AdminAreaListQuery>

export const AdminAreaQuery = z.object(boundaryFields)
export type AdminAreaQuery = z.infer<typeof AdminAreaQuery>

export const AdminAreaPage = Page(AdminArea)
export const AdminAreaFeatures = FeatureCollection(AdminArea.omit({ boundary: true }), StoredArea)
