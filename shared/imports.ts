// What an uploaded GIS file holds, as the import preview shows it (issue #14). Positions are WGS 84 [lng, lat].
import { z } from 'zod'

export const ImportFormat = z.enum(['geojson', 'kml', 'kmz', 'shapefile', 'csv', 'gpkg'])
export type ImportFormat = z.infer<typeof ImportFormat>

/**
 * The coordinate reference system a layer's coordinates were read in. `epsg` is null when the file
 * describes a system Dey has no EPSG code for (it is then reprojected from the file's own definition)
 * or when it is unknown (`name: 'unknown'`). `source`: `file` (.prj, `crs` member, gpkg_spatial_ref_sys),
 * `format` (KML is WGS 84 by definition), `assumed` (nothing said; the coordinates look like degrees),
 * `option` (chosen by the user), `unknown` (the user must choose one before the layer can be read).
 */
export const ImportCrs = z.object({
  epsg: z.number().int().nullable(),
  name: z.string(),
  source: z.enum(['file', 'format', 'assumed', 'option', 'unknown']),
})
export type ImportCrs = z.infer<typeof ImportCrs>

export const ImportColumnType = z.enum(['string', 'integer', 'number', 'boolean', 'date', 'empty'])
export type ImportColumnType = z.infer<typeof ImportColumnType>

export const ImportValue = z.union([z.string(), z.number(), z.boolean(), z.null()])
export type ImportValue = z.infer<typeof ImportValue>

/** An attribute column: its type is inferred from every non-empty value of the layer. */
export const ImportColumn = z.object({
  name: z.string(),
  type: ImportColumnType,
  /** A few distinct non-empty values, in file order (long texts shortened). */
  samples: z.array(ImportValue),
  emptyCount: z.number().int().nonnegative(),
})
export type ImportColumn = z.infer<typeof ImportColumn>

/** Something wrong with one feature; `code` is dotted, e.g. `feature.no_geometry`. */
export const ImportProblem = z.object({ code: z.string(), message: z.string() })
export type ImportProblem = z.infer<typeof ImportProblem>

/** A GeoJSON geometry in WGS 84 (2-D); the reader checks its structure, the import its sanity. */
export const ImportGeometry = z.looseObject({ type: z.string() })

export const ImportPreviewFeature = z.object({
  type: z.literal('Feature'),
  /** The feature's 0-based index in its layer (the same index `readFeatures` yields). */
  id: z.number().int(),
  geometry: ImportGeometry.nullable(),
  properties: z.record(z.string(), ImportValue),
})
export type ImportPreviewFeature = z.infer<typeof ImportPreviewFeature>

export const ImportLayer = z.object({
  name: z.string(),
  featureCount: z.number().int().nonnegative(),
  featuresWithoutGeometry: z.number().int().nonnegative(),
  geometryTypes: z.array(z.string()),
  crs: ImportCrs,
  /** The text encoding attributes were decoded with (DBF and CSV), or null where the format fixes it. */
  encoding: z.string().nullable(),
  columns: z.array(ImportColumn),
  /** [west, south, east, north] in WGS 84 of the features that have a geometry; null when none has. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  /** The first features, for the preview map. */
  preview: z.array(ImportPreviewFeature),
  /** How many features have each problem code. */
  problemCounts: z.record(z.string(), z.number().int()),
  /** Notes about the whole layer, e.g. an assumed CRS or encoding. */
  warnings: z.array(z.string()),
})
export type ImportLayer = z.infer<typeof ImportLayer>

export const ImportInspection = z.object({ format: ImportFormat, layers: z.array(ImportLayer) })
export type ImportInspection = z.infer<typeof ImportInspection>
