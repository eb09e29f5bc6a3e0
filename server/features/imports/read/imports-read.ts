// Reading uploaded GIS files for import (issue #14): what a file holds (inspectFile, for the preview) and
// its features one at a time in WGS 84 (readFeatures, for the dry run and the commit). Pure: no database.
import type {
  ImportColumn,
  ImportColumnType,
  ImportInspection,
  ImportLayer,
  ImportPreviewFeature,
  ImportValue,
} from '../../../../shared/imports.ts'
import { openCsv } from './csv-source.ts'
import { detectFormat } from './detect-format.ts'
import { openGeoJson } from './geojson-source.ts'
import { extendBbox } from './geometry.ts'
import { openGeoPackage } from './gpkg-source.ts'
import type { AppError } from '../../../lib/app-error.ts'
import { createNoFeaturesError, createNoShpInZipError, createUnknownLayerError } from './imports-read.errors.ts'
import { openKml, openKmz } from './kml-source.ts'
import { openZippedShapefile } from './shapefile-source.ts'
import { type OpenedSource, type ReadFeature, type ReadOptions, type ResolvedOptions, resolveOptions, type SourceLayer } from './source.ts'
import { unpackZip } from './zip.ts'

export type { OpenedSource, ReadFeature, ReadOptions, SourceLayer } from './source.ts'

export interface InspectOptions extends ReadOptions {
  /** How many features each layer's preview holds (50 by default). */
  previewLimit?: number
}

export interface ReadFeaturesOptions extends ReadOptions {
  /** The layer's name as inspectFile gave it; the first layer when left out. */
  layer?: string
}

/** Opens a file by its content; the caller must `close()` the source (it may hold an unpacked zip). */
export async function openFile(path: string, options: ReadOptions = {}): Promise<OpenedSource> {
  const resolved = resolveOptions(path, options)
  const detected = await detectFormat(path, resolved.originalName)
  switch (detected.format) {
    case 'geojson':
      return openGeoJson(path, resolved)
    case 'kml':
      return openKml(path, resolved)
    case 'kmz':
      return openKmz(path, detected.kmlEntries, resolved)
    case 'shapefile':
      return openZippedShapefile(path, resolved)
    case 'csv':
      return openCsv(path, resolved)
    case 'gpkg':
      return openGeoPackage(path, resolved)
    case 'zipped':
      return openZipped(path, detected.entries, options, resolved)
  }
}

/** Opens each data file of a zip as if it had been uploaded alone; layers are named by file when there are several. */
async function openZipped(path: string, entries: string[], options: ReadOptions, resolved: ResolvedOptions): Promise<OpenedSource> {
  const unpacked = await unpackZip(path, resolved.originalName, (name) => entries.includes(name), resolved)
  const sources: { entry: string; source: OpenedSource }[] = []
  const close = async () => {
    for (const { source } of sources) await source.close()
    await unpacked.remove()
  }
  try {
    for (const [entry, file] of unpacked.files) {
      const originalName = entry.split('/').pop()!
      const detected = await detectFormat(file, originalName)
      // A zip in a zip is not opened: one level of unpacking is all an upload gets.
      if (detected.format === 'zipped' || detected.format === 'shapefile' || detected.format === 'kmz') continue
      sources.push({ entry, source: await openFile(file, { ...options, originalName, tempDir: resolved.tempDir }) })
    }
    if (sources.length === 0) throw createNoShpInZipError(entries)
    if (sources.length > 1) {
      for (const { entry, source } of sources) {
        for (const layer of source.layers) layer.name = source.layers.length > 1 ? `${entry}:${layer.name}` : entry
      }
    }
    return { format: sources[0]!.source.format, layers: sources.flatMap(({ source }) => source.layers), close }
  } catch (error) {
    await close()
    throw error
  }
}

/**
 * Reads one layer's features in file order, one at a time (a zipped shapefile is streamed from disk).
 * A feature without a usable geometry is yielded with `geometry: null` and a problem; when the layer
 * ends without a single geometry, the iteration throws `import.no_features`. Temporary files are
 * removed when the iteration ends, also when the consumer stops early.
 */
export async function* readFeatures(path: string, options: ReadFeaturesOptions = {}): AsyncGenerator<ReadFeature> {
  const source = await openFile(path, options)
  try {
    const layer = pickLayer(source, options.layer)
    let count = 0
    let withGeometry = 0
    for await (const feature of layer.features()) {
      count++
      if (feature.geometry) withGeometry++
      yield feature
    }
    if (withGeometry === 0)
      throw createNoFeaturesError(
        count === 0 ? `layer ${layer.name} is empty` : `none of the ${count} features of layer ${layer.name} has a geometry`,
      )
  } finally {
    await source.close()
  }
}

function pickLayer(source: OpenedSource, name: string | undefined): SourceLayer {
  if (name === undefined) return source.layers[0]!
  const layer = source.layers.find((candidate) => candidate.name === name)
  if (!layer)
    throw createUnknownLayerError(
      name,
      source.layers.map((candidate) => candidate.name),
    )
  return layer
}

/**
 * Describes a file for the import preview: its format and, per layer, the feature count, geometry types,
 * CRS, attribute columns with samples and inferred types, the WGS 84 bbox and the first features. Reads
 * every feature once (streaming), keeping only the preview and the statistics.
 */
export async function inspectFile(path: string, options: InspectOptions = {}): Promise<ImportInspection> {
  const source = await openFile(path, options)
  try {
    if (source.layers.length === 0) throw createNoFeaturesError('the file has no layers with geometries')
    // With one layer (or none readable) the user is asked for the CRS; otherwise the others are shown meanwhile.
    const unreadable = source.layers.find((layer) => layer.crsError)
    if (unreadable?.crsError && source.layers.every((layer) => layer.crsError)) throw unreadable.crsError
    const layers: ImportLayer[] = []
    for (const layer of source.layers) {
      layers.push(
        layer.crsError ? await describeUnreadableLayer(layer, layer.crsError) : await inspectLayer(layer, options.previewLimit ?? 50),
      )
    }
    const readable = layers.filter((layer) => layer.crs.source !== 'unknown')
    if (readable.every((layer) => layer.featureCount === layer.featuresWithoutGeometry)) {
      if (unreadable?.crsError) throw unreadable.crsError
      const total = readable.reduce((sum, layer) => sum + layer.featureCount, 0)
      const problems = [...new Set(readable.flatMap((layer) => Object.keys(layer.problemCounts)))].join(', ')
      throw createNoFeaturesError(
        total === 0 ? 'the file has no features' : `none of its ${total} features has a usable geometry (${problems})`,
      )
    }
    return { format: source.format, layers }
  } finally {
    await source.close()
  }
}

/** A layer whose CRS the user must choose: counted where the format allows, not read. */
async function describeUnreadableLayer(layer: SourceLayer, error: AppError): Promise<ImportLayer> {
  return {
    name: layer.name,
    featureCount: layer.count ? await layer.count() : 0,
    featuresWithoutGeometry: 0,
    geometryTypes: [],
    crs: layer.crs,
    encoding: layer.encoding,
    columns: [],
    bbox: null,
    preview: [],
    problemCounts: {},
    warnings: [...layer.warnings, error.message],
  }
}

async function inspectLayer(layer: SourceLayer, previewLimit: number): Promise<ImportLayer> {
  const columns = new Map<string, ColumnStats>()
  const geometryTypes = new Set<string>()
  const problemCounts: Record<string, number> = {}
  const preview: ImportPreviewFeature[] = []
  let bbox: [number, number, number, number] | null = null
  let featureCount = 0
  let featuresWithoutGeometry = 0
  for await (const feature of layer.features()) {
    featureCount++
    if (feature.geometry) {
      geometryTypes.add(feature.geometry.type)
      bbox = extendBbox(bbox, feature.geometry)
    } else featuresWithoutGeometry++
    for (const problem of feature.problems ?? []) problemCounts[problem.code] = (problemCounts[problem.code] ?? 0) + 1
    for (const [name, value] of Object.entries(feature.properties)) {
      let stats = columns.get(name)
      if (!stats) columns.set(name, (stats = new ColumnStats(name)))
      stats.add(value)
    }
    if (preview.length < previewLimit) {
      // A GeoJSON geometry is what the shared schema's loose object stands for.
      const geometry = feature.geometry as ImportPreviewFeature['geometry']
      preview.push({ type: 'Feature', id: feature.index, geometry, properties: feature.properties })
    }
  }
  return {
    name: layer.name,
    featureCount,
    featuresWithoutGeometry,
    geometryTypes: [...geometryTypes].sort(),
    crs: layer.crs,
    encoding: layer.encoding,
    columns: [...columns.values()].map((stats) => stats.describe(featureCount)),
    bbox,
    preview,
    problemCounts,
    warnings: layer.warnings,
  }
}

const SAMPLE_COUNT = 5
const SAMPLE_CHARS = 120
const INTEGER = /^[-+]?(0|[1-9]\d*)$/
const DECIMAL = /^[-+]?(0|[1-9]\d*)?(\.\d+)?([eE][-+]?\d+)?$/
const BOOLEAN = /^(true|false|yes|no)$/i
// ISO dates (2014-02-02, 2007-06-10Z, 2014-02-02T17:00:00Z) and the 2000/10/26 of ODC's ELC contracts.
const DATE = /^\d{4}[-/]\d{1,2}[-/]\d{1,2}(Z|[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/

/** Counts and flags for one attribute column; a type holds when every non-empty value fits it. */
class ColumnStats {
  private readonly samples: ImportValue[] = []
  private nonEmpty = 0
  private isInteger = true
  private isNumber = true
  private isBoolean = true
  private isDate = true

  constructor(private readonly name: string) {}

  add(value: ImportValue) {
    if (value === null || value === '') return
    this.nonEmpty++
    if (typeof value === 'number') {
      this.isBoolean = this.isDate = false
      if (!Number.isInteger(value)) this.isInteger = false
    } else if (typeof value === 'boolean') {
      this.isInteger = this.isNumber = this.isDate = false
    } else {
      const text = value.trim()
      // "0102" is a code, not the number 102.
      if (!INTEGER.test(text)) this.isInteger = false
      if (!DECIMAL.test(text) || text === '' || /^[-+]?0\d/.test(text)) this.isNumber = this.isInteger = false
      if (!BOOLEAN.test(text)) this.isBoolean = false
      if (!DATE.test(text)) this.isDate = false
    }
    if (this.samples.length < SAMPLE_COUNT) {
      const sample = typeof value === 'string' && value.length > SAMPLE_CHARS ? `${value.slice(0, SAMPLE_CHARS - 1)}…` : value
      if (!this.samples.includes(sample)) this.samples.push(sample)
    }
  }

  describe(featureCount: number): ImportColumn {
    let type: ImportColumnType = 'string'
    if (this.nonEmpty === 0) type = 'empty'
    else if (this.isBoolean) type = 'boolean'
    else if (this.isInteger) type = 'integer'
    else if (this.isNumber) type = 'number'
    else if (this.isDate) type = 'date'
    return { name: this.name, type, samples: this.samples, emptyCount: featureCount - this.nonEmpty }
  }
}
