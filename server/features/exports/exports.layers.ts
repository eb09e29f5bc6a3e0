// Where each exported layer's rows come from: the layer's own list query, paged through with the
// largest page, masked exactly as its list route masks them, and cut down to the fields of the
// list's response schema. An export is the list, all of it: it can never show more than the list
// does, and a change to a list's filters or role rules reaches its export by construction.
import type { Geometry } from 'geojson'
import type { z } from 'zod'
import type { Db } from '../../../db/open.ts'
import { AdminArea, ADMIN_BOUNDARIES_ATTRIBUTION, type AdminAreaListQuery } from '../../../shared/admin-areas.ts'
import { CommunityListItem, type CommunityListQuery } from '../../../shared/communities.ts'
import { Concession, type ConcessionListQuery } from '../../../shared/concessions.ts'
import { Evidence, type EvidenceListQuery } from '../../../shared/evidence.ts'
import type { ExportLayer } from '../../../shared/exports.ts'
import { Incident, type IncidentListQuery } from '../../../shared/incidents.ts'
import { MAX_PAGE_SIZE } from '../../../shared/list.ts'
import { Parcel, type ParcelListQuery } from '../../../shared/parcels.ts'
import { maskCommunity, maskEvidence, maskIncident, type Viewer } from '../../lib/policy.ts'
import { listOrLocateAdminAreas } from '../admin-areas/admin-areas.service.ts'
import { listCommunities } from '../communities/communities.queries.ts'
import { listConcessions } from '../concessions/concessions.queries.ts'
import { listEvidencePage } from '../evidence/evidence.queries.ts'
import { listIncidents } from '../incidents/incidents.queries.ts'
import { listParcels } from '../parcels/parcels.queries.ts'

export type Row = Record<string, unknown>
export type ColumnType = 'integer' | 'real' | 'boolean' | 'date' | 'datetime' | 'text'
export interface Column {
  name: string
  type: ColumnType
}

export interface ExportFeature {
  id: string
  geometry: Geometry
  /** The record's fields (the columns that it has; absent where the list leaves a field out). */
  properties: Row
  /** Another point the record has (a community's own point beside its territory), for CSV's coordinates. */
  point: [number, number] | undefined
}

export interface LayerExport {
  layer: ExportLayer
  columns: Column[]
  /** The column that names a record (a map label), and its Khmer counterpart. */
  labelColumn: string
  khmerLabelColumn: string | undefined
  /** Required credit for the data, carried into every format (admin boundaries). */
  attribution: string | undefined
  /** The geometry kind an empty export is declared with. */
  defaultKind: 'point' | 'polygon'
  /** Every feature, a page of the list at a time. */
  pages: AsyncIterable<ExportFeature[]>
}

interface LayerSource<Query> {
  /** The list item's schema: its fields are what the list's response can carry. */
  schema: z.ZodObject
  /** Where the geometry is, in order of preference: the first present is the feature's geometry; all leave the properties. */
  geometryFields: string[]
  labelColumn: string
  khmerLabelColumn?: string
  attribution?: string
  defaultKind: 'point' | 'polygon'
  /** One page of the list, as its route masks it. */
  page(db: Db, query: Query, viewer: Viewer, cursor: string | undefined): Promise<{ items: Row[]; nextCursor: string | null }>
  /** The route's field mask (identity where the list masks nothing). */
  mask(viewer: Viewer, row: Row): Row
}

const noMask = (_viewer: Viewer, row: Row) => row
const page = { limit: MAX_PAGE_SIZE, format: undefined }

const SOURCES = {
  communities: {
    schema: CommunityListItem,
    // Territories as polygons; a community without one is exported as its point.
    geometryFields: ['territory', 'location'],
    labelColumn: 'name',
    khmerLabelColumn: 'nameKm',
    defaultKind: 'polygon',
    page: (db, query: CommunityListQuery, viewer, cursor) =>
      listCommunities(db, { ...query, ...page, cursor, territory: 'include' }, viewer),
    mask: maskCommunity,
  } satisfies LayerSource<CommunityListQuery>,
  parcels: {
    schema: Parcel,
    geometryFields: ['boundary'],
    labelColumn: 'label',
    defaultKind: 'polygon',
    page: (db, query: ParcelListQuery, viewer, cursor) => listParcels(db, { ...query, ...page, cursor }, viewer),
    mask: noMask,
  } satisfies LayerSource<ParcelListQuery>,
  concessions: {
    schema: Concession,
    // A concession known only as a point (a source's ELC point) is exported as that point.
    geometryFields: ['boundary', 'location'],
    labelColumn: 'name',
    khmerLabelColumn: 'nameKm',
    defaultKind: 'polygon',
    page: (db, query: ConcessionListQuery, _viewer, cursor) => listConcessions(db, { ...query, ...page, cursor }),
    mask: noMask,
  } satisfies LayerSource<ConcessionListQuery>,
  incidents: {
    schema: Incident,
    // The reported point; the affected area stays out (one geometry per feature), its size stays in.
    geometryFields: ['location', 'affectedArea'],
    labelColumn: 'title',
    khmerLabelColumn: 'titleKm',
    defaultKind: 'point',
    page: (db, query: IncidentListQuery, viewer, cursor) => listIncidents(db, { ...query, ...page, cursor }, viewer),
    mask: maskIncident,
  } satisfies LayerSource<IncidentListQuery>,
  evidence: {
    schema: Evidence,
    geometryFields: ['location'],
    labelColumn: 'title',
    defaultKind: 'point',
    page: (db, query: EvidenceListQuery, viewer, cursor) => listEvidencePage(db, query, viewer, { limit: MAX_PAGE_SIZE, cursor }),
    mask: maskEvidence,
  } satisfies LayerSource<EvidenceListQuery>,
  'admin-areas': {
    schema: AdminArea,
    geometryFields: ['boundary'],
    labelColumn: 'name',
    khmerLabelColumn: 'nameKm',
    attribution: ADMIN_BOUNDARIES_ATTRIBUTION,
    defaultKind: 'polygon',
    page: (db, query: AdminAreaListQuery, _viewer, cursor) =>
      listOrLocateAdminAreas(db, { ...query, ...page, cursor, include: 'boundary' }),
    mask: noMask,
  } satisfies LayerSource<AdminAreaListQuery>,
}

export interface LayerQueries {
  communities: CommunityListQuery
  parcels: ParcelListQuery
  concessions: ConcessionListQuery
  incidents: IncidentListQuery
  evidence: EvidenceListQuery
  'admin-areas': AdminAreaListQuery
}

/**
 * The layer as the viewer's list shows it, filtered by the list's own query. The first page is
 * read here, so that a query the list refuses fails before any byte of the file is sent.
 */
export async function openLayerExport<L extends ExportLayer>(
  db: Db,
  layer: L,
  query: LayerQueries[L],
  viewer: Viewer,
): Promise<LayerExport> {
  const source = SOURCES[layer] as unknown as LayerSource<LayerQueries[L]>
  const columns = visibleColumns(source, viewer)
  const names = columns.map((column) => column.name)
  const toFeatures = (rows: Row[]) => rows.flatMap((row) => toFeature(source, names, source.mask(viewer, row)) ?? [])
  const first = await source.page(db, query, viewer, undefined)
  async function* pages() {
    yield toFeatures(first.items)
    let cursor = first.nextCursor
    while (cursor) {
      const next = await source.page(db, query, viewer, cursor)
      yield toFeatures(next.items)
      cursor = next.nextCursor
    }
  }
  return {
    layer,
    columns,
    labelColumn: source.labelColumn,
    khmerLabelColumn: source.khmerLabelColumn,
    attribution: source.attribution,
    defaultKind: source.defaultKind,
    pages: pages(),
  }
}

/** Fields of a record's schema that only a write's answer carries (what a repair changed). */
const WRITE_ONLY_FIELDS = ['repairs']

/**
 * The list schema's fields, less the geometry and less every field the role's mask takes from a
 * record that is not the viewer's own (a report's author, an evidence file's uploader): a column
 * is the same for every row of a file, so it is dropped when the role may not see it in general.
 */
function visibleColumns(source: LayerSource<never>, viewer: Viewer): Column[] {
  const shape = source.schema.shape as Record<string, z.ZodType>
  const probe: Row = Object.fromEntries(Object.keys(shape).map((key) => [key, 'probe']))
  const visible = new Set(
    Object.keys(source.mask(viewer, { ...probe, reportedByUserId: crypto.randomUUID(), uploadedByUserId: crypto.randomUUID() })),
  )
  return Object.entries(shape)
    .filter(([name]) => visible.has(name) && !source.geometryFields.includes(name) && !WRITE_ONLY_FIELDS.includes(name))
    .map(([name, schema]) => ({ name, type: columnTypeOf(schema) }))
}

function toFeature(source: LayerSource<never>, columns: string[], row: Row): ExportFeature | undefined {
  const geometries = source.geometryFields.map((field) => row[field] as Geometry | null | undefined).filter((g) => g != null)
  const geometry = geometries[0]
  // No place, nothing to map: evidence without a GPS position is not an evidence point.
  if (!geometry) return undefined
  const properties: Row = {}
  for (const name of columns) if (name in row) properties[name] = row[name]
  const point = geometries.find((g) => g.type === 'Point')
  return {
    id: String(row.id),
    geometry,
    properties,
    point: point?.type === 'Point' ? [point.coordinates[0]!, point.coordinates[1]!] : undefined,
  }
}

/** A field's column type, read from its zod schema (nullable and optional unwrapped). */
function columnTypeOf(schema: z.ZodType): ColumnType {
  const def = schema._zod.def as { type: string; innerType?: z.ZodType; format?: string; checks?: { _zod: { def: { format?: string } } }[] }
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
      return def.innerType ? columnTypeOf(def.innerType) : 'text'
    case 'number':
      return def.checks?.some((check) => /int/.test(check._zod.def.format ?? '')) ? 'integer' : 'real'
    case 'boolean':
      return 'boolean'
    // The DateTime codec: an ISO instant on the wire.
    case 'pipe':
      return 'datetime'
    case 'string':
      return def.format === 'date' ? 'date' : 'text'
    default:
      return 'text'
  }
}
