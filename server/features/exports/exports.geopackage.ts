// GeoPackage (OGC 12-128r18, version 1.3): an SQLite file, written with sql.js (SQLite compiled to
// WebAssembly, so no native build). One feature table per geometry type, like the shapefiles, in
// WGS 84 (EPSG:4326); geometries are GeoPackageBinary: a small header with the envelope, then
// standard WKB (from wkx).
import type { Geometry } from 'geojson'
import initSqlJs from 'sql.js'
import wkx from 'wkx'
import { asMulti, cellText, kindOf, tableNames, type GeometryKind } from './exports.format.ts'
import type { Column, LayerExport } from './exports.layers.ts'

type SqlJs = Awaited<ReturnType<typeof initSqlJs>>
let sqlJs: Promise<SqlJs> | undefined

const GEOMETRY_TYPE_NAMES: Record<GeometryKind, string> = {
  point: 'POINT',
  multipoint: 'MULTIPOINT',
  line: 'MULTILINESTRING',
  polygon: 'MULTIPOLYGON',
}

const SQL_TYPES: Record<Column['type'], string> = {
  integer: 'INTEGER',
  real: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'DATETIME',
  text: 'TEXT',
}

const WGS84_WKT =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]'

export async function geoPackage(layer: LayerExport): Promise<Buffer> {
  const SQL = await (sqlJs ??= initSqlJs())
  const db = new SQL.Database()
  try {
    createMetadataTables(db)
    const tables = new Map<GeometryKind, { name: string; insert: ReturnType<typeof db.prepare>; bbox: number[] }>()
    const kindsSeen: GeometryKind[] = []
    const openTable = (kind: GeometryKind) => {
      // Named for good once it is known how many kinds the layer has (tableNames), at the end.
      const name = `${layer.layer}__${kind}`
      createFeatureTable(db, name, layer.columns)
      const placeholders = layer.columns.map(() => ', ?').join('')
      const columns = layer.columns.map((column) => `, ${quote(column.name)}`).join('')
      const insert = db.prepare(`INSERT INTO ${quote(name)} (geom${columns}) VALUES (?${placeholders})`)
      tables.set(kind, { name, insert, bbox: [Infinity, Infinity, -Infinity, -Infinity] })
      kindsSeen.push(kind)
    }

    db.run('BEGIN')
    for await (const features of layer.pages) {
      for (const feature of features) {
        const kind = kindOf(feature.geometry)
        if (!tables.has(kind)) openTable(kind)
        insertRow(
          tables.get(kind)!,
          feature.geometry,
          layer.columns.map((column) => sqlValue(column, feature.properties[column.name])),
        )
      }
    }
    if (kindsSeen.length === 0) openTable(layer.defaultKind)

    const names = tableNames(layer.layer, kindsSeen)
    for (const [kind, table] of tables) {
      table.insert.free()
      const name = names.get(kind)!
      db.run(`ALTER TABLE ${quote(table.name)} RENAME TO ${quote(name)}`)
      const [west, south, east, north] = table.bbox.every(Number.isFinite) ? table.bbox : [null, null, null, null]
      db.run(
        `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id)
         VALUES (?, 'features', ?, ?, ?, ?, ?, ?, 4326)`,
        [name, name, layer.attribution ?? `Dey: ${layer.layer}`, west!, south!, east!, north!],
      )
      db.run(`INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, 4326, 0, 0)`, [name, GEOMETRY_TYPE_NAMES[kind]])
    }
    db.run('COMMIT')
    return Buffer.from(db.export())
  } finally {
    db.close()
  }
}

function insertRow(
  table: { insert: { run(values: (string | number | Uint8Array | null)[]): void }; bbox: number[] },
  geometry: Geometry,
  values: (string | number | null)[],
) {
  const { bytes, bbox } = geoPackageBinary(asMulti(geometry))
  table.bbox = [
    Math.min(table.bbox[0]!, bbox[0]),
    Math.min(table.bbox[1]!, bbox[1]),
    Math.max(table.bbox[2]!, bbox[2]),
    Math.max(table.bbox[3]!, bbox[3]),
  ]
  table.insert.run([bytes, ...values])
}

function sqlValue(column: Column, value: unknown): string | number | null {
  if (value == null) return null
  if (column.type === 'boolean') return value ? 1 : 0
  if ((column.type === 'integer' || column.type === 'real') && typeof value === 'number') return value
  return cellText(value)
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`

/** GeoPackageBinary: magic "GP", version 0, flags (little-endian, xy envelope), srs_id, envelope, WKB. */
function geoPackageBinary(geometry: Geometry): { bytes: Uint8Array; bbox: [number, number, number, number] } {
  const bbox = envelopeOf(geometry)
  const header = Buffer.alloc(8 + 32)
  header.write('GP', 0, 'ascii')
  header.writeUInt8(0, 2)
  header.writeUInt8(0b0000_0011, 3)
  header.writeInt32LE(4326, 4)
  // The envelope is minx, maxx, miny, maxy (not a bbox's west, south, east, north order).
  header.writeDoubleLE(bbox[0], 8)
  header.writeDoubleLE(bbox[2], 16)
  header.writeDoubleLE(bbox[1], 24)
  header.writeDoubleLE(bbox[3], 32)
  const wkb = wkx.Geometry.parseGeoJSON(geometry).toWkb()
  return { bytes: Buffer.concat([header, wkb]), bbox }
}

function envelopeOf(geometry: Geometry): [number, number, number, number] {
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity]
  const visit = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === 'number') {
      bbox[0] = Math.min(bbox[0], value[0])
      bbox[1] = Math.min(bbox[1], value[1] as number)
      bbox[2] = Math.max(bbox[2], value[0])
      bbox[3] = Math.max(bbox[3], value[1] as number)
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item)
    }
  }
  if (geometry.type === 'GeometryCollection') throw new Error('a geometry collection has no one GeoPackage type')
  visit(geometry.coordinates)
  return bbox
}

/** The tables every GeoPackage has (spec §1.1.2, §1.1.3, §2.1.5), and its SQLite application id. */
function createMetadataTables(db: InstanceType<SqlJs['Database']>) {
  db.run(`PRAGMA application_id = 1196444487; PRAGMA user_version = 10300;
    CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
      organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
    CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
      description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
      min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
      CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
    CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
      srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
      CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
      CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
      CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));`)
  db.run(
    `INSERT INTO gpkg_spatial_ref_sys VALUES
    ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
    ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
    ('WGS 84 geodetic', 4326, 'EPSG', 4326, ?, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')`,
    [WGS84_WKT],
  )
}

function createFeatureTable(db: InstanceType<SqlJs['Database']>, name: string, columns: Column[]) {
  const fields = columns.map((column) => `${quote(column.name)} ${SQL_TYPES[column.type]}`)
  db.run(
    `CREATE TABLE ${quote(name)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom GEOMETRY${fields.map((f) => `, ${f}`).join('')})`,
  )
}
