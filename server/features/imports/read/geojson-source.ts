// GeoJSON: a FeatureCollection, a single Feature or a bare geometry; the 2008 `crs` member is honoured
// (GDAL still writes it). The file is parsed whole (JSON.parse): GeoJSON files of the sizes people upload
// fit in memory, and features are still handed out one at a time.
import { readFile } from 'node:fs/promises'
import { type CrsDefinition, createReprojection, crsFromGeoJsonMember, DegreeSample, describeCrs, WGS84 } from './crs.ts'
import { normalizeGeometry, rawBbox } from './geometry.ts'
import { createInvalidFileError, createUnknownCrsError } from './imports-read.errors.ts'
import { baseName, normalizeProperties, type OpenedSource, type ReadFeature, type ResolvedOptions } from './source.ts'

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection'])

/** How many features are looked at to tell degrees from metres when the file does not name its CRS. */
const CRS_SAMPLE = 1000

export async function openGeoJson(path: string, options: ResolvedOptions): Promise<OpenedSource> {
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '')
  let root: unknown
  try {
    root = JSON.parse(text)
  } catch (error) {
    throw createInvalidFileError('json', error instanceof Error ? error.message : String(error))
  }
  const items = featuresOf(root)
  const name = typeof (root as { name?: unknown }).name === 'string' ? (root as { name: string }).name : baseName(options.originalName)
  const warnings: string[] = []

  let crs: CrsDefinition = WGS84
  let source: 'file' | 'assumed' | 'option' = 'assumed'
  const member = (root as { crs?: unknown }).crs
  if (options.crs) [crs, source] = [options.crs, 'option']
  else if (member !== undefined && member !== null) {
    const fromMember = crsFromGeoJsonMember(member)
    if (!fromMember) throw createUnknownCrsError(name, `its "crs" member ${JSON.stringify(member).slice(0, 200)} is not understood`, null)
    ;[crs, source] = [fromMember, 'file']
  } else {
    // RFC 7946 says WGS 84, but files in UTM metres without a `crs` member exist: they must not pass as degrees.
    const sample = new DegreeSample()
    for (const item of items.slice(0, CRS_SAMPLE)) sample.add(rawBbox((item as { geometry?: unknown }).geometry))
    if (sample.isMostlyNotDegrees) {
      const box = sample.bbox!
      throw createUnknownCrsError(
        name,
        `the file names no coordinate system and its coordinates (${box.map((n) => Math.round(n)).join(', ')}) are not degrees`,
        box,
      )
    }
  }
  const reproject = createReprojection(crs)

  async function* features(): AsyncGenerator<ReadFeature> {
    for (const [index, item] of items.entries()) {
      const feature = item as { geometry?: unknown; properties?: unknown; id?: unknown }
      const { geometry, problem } = normalizeGeometry(feature.geometry, reproject)
      const rawProperties =
        typeof feature.properties === 'object' && !Array.isArray(feature.properties)
          ? (feature.properties as Record<string, unknown> | null)
          : null
      const properties = normalizeProperties(rawProperties)
      // A feature id (RFC 7946 §3.2) is the natural external id: kept as a property unless one is named so already.
      if ((typeof feature.id === 'string' || typeof feature.id === 'number') && !('id' in properties)) properties.id = feature.id
      yield { index, geometry, properties, ...(problem ? { problems: [problem] } : {}) }
    }
  }
  return { format: 'geojson', layers: [{ name, crs: describeCrs(crs, source), encoding: null, warnings, features }], close: async () => {} }
}

/** The features of any GeoJSON root; a bare geometry becomes one feature without properties. */
function featuresOf(root: unknown): unknown[] {
  if (typeof root !== 'object' || root === null || Array.isArray(root))
    throw createInvalidFileError('geojson', 'the root is not a GeoJSON object')
  const { type } = root as { type?: unknown }
  if (type === 'FeatureCollection') {
    const { features } = root as { features?: unknown }
    if (!Array.isArray(features)) throw createInvalidFileError('geojson', 'a FeatureCollection needs a "features" array')
    return features.map((feature: unknown) => (typeof feature === 'object' && feature !== null ? feature : { geometry: undefined }))
  }
  if (type === 'Feature') return [root]
  if (typeof type === 'string' && GEOMETRY_TYPES.has(type)) return [{ type: 'Feature', geometry: root, properties: {} }]
  throw createInvalidFileError('geojson', `"type" is ${JSON.stringify(type)}, not FeatureCollection, Feature or a geometry type`)
}
