// Rows the stats tests need beyond test/helpers/factories.ts: concessions and legal cases linked
// to parcels, and an independent (GeographicLib, not PostGIS) area for rectangles.
import { Geodesic } from 'geographiclib-geodesic'
import type { MultiPolygon, Polygon } from '../../shared/geo.ts'
import type { Db } from '../../db/open.ts'
import { caseParcels, concessions, legalCases } from '../../db/schema/index.ts'
import type { CaseStage } from '../../shared/vocabularies.ts'

export type Rect = [west: number, south: number, east: number, north: number]

export function rect([west, south, east, north]: Rect): Polygon {
  return { type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] }
}

/** WGS 84 ellipsoidal area of a lon/lat rectangle in hectares, by GeographicLib. */
export function rectAreaHa([west, south, east, north]: Rect): number {
  const polygon = Geodesic.WGS84.Polygon(false)
  for (const [lng, lat] of [[west, south], [east, south], [east, north], [west, north]] as const) polygon.AddPoint(lat, lng)
  return Math.abs(polygon.Compute(false, true).area ?? Number.NaN) / 10_000
}

export async function makeConcessionOver(db: Db, area: Rect, overrides: Partial<typeof concessions.$inferInsert> = {}) {
  const [row] = await db
    .insert(concessions)
    .values({ name: 'Test concession', kind: 'elc', ...overrides, boundary: rect(area) as unknown as MultiPolygon })
    .returning({ id: concessions.id })
  return row!
}

let caseNumber = 9000

/** A legal case at `stage` that names the given parcels. */
export async function makeCaseAbout(db: Db, stage: CaseStage, parcelIds: string[], overrides: Partial<typeof legalCases.$inferInsert> = {}) {
  caseNumber += 1
  const [row] = await db
    .insert(legalCases)
    .values({ reference: `CASE-2099-${caseNumber}`, title: `Test case ${caseNumber}`, kind: 'cadastral_commission', stage, ...overrides })
    .returning({ id: legalCases.id })
  if (parcelIds.length) await db.insert(caseParcels).values(parcelIds.map((parcelId) => ({ caseId: row!.id, parcelId })))
  return row!
}
