import { bigint, doublePrecision, integer, pgTable, primaryKey, smallint, text } from 'drizzle-orm/pg-core'

/**
 * A change counter per table, bumped by a statement-level trigger on every write (migration 0012):
 * the map's vector tiles derive their ETag from the counters of the tables they read.
 */
export const tableVersions = pgTable('table_versions', {
  tableName: text('table_name').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
})

/**
 * The map's low-zoom counts, kept by row triggers in the writer's transaction (migration 0013):
 * per layer, per cell of a fixed Web-Mercator grid (`gx`, `gy`: the tile of zoom
 * tile_cell_grid_zoom(layer) holding the record's anchor point) and per `class` (incidents: severity
 * rank × 2 + 1 when confidential; parcels: 0), the number of live records and the sums the tile's
 * cells show. A tile's cell is a block of these cells, so its figures are sums of rows.
 */
export const tileCellCounts = pgTable(
  'tile_cell_counts',
  {
    layer: text('layer').notNull(),
    gx: integer('gx').notNull(),
    gy: integer('gy').notNull(),
    class: smallint('class').notNull(),
    count: integer('count').notNull(),
    sumX: doublePrecision('sum_x').notNull(),
    sumY: doublePrecision('sum_y').notNull(),
    areaHa: doublePrecision('area_ha').notNull(),
    disputedHa: doublePrecision('disputed_ha').notNull(),
  },
  (t) => [primaryKey({ columns: [t.layer, t.gx, t.gy, t.class] })],
)
