import { sql } from 'drizzle-orm'
import { check, index, pgTable, smallint, text, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { id, multiPolygon } from '../columns.ts'

/**
 * Cambodia's provinces (level 1), districts (2) and communes (3), loaded as data from the
 * geoBoundaries files in db/data/admin-boundaries (see README for sources and licences).
 */
export const adminAreas = pgTable(
  'admin_areas',
  {
    id: id(),
    level: smallint('level').notNull(),
    name: text('name').notNull(),
    nameKm: text('name_km'),
    /** ISO 3166-2 for provinces (KH-12); geoBoundaries' shapeID otherwise. */
    code: text('code').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => adminAreas.id),
    boundary: multiPolygon('boundary').notNull(),
  },
  (t) => [
    index('admin_areas_boundary_gist').using('gist', t.boundary),
    index('admin_areas_level_name_idx').on(t.level, t.name),
    index('admin_areas_parent_idx').on(t.parentId),
    // Every sort the list offers reads a (column, id) index in order: no sort step, O(page) keyset pages.
    index('admin_areas_name_id_idx').on(t.name, t.id),
    index('admin_areas_code_id_idx').on(t.code, t.id),
    check('admin_areas_level_range', sql`level BETWEEN 1 AND 3`),
    check('admin_areas_boundary_valid', sql`ST_IsValid(boundary)`),
  ],
)
