// All SQL of concessions and their declared areas.
import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import type { MultiPolygon, Point } from '../../../shared/geo.ts'
import { asGeoJsonOrNull } from '../../../db/columns.ts'
import { queryRows, type Db } from '../../../db/open.ts'
import { concessionDeclaredAreas, concessions } from '../../../db/schema/index.ts'
import type { ConcessionListQuery, DeclaredArea } from '../../../shared/concessions.ts'
import { inBbox, isOneOf, matchesTextIn, resolveSorting, type TextSource, textMatchIds, toPage, withinDates } from '../../lib/list-query.ts'
import { findTextMatches } from '../../lib/list-query.queries.ts'

const concessionColumns = {
  id: concessions.id,
  name: concessions.name,
  nameKm: concessions.nameKm,
  kind: concessions.kind,
  company: concessions.company,
  province: concessions.province,
  grantedOn: concessions.grantedOn,
  purpose: concessions.purpose,
  boundarySource: concessions.boundarySource,
  sourceUrl: concessions.sourceUrl,
  sourceDate: concessions.sourceDate,
  boundary: asGeoJsonOrNull<MultiPolygon>(concessions.boundary),
  location: asGeoJsonOrNull<Point>(concessions.location),
  areaHa: concessions.areaHa,
  importId: concessions.importId,
  externalSource: concessions.externalSource,
  externalId: concessions.externalId,
  createdAt: concessions.createdAt,
  updatedAt: concessions.updatedAt,
  version: concessions.version,
}

export type ConcessionRow = NonNullable<Awaited<ReturnType<typeof findConcession>>>

function selectConcessions<Extra extends Record<string, SQL> = Record<never, never>>(db: Db, extra?: Extra) {
  return db.select({ ...concessionColumns, ...(extra as Extra) }).from(concessions)
}

export async function findConcession(db: Db, id: string) {
  const [row] = await selectConcessions(db).where(and(eq(concessions.id, id), isNull(concessions.deletedAt)))
  if (!row) return undefined
  const [withAreas] = await attachDeclaredAreas(db, [withProvenance(row)])
  return withAreas
}

/** The provenance columns as the API's one `provenance` object. */
function withProvenance<Row extends { importId: string | null; externalSource: string | null; externalId: string | null }>(row: Row) {
  const { importId, externalSource, externalId, ...rest } = row
  return { ...rest, provenance: { importId, externalSource, externalId } }
}

/** Where the concession is: its boundary, or the point a source gave while the boundary is unknown. */
export const concessionPlace = sql`coalesce(${concessions.boundary}, ${concessions.location})`

const sortable = {
  name: concessions.name,
  areaHa: concessions.areaSortHa,
  createdAt: concessions.createdAt,
  updatedAt: concessions.updatedAt,
}

const textSources: TextSource[] = [
  { ids: sql`SELECT ${concessions.id} FROM ${concessions}`, columns: [concessions.name, concessions.nameKm, concessions.company] },
]

export async function listConcessions(db: Db, query: ConcessionListQuery) {
  const sorting = resolveSorting(query.sort, query.cursor, sortable, concessions.id)
  const matchedIds = await findTextMatches(db, textMatchIds(query.q, textSources))
  // The cursor of the area sort carries the NOT NULL sort key, not the (possibly unknown) area.
  const areaSortKey = sorting.key === 'areaHa' ? sql<number>`${concessions.areaSortHa}`.mapWith(Number) : sorting.cursorKey
  const rows = await selectConcessions(db, { cursorKey: areaSortKey })
    .where(
      and(
        isNull(concessions.deletedAt),
        isOneOf(concessions.kind, query.kind),
        query.province ? eq(concessions.province, query.province) : undefined,
        withinDates(concessions.createdAt, query.from, query.to),
        matchesTextIn(query.q, concessions.id, textSources, matchedIds),
        inBbox(concessionPlace, query.bbox),
        sorting.after,
      ),
    )
    .orderBy(...sorting.orderBy)
    .limit(query.limit + 1)
  const page = toPage(rows, query.limit, query.sort, sorting)
  return { ...page, items: await attachDeclaredAreas(db, page.items.map(withProvenance)) }
}

const declaredAreaColumns = {
  id: concessionDeclaredAreas.id,
  concessionId: concessionDeclaredAreas.concessionId,
  areaHa: concessionDeclaredAreas.areaHa,
  source: concessionDeclaredAreas.source,
  sourceUrl: concessionDeclaredAreas.sourceUrl,
  statedOn: concessionDeclaredAreas.statedOn,
}

/** The declared areas of a whole page in one query (never one per concession). */
async function attachDeclaredAreas<Row extends { id: string }>(db: Db, rows: Row[]): Promise<(Row & { declaredAreas: DeclaredArea[] })[]> {
  if (rows.length === 0) return []
  const areas = await db
    .select(declaredAreaColumns)
    .from(concessionDeclaredAreas)
    .where(
      inArray(
        concessionDeclaredAreas.concessionId,
        rows.map((row) => row.id),
      ),
    )
    .orderBy(
      sql`${concessionDeclaredAreas.statedOn} ASC NULLS LAST`,
      asc(concessionDeclaredAreas.createdAt),
      asc(concessionDeclaredAreas.id),
    )
  const byConcession = new Map<string, DeclaredArea[]>()
  for (const { concessionId, ...area } of areas) {
    byConcession.set(concessionId, [...(byConcession.get(concessionId) ?? []), area])
  }
  return rows.map((row) => ({ ...row, declaredAreas: byConcession.get(row.id) ?? [] }))
}

export async function findDeclaredArea(db: Db, concessionId: string, areaId: string) {
  const [row] = await db
    .select(declaredAreaColumns)
    .from(concessionDeclaredAreas)
    .where(and(eq(concessionDeclaredAreas.id, areaId), eq(concessionDeclaredAreas.concessionId, concessionId)))
  return row
}

export async function insertConcession(db: Db, values: typeof concessions.$inferInsert) {
  const [row] = await db.insert(concessions).values(values).returning({ id: concessions.id })
  return row!.id
}

export async function insertDeclaredAreas(db: Db, values: (typeof concessionDeclaredAreas.$inferInsert)[]) {
  if (values.length === 0) return []
  const rows = await db.insert(concessionDeclaredAreas).values(values).returning({ id: concessionDeclaredAreas.id })
  return rows.map((row) => row.id)
}

// Declared areas have no deletedAt: a mistaken entry is removed outright. That is acceptable for
// this sub-record because the audit trail records what was removed (the whole row), and by whom.
export async function removeDeclaredArea(db: Db, concessionId: string, areaId: string) {
  const rows = await db
    .delete(concessionDeclaredAreas)
    .where(and(eq(concessionDeclaredAreas.id, areaId), eq(concessionDeclaredAreas.concessionId, concessionId)))
    .returning({ id: concessionDeclaredAreas.id })
  return rows.length === 1
}

/** A point guaranteed to lie inside the boundary (a centroid may fall outside a concave shape). */
export async function findPointInside(db: Db, boundary: MultiPolygon): Promise<[number, number]> {
  const [row] = await queryRows<{ lng: number; lat: number }>(
    db,
    sql`SELECT ST_X(p) AS lng, ST_Y(p) AS lat FROM ST_PointOnSurface(ST_GeomFromGeoJSON(${JSON.stringify(boundary)})) p`,
  )
  if (!row) throw new Error('PostGIS found no point inside a boundary it had accepted as valid')
  return [row.lng, row.lat]
}
