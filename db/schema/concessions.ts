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
    index('concessions_name_trgm').using('gin', t.name.op('gin_trgm_ops')),
    index('concessions_company_trgm').using('gin', t.company.op('gin_trgm_ops')),
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
