// Land figures of /api/stats, kept ahead of time (migration 0011): summing these rows replaces
// unions over every parcel, territory and concession on each dashboard load. Written only by the
// SQL function land_stats_refresh(); triggers on the land tables log what went stale.
import { bigserial, doublePrecision, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/**
 * Areas per grid cell (1/16 degree square) and province; `province` '' holds the cell's figures
 * over every province together. Cells never overlap, so a union's area is the sum of its cells'.
 */
export const landStatsCells = pgTable(
  'land_stats_cells',
  {
    cellX: integer('cell_x').notNull(),
    cellY: integer('cell_y').notNull(),
    province: text('province').notNull(),
    landHa: doublePrecision('land_ha').notNull(),
    disputedHa: doublePrecision('disputed_ha').notNull(),
    concessionOverlapHa: doublePrecision('concession_overlap_ha').notNull(),
  },
  (t) => [primaryKey({ columns: [t.cellX, t.cellY, t.province] }), index('land_stats_cells_province_idx').on(t.province)],
)

/** Counts per community (they add up across communities, unlike areas). */
export const landStatsCommunities = pgTable(
  'land_stats_communities',
  {
    communityId: uuid('community_id').primaryKey(),
    province: text('province').notNull(),
    parcels: integer('parcels').notNull(),
    disputedParcels: integer('disputed_parcels').notNull(),
    territories: integer('territories').notNull(),
  },
  (t) => [index('land_stats_communities_province_idx').on(t.province)],
)

/** Cells whose figures are stale: one row per change, removed by the refresh that covered it. */
export const landStatsDirtyCells = pgTable('land_stats_dirty_cells', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  cellX: integer('cell_x').notNull(),
  cellY: integer('cell_y').notNull(),
  dirtiedAt: timestamp('dirtied_at', { withTimezone: true }).notNull().defaultNow(),
})

/** Communities whose counts are stale, likewise. */
export const landStatsDirtyCommunities = pgTable('land_stats_dirty_communities', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  communityId: uuid('community_id').notNull(),
  dirtiedAt: timestamp('dirtied_at', { withTimezone: true }).notNull().defaultNow(),
})
