// Zipped ESRI shapefiles, one layer per .shp in the zip. The zip is unpacked to a temporary folder and
// each layer is read record by record with the `shapefile` package (streams over .shp and .dbf), so a
// layer of any size is never held in memory.
import { createReadStream } from 'node:fs'
import { open, readFile } from 'node:fs/promises'
import * as shapefile from 'shapefile'
import type { ImportCrs } from '../../../../shared/imports.ts'
import { type CrsDefinition, createReprojection, crsFromWkt, DegreeSample, describeCrs, isDegreeBox, WGS84 } from './crs.ts'
import { detectDbfEncoding } from './dbf-encoding.ts'
import { normalizeGeometry, rawBbox } from './geometry.ts'
import { createCorruptFileError, createNoShpInZipError, createUnknownCrsError } from './imports-read.errors.ts'
import { AppError } from '../../../lib/app-error.ts'
import {
  baseName,
  normalizeProperties,
  type OpenedSource,
  type ReadFeature,
  type ResolvedOptions,
  type SourceLayer,
  unknownCrsLayer,
} from './source.ts'
import { listZip, unpackZip } from './zip.ts'

const SIDECARS = ['shp', 'dbf', 'prj', 'cpg']

const extensionOf = (name: string) => /\.([^./]+)$/.exec(name)?.[1]?.toLowerCase() ?? ''

export async function openZippedShapefile(path: string, options: ResolvedOptions): Promise<OpenedSource> {
  const entries = await listZip(path, options.originalName)
  const shpNames = entries.filter((entry) => extensionOf(entry.name) === 'shp').map((entry) => entry.name)
  if (shpNames.length === 0) throw createNoShpInZipError(entries.map((entry) => entry.name))
  const stems = new Set(shpNames.map((name) => name.slice(0, -4).toLowerCase()))
  const unpacked = await unpackZip(
    path,
    options.originalName,
    (name) => SIDECARS.includes(extensionOf(name)) && stems.has(name.replace(/\.[^.]+$/, '').toLowerCase()),
    options,
  )
  try {
    const layers: SourceLayer[] = []
    for (const shpName of shpNames) {
      const stem = shpName.slice(0, -4).toLowerCase()
      const sidecar = (extension: string) =>
        [...unpacked.files.entries()].find(([name]) => name.toLowerCase() === `${stem}.${extension}`)?.[1] ?? null
      layers.push(await openLayer(shpNames.length === 1 ? baseName(shpName) : shpName.slice(0, -4), sidecar, options))
    }
    return { format: 'shapefile', layers, close: unpacked.remove }
  } catch (error) {
    await unpacked.remove()
    throw error
  }
}

async function openLayer(name: string, sidecar: (extension: string) => string | null, options: ResolvedOptions): Promise<SourceLayer> {
  const shpPath = sidecar('shp')!
  const dbfPath = sidecar('dbf')
  const prjPath = sidecar('prj')
  const cpgPath = sidecar('cpg')
  const warnings: string[] = []
  const bbox = await readShpBbox(shpPath, `${name}.shp`)
  let encoding: string | null = null
  if (dbfPath) {
    if (options.encoding) encoding = options.encoding
    else {
      const detected = await detectDbfEncoding(dbfPath, cpgPath ? await readFile(cpgPath, 'latin1') : null)
      encoding = detected.encoding
      if (detected.warning) warnings.push(detected.warning)
    }
  } else warnings.push('The zip has no .dbf for this layer: its features have no attributes')
  const count = () => countRecords(shpPath)
  let resolved: Awaited<ReturnType<typeof resolveShapefileCrs>>
  try {
    resolved = await resolveShapefileCrs(name, shpPath, prjPath, bbox, options, warnings)
  } catch (error) {
    if (error instanceof AppError && error.code === 'import.unknown_crs') return unknownCrsLayer(name, error, { encoding, warnings, count })
    throw error
  }
  const { crs, crsInfo } = resolved
  const reproject = createReprojection(crs)
  return {
    name,
    crs: crsInfo,
    encoding,
    warnings,
    features: () => readLayer(name, shpPath, dbfPath, encoding, (input) => normalizeGeometry(input, reproject)),
    count,
  }
}

async function resolveShapefileCrs(
  name: string,
  shpPath: string,
  prjPath: string | null,
  bbox: number[],
  options: ResolvedOptions,
  warnings: string[],
): Promise<{ crs: CrsDefinition; crsInfo: ImportCrs }> {
  if (options.crs) return { crs: options.crs, crsInfo: describeCrs(options.crs, 'option') }
  const prj = prjPath ? (await readFile(prjPath, 'utf8')).trim() : ''
  const fromPrj = prj ? crsFromWkt(prj) : null
  if (fromPrj) {
    if (fromPrj.warning) warnings.push(fromPrj.warning)
    return { crs: fromPrj, crsInfo: describeCrs(fromPrj, 'file') }
  }
  const reason = prj ? 'its .prj describes a coordinate system Dey does not know' : 'the zip has no .prj file'
  // The header's box covers every shape, strays included: when it is not degrees, the shapes themselves decide.
  if (!isDegreeBox(bbox) && (await sampleShapes(shpPath)).isMostlyNotDegrees)
    throw createUnknownCrsError(name, `${reason}, and its coordinates (${bbox.map((n) => Math.round(n)).join(', ')}) are not degrees`, bbox)
  warnings.push(`Coordinates taken as WGS 84 longitude/latitude: ${reason}, and they look like degrees`)
  return { crs: WGS84, crsInfo: describeCrs(WGS84, 'assumed') }
}

/** The raw boxes of the first shapes. */
async function sampleShapes(shpPath: string, limit = 1000): Promise<DegreeSample> {
  const sample = new DegreeSample()
  const source = await shapefile.openShp(createReadStream(shpPath))
  try {
    for (let i = 0; i < limit; i++) {
      const result = await source.read()
      if (result.done) break
      sample.add(rawBbox(result.value))
    }
  } finally {
    await source.cancel()
  }
  return sample
}

/** Records in a .shp, counted by walking their headers (8 bytes each) without reading the shapes. */
async function countRecords(shpPath: string): Promise<number> {
  const file = await open(shpPath, 'r')
  try {
    const { size } = await file.stat()
    const header = Buffer.alloc(8)
    let count = 0
    for (let offset = 100; offset + 8 <= size; count++) {
      await file.read(header, 0, 8, offset)
      offset += 8 + header.readInt32BE(4) * 2
    }
    return count
  } finally {
    await file.close()
  }
}

/** The .shp header: file code 9994 (big-endian) at 0, the box as four little-endian doubles at 36. */
async function readShpBbox(shpPath: string, label: string): Promise<number[]> {
  const file = await open(shpPath, 'r')
  try {
    const header = Buffer.alloc(100)
    const { bytesRead } = await file.read(header, 0, 100, 0)
    if (bytesRead < 100 || header.readInt32BE(0) !== 9994) throw createCorruptFileError(label, 'it does not start with a shapefile header')
    return [header.readDoubleLE(36), header.readDoubleLE(44), header.readDoubleLE(52), header.readDoubleLE(60)]
  } finally {
    await file.close()
  }
}

async function* readLayer(
  name: string,
  shpPath: string,
  dbfPath: string | null,
  encoding: string | null,
  convert: (geometry: unknown) => ReturnType<typeof normalizeGeometry>,
): AsyncGenerator<ReadFeature> {
  let source: Awaited<ReturnType<typeof shapefile.open>>
  const shpStream = createReadStream(shpPath)
  const dbfStream = dbfPath ? createReadStream(dbfPath) : undefined
  try {
    source = await shapefile.open(shpStream, dbfStream, encoding ? { encoding } : {})
  } catch (error) {
    shpStream.destroy()
    dbfStream?.destroy()
    throw createCorruptFileError(`${name}.shp`, error instanceof Error ? error.message : String(error))
  }
  try {
    for (let index = 0; ; index++) {
      let result: Awaited<ReturnType<typeof source.read>>
      try {
        result = await source.read()
      } catch (error) {
        throw createCorruptFileError(`${name}.shp`, `record ${index + 1}: ${error instanceof Error ? error.message : String(error)}`)
      }
      if (result.done) return
      const { geometry, problem } = convert(result.value.geometry)
      const properties = normalizeProperties(result.value.properties)
      // Text fields padded with NUL bytes instead of spaces (some WFS exports): the package trims only spaces.
      for (const [key, value] of Object.entries(properties))
        if (typeof value === 'string') properties[key] = value.replace(/\0+/g, '').trim() || null
      yield { index, geometry, properties, ...(problem ? { problems: [problem] } : {}) }
    }
  } finally {
    await source.cancel()
  }
}
