// The errors of reading an uploaded GIS file: the file as a whole cannot be used (422), its kind is not one
// Dey reads (415), or an option the user chose is wrong (400). Problems of single features are not errors:
// they travel with the feature (ImportProblem).
import { AppError } from '../../../lib/app-error.ts'

const SUPPORTED = 'GeoJSON, KML, KMZ, a zipped Shapefile, CSV or GeoPackage'

export const createUnsupportedFormatError = (what: string) =>
  new AppError('import.unsupported_format', 415, `${what}: Dey can import ${SUPPORTED}`)

export const createNotAZipError = (fileName: string) =>
  new AppError('import.not_a_zip', 422, `${fileName} is not a zip archive (it may be damaged or only named .zip/.kmz)`)

export const createNoShpInZipError = (entries: string[]) =>
  new AppError(
    'import.no_shp_in_zip',
    422,
    `The zip holds no shapefile (.shp) nor other data Dey reads (KML, GeoJSON, CSV, GeoPackage): found ${entries.length === 0 ? 'nothing' : entries.slice(0, 10).join(', ')}; a zipped shapefile needs at least the .shp and .dbf (and .prj) of each layer`,
    undefined,
    { entries: entries.slice(0, 50) },
  )

export const createShapefileNotZippedError = () =>
  new AppError(
    'import.shapefile_not_zipped',
    422,
    'This is a bare .shp file: upload the shapefile as a zip holding its .shp, .shx, .dbf, .prj (and .cpg) files together',
  )

export const createZipTooLargeError = (limitBytes: number) =>
  new AppError('import.zip_too_large', 422, `The zip unpacks to more than ${Math.round(limitBytes / 1024 ** 2)} MB`)

export const createNoFeaturesError = (reason: string) => new AppError('import.no_features', 422, `No features to import: ${reason}`)

export const createNetworkLinksOnlyError = (count: number) =>
  createNoFeaturesError(
    `the KML holds only ${count} network link${count === 1 ? '' : 's'} (references to content elsewhere), which are not followed; open the link in Google Earth, save what it shows as KML/KMZ and upload that`,
  )

/** Coordinates that are not degrees and no CRS said what they are: the user must choose one (option `crs`). */
export const createUnknownCrsError = (layer: string, reason: string, bbox: readonly number[] | null) =>
  new AppError(
    'import.unknown_crs',
    422,
    `Layer ${layer}: ${reason}; choose the coordinate reference system the coordinates are in (e.g. EPSG:32648 WGS 84 / UTM zone 48N, EPSG:3148 Indian 1960 / UTM zone 48N)`,
    [{ field: 'crs', message: 'choose the coordinate reference system' }],
    { layer, bbox, suggestions: [32648, 32647, 3148, 24048, 4326] },
  )

export const createUnsupportedCrsError = (crs: string) =>
  new AppError(
    'import.unsupported_crs',
    400,
    `Unknown coordinate reference system ${crs}: give an EPSG code Dey knows (e.g. EPSG:4326, EPSG:32648, EPSG:32647, EPSG:3148) or a proj4 definition`,
    [{ field: 'crs', message: 'unknown coordinate reference system' }],
  )

export const createUnsupportedEncodingError = (encoding: string) =>
  new AppError('import.unsupported_encoding', 400, `Unknown text encoding ${encoding} (e.g. UTF-8, windows-1250, windows-874)`, [
    { field: 'encoding', message: 'unknown text encoding' },
  ])

export const createUnknownLayerError = (layer: string, layers: string[]) =>
  new AppError('import.unknown_layer', 400, `No layer ${layer} in the file (layers: ${layers.join(', ')})`, [
    { field: 'layer', message: 'no such layer' },
  ])

export const createInvalidFileError = (format: string, reason: string) =>
  new AppError(`import.invalid_${format}`, 422, `The ${format.toUpperCase()} file cannot be read: ${reason}`)

export const createCorruptFileError = (what: string, reason: string) =>
  new AppError('import.corrupt_file', 422, `${what} is damaged or incomplete: ${reason}`)

export const createCsvWithoutGeometryError = (columns: string[]) =>
  new AppError(
    'import.csv_no_geometry_columns',
    422,
    `The CSV has no coordinate columns: name them longitude/latitude (or lon/lat, lng, x/y) or give a WKT column (wkt, geometry); found: ${columns.join(', ')}`,
  )
