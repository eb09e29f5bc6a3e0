// A layer export: the layer's rows (exports.layers.ts) written in the asked format. GeoJSON, KML,
// KMZ and CSV stream a page at a time; a Shapefile ZIP and a GeoPackage are assembled whole
// (their headers and indexes need every record first), then sent.
import { ZipArchive } from 'archiver'
import { Readable } from 'node:stream'
import type { Db } from '../../../db/open.ts'
import { EXPORT_FILES, type ExportFormat, type ExportLayer } from '../../../shared/exports.ts'
import { APP_TIME_ZONE } from '../../../shared/time.ts'
import type { Viewer } from '../../lib/policy.ts'
import { csvChunks } from './exports.csv.ts'
import { geoJsonChunks } from './exports.geojson.ts'
import { geoPackage } from './exports.geopackage.ts'
import { kmlChunks } from './exports.kml.ts'
import { openLayerExport, type LayerExport, type LayerQueries } from './exports.layers.ts'
import { shapefileZip } from './exports.shapefile.ts'

export interface ExportFile {
  body: Readable | Buffer
  mediaType: string
  fileName: string
}

export async function exportLayer<L extends ExportLayer>(
  db: Db,
  layer: L,
  format: ExportFormat,
  query: LayerQueries[L],
  viewer: Viewer,
): Promise<ExportFile> {
  const data = await openLayerExport(db, layer, query, viewer)
  const { mediaType, extension } = EXPORT_FILES[format]
  return { body: await write(data, format), mediaType, fileName: `dey-${layer}-${today()}.${extension}` }
}

async function write(layer: LayerExport, format: ExportFormat): Promise<Readable | Buffer> {
  switch (format) {
    case 'geojson':
      return Readable.from(geoJsonChunks(layer))
    case 'kml':
      return Readable.from(kmlChunks(layer))
    case 'kmz': {
      // KMZ: a ZIP whose first entry is the document, doc.kml.
      const zip = new ZipArchive({ zlib: { level: 6 } })
      zip.append(Readable.from(kmlChunks(layer)), { name: 'doc.kml' })
      void zip.finalize()
      return zip
    }
    case 'csv':
      return Readable.from(csvChunks(layer))
    case 'shp':
      return shapefileZip(layer)
    case 'gpkg':
      return geoPackage(layer)
  }
}

/** The day in Cambodia, for the file name. */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: APP_TIME_ZONE }).format(new Date())
