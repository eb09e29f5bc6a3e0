import { sql } from 'drizzle-orm'
import { check, date, doublePrecision, index, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { id, multiPolygon, rowMeta, softDelete } from '../columns.ts'
import { concessionKind } from './enums.ts'

export const concessions = pgTable(
  'concessions',
  {
    id: id(),
    name: text('name').notNull(),
    nameKm: text('name_km'),
    kind: concessionKind('kind').notNull(),
    company: text('company'),
    province: text('province'),
    grantedOn: date('granted_on'),
    purpose: text('purpose'),
    // Provenance of the boundary: who drew or published it, and when.
    boundarySource: text('boundary_source'),
    sourceUrl: text('source_url'),
    sourceDate: date('source_date'),
    boundary: multiPolygon('boundary').notNull(),
    areaHa: doublePrecision('area_ha')
      .notNull()
      .generatedAlwaysAs(sql`ST_Area(boundary::geography) / 10000`),
    ...rowMeta(),
    ...softDelete(),
  },
  (t) => [
    index('concessions_boundary_gist').using('gist', t.boundary),
    index('concessions_kind_idx').on(t.kind),
    // Every sort the list offers reads a (column, id) index in order: no sort step, O(page) keyset pages.
    index('concessions_name_id_idx').on(t.name, t.id),
    index('concessions_area_ha_id_idx').on(t.areaHa, t.id),
    index('concessions_created_at_id_idx').on(t.createdAt, t.id),
    index('concessions_updated_at_id_idx').on(t.updatedAt, t.id),
    index('concessions_name_trgm').using('gin', t.name.op('gin_trgm_ops')),
    index('concessions_company_trgm').using('gin', t.company.op('gin_trgm_ops')),
    index('concessions_name_km_trgm').using('gin', t.nameKm.op('gin_trgm_ops')),
    check('concessions_boundary_valid', sql`ST_IsValid(boundary)`),
  ],
)

/** Declared areas often differ by source (the ministry's sub-decree vs. an NGO's survey). */
export const concessionDeclaredAreas = pgTable(
  'concession_declared_areas',
  {
    id: id(),
    concessionId: uuid('concession_id')
      .notNull()
      .references(() => concessions.id),
    areaHa: doublePrecision('area_ha').notNull(),
    source: text('source').notNull(),
    sourceUrl: text('source_url'),
    statedOn: date('stated_on'),
    ...rowMeta(),
  },
  (t) => [
    index('concession_declared_areas_concession_idx').on(t.concessionId),
    check('concession_declared_areas_positive', sql`area_ha > 0`),
  ],
)
