// Factories for incidents, the people involved and the admin areas that fill in their place.
import type { Db } from '../../db/open.ts'
import { adminAreas, incidents, people } from '../../db/schema/index.ts'
import type { Position2D } from '../../shared/geo.ts'
import { squareAround } from './geo.ts'

type IncidentInsert = typeof incidents.$inferInsert

/** One incident's insert values; `makeIncidents` inserts many in one statement. */
export function incidentValues(overrides: Partial<IncidentInsert> = {}): IncidentInsert {
  return {
    title: 'Test incident',
    kind: 'encroachment',
    occurredAt: new Date('2026-06-01T03:00:00Z'),
    province: 'Kampong Speu',
    location: { type: 'Point', coordinates: [104.3, 11.45] },
    ...overrides,
  }
}

export async function makeIncident(db: Db, overrides: Partial<IncidentInsert> = {}) {
  const [row] = await db.insert(incidents).values(incidentValues(overrides)).returning({ id: incidents.id })
  return row!
}

/** Inserts in batches that stay far below PostgreSQL's 65,535-parameter cap. */
export async function makeIncidents(db: Db, rows: Partial<IncidentInsert>[]) {
  const ids: string[] = []
  for (let start = 0; start < rows.length; start += 200) {
    const batch = rows.slice(start, start + 200).map((row) => incidentValues(row))
    ids.push(...(await db.insert(incidents).values(batch).returning({ id: incidents.id })).map((row) => row.id))
  }
  return ids
}

export async function makePerson(db: Db, overrides: Partial<typeof people.$inferInsert> = {}) {
  const [row] = await db
    .insert(people)
    .values({ fullName: 'Test person', ...overrides })
    .returning({ id: people.id })
  return row!
}

/**
 * A province (level 1) square around a point, with a district (2) and commune (3) inside it. Put
 * it far from Cambodia so it never competes with the real boundaries if those are loaded.
 */
export async function makeAdminAreas(db: Db, centre: Position2D, names: { province: string; district: string; commune: string }) {
  const [province] = await db
    .insert(adminAreas)
    .values({ level: 1, name: names.province, code: 'TEST-P', boundary: asMulti(squareAround(centre, 0.5)) })
    .returning({ id: adminAreas.id })
  const [district] = await db
    .insert(adminAreas)
    .values({ level: 2, name: names.district, code: 'TEST-D', parentId: province!.id, boundary: asMulti(squareAround(centre, 0.2)) })
    .returning({ id: adminAreas.id })
  await db
    .insert(adminAreas)
    .values({ level: 3, name: names.commune, code: 'TEST-C', parentId: district!.id, boundary: asMulti(squareAround(centre, 0.05)) })
}

function asMulti(polygon: ReturnType<typeof squareAround>) {
  return { type: 'MultiPolygon' as const, coordinates: [polygon.coordinates] }
}
