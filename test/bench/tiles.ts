// Vector-tile latency and size at national scale (issue 13), on PostgreSQL, both producers.
//   node --import tsx test/bench/tiles.ts postgres://postgres@127.0.0.1:5432/<scratch database>
// BENCH_PRODUCERS=database (or node) measures one producer only.
// The database is migrated and, when empty, filled with 200,000 parcels (8–40 vertices) and
// 100,000 incidents clustered in five provinces, 2,000 communities and 300 concessions of ~1,000
// vertices (triggers off while loading: the audit trail is not what is measured here).
import { sql } from 'drizzle-orm'
import { migrateDatabase } from '../../db/migrate.ts'
import { openDatabase, queryRows } from '../../db/open.ts'
import type { TileLayer } from '../../shared/tiles.ts'
import type { Viewer } from '../../server/lib/policy.ts'
import { renderTile, type TileProducer } from '../../server/features/tiles/tiles.service.ts'

const url = process.argv[2]
if (!url) throw new Error('usage: tiles.ts postgres://…/<scratch database>')
const database = await openDatabase({ databaseUrl: url })
const { db } = database
await migrateDatabase(database)

const CENTRES = [
  [104.3, 11.45],
  [107.0, 13.7],
  [104.9, 13.8],
  [106.0, 12.5],
  [103.5, 11.6],
]
const centres = sql.raw(`(VALUES ${CENTRES.map(([lon, lat], i) => `(${i}, ${lon}, ${lat})`).join(', ')}) AS c(i, lon, lat)`)

const [{ parcels } = { parcels: 0 }] = await queryRows<{ parcels: number }>(db, sql`SELECT count(*)::int AS parcels FROM parcels`)
if (parcels === 0) {
  const started = performance.now()
  await db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL session_replication_role = replica`)
    await tx.execute(sql`INSERT INTO communities (name, kind, province, location, territory)
      SELECT 'Community ' || g, 'land_community', 'Province ' || c.i,
        ST_SetSRID(ST_MakePoint(c.lon + (random() - 0.5) * 0.8, c.lat + (random() - 0.5) * 0.8), 4326),
        ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(c.lon + (random() - 0.5) * 0.8, c.lat + (random() - 0.5) * 0.8), 4326), 0.01, 8))
      FROM generate_series(1, 2000) g JOIN ${centres} ON c.i = g % 5`)
    await tx.execute(sql`INSERT INTO parcels (community_id, label, title_status, boundary)
      SELECT (SELECT id FROM communities ORDER BY id OFFSET (g % 2000) LIMIT 1), 'P-' || g,
        (CASE WHEN g % 7 = 0 THEN 'disputed' ELSE 'none' END)::title_status,
        ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(c.lon + (random() - 0.5) * 0.8, c.lat + (random() - 0.5) * 0.8), 4326),
          0.0005 + random() * 0.001, 2 + (g % 9)))
      FROM generate_series(1, 200000) g JOIN ${centres} ON c.i = g % 5`)
    await tx.execute(sql`INSERT INTO incidents (title, kind, severity, occurred_at, province, location, community_id, is_confidential)
      SELECT 'Incident ' || g, 'encroachment', (ARRAY['low','medium','high','critical'])[1 + g % 4]::severity,
        now() - (g || ' hours')::interval, 'Province ' || c.i,
        ST_SetSRID(ST_MakePoint(c.lon + (random() - 0.5) * 1.2, c.lat + (random() - 0.5) * 1.2), 4326), NULL, g % 10 = 0
      FROM generate_series(1, 100000) g JOIN ${centres} ON c.i = g % 5`)
    await tx.execute(sql`INSERT INTO concessions (name, kind, company, province, boundary)
      SELECT 'ELC ' || g, 'elc', 'Company ' || g, 'Province ' || c.i,
        ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(c.lon + (random() - 0.5) * 1.5, c.lat + (random() - 0.5) * 1.5), 4326), 0.03 + random() * 0.05, 250))
      FROM generate_series(1, 300) g JOIN ${centres} ON c.i = g % 5`)
    // The triggers were off: the map's low-zoom cells from the rows.
    await tx.execute(sql`SELECT tile_cell_counts_rebuild()`)
  })
  await db.execute(sql`ANALYZE`)
  console.log(`loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`)
}

const admin: Viewer = { id: '00000000-0000-0000-0000-000000000000', role: 'admin', displayName: 'bench', communityIds: [] }
const lonToTile = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z)
const latToTile = (lat: number, z: number) => {
  const rad = (lat * Math.PI) / 180
  return Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z)
}

const LAYERS: TileLayer[] = ['incidents', 'parcels', 'concessions', 'communities', 'territories']
const ZOOMS = [6, 8, 10, 12, 14]
const [lon, lat] = CENTRES[0] as [number, number]
const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.ceil(q * values.length) - 1]!
const PRODUCERS = (process.env.BENCH_PRODUCERS?.split(',') ?? ['database', 'node']) as TileProducer[]

console.log('layer        z  producer   p50 ms   p95 ms   max ms   bytes (centre tile of a dense province, 3×3 tiles, 3 rounds)')
for (const layer of LAYERS)
  for (const z of ZOOMS)
    for (const producer of PRODUCERS) {
      const times: number[] = []
      let bytes = 0
      for (let round = 0; round < 3; round++)
        for (let dx = -1; dx <= 1; dx++)
          for (let dy = -1; dy <= 1; dy++) {
            const tile = { layer, z, x: lonToTile(lon, z) + dx, y: latToTile(lat, z) + dy }
            const started = performance.now()
            const body = await renderTile(db, producer, admin, tile, {})
            times.push(performance.now() - started)
            if (dx === 0 && dy === 0) bytes = body.byteLength
          }
      console.log(
        `${layer.padEnd(12)} ${String(z).padStart(2)} ${producer.padEnd(9)} ${quantile(times, 0.5).toFixed(1).padStart(8)} ${quantile(
          times,
          0.95,
        )
          .toFixed(1)
          .padStart(8)} ${Math.max(...times)
          .toFixed(1)
          .padStart(8)} ${String(bytes).padStart(9)}`,
      )
    }
await database.close()
