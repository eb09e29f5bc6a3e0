// The national-scale data set of issue 13, generated inside the database with set-based SQL so
// that 200,000 parcels take seconds, not the hours row-by-row inserts through the API would. Used
// by `npm run bench:map` and by the browser journey that pans the map over it.
//
// Everything is clustered around the provinces in CLUSTER_PROVINCES (real provinces from
// admin_areas, which must be loaded first): parcels, communities with their territories, incidents
// and most concessions. Random numbers come from random() after setseed(), inside one transaction
// per statement, so the same sizes give the same data on both engines' runs of the same engine.
//
// Polygons are "star-shaped": vertices at increasing angles around a centre with a radius that
// varies but stays positive, which is always a simple (valid) ring, so the tables' CHECK
// (ST_IsValid) constraints hold without any repair.
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../../../db/open.ts'
import {
  COMMUNITY_KINDS,
  COMMUNITY_STATUSES,
  CONCESSION_KINDS,
  INCIDENT_KINDS,
  LAND_USES,
  PERPETRATOR_KINDS,
  SEVERITIES,
  TENURES,
  TITLE_STATUSES,
} from '../../../shared/vocabularies.ts'

export interface MapDataSizes {
  parcels: number
  incidents: number
  communities: number
  concessions: number
}

/** The sizes the issue asks for. */
export const FULL_SIZES: MapDataSizes = { parcels: 200_000, incidents: 100_000, communities: 2_000, concessions: 300 }

/**
 * ISO 3166-2 codes of the provinces the data clusters in (rural provinces with land conflicts).
 * The first is the densest place: the benchmark's viewports are centred on it.
 */
export const CLUSTER_PROVINCES = ['KH-16', 'KH-11', 'KH-6', 'KH-13', 'KH-5', 'KH-9', 'KH-10', 'KH-2'] as const

/** Half the side, in degrees, of the area around a province's centre where its records fall. */
const CLUSTER_HALF_SPAN_DEG = 0.3

/** Rows per INSERT: keeps PGlite's WebAssembly memory bounded (one statement holds its rows). */
const BATCH_ROWS = 12_500

/** The label of parcel number `index` (0-based): fixed width, so a label matches only itself in a `q=` search. */
export const parcelLabel = (index: number) => `P${String(index).padStart(7, '0')}`

const DEFAULT_SEED = 13

export interface GenerationOptions {
  /** Seeds random(): the same seed and sizes give the same data. */
  seed?: number
  /**
   * Batches inserted at once, each on its own connection: 2 on PostgreSQL uses both cores (PGlite
   * has one connection, so 1). The audit triggers are off either way (see withoutLoadTriggers).
   */
  parallel?: number
}

export interface GenerationTimes {
  communitiesMs: number
  concessionsMs: number
  incidentsMs: number
  parcelsMs: number
  totalMs: number
}

const textArray = (values: readonly string[]) => sql.raw(`ARRAY[${values.map((v) => `'${v}'`).join(',')}]`)
/** A random element of a SQL text array literal, cast to the column's enum type. */
const pick = (values: readonly string[], enumType: string) =>
  sql.raw(`(ARRAY[${values.map((v) => `'${v}'`).join(',')}])[1 + floor(random() * ${values.length})::int]::${enumType}`)

/** The centres of the clusters (cluster number c from 0), from the provinces' boundaries. */
const clustersCte = sql`clusters AS (
  SELECT (array_position(${textArray(CLUSTER_PROVINCES)}, code) - 1) AS c, name,
    ST_X(ST_PointOnSurface(boundary)) AS cx, ST_Y(ST_PointOnSurface(boundary)) AS cy
  FROM admin_areas WHERE level = 1 AND code = ANY(${textArray(CLUSTER_PROVINCES)})
)`

/** An offset in degrees, denser near 0 (sum of three uniforms), within ±CLUSTER_HALF_SPAN_DEG. */
const spread = sql.raw(`(${CLUSTER_HALF_SPAN_DEG} * (random() + random() + random() - 1.5) / 1.5)`)

/**
 * A star-shaped polygon around (cx, cy) as a MultiPolygon: `n` vertices, radius `r` degrees of
 * latitude times a factor in [minFactor, 1], longitude scaled by the latitude so shapes are round
 * on the ground. `wobble` adds a smooth bulge (for concessions). Needs `cx, cy, n, r` in scope.
 */
function starPolygon(minFactor: number, wobble = 0) {
  return sql.raw(`(SELECT ST_Multi(ST_MakePolygon(ST_AddPoint(ring, ST_StartPoint(ring)))) FROM (
    SELECT ST_MakeLine(ST_MakePoint(
        cx + r * f * cos(a) / cos(radians(cy)),
        cy + r * f * sin(a)) ORDER BY k) AS ring
    FROM (SELECT k, a, (${minFactor} + (1 - ${minFactor}) * random()) * (1 - ${wobble} + ${wobble} * sin(3 * a + n)) AS f
      FROM (SELECT k, 2 * pi() * (k + 0.8 * random()) / n AS a FROM generate_series(0, n - 1) AS k) angles) vertices
  ) g)`)
}

/** A community's id from its number: an md5 shaped as a version-4 UUID (the API's schemas check the version and variant digits). */
const communityId = (k: string) =>
  sql.raw(`overlay(overlay(md5('dey-bench-community-' || (${k})) placing '4' from 13) placing '8' from 17)::uuid`)

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return performance.now() - started
}

/** Runs a statement with random() seeded, on one connection (setseed is per session). */
function seeded(db: Db, seed: number, statement: ReturnType<typeof sql>) {
  return db.transaction(async (tx) => {
    // setseed takes a value in [-1, 1].
    await tx.execute(sql`SELECT setseed(${(seed % 1000) / 1000})`)
    await tx.execute(statement)
  })
}

/**
 * The audit triggers (one per audited table, `<table>_audit`) are switched off during the load:
 * they hash every row under an advisory lock (1.2 ms a parcel, 31 ms a concession, issue 13) —
 * hours for this data set — and the audit trail proves nothing about generated rows. So are the
 * map's cell-count triggers (`tile_cells_*`): they upsert one shared row per grid cell, and
 * without the audit trail's lock, which serialises every real writer, two batches loading in
 * parallel lock cells in different orders and deadlock; the counts are rebuilt in one statement
 * afterwards (`tile_cell_counts_rebuild()`). Every other trigger (the statistics' dirty cells, the
 * change counters) still runs, and the rows go through normal INSERTs so constraints and
 * generated columns apply. BENCH DATA ONLY: the trail has no entries for these rows. Needs the
 * table owner's rights.
 */
async function withoutLoadTriggers<T>(db: Db, tables: readonly string[], work: () => Promise<T>): Promise<T> {
  const triggers = await queryRows<{ tableName: string; name: string }>(
    db,
    sql`SELECT c.relname AS "tableName", t.tgname AS "name" FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND (t.tgname LIKE '%audit%' OR t.tgname LIKE 'tile\\_cells\\_%') AND t.tgenabled <> 'D' AND c.relname = ANY(${textArray(tables)})`,
  )
  const alter = (action: 'DISABLE' | 'ENABLE') =>
    Promise.all(
      triggers.map((t) => db.execute(sql`ALTER TABLE ${sql.identifier(t.tableName)} ${sql.raw(action)} TRIGGER ${sql.identifier(t.name)}`)),
    )
  await alter('DISABLE')
  try {
    return await work()
  } finally {
    await alter('ENABLE')
    if (triggers.some((t) => t.name.startsWith('tile_cells_'))) await db.execute(sql`SELECT tile_cell_counts_rebuild()`)
  }
}

async function insertCommunities(db: Db, count: number, seed: number) {
  await seeded(
    db,
    seed,
    sql`WITH ${clustersCte},
    base AS (
      SELECT k, cl.name AS province, cl.cx + ${spread} AS cx, cl.cy + ${spread} AS cy,
        12 + floor(random() * 37)::int AS n, 0.01 + 0.02 * random() AS r
      FROM generate_series(0, ${count - 1}) AS k
      JOIN clusters cl ON cl.c = k % ${CLUSTER_PROVINCES.length}
    )
    INSERT INTO communities (id, name, name_km, kind, status, province, households, members, established_year, location, territory)
    SELECT ${communityId('k')}, 'Bench community ' || k, 'សហគមន៍សាកល្បង ' || k,
      ${pick(COMMUNITY_KINDS, 'community_kind')}, ${pick(COMMUNITY_STATUSES, 'community_status')},
      province, 20 + floor(random() * 400)::int, 50 + floor(random() * 1500)::int, 2000 + floor(random() * 26)::int,
      ST_SetSRID(ST_MakePoint(cx, cy), 4326), ST_SetSRID(${starPolygon(0.7)}, 4326)
    FROM base`,
  )
}

/**
 * Concessions of 500–3,000 vertices and about 300–20,000 ha. Two in three lie in the clusters
 * (over parcels); the first, the largest, sits on the densest place. The rest are spread over
 * all provinces.
 */
async function insertConcessions(db: Db, count: number, seed: number) {
  await seeded(
    db,
    seed,
    sql`WITH ${clustersCte},
    provinces AS (SELECT row_number() OVER (ORDER BY code) - 1 AS p, name,
      ST_X(ST_PointOnSurface(boundary)) AS px, ST_Y(ST_PointOnSurface(boundary)) AS py FROM admin_areas WHERE level = 1),
    base AS (
      SELECT m, CASE WHEN m % 3 < 2 THEN cl.name ELSE pr.name END AS province,
        CASE WHEN m = 0 THEN cl.cx WHEN m % 3 < 2 THEN cl.cx + ${spread} ELSE pr.px + 0.1 * (random() - 0.5) END AS cx,
        CASE WHEN m = 0 THEN cl.cy WHEN m % 3 < 2 THEN cl.cy + ${spread} ELSE pr.py + 0.1 * (random() - 0.5) END AS cy,
        500 + floor(random() * 2501)::int AS n,
        CASE WHEN m = 0 THEN 0.05 ELSE 0.01 + 0.04 * random() END AS r
      FROM generate_series(0, ${count - 1}) AS m
      JOIN clusters cl ON cl.c = m % ${CLUSTER_PROVINCES.length}
      JOIN provinces pr ON pr.p = m % 25
    )
    INSERT INTO concessions (name, name_km, kind, company, province, granted_on, boundary_source, boundary)
    SELECT 'Bench concession ' || m, 'សម្បទានសាកល្បង ' || m, ${pick(CONCESSION_KINDS, 'concession_kind')},
      'Bench Company ' || (m % 40), province, date '2005-01-01' + floor(random() * 5000)::int, 'generated for the benchmark',
      ST_SetSRID(${starPolygon(0.85, 0.15)}, 4326)
    FROM base`,
  )
}

/**
 * Runs `work` on the rows [from, to) in batches of BATCH_ROWS, `parallel` at a time (each batch is
 * seeded by its first row, so the data does not depend on the order they run in).
 */
async function inBatches(from: number, to: number, parallel: number, work: (start: number, end: number) => Promise<unknown>) {
  const starts: number[] = []
  for (let start = from; start < to; start += BATCH_ROWS) starts.push(start)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(parallel, starts.length)) }, async () => {
      while (next < starts.length) {
        const start = starts[next++]!
        await work(start, Math.min(to, start + BATCH_ROWS))
      }
    }),
  )
}

async function insertIncidents(db: Db, count: number, communities: number, seed: number, parallel: number) {
  await inBatches(0, count, parallel, (start, end) =>
    seeded(
      db,
      seed + start,
      sql`INSERT INTO incidents (community_id, title, title_km, kind, status, dismissal_reason, severity, perpetrator_kind,
        occurred_at, households_affected, province, location, is_confidential, reported_by)
      SELECT cm.id, 'Bench incident ' || j, 'ហេតុការណ៍សាកល្បង ' || j, ${pick(INCIDENT_KINDS, 'incident_kind')},
        s.status, CASE WHEN s.status = 'dismissed' THEN 'Not a land issue (generated)' END,
        ${pick(SEVERITIES, 'severity')}, ${pick(PERPETRATOR_KINDS, 'perpetrator_kind')},
        timestamptz '2026-12-01 00:00:00+07' - random() * interval '3650 days', floor(random() * 80)::int, cm.province,
        ST_Translate(cm.location, 0.04 * (random() - 0.5), 0.04 * (random() - 0.5)), random() < 0.05, 'benchmark'
      FROM generate_series(${start}::int, ${end - 1}::int) AS j
      JOIN communities cm ON cm.id = ${communityId(`j % ${communities}`)}
      CROSS JOIN LATERAL (SELECT ${pick(['reported', 'verified', 'ongoing', 'resolved', 'dismissed'], 'incident_status')} AS status
        WHERE j IS NOT NULL) s`,
    ),
  )
}

/**
 * Parcels number `from` to `to - 1` (so a data set can grow from 10k to 50k to 200k), of 6–40
 * vertices and about 1–6 ha, each in a community of its cluster.
 */
export async function addParcels(
  db: Db,
  from: number,
  to: number,
  communities: number,
  // The seed generateMapData gives the parcels: grown parcels continue the same data set.
  { seed = DEFAULT_SEED + 3, parallel = 1 }: GenerationOptions = {},
): Promise<number> {
  const clusters = CLUSTER_PROVINCES.length
  return timed(() =>
    withoutLoadTriggers(db, ['parcels'], async () => {
      await inBatches(from, to, parallel, (start, end) =>
        seeded(
          db,
          seed + start,
          sql`WITH ${clustersCte},
          base AS (
            SELECT i, cl.cx + ${spread} AS cx, cl.cy + ${spread} AS cy, 6 + floor(random() * 35)::int AS n,
              0.0006 + 0.0008 * random() AS r,
              ${communityId(`i % ${clusters} + ${clusters} * floor(random() * ${Math.floor(communities / clusters)})::int`)} AS community_id
            FROM generate_series(${start}::int, ${end - 1}::int) AS i
            JOIN clusters cl ON cl.c = i % ${clusters}
          )
          INSERT INTO parcels (community_id, label, holder_name, households, land_use, tenure, title_status, boundary)
          SELECT community_id, 'P' || lpad(i::text, 7, '0'), 'Holder ' || i, 1 + floor(random() * 4)::int,
            ${pick(LAND_USES, 'land_use')}, ${pick(TENURES, 'tenure')},
            (CASE WHEN random() < 0.1 THEN 'disputed' ELSE ${pick(
              TITLE_STATUSES.filter((s) => s !== 'disputed'),
              'text',
            )} END)::title_status,
            ST_SetSRID(${starPolygon(0.7)}, 4326)
          FROM base`,
        ),
      )
      // VACUUM, not only ANALYZE: a bulk load leaves the trigram (GIN) indexes a pending list that
      // makes searches about 5× slower until it is merged.
      await db.execute(sql`VACUUM ANALYZE parcels`)
    }),
  )
}

/**
 * Generates the whole data set into a migrated database that holds admin areas and nothing of
 * the bench's yet. Returns how long each layer took.
 */
export async function generateMapData(
  db: Db,
  sizes: MapDataSizes = FULL_SIZES,
  { seed = DEFAULT_SEED, parallel = 1 }: GenerationOptions = {},
): Promise<GenerationTimes> {
  const [provinces] = await queryRows<{ count: number }>(
    db,
    sql`SELECT count(*)::int AS count FROM admin_areas WHERE level = 1 AND code = ANY(${textArray(CLUSTER_PROVINCES)})`,
  )
  if (provinces?.count !== CLUSTER_PROVINCES.length) throw new Error('generateMapData needs the provinces in admin_areas: load them first')
  if (sizes.communities < CLUSTER_PROVINCES.length)
    throw new Error(`generateMapData needs at least ${CLUSTER_PROVINCES.length} communities`)
  const started = performance.now()
  const times = await withoutLoadTriggers(db, ['communities', 'concessions', 'incidents'], async () => {
    const communitiesMs = await timed(() => insertCommunities(db, sizes.communities, seed))
    const concessionsMs = await timed(() => insertConcessions(db, sizes.concessions, seed + 1))
    const incidentsMs = await timed(() => insertIncidents(db, sizes.incidents, sizes.communities, seed + 2, parallel))
    await db.execute(sql`VACUUM ANALYZE communities`)
    await db.execute(sql`VACUUM ANALYZE concessions`)
    await db.execute(sql`VACUUM ANALYZE incidents`)
    return { communitiesMs, concessionsMs, incidentsMs }
  })
  const parcelsMs = await addParcels(db, 0, sizes.parcels, sizes.communities, { seed: seed + 3, parallel })
  return { ...times, parcelsMs, totalMs: performance.now() - started }
}

/** The centre of the densest place, [lng, lat]: the first cluster's. */
export async function densestPlace(db: Db): Promise<[number, number]> {
  const [row] = await queryRows<{ lng: number; lat: number }>(
    db,
    sql`SELECT ST_X(p) AS lng, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(boundary) AS p FROM admin_areas
      WHERE level = 1 AND code = ${CLUSTER_PROVINCES[0]}) s`,
  )
  if (!row) throw new Error('densestPlace needs the provinces in admin_areas')
  return [Number(row.lng), Number(row.lat)]
}
