// GIS export of whole map layers (issue 14): which layers, in which formats, and how each format
// is served. The filters are each layer's own list query (shared/<layer>.ts), so an export is
// always "this list, all of it, as a file".
import { z } from 'zod'

/** The layers, by the name of their list in the API (`/api/<layer>`). */
export const EXPORT_LAYERS = ['communities', 'parcels', 'concessions', 'incidents', 'evidence', 'admin-areas'] as const
export type ExportLayer = (typeof EXPORT_LAYERS)[number]

export const EXPORT_FORMATS = ['geojson', 'kml', 'kmz', 'csv', 'shp', 'gpkg'] as const
export const ExportFormat = z.enum(EXPORT_FORMATS)
export type ExportFormat = z.infer<typeof ExportFormat>

/** `/api/<layer>/export.<format>` */
export const ExportParams = z.object({
  format: ExportFormat.describe(
    'geojson (RFC 7946), kml or kmz (Google Earth), csv (UTF-8 with BOM; WKT, longitude and latitude columns), shp (a ZIP of Shapefiles, one per geometry type, UTF-8 .cpg) or gpkg (GeoPackage)',
  ),
})

/** What each format is served as, and the end of its file name. */
export const EXPORT_FILES: Record<ExportFormat, { mediaType: string; extension: string }> = {
  geojson: { mediaType: 'application/geo+json', extension: 'geojson' },
  kml: { mediaType: 'application/vnd.google-earth.kml+xml', extension: 'kml' },
  kmz: { mediaType: 'application/vnd.google-earth.kmz', extension: 'kmz' },
  csv: { mediaType: 'text/csv; charset=utf-8', extension: 'csv' },
  shp: { mediaType: 'application/zip', extension: 'shp.zip' },
  gpkg: { mediaType: 'application/geopackage+sqlite3', extension: 'gpkg' },
}

/** The export's address for a layer, format and the list's current query string (without `?`). */
export function exportPath(layer: ExportLayer, format: ExportFormat, query = ''): string {
  return `/api/${layer}/export.${format}${query ? `?${query}` : ''}`
}

/** List-only parameters an export ignores: it is always the whole filtered list. */
export const LIST_ONLY_PARAMS = ['limit', 'cursor', 'format'] as const
