// CSV with csv-parse, streamed: coordinates from longitude/latitude columns (lon, lng, x/y …) or a WKT
// column (parsed with wkx). UTF-8 with or without BOM unless an encoding is chosen; csv-parse finds the
// line ending itself (LF, CRLF, or CR alone as in ODC's old-Mac exports); the delimiter (, ; tab |) is
// the one the header line has most of.
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { Transform } from 'node:stream'
import { parse } from 'csv-parse'
import wkx from 'wkx'
import type { ImportProblem } from '../../../../shared/imports.ts'
import { type CrsDefinition, createReprojection, DegreeSample, describeCrs, WGS84 } from './crs.ts'
import { isUtf8 } from './dbf-encoding.ts'
import { normalizeGeometry } from './geometry.ts'
import { createCsvWithoutGeometryError, createInvalidFileError, createUnknownCrsError } from './imports-read.errors.ts'
import { baseName, type OpenedSource, type ReadFeature, type ResolvedOptions } from './source.ts'

/** Column names (lower case, without spaces, dots, dashes or underscores), most specific first. */
const WKT_NAMES = ['wkt', 'wktgeom', 'geometrywkt', 'geomwkt', 'geometry', 'geom', 'thegeom', 'shape']
const LON_NAMES = ['longitude', 'lon', 'lng', 'long', 'longdd', 'longitudedd', 'gpslongitude', 'pointx', 'xcoord', 'coordx', 'x', 'easting']
const LAT_NAMES = ['latitude', 'lat', 'latdd', 'latitudedd', 'gpslatitude', 'pointy', 'ycoord', 'coordy', 'y', 'northing']

/** Rows looked at to tell degrees from metres when no CRS was chosen. */
const CRS_SAMPLE_ROWS = 500

type Locate = { kind: 'wkt'; column: number } | { kind: 'lonlat'; lon: number; lat: number }

const normalizeHeader = (name: string) => name.toLowerCase().replace(/[\s._-]/g, '')

export async function openCsv(path: string, options: ResolvedOptions): Promise<OpenedSource> {
  const warnings: string[] = []
  const head = await readHead(path)
  // Excel's plain "CSV" on Windows is Windows-1252; its "CSV UTF-8" (and everything else here) is UTF-8.
  let encoding = options.encoding ?? 'utf-8'
  if (!options.encoding && !isUtf8(head)) {
    encoding = 'windows-1252'
    warnings.push('The CSV is not UTF-8: its text was decoded as Windows-1252; choose the encoding if names look wrong')
  }
  const delimiter = detectDelimiter(head, encoding)
  const rows = (limit = Infinity) => readRows(path, encoding, delimiter, limit)

  let header: string[] | null = null
  const sample: string[][] = []
  for await (const row of rows(CRS_SAMPLE_ROWS + 1)) {
    if (header === null) header = row
    else sample.push(row)
  }
  if (header === null) throw createInvalidFileError('csv', 'the file is empty')
  const columns = uniqueNames(header)
  const locate = locateGeometry(columns)
  const name = baseName(options.originalName)

  let crs: CrsDefinition = WGS84
  let crsSource: 'assumed' | 'option' = 'assumed'
  if (options.crs) [crs, crsSource] = [options.crs, 'option']
  else {
    const degrees = new DegreeSample()
    for (const row of sample) {
      const raw = rawPosition(row, locate)
      degrees.add(raw ? [...raw, ...raw] : null)
    }
    if (degrees.isMostlyNotDegrees) {
      const box = degrees.bbox!
      throw createUnknownCrsError(name, `the coordinates (${box.map((n) => Math.round(n)).join(', ')}) are not degrees`, box)
    }
  }
  const reproject = createReprojection(crs)

  async function* features(): AsyncGenerator<ReadFeature> {
    let index = -1
    for await (const row of rows()) {
      if (index === -1) {
        index = 0 // that was the header
        continue
      }
      const properties: Record<string, string | null> = {}
      columns.forEach((column, i) => {
        if (locate.kind === 'wkt' && i === locate.column) return
        properties[column] = row[i] === undefined || row[i] === '' ? null : row[i]!
      })
      const { geometry, problem } = geometryOf(row, locate, columns)
      const converted = problem ? { geometry: null, problem } : normalizeGeometry(geometry, reproject)
      yield { index: index++, geometry: converted.geometry, properties, ...(converted.problem ? { problems: [converted.problem] } : {}) }
    }
  }
  return { format: 'csv', layers: [{ name, crs: describeCrs(crs, crsSource), encoding, warnings, features }], close: async () => {} }
}

/** Decodes a non-UTF-8 file to UTF-8 text for csv-parse (TextDecoder keeps multi-byte characters split across chunks). */
function decodeStream(encoding: string) {
  const decoder = new TextDecoder(encoding)
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, decoder.decode(chunk, { stream: true }))
    },
    flush(callback) {
      callback(null, decoder.decode())
    },
  })
}

async function* readRows(path: string, encoding: string, delimiter: string, limit: number): AsyncGenerator<string[]> {
  const input = createReadStream(path)
  const parser = parse({ bom: true, delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, trim: true })
  const text = encoding === 'utf-8' ? input : input.pipe(decodeStream(encoding))
  text.pipe(parser)
  let count = 0
  try {
    for await (const record of parser) {
      if (count++ >= limit) return
      yield record as string[]
    }
  } catch (error) {
    throw createInvalidFileError('csv', error instanceof Error ? error.message : String(error))
  } finally {
    input.destroy()
    parser.destroy()
  }
}

async function readHead(path: string): Promise<Buffer> {
  const file = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(64 * 1024)
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await file.close()
  }
}

function detectDelimiter(head: Buffer, encoding: string): string {
  const firstLine = new TextDecoder(encoding).decode(head).split(/\r\n|\r|\n/)[0] ?? ''
  const counts = [',', ';', '\t', '|'].map((candidate) => [candidate, firstLine.split(candidate).length - 1] as const)
  return counts.reduce((best, next) => (next[1] > best[1] ? next : best))[0]
}

/** Header names, with empty and repeated ones made unique (`column_3`, `name_2`). */
function uniqueNames(header: string[]): string[] {
  const seen = new Set<string>()
  return header.map((raw, i) => {
    let name = raw.trim() || `column_${i + 1}`
    for (let n = 2; seen.has(name); n++) name = `${raw.trim() || `column_${i + 1}`}_${n}`
    seen.add(name)
    return name
  })
}

function locateGeometry(columns: string[]): Locate {
  const normalized = columns.map(normalizeHeader)
  const find = (names: string[]) => {
    for (const name of names) {
      const at = normalized.indexOf(name)
      if (at >= 0) return at
    }
    return -1
  }
  const pair = (lonNames: string[], latNames: string[]): Locate | null => {
    const [lon, lat] = [find(lonNames), find(latNames)]
    return lon >= 0 && lat >= 0 ? { kind: 'lonlat', lon, lat } : null
  }
  // A column named as WKT first: it holds the whole shape, where longitude/latitude beside it (as
  // Dey's and QGIS's CSV exports write them) are only a point of it. Then named coordinates, then a
  // column that may be WKT by its name (geometry, shape), then bare x/y (which may also be attributes).
  const explicitWkt = find(WKT_NAMES.slice(0, WKT_NAMES.indexOf('geometry')))
  if (explicitWkt >= 0) return { kind: 'wkt', column: explicitWkt }
  const named = pair(LON_NAMES.slice(0, LON_NAMES.indexOf('x')), LAT_NAMES.slice(0, LAT_NAMES.indexOf('y')))
  if (named) return named
  const wkt = find(WKT_NAMES)
  if (wkt >= 0) return { kind: 'wkt', column: wkt }
  const xy = pair(['x', 'easting'], ['y', 'northing'])
  if (xy) return xy
  throw createCsvWithoutGeometryError(columns)
}

function rawPosition(row: string[], locate: Locate): [number, number] | null {
  if (locate.kind === 'lonlat') {
    const [x, y] = [parseNumber(row[locate.lon]), parseNumber(row[locate.lat])]
    return x === null || y === null ? null : [x, y]
  }
  try {
    const geometry = wkx.Geometry.parse(row[locate.column] ?? '').toGeoJSON() as { coordinates?: unknown }
    let value: unknown = geometry.coordinates
    while (Array.isArray(value) && Array.isArray(value[0])) value = value[0]
    return Array.isArray(value) && typeof value[0] === 'number' ? [value[0], value[1] as number] : null
  } catch {
    return null
  }
}

/** A decimal number; a comma is accepted as decimal separator when it is the only separator (`11,5`). */
function parseNumber(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null
  const value = Number(/^-?\d+,\d+$/.test(text.trim()) ? text.trim().replace(',', '.') : text.trim())
  return Number.isFinite(value) ? value : null
}

function geometryOf(row: string[], locate: Locate, columns: string[]): { geometry: unknown; problem?: ImportProblem } {
  if (locate.kind === 'wkt') {
    const text = row[locate.column]?.trim() ?? ''
    if (text === '') return { geometry: null }
    try {
      return { geometry: wkx.Geometry.parse(text).toGeoJSON() }
    } catch (error) {
      const message = `${columns[locate.column]}: not WKT (${error instanceof Error ? error.message : String(error)})`
      return { geometry: null, problem: { code: 'feature.invalid_geometry', message } }
    }
  }
  const [lonText, latText] = [row[locate.lon]?.trim() ?? '', row[locate.lat]?.trim() ?? '']
  if (lonText === '' && latText === '') return { geometry: null }
  const [lon, lat] = [parseNumber(lonText), parseNumber(latText)]
  if (lon === null || lat === null) {
    const message = `${columns[locate.lon]} ${JSON.stringify(lonText)} / ${columns[locate.lat]} ${JSON.stringify(latText)} are not two numbers`
    return { geometry: null, problem: { code: 'feature.invalid_coordinates', message } }
  }
  return { geometry: { type: 'Point', coordinates: [lon, lat] } }
}
