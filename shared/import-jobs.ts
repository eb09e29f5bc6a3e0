// The import job's API shapes: upload → inspect → choose target and map columns → dry run → commit
// → (admin) undo. What a file holds (layers, CRS, columns) is described by the file readers.
import { z } from 'zod'
import { Uuid } from './common.ts'
import { IMPORT_TARGETS } from './vocabularies.ts'

export const ImportTarget = z.enum(IMPORT_TARGETS)

/** The Dey fields a source column can fill; which ones apply depends on the target layer. */
export const IMPORT_FIELDS = [
  'externalId',
  'name',
  'nameKm',
  'kind',
  'status',
  'company',
  'purpose',
  'declaredAreaHa',
  'date',
  'province',
  'district',
  'commune',
  'village',
  'community',
  'holderName',
  'households',
  'description',
] as const
export type ImportField = (typeof IMPORT_FIELDS)[number]

/** Dey field → source column name. */
export const ImportMapping = z.partialRecord(z.enum(IMPORT_FIELDS), z.string().min(1).max(200))
export type ImportMapping = z.infer<typeof ImportMapping>

/** Which fields each target can take, and which it needs. */
export const TARGET_FIELDS: Record<(typeof IMPORT_TARGETS)[number], { fields: readonly ImportField[]; required: readonly ImportField[] }> =
  {
    concessions: {
      fields: ['externalId', 'name', 'nameKm', 'kind', 'company', 'purpose', 'declaredAreaHa', 'date', 'province'],
      required: ['name'],
    },
    parcels: {
      fields: ['externalId', 'name', 'holderName', 'households', 'community', 'description'],
      required: ['name', 'community'],
    },
    communities: {
      fields: ['externalId', 'name', 'nameKm', 'kind', 'status', 'province', 'district', 'commune', 'village', 'households', 'description'],
      required: ['name'],
    },
    incidents: {
      fields: ['externalId', 'name', 'kind', 'date', 'community', 'description', 'households', 'province'],
      required: ['name'],
    },
  }

export const ImportOptions = z.object({
  /** Which layer of a file that holds several (a GeoPackage, a KML with folders). */
  layer: z.string().max(300).optional(),
  /** EPSG code, for a file whose CRS could not be detected (a shapefile without .prj). */
  crs: z.string().max(2000).optional(),
  /** The text encoding of attributes, for a file whose .cpg or DBF header is missing or wrong, e.g. windows-1250. */
  encoding: z.string().max(40).optional(),
  /** A value for every feature where the file has no column for it, e.g. the kind "elc". */
  defaults: z.partialRecord(z.enum(IMPORT_FIELDS), z.string().max(300)).optional(),
  /** Have invalid shapes repaired with ST_MakeValid (reported per feature) instead of refused. */
  repair: z.boolean().optional(),
})
export type ImportOptions = z.infer<typeof ImportOptions>

export const ConfigureImportBody = z.object({
  target: ImportTarget,
  mapping: ImportMapping,
  options: ImportOptions.default({}),
  sourceName: z.string().trim().min(1).max(300).optional(),
  licence: z.string().trim().max(2000).nullable().optional(),
})
export type ConfigureImportBody = z.infer<typeof ConfigureImportBody>

export const ImportRepair = z.object({ reason: z.string() })
export type ImportRepair = z.infer<typeof ImportRepair>

export const IMPORT_STATUSES = ['uploaded', 'dry_run_running', 'dry_run_done', 'committing', 'committed', 'failed', 'undone'] as const

export const ImportJob = z.object({
  id: Uuid,
  status: z.enum(IMPORT_STATUSES),
  sourceName: z.string(),
  licence: z.string().nullable(),
  fileName: z.string(),
  fileSha256: z.string(),
  fileSize: z.number(),
  format: z.string(),
  /** What the file readers found: layers, CRS, columns with samples, the first features. */
  inspection: z.unknown(),
  target: ImportTarget.nullable(),
  options: ImportOptions.nullable(),
  mapping: ImportMapping.nullable(),
  featureCount: z.number().nullable(),
  processed: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  refused: z.number(),
  error: z.string().nullable(),
  createdByUserId: Uuid,
  createdAt: z.string(),
  committedAt: z.string().nullable(),
  undoneAt: z.string().nullable(),
})
export type ImportJob = z.infer<typeof ImportJob>

export const ImportItem = z.object({
  featureIndex: z.number(),
  externalId: z.string().nullable(),
  label: z.string().nullable(),
  action: z.enum(['created', 'updated', 'unchanged', 'refused']),
  recordId: Uuid.nullable(),
  reason: z.string().nullable(),
  repair: ImportRepair.nullable(),
})
export type ImportItem = z.infer<typeof ImportItem>
