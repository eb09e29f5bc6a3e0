// Zipped Shapefiles: one .shp/.shx/.dbf/.prj/.cpg set per geometry type (a shapefile holds one),
// with field names cut to dBASE's 10 characters and kept unique, and a README.txt that maps them
// back to Dey's field names (and carries the data's attribution).
//
// The attribute table (.dbf) is written by dbffile, which encodes text as UTF-8 (declared in the
// .cpg). The geometry (.shp, .shx) is written here from the ESRI Shapefile Technical Description
// (1998): the JavaScript writers (shp-write and its forks) write polygon rings in the order they
// come, where a shapefile needs outer rings clockwise and holes counter-clockwise, and they also
// encode the DBF one byte per UTF-16 unit, which garbles Khmer.
import { ZipArchive } from 'archiver'
import { DBFFile, type FieldDescriptor } from 'dbffile'
import type { Geometry, Position } from 'geojson'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { asMulti, cellText, kindOf, tableNames, type GeometryKind } from './exports.format.ts'
import type { Column, LayerExport } from './exports.layers.ts'

/** WGS 84 as ESRI writes it in a .prj (GDAL and QGIS identify it as EPSG:4326). */
export const WGS84_PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'

const SHAPE_TYPES: Record<GeometryKind, number> = { point: 1, line: 3, polygon: 5, multipoint: 8 }
/** A dBASE character field holds at most 254 bytes. */
const MAX_TEXT_BYTES = 254

type Bbox = [number, number, number, number]

interface ShapeSet {
  /** Each record's content (without its 8-byte record header). */
  contents: Buffer[]
  bbox: Bbox
  rows: Record<string, string | number | boolean | null>[]
}

export async function shapefileZip(layer: LayerExport): Promise<Readable> {
  const fields = dbfFields(layer.columns)
  const sets = new Map<GeometryKind, ShapeSet>()
  for await (const features of layer.pages) {
    for (const feature of features) {
      const kind = kindOf(feature.geometry)
      let set = sets.get(kind)
      if (!set) sets.set(kind, (set = { contents: [], bbox: [Infinity, Infinity, -Infinity, -Infinity], rows: [] }))
      const { content, bbox } = shapeContent(kind, asMulti(feature.geometry))
      set.contents.push(content)
      set.bbox = union(set.bbox, bbox)
      set.rows.push(Object.fromEntries(fields.map((field) => [field.short, dbfValue(field.column, feature.properties[field.column.name])])))
    }
  }
  if (sets.size === 0) sets.set(layer.defaultKind, { contents: [], bbox: [0, 0, 0, 0], rows: [] })
  const names = tableNames(layer.layer, [...sets.keys()])

  const dir = await mkdtemp(path.join(os.tmpdir(), 'dey-shp-'))
  try {
    const zip = new ZipArchive({ zlib: { level: 6 } })
    for (const [kind, set] of sets) {
      const name = names.get(kind)!
      const { shp, shx } = shapeFiles(SHAPE_TYPES[kind], set)
      zip.append(shp, { name: `${name}.shp` })
      zip.append(shx, { name: `${name}.shx` })
      zip.append(await dbfFile(path.join(dir, `${name}.dbf`), fields, set.rows), { name: `${name}.dbf` })
      zip.append(WGS84_PRJ, { name: `${name}.prj` })
      zip.append('UTF-8', { name: `${name}.cpg` })
    }
    zip.append(readme(layer, fields), { name: 'README.txt' })
    void zip.finalize()
    return zip
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

interface DbfField {
  column: Column
  /** The name in the .dbf: at most 10 characters, unique ignoring case. */
  short: string
  descriptor: FieldDescriptor
}

function dbfFields(columns: Column[]): DbfField[] {
  const taken = new Set<string>()
  return columns.map((column) => {
    let short = column.name.slice(0, 10)
    for (let n = 1; taken.has(short.toUpperCase()); n++) short = `${column.name.slice(0, 10 - String(n).length - 1)}_${n}`
    taken.add(short.toUpperCase())
    const descriptor: FieldDescriptor =
      column.type === 'integer'
        ? { name: short, type: 'N', size: 18, decimalPlaces: 0 }
        : column.type === 'real'
          ? { name: short, type: 'N', size: 20, decimalPlaces: 8 }
          : column.type === 'boolean'
            ? { name: short, type: 'L', size: 1 }
            : // Dates stay ISO 8601 text: dBASE's D type has no time and no time zone.
              { name: short, type: 'C', size: 1 }
    return { column, short, descriptor }
  })
}

function dbfValue(column: Column, value: unknown): string | number | boolean | null {
  if (value == null) return null
  if (column.type === 'integer' || column.type === 'real') return typeof value === 'number' ? Number(value.toFixed(8)) : null
  if (column.type === 'boolean') return typeof value === 'boolean' ? value : null
  const text = cellText(value)
  return text === null ? null : truncateUtf8(text, MAX_TEXT_BYTES)
}

/** At most `maxBytes` of UTF-8, cut before a character, never inside one. */
function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8')
  if (bytes.length <= maxBytes) return text
  let end = maxBytes
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--
  return bytes.subarray(0, end).toString('utf8')
}

async function dbfFile(file: string, fields: DbfField[], rows: ShapeSet['rows']): Promise<Buffer> {
  // Text fields as wide as their longest value, in bytes.
  const descriptors = fields.map((field) => {
    if (field.descriptor.type !== 'C') return field.descriptor
    const widest = rows.reduce((max, row) => Math.max(max, Buffer.byteLength(String(row[field.short] ?? ''), 'utf8')), 1)
    return { ...field.descriptor, size: Math.min(widest, MAX_TEXT_BYTES) }
  })
  const dbf = await DBFFile.create(file, descriptors, { encoding: 'utf-8' })
  for (let start = 0; start < rows.length; start += 5000) await dbf.appendRecords(rows.slice(start, start + 5000))
  return readFile(file)
}

function shapeContent(kind: GeometryKind, geometry: Geometry): { content: Buffer; bbox: Bbox } {
  if (kind === 'point' && geometry.type === 'Point') {
    const content = Buffer.alloc(20)
    content.writeInt32LE(SHAPE_TYPES.point, 0)
    content.writeDoubleLE(geometry.coordinates[0]!, 4)
    content.writeDoubleLE(geometry.coordinates[1]!, 12)
    const [x, y] = geometry.coordinates as [number, number]
    return { content, bbox: [x, y, x, y] }
  }
  if (geometry.type === 'MultiPoint') {
    const points = geometry.coordinates
    const bbox = boundsOf(points)
    const content = Buffer.alloc(40 + 16 * points.length)
    content.writeInt32LE(SHAPE_TYPES.multipoint, 0)
    writeBbox(content, 4, bbox)
    content.writeInt32LE(points.length, 36)
    points.forEach((p, i) => writePoint(content, 40 + 16 * i, p))
    return { content, bbox }
  }
  const parts =
    geometry.type === 'MultiPolygon'
      ? geometry.coordinates.flatMap((rings) => rings.map((ring, i) => oriented(ring, i === 0)))
      : geometry.type === 'MultiLineString'
        ? geometry.coordinates
        : []
  const points = parts.flat()
  const bbox = boundsOf(points)
  const content = Buffer.alloc(44 + 4 * parts.length + 16 * points.length)
  content.writeInt32LE(SHAPE_TYPES[kind], 0)
  writeBbox(content, 4, bbox)
  content.writeInt32LE(parts.length, 36)
  content.writeInt32LE(points.length, 40)
  let start = 0
  parts.forEach((part, i) => {
    content.writeInt32LE(start, 44 + 4 * i)
    start += part.length
  })
  const offset = 44 + 4 * parts.length
  points.forEach((p, i) => writePoint(content, offset + 16 * i, p))
  return { content, bbox }
}

/** Shapefile rings: outer ones clockwise, holes counter-clockwise (GeoJSON has it the other way round). */
function oriented(ring: Position[], isOuter: boolean): Position[] {
  let twiceArea = 0
  for (let i = 0; i + 1 < ring.length; i++) twiceArea += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!
  const isClockwise = twiceArea < 0
  return isClockwise === isOuter ? ring : [...ring].reverse()
}

function shapeFiles(shapeType: number, set: ShapeSet): { shp: Buffer; shx: Buffer } {
  const contentBytes = set.contents.reduce((sum, content) => sum + 8 + content.length, 0)
  const shp = Buffer.alloc(100 + contentBytes)
  const shx = Buffer.alloc(100 + 8 * set.contents.length)
  const bbox: Bbox = set.contents.length ? set.bbox : [0, 0, 0, 0]
  writeHeader(shp, shapeType, shp.length, bbox)
  writeHeader(shx, shapeType, shx.length, bbox)
  let offset = 100
  set.contents.forEach((content, i) => {
    // Record headers and the index are big-endian, in 16-bit words; the contents little-endian.
    shp.writeInt32BE(i + 1, offset)
    shp.writeInt32BE(content.length / 2, offset + 4)
    content.copy(shp, offset + 8)
    shx.writeInt32BE(offset / 2, 100 + 8 * i)
    shx.writeInt32BE(content.length / 2, 104 + 8 * i)
    offset += 8 + content.length
  })
  return { shp, shx }
}

function writeHeader(file: Buffer, shapeType: number, lengthBytes: number, bbox: Bbox) {
  file.writeInt32BE(9994, 0)
  file.writeInt32BE(lengthBytes / 2, 24)
  file.writeInt32LE(1000, 28)
  file.writeInt32LE(shapeType, 32)
  writeBbox(file, 36, bbox)
}

function writeBbox(buffer: Buffer, offset: number, [west, south, east, north]: Bbox) {
  buffer.writeDoubleLE(west, offset)
  buffer.writeDoubleLE(south, offset + 8)
  buffer.writeDoubleLE(east, offset + 16)
  buffer.writeDoubleLE(north, offset + 24)
}

function writePoint(buffer: Buffer, offset: number, p: Position) {
  buffer.writeDoubleLE(p[0]!, offset)
  buffer.writeDoubleLE(p[1]!, offset + 8)
}

function boundsOf(points: Position[]): Bbox {
  let bbox: Bbox = [Infinity, Infinity, -Infinity, -Infinity]
  for (const [x, y] of points) bbox = union(bbox, [x!, y!, x!, y!])
  return points.length ? bbox : [0, 0, 0, 0]
}

const union = (a: Bbox, b: Bbox): Bbox => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]

function readme(layer: LayerExport, fields: DbfField[]): string {
  return [
    `Dey: ${layer.layer}, exported ${new Date().toISOString()}`,
    'Coordinates: WGS 84 longitude/latitude (EPSG:4326). Text: UTF-8 (see the .cpg files).',
    'One shapefile per geometry type. Text longer than 254 bytes is cut (a dBASE limit); the GeoJSON and GeoPackage exports keep it whole.',
    ...(layer.attribution ? ['', layer.attribution] : []),
    '',
    'Field names (dBASE allows 10 characters):',
    ...fields.map((field) => `${field.short.padEnd(10)}  ${field.column.name}`),
    '',
  ].join('\r\n')
}
