// What a feature of a file becomes in each layer Dey imports into: the body its own API would
// take (validated by the same schema, written by the same service, with the same geometry checks),
// plus where it came from. An import is therefore never more permissive than the forms.
import type { Geometry, MultiPolygon, Point, Polygon } from 'geojson'
import type { PgColumn } from 'drizzle-orm/pg-core'
import type { z } from 'zod'
import type { Db } from '../../../db/open.ts'
import { communities, concessions, incidents, parcels } from '../../../db/schema/index.ts'
import { CreateCommunityBody, UpdateCommunityBody } from '../../../shared/communities.ts'
import { CreateConcessionBody, UpdateConcessionBody } from '../../../shared/concessions.ts'
import type { GeometryRepair } from '../../../shared/geo.ts'
import type { ImportField, ImportMapping, ImportOptions } from '../../../shared/import-jobs.ts'
import type { ImportValue } from '../../../shared/imports.ts'
import { CreateIncidentBody, UpdateIncidentBody } from '../../../shared/incidents.ts'
import { CreateParcelBody, UpdateParcelBody } from '../../../shared/parcels.ts'
import { COMMUNITY_KINDS, COMMUNITY_STATUSES, CONCESSION_KINDS, INCIDENT_KINDS, type ImportTarget } from '../../../shared/vocabularies.ts'
import type { GeometryWrite } from '../../lib/geometry.ts'
import type { Viewer } from '../../lib/policy.ts'
import type { VersionedTable } from '../../lib/versioned-rows.queries.ts'
import { createCommunity, updateCommunity } from '../communities/communities.service.ts'
import { createConcession, updateConcession } from '../concessions/concessions.service.ts'
import { createIncident, updateIncident } from '../incidents/incidents.service.ts'
import { createParcel, updateParcel } from '../parcels/parcels.service.ts'
import { countOf, dateOf, numberOf, textOf, ValueError, vocabularyOf } from './import-values.ts'

/** One feature as the import sees it, and what it needs to turn it into a record. */
export interface TargetInput {
  geometry: Geometry | null
  properties: Record<string, ImportValue>
  mapping: ImportMapping
  options: ImportOptions
  sourceName: string
  /** A community named in the file (by id, name or Khmer name), or null when none matches. */
  findCommunity(value: string): Promise<string | null>
  /** A point inside a polygon (PostGIS's ST_PointOnSurface), where a point layer needs one. */
  pointInside(area: Polygon | MultiPolygon): Promise<Point>
}

export type RecordBody = Record<string, unknown>

export interface Target {
  table: VersionedTable & { importId: PgColumn; externalSource: PgColumn; externalId: PgColumn }
  /** The fields an import writes; an update's `previous` keeps them, undo puts them back. */
  restorable: readonly string[]
  /** The geometry columns among them (snapshotted as GeoJSON). */
  geometryFields: readonly string[]
  toBody(input: TargetInput): Promise<RecordBody>
  createSchema: z.ZodType
  updateSchema: z.ZodType
  /** The services answer the record as the API does, with `repairs` when a shape was mended (see repairsOf). */
  create(db: Db, body: RecordBody, write: GeometryWrite, viewer: Viewer): Promise<{ id: string }>
  update(db: Db, id: string, body: RecordBody, version: number, write: GeometryWrite, viewer: Viewer): Promise<object>
  /** Create-only parts of a body that an update leaves alone (a concession's declared areas). */
  createOnly: readonly string[]
}

export const repairsOf = (record: object) => (record as { repairs?: GeometryRepair[] }).repairs

/** The value of a Dey field: from its mapped column, or the import's default for every feature. */
function valueOf(input: TargetInput, field: ImportField): ImportValue | undefined {
  const column = input.mapping[field]
  if (column !== undefined) {
    const value = input.properties[column]
    if (textOf(value) !== null) return value
  }
  return input.options.defaults?.[field]
}

const text = (input: TargetInput, field: ImportField) => textOf(valueOf(input, field))

function requireText(input: TargetInput, field: ImportField): string {
  const value = text(input, field)
  if (value === null)
    throw new ValueError(field, input.mapping[field] ? `column "${input.mapping[field]}" is empty` : 'no column or default gives it')
  return value
}

const isArea = (geometry: Geometry | null): geometry is Polygon | MultiPolygon =>
  geometry?.type === 'Polygon' || geometry?.type === 'MultiPolygon'

/** A point, or a multipoint of one point (shapefiles often store points so). */
function pointOf(geometry: Geometry | null): Point | null {
  if (geometry?.type === 'Point') return geometry
  if (geometry?.type === 'MultiPoint' && geometry.coordinates.length === 1) return { type: 'Point', coordinates: geometry.coordinates[0]! }
  return null
}

function describeGeometry(geometry: Geometry | null) {
  return geometry ? `a ${geometry.type}` : 'no geometry'
}

async function communityOf(input: TargetInput, isRequired: boolean): Promise<string | null> {
  const value = text(input, 'community')
  if (value === null) {
    if (isRequired) throw new ValueError('community', 'no column or default names the community')
    return null
  }
  const id = await input.findCommunity(value)
  if (!id) throw new ValueError('community', `no community is called "${value}"`)
  return id
}

const concessionTarget: Target = {
  table: concessions,
  restorable: ['name', 'nameKm', 'kind', 'company', 'purpose', 'province', 'grantedOn', 'boundarySource', 'boundary', 'location'],
  geometryFields: ['boundary', 'location'],
  createOnly: ['declaredAreas'],
  async toBody(input) {
    const point = pointOf(input.geometry)
    if (!isArea(input.geometry) && !point) {
      throw new ValueError(
        'geometry',
        `a concession is a polygon, or a point while its boundary is unknown; this feature has ${describeGeometry(input.geometry)}`,
      )
    }
    const declaredHa = numberOf(valueOf(input, 'declaredAreaHa'), 'declaredAreaHa')
    const granted = dateOf(valueOf(input, 'date'), 'date')
    return {
      name: requireText(input, 'name'),
      nameKm: text(input, 'nameKm'),
      kind: vocabularyOf(valueOf(input, 'kind'), 'kind', CONCESSION_KINDS) ?? 'other',
      company: text(input, 'company'),
      purpose: text(input, 'purpose'),
      ...(text(input, 'province') ? { province: text(input, 'province') } : {}),
      grantedOn: granted?.day ?? null,
      boundarySource: input.sourceName,
      ...(isArea(input.geometry) ? { boundary: input.geometry } : { location: point }),
      declaredAreas: declaredHa && declaredHa > 0 ? [{ areaHa: declaredHa, source: input.sourceName }] : [],
    }
  },
  createSchema: CreateConcessionBody,
  updateSchema: UpdateConcessionBody,
  create: (db, body, write) => createConcession(db, body as CreateConcessionBody, write),
  update: (db, id, body, version, write) => updateConcession(db, id, body as UpdateConcessionBody, version, write),
}

const parcelTarget: Target = {
  table: parcels,
  restorable: ['communityId', 'label', 'holderName', 'households', 'notes', 'boundary'],
  geometryFields: ['boundary'],
  createOnly: [],
  async toBody(input) {
    if (!isArea(input.geometry))
      throw new ValueError('geometry', `a parcel is a polygon; this feature has ${describeGeometry(input.geometry)}`)
    return {
      communityId: await communityOf(input, true),
      label: requireText(input, 'name'),
      holderName: text(input, 'holderName'),
      households: countOf(valueOf(input, 'households'), 'households'),
      notes: text(input, 'description'),
      boundary: input.geometry,
    }
  },
  createSchema: CreateParcelBody,
  updateSchema: UpdateParcelBody,
  create: (db, body, write) => createParcel(db, body as CreateParcelBody, write),
  update: (db, id, body, version, write) => updateParcel(db, id, body as UpdateParcelBody, version, write),
}

const communityTarget: Target = {
  table: communities,
  restorable: [
    'name',
    'nameKm',
    'kind',
    'status',
    'province',
    'district',
    'commune',
    'village',
    'households',
    'description',
    'location',
    'territory',
  ],
  geometryFields: ['location', 'territory'],
  createOnly: [],
  async toBody(input) {
    const point = pointOf(input.geometry)
    if (!isArea(input.geometry) && !point) {
      throw new ValueError(
        'geometry',
        `a community is a point or its territory's polygon; this feature has ${describeGeometry(input.geometry)}`,
      )
    }
    const place = Object.fromEntries(
      (['province', 'district', 'commune', 'village'] as const).flatMap((field) =>
        text(input, field) ? [[field, text(input, field)]] : [],
      ),
    )
    return {
      name: requireText(input, 'name'),
      nameKm: text(input, 'nameKm'),
      kind: vocabularyOf(valueOf(input, 'kind'), 'kind', COMMUNITY_KINDS) ?? 'land_community',
      status: vocabularyOf(valueOf(input, 'status'), 'status', COMMUNITY_STATUSES) ?? 'forming',
      ...place,
      households: countOf(valueOf(input, 'households'), 'households'),
      description: text(input, 'description'),
      location: point ?? (await input.pointInside(input.geometry as Polygon | MultiPolygon)),
      territory: isArea(input.geometry) ? input.geometry : null,
    }
  },
  createSchema: CreateCommunityBody,
  updateSchema: UpdateCommunityBody,
  create: (db, body, write) => createCommunity(db, body as CreateCommunityBody, write),
  update: (db, id, body, version, write) => updateCommunity(db, id, body as UpdateCommunityBody, version, write),
}

const incidentTarget: Target = {
  table: incidents,
  restorable: [
    'title',
    'kind',
    'occurredAt',
    'occurredPrecision',
    'communityId',
    'description',
    'householdsAffected',
    'province',
    'location',
    'affectedArea',
  ],
  geometryFields: ['location', 'affectedArea'],
  createOnly: [],
  async toBody(input) {
    const point = pointOf(input.geometry)
    if (!isArea(input.geometry) && !point) {
      throw new ValueError('geometry', `an incident is a point or an affected area; this feature has ${describeGeometry(input.geometry)}`)
    }
    const date = dateOf(valueOf(input, 'date'), 'date')
    return {
      title: requireText(input, 'name'),
      kind: vocabularyOf(valueOf(input, 'kind'), 'kind', INCIDENT_KINDS) ?? 'other',
      // A source that gives no date gets no invented one: the date is recorded as unknown.
      ...(date ? { occurredAt: `${date.day}T00:00:00+07:00`, occurredPrecision: date.precision } : { occurredPrecision: 'unknown' }),
      communityId: await communityOf(input, false),
      description: text(input, 'description'),
      householdsAffected: countOf(valueOf(input, 'households'), 'households'),
      ...(text(input, 'province') ? { province: text(input, 'province') } : {}),
      location: point ?? (await input.pointInside(input.geometry as Polygon | MultiPolygon)),
      affectedArea: isArea(input.geometry) ? input.geometry : null,
    }
  },
  createSchema: CreateIncidentBody,
  updateSchema: UpdateIncidentBody,
  create: async (db, body, write, viewer) => {
    const { incident } = await createIncident(db, body as CreateIncidentBody, write, viewer)
    return incident
  },
  update: (db, id, body, version, write, viewer) => updateIncident(db, id, body as UpdateIncidentBody, version, write, viewer),
}

export const TARGETS: Record<ImportTarget, Target> = {
  concessions: concessionTarget,
  parcels: parcelTarget,
  communities: communityTarget,
  incidents: incidentTarget,
}
