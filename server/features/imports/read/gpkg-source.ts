// GeoPackage with sql.js (SQLite compiled to WebAssembly): one layer per `features` table of
// gpkg_contents; geometries are GeoPackageBinary (a small header, then WKB, parsed with wkx) and are
// reprojected by their srs_id's definition in gpkg_spatial_ref_sys. sql.js holds the whole database in
// memory, so a GeoPackage is limited by memory in a way the other formats are not; rows are still
// converted one at a time.
import { readFile } from 'node:fs/promises'
import initSqlJs, { type Database, type SqlValue } from 'sql.js'
import wkx from 'wkx'
import type { ImportCrs } from '../../../../shared/imports.ts'
import { type CrsDefinition, createReprojection, crsFromWkt, describeCrs, findKnownCrs, isDegreeBox, WGS84 } from './crs.ts'
import { normalizeGeometry } from './geometry.ts'
import { createInvalidFileError, createUnknownCrsError } from './imports-read.errors.ts'
import { AppError } from '../../../lib/app-error.ts'
import {
  normalizeProperties,
  type OpenedSource,
  type ReadFeature,
  type ResolvedOptions,
  type SourceLayer,
  unknownCrsLayer,
} from './source.ts'

let sqlJs: ReturnType<typeof initSqlJs> | null = null

interface LayerRow {
  tableName: string
  identifier: string | null
  srsId: number
  column: string
  minX: number | null
  minY: number | null
  maxX: number | null
  maxY: number | null
}

export async function openGeoPackage(path: string, options: ResolvedOptions): Promise<OpenedSource> {
  sqlJs ??= initSqlJs()
  const SQL = await sqlJs
  let db: Database
  try {
    db = new SQL.Database(await readFile(path))
    db.exec('SELECT 1 FROM gpkg_contents LIMIT 1')
  } catch (error) {
    throw createInvalidFileError('gpkg', `not a GeoPackage (${error instanceof Error ? error.message : String(error)})`)
  }
  try {
    const rows = query(
      db,
      `SELECT c.table_name, c.identifier, g.srs_id, g.column_name, c.min_x, c.min_y, c.max_x, c.max_y
       FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
       WHERE c.data_type = 'features' ORDER BY c.table_name`,
    ).map((row): LayerRow => ({
      tableName: String(row[0]),
      identifier: row[1] === null ? null : String(row[1]),
      srsId: Number(row[2]),
      column: String(row[3]),
      minX: row[4] as number | null,
      minY: row[5] as number | null,
      maxX: row[6] as number | null,
      maxY: row[7] as number | null,
    }))
    const layers = rows.map((row) => openLayer(db, row, options))
    return { format: 'gpkg', layers, close: async () => db.close() }
  } catch (error) {
    db.close()
    throw error
  }
}

function query(db: Database, sql: string, params: SqlValue[] = []): SqlValue[][] {
  const statement = db.prepare(sql, params)
  const rows: SqlValue[][] = []
  try {
    while (statement.step()) rows.push(statement.get())
  } finally {
    statement.free()
  }
  return rows
}

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`

function openLayer(db: Database, row: LayerRow, options: ResolvedOptions): SourceLayer {
  const warnings: string[] = []
  const name = row.identifier ?? row.tableName
  const count = async () => Number(query(db, `SELECT COUNT(*) FROM ${quoteIdentifier(row.tableName)}`)[0]?.[0] ?? 0)
  let resolved: ReturnType<typeof resolveCrs>
  try {
    resolved = resolveCrs(db, row, options, warnings)
  } catch (error) {
    if (error instanceof AppError && error.code === 'import.unknown_crs')
      return unknownCrsLayer(name, error, { encoding: null, warnings, count })
    throw error
  }
  const { crs, crsInfo } = resolved
  const reproject = createReprojection(crs)
  const fid = query(db, `SELECT name FROM pragma_table_info(?) WHERE pk > 0`, [row.tableName])[0]?.[0]

  async function* features(): AsyncGenerator<ReadFeature> {
    const statement = db.prepare(`SELECT * FROM ${quoteIdentifier(row.tableName)}${fid ? ` ORDER BY ${quoteIdentifier(String(fid))}` : ''}`)
    try {
      for (let index = 0; statement.step(); index++) {
        const record = statement.getAsObject()
        const { [row.column]: blob, ...attributes } = record
        const parsed = parseGeoPackageBinary(blob)
        const { geometry, problem } = parsed.problem
          ? { geometry: null, problem: parsed.problem }
          : normalizeGeometry(parsed.geometry, reproject)
        yield { index, geometry, properties: normalizeProperties(attributes), ...(problem ? { problems: [problem] } : {}) }
      }
    } finally {
      statement.free()
    }
  }
  return { name, crs: crsInfo, encoding: null, warnings, features, count }
}

function resolveCrs(db: Database, row: LayerRow, options: ResolvedOptions, warnings: string[]): { crs: CrsDefinition; crsInfo: ImportCrs } {
  if (options.crs) return { crs: options.crs, crsInfo: describeCrs(options.crs, 'option') }
  const srs = query(db, 'SELECT srs_name, organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?', [
    row.srsId,
  ])[0]
  const [srsName, organization, code, definition] = srs ?? []
  const known = String(organization).toUpperCase() === 'EPSG' ? findKnownCrs(Number(code)) : row.srsId === 4326 ? WGS84 : null
  if (known) return { crs: known, crsInfo: describeCrs(known, 'file') }
  const fromWkt = typeof definition === 'string' && definition !== 'undefined' ? crsFromWkt(definition) : null
  if (fromWkt) {
    if (fromWkt.warning) warnings.push(fromWkt.warning)
    return { crs: fromWkt, crsInfo: describeCrs(fromWkt, 'file') }
  }
  const box = [row.minX, row.minY, row.maxX, row.maxY]
  // srs_id 0 and -1 are the GeoPackage's "undefined geographic" and "undefined Cartesian" systems.
  if (box.every((n) => typeof n === 'number') && isDegreeBox(box as number[]) && row.srsId <= 0) {
    warnings.push(
      `Coordinates taken as WGS 84 longitude/latitude: the layer's coordinate system (${String(srsName ?? row.srsId)}) is undefined`,
    )
    return { crs: WGS84, crsInfo: describeCrs(WGS84, 'assumed') }
  }
  throw createUnknownCrsError(
    row.identifier ?? row.tableName,
    `its coordinate system ${String(srsName ?? row.srsId)} (srs_id ${row.srsId}) is not one Dey can use`,
    box.every((n) => typeof n === 'number') ? (box as number[]) : null,
  )
}

/** Envelope sizes in bytes by the header's envelope indicator (flags bits 1–3). */
const ENVELOPE_BYTES = [0, 32, 48, 48, 64]

/** GeoPackageBinary: "GP", version, flags, srs_id, an optional envelope, then standard or ISO WKB. */
function parseGeoPackageBinary(value: unknown): { geometry: unknown; problem?: { code: string; message: string } } {
  if (value === null || value === undefined) return { geometry: null }
  if (!(value instanceof Uint8Array) || value.length < 8 || value[0] !== 0x47 || value[1] !== 0x50) {
    return { geometry: null, problem: { code: 'feature.invalid_geometry', message: 'the geometry is not GeoPackage binary' } }
  }
  const flags = value[3]!
  if (flags & 0b10000) return { geometry: null } // the empty-geometry flag
  const envelopeBytes = ENVELOPE_BYTES[(flags >> 1) & 0b111]
  if (envelopeBytes === undefined)
    return { geometry: null, problem: { code: 'feature.invalid_geometry', message: 'unknown envelope in the GeoPackage geometry header' } }
  try {
    return {
      geometry: wkx.Geometry.parse(
        Buffer.from(value.buffer, value.byteOffset + 8 + envelopeBytes, value.length - 8 - envelopeBytes),
      ).toGeoJSON(),
    }
  } catch (error) {
    return {
      geometry: null,
      problem: { code: 'feature.invalid_geometry', message: `unreadable WKB (${error instanceof Error ? error.message : String(error)})` },
    }
  }
}
