// Loads Cambodia's provinces, districts and communes into admin_areas from the geoBoundaries files
// kept in db/data/admin-boundaries (gzip; sources and licences in ATTRIBUTION.md there). This is
// reference data, not demo data: every database gets it, whatever DEY_DEMO says.
import { readFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import { gunzip } from 'node:zlib'
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../open.ts'
import { adminAreas } from '../schema/index.ts'
import { PROVINCE_NAMES_KM } from './province-names.ts'

const gunzipAsync = promisify(gunzip)

export const ADMIN_BOUNDARIES_DIR = new URL('../data/admin-boundaries/', import.meta.url)

/** One file per level; the counts are what the files hold, checked so a truncated copy fails loudly. */
export const ADMIN_BOUNDARY_FILES = [
  { level: 1, file: 'geoBoundaries-KHM-ADM1_simplified.geojson.gz', count: 25 },
  { level: 2, file: 'cambodia-adm2-simplified.geojson.gz', count: 197 },
  { level: 3, file: 'cambodia-adm3-simplified.geojson.gz', count: 1633 },
] as const

/** Features per INSERT: keeps each statement's JSON parameter at a few hundred kilobytes. */
const BATCH_SIZE = 200

/** Any constant: serialises concurrent first starts of several servers on one PostgreSQL. */
const LOAD_LOCK_KEY = 0x0de7_ad01

export interface AdminAreasSummary {
  provinces: number
  districts: number
  communes: number
  /** Boundaries PostGIS found invalid and that were mended with ST_MakeValid. */
  repaired: number
}

interface BoundaryFeature {
  properties: { shapeName: string; shapeISO: string; shapeID: string }
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown }
}

export interface AdminAreaInput {
  name: string
  name_km: string | null
  code: string
  geometry: string
}

export async function hasAdminAreas(db: Db): Promise<boolean> {
  const rows = await db.select({ id: adminAreas.id }).from(adminAreas).limit(1)
  return rows.length > 0
}

/**
 * Inserts every level in one transaction and links each unit to its parent. Does nothing (and
 * returns undefined) when the table already has rows, so it is safe to call at every start.
 */
export async function loadAdminAreas(db: Db): Promise<AdminAreasSummary | undefined> {
  if (await hasAdminAreas(db)) return undefined
  const levels = await Promise.all(ADMIN_BOUNDARY_FILES.map(async (spec) => ({ ...spec, areas: await readLevel(spec) })))

  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOAD_LOCK_KEY})`)
    // Another process may have loaded them while this one waited for the lock.
    if (await hasAdminAreas(tx)) return undefined
    let repaired = 0
    const inserted: number[] = []
    for (const { level, areas } of levels) {
      let count = 0
      for (let start = 0; start < areas.length; start += BATCH_SIZE) {
        const batch = await insertAdminAreas(tx, level, areas.slice(start, start + BATCH_SIZE))
        count += batch.inserted
        repaired += batch.repaired
      }
      // PGlite swallows GEOS errors: a boundary that failed to parse or repair would just be missing.
      if (count !== areas.length) {
        throw new Error(`admin areas level ${level}: inserted ${count} of ${areas.length} boundaries`)
      }
      inserted.push(count)
      if (level > 1) await linkToParents(tx, level)
    }
    return { provinces: inserted[0]!, districts: inserted[1]!, communes: inserted[2]!, repaired }
  })
}

async function readLevel({ level, file, count }: (typeof ADMIN_BOUNDARY_FILES)[number]): Promise<AdminAreaInput[]> {
  const text = (await gunzipAsync(await readFile(new URL(file, ADMIN_BOUNDARIES_DIR)))).toString('utf8')
  const features = (JSON.parse(text) as { features: BoundaryFeature[] }).features
  if (features.length !== count) throw new Error(`${file}: expected ${count} features, found ${features.length}`)
  return features.map(({ properties, geometry }) => {
    // Provinces are known by their ISO 3166-2 code; districts and communes have none in the files.
    const code = level === 1 ? properties.shapeISO : properties.shapeID
    if (!code) throw new Error(`${file}: ${properties.shapeName} has no code`)
    const nameKm = level === 1 ? PROVINCE_NAMES_KM[code] : undefined
    if (level === 1 && !nameKm) throw new Error(`${file}: no Khmer name for province ${code} ${properties.shapeName}`)
    return { name: properties.shapeName.trim(), name_km: nameKm ?? null, code, geometry: JSON.stringify(geometry) }
  })
}

/**
 * The CHECK on admin_areas requires valid geometry: an invalid ring is repaired in SQL with
 * ST_MakeValid, keeping only its polygons (it may also return lines or points) as a MultiPolygon.
 */
export async function insertAdminAreas(tx: Db, level: number, areas: AdminAreaInput[]) {
  const [result] = await queryRows<{ inserted: number; repaired: number }>(
    tx,
    sql`WITH input AS (
          SELECT r.name, r.name_km, r.code, ST_SetSRID(ST_GeomFromGeoJSON(r.geometry), 4326) AS g
          FROM json_to_recordset(${JSON.stringify(areas)}::json) AS r(name text, name_km text, code text, geometry text)
        ), checked AS (
          SELECT input.*, ST_IsValid(g) AS is_valid FROM input
        ), inserted AS (
          INSERT INTO admin_areas (level, name, name_km, code, boundary)
          SELECT ${level}, name, name_km, code,
                 CASE WHEN is_valid THEN ST_Multi(g) ELSE ST_Multi(ST_CollectionExtract(ST_MakeValid(g), 3)) END
          FROM checked
          RETURNING id
        )
        SELECT (SELECT count(*)::int FROM inserted) AS inserted,
               (SELECT count(*)::int FROM checked WHERE NOT is_valid) AS repaired`,
  )
  return result ?? { inserted: 0, repaired: 0 }
}

/**
 * The files carry no parent key, so a unit's parent is the unit one level up that contains a point
 * surely inside it (ST_PointOnSurface; a centroid can fall outside a crescent-shaped district).
 * Provinces and districts come from different sources (OSM, ODC) whose borders do not match
 * exactly; a unit whose point falls in no parent (none does in the current files) gets the
 * nearest one instead of none.
 */
async function linkToParents(tx: Db, level: number) {
  await tx.execute(sql`
    UPDATE admin_areas child SET parent_id = (
      SELECT parent.id FROM admin_areas parent
      WHERE parent.level = ${level - 1} AND ST_Contains(parent.boundary, ST_PointOnSurface(child.boundary))
      ORDER BY parent.code LIMIT 1)
    WHERE child.level = ${level}`)
  await tx.execute(sql`
    UPDATE admin_areas child SET parent_id = (
      SELECT parent.id FROM admin_areas parent
      WHERE parent.level = ${level - 1}
      ORDER BY ST_Distance(parent.boundary, ST_PointOnSurface(child.boundary)), parent.code LIMIT 1)
    WHERE child.level = ${level} AND child.parent_id IS NULL`)
  const [orphans] = await queryRows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM admin_areas WHERE level = ${level} AND parent_id IS NULL`,
  )
  if (orphans?.n) throw new Error(`admin areas level ${level}: ${orphans.n} units found no parent`)
}
