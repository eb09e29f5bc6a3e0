// What every format reader gives: layers whose features arrive one at a time, already in WGS 84.
import type { Geometry } from 'geojson'
import type { ImportCrs, ImportFormat, ImportProblem, ImportValue } from '../../../../shared/imports.ts'
import type { AppError } from '../../../lib/app-error.ts'
import { type CrsDefinition, parseCrsOption } from './crs.ts'
import { createUnsupportedEncodingError } from './imports-read.errors.ts'

/** One feature as read: `index` is its 0-based position in the layer, also for features without geometry. */
export interface ReadFeature {
  index: number
  /** GeoJSON in WGS 84 [lon, lat], 2-D; null when the feature has none or it cannot be used (see `problems`). */
  geometry: Geometry | null
  properties: Record<string, ImportValue>
  problems?: ImportProblem[]
}

export interface SourceLayer {
  name: string
  crs: ImportCrs
  encoding: string | null
  warnings: string[]
  /** Reads the layer from its start; each call starts a new pass. */
  features(): AsyncGenerator<ReadFeature>
  /**
   * Set when the layer's coordinates are not degrees and nothing says what they are (import.unknown_crs):
   * `features()` throws it, and the user must choose a CRS (option `crs`) to read the layer.
   */
  crsError?: AppError
  /** The number of features, where the format tells it without reading them (for a layer that cannot be read yet). */
  count?: () => Promise<number>
}

export interface OpenedSource {
  format: ImportFormat
  layers: SourceLayer[]
  /** Removes temporary files; safe to call more than once. */
  close(): Promise<void>
}

export interface ReadOptions {
  /** The CRS the coordinates are in, overriding what the file says: `EPSG:32648`, `32648`, a proj4 string or WKT. */
  crs?: string | number
  /** The text encoding of attributes (DBF, CSV), overriding .cpg and the DBF language driver, e.g. `windows-1250`. */
  encoding?: string
  /** The name the file was uploaded under (the stored temp file may have none); used for hints and layer names. */
  originalName?: string
  /** Where zips are unpacked (a fresh folder is made inside and removed again); the OS temp folder by default. */
  tempDir?: string
  /** The most a zip may unpack to, in bytes (2 GiB by default). */
  maxUnzippedBytes?: number
}

/** Options checked once: a CRS and encoding the user gave are parsed before any file is opened. */
export interface ResolvedOptions {
  crs: CrsDefinition | null
  encoding: string | null
  originalName: string
  tempDir: string | undefined
  maxUnzippedBytes: number
}

export function resolveOptions(path: string, options: ReadOptions): ResolvedOptions {
  return {
    crs: options.crs === undefined || options.crs === '' ? null : parseCrsOption(options.crs),
    encoding: options.encoding ? checkEncoding(options.encoding) : null,
    originalName: options.originalName ?? path.split(/[\\/]/).pop() ?? path,
    tempDir: options.tempDir,
    maxUnzippedBytes: options.maxUnzippedBytes ?? 2 * 1024 ** 3,
  }
}

/** The WHATWG name of an encoding label, or a 400 when Node's TextDecoder does not know it. */
export function checkEncoding(label: string): string {
  try {
    return new TextDecoder(label.trim()).encoding
  } catch {
    throw createUnsupportedEncodingError(label)
  }
}

/** Attribute values as JSON-safe scalars: dates as ISO text, nested values as JSON text, binary dropped. */
export function normalizeProperties(input: Record<string, unknown> | null | undefined): Record<string, ImportValue> {
  const properties: Record<string, ImportValue> = {}
  if (!input) return properties
  for (const [key, value] of Object.entries(input)) properties[key] = normalizeValue(value)
  return properties
}

function normalizeValue(value: unknown): ImportValue {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'bigint') return Number(value)
  if (value instanceof Date) return formatDate(value)
  if (value instanceof Uint8Array) return null
  return JSON.stringify(value)
}

/** DBF dates come as local midnight (the `shapefile` package builds them with `new Date(y, m, d)`): keep the calendar day. */
function formatDate(date: Date): string | null {
  if (Number.isNaN(date.getTime())) return null
  if (date.getHours() + date.getMinutes() + date.getSeconds() + date.getMilliseconds() !== 0) return date.toISOString()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

export const UNKNOWN_CRS: ImportCrs = { epsg: null, name: 'unknown', source: 'unknown' }

/** A layer that cannot be read until the user chooses its CRS: listed, but its features throw `error`. */
export function unknownCrsLayer(name: string, error: AppError, rest: Pick<SourceLayer, 'encoding' | 'warnings' | 'count'>): SourceLayer {
  return {
    name,
    crs: UNKNOWN_CRS,
    crsError: error,
    ...rest,
    // eslint-disable-next-line require-yield -- a generator that only throws, so callers see the error where they iterate
    features: async function* () {
      throw error
    },
  }
}

/** The file's base name without extension, as a layer name. */
export const baseName = (fileName: string) => (fileName.split(/[\\/]/).pop() ?? fileName).replace(/\.[^.]+$/, '') || fileName
