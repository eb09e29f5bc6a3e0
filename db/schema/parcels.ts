import { sql } from 'drizzle-orm'
import { check, doublePrecision, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { id, multiPolygon, point, rowMeta, softDelete } from '../columns.ts'
import { communities } from './communities.ts'
import { importProvenance, importProvenanceIndexes } from './imports.ts'
import { landUse, tenure, titleStatus } from './enums.ts'

export const parcels = pgTable(
  'parcels',
  {
    id: id(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    label: text('label').notNull(),
    holderName: text('holder_name'),
    households: integer('households'),
    landUse: landUse('land_use').notNull().default('other'),
    tenure: tenure('tenure').notNull().default('unknown'),
    titleStatus: titleStatus('title_status').notNull().default('none'),
    notes: text('notes'),
    boundary: multiPolygon('boundary').notNull(),
    areaHa: doublePrecision('area_ha')
      .notNull()
      .generatedAlwaysAs(sql`ST_Area(boundary::geography) / 10000`),
    /** A point inside the parcel: where it counts in the map's aggregated cells (issue 13). */
    labelPoint: point('label_point').generatedAlwaysAs(sql`ST_PointOnSurface(boundary)`),
    ...importProvenance(),
    ...rowMeta(),
    ...softDelete(),
  },
  (t) => [
    index('parcels_boundary_gist').using('gist', t.boundary),
    index('parcels_label_point_gist').using('gist', t.labelPoint),
    index('parcels_community_idx').on(t.communityId),
    index('parcels_tenure_title_idx').on(t.tenure, t.titleStatus),
    // Every sort the list offers reads a (column, id) index in order: no sort step, O(page) keyset pages.
    index('parcels_label_id_idx').on(t.label, t.id),
    index('parcels_area_ha_id_idx').on(t.areaHa, t.id),
    index('parcels_created_at_id_idx').on(t.createdAt, t.id),
    index('parcels_updated_at_id_idx').on(t.updatedAt, t.id),
    index('parcels_label_trgm').using('gin', t.label.op('gin_trgm_ops')),
    index('parcels_holder_name_trgm').using('gin', t.holderName.op('gin_trgm_ops')),
    ...importProvenanceIndexes('parcels', t),
    check('parcels_boundary_valid', sql`ST_IsValid(boundary)`),
  ],
)
