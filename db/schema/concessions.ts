import { sql } from 'drizzle-orm'
import { check, date, doublePrecision, index, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { id, multiPolygon, point, rowMeta, softDelete } from '../columns.ts'
import { importProvenance, importProvenanceIndexes } from './imports.ts'
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
    // Many concessions are published only as a point with a declared area (ODC's ELC data): such
    // a record has a location and no boundary until someone maps it. Overlap analysis never
    // guesses a shape from the point; it says the boundary is unknown.
    boundary: multiPolygon('boundary'),
    location: point('location'),
    areaHa: doublePrecision('area_ha').generatedAlwaysAs(sql`ST_Area(boundary::geography) / 10000`),
    /** The list's sort by area needs a NOT NULL key: a concession whose boundary is unknown sorts as 0 ha. */
    areaSortHa: doublePrecision('area_sort_ha')
      .notNull()
      .generatedAlwaysAs(sql`coalesce(ST_Area(boundary::geography) / 10000, 0)`),
    ...importProvenance(),
    ...rowMeta(),
    ...softDelete(),
  },
  (t) => [
    index('concessions_boundary_gist').using('gist', t.boundary),
    index('concessions_location_gist').using('gist', t.location),
    index('concessions_kind_idx').on(t.kind),
    // Every sort the list offers reads a (column, id) index in order: no sort step, O(page) keyset pages.
    index('concessions_name_id_idx').on(t.name, t.id),
    index('concessions_area_sort_ha_id_idx').on(t.areaSortHa, t.id),
    index('concessions_created_at_id_idx').on(t.createdAt, t.id),
    index('concessions_updated_at_id_idx').on(t.updatedAt, t.id),
    index('concessions_name_trgm').using('gin', t.name.op('gin_trgm_ops')),
    index('concessions_company_trgm').using('gin', t.company.op('gin_trgm_ops')),
    index('concessions_name_km_trgm').using('gin', t.nameKm.op('gin_trgm_ops')),
    check('concessions_boundary_valid', sql`boundary IS NULL OR ST_IsValid(boundary)`),
    check('concessions_has_place', sql`boundary IS NOT NULL OR location IS NOT NULL`),
    ...importProvenanceIndexes('concessions', t),
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
