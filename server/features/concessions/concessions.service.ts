// Writes to concessions and their declared areas: geometry checks, province look-up, concurrency.
import type { Db } from '../../../db/open.ts'
import { concessions } from '../../../db/schema/index.ts'
import type { CreateConcessionBody, CreateDeclaredAreaBody, UpdateConcessionBody } from '../../../shared/concessions.ts'
import { adminAreasAt } from '../../lib/admin-places.queries.ts'
import { notFound } from '../../lib/app-error.ts'
import { createStaleVersionError } from '../../lib/concurrency.errors.ts'
import { requireVersion } from '../../lib/concurrency.ts'
import { checkArea, checkPosition, withRepairs, type GeometryWrite } from '../../lib/geometry.ts'
import { createNoPlaceError } from './concessions.errors.ts'
import { softDelete, updateIfVersion } from '../../lib/versioned-rows.queries.ts'
import {
  findConcession,
  findDeclaredArea,
  findPointInside,
  insertConcession,
  insertDeclaredAreas,
  removeDeclaredArea,
} from './concessions.queries.ts'

export async function createConcession(db: Db, body: CreateConcessionBody, write: GeometryWrite) {
  return db.transaction(async (tx) => {
    const boundary = body.boundary ? await checkArea(tx, body.boundary, 'body.boundary', 'concession', write) : undefined
    if (body.location) checkPosition(body.location.coordinates, 'body.location', write.rules)
    // `fields` also carries an import's provenance columns when an import creates the record.
    const { declaredAreas, boundary: _boundary, location, ...fields } = body
    const place = boundary ? await findPointInside(tx, boundary.geometry) : location!.coordinates
    const province = body.province !== undefined ? body.province : await provinceAt(tx, place)
    const id = await insertConcession(tx, {
      ...fields,
      province,
      boundary: boundary?.geometry ?? null,
      location: location ?? null,
    })
    await insertDeclaredAreas(
      tx,
      declaredAreas.map((area) => ({ ...area, concessionId: id })),
    )
    return withRepairs(await findConcession(tx, id), boundary?.repair)
  })
}

export async function updateConcession(db: Db, id: string, body: UpdateConcessionBody, expectedVersion: number, write: GeometryWrite) {
  return db.transaction(async (tx) => {
    const current = await findConcession(tx, id)
    if (!current) throw notFound('concession', id)
    const boundary = body.boundary ? await checkArea(tx, body.boundary, 'body.boundary', 'concession', write) : undefined
    if (body.location) checkPosition(body.location.coordinates, 'body.location', write.rules)
    if (body.location === null && !boundary && !current.boundary) throw createNoPlaceError()
    const { version: _version, boundary: _boundary, ...changes } = body
    const isApplied = await updateIfVersion(tx, concessions, id, expectedVersion, {
      ...changes,
      ...(boundary ? { boundary: boundary.geometry } : {}),
    })
    if (!isApplied) throw createStaleVersionError('concession', expectedVersion, current)
    return withRepairs(await findConcession(tx, id), boundary?.repair)
  })
}

export async function deleteConcession(db: Db, id: string, expectedVersion: number | undefined) {
  await db.transaction(async (tx) => {
    const current = await findConcession(tx, id)
    if (!current) throw notFound('concession', id)
    requireVersion('concession', expectedVersion, current)
    await softDelete(tx, concessions, id)
  })
}

// A declared area is a source's statement about the concession, not an edit of it: adding or
// removing one leaves the concession's version alone, so it never makes a colleague's pending
// edit of the concession stale.
export async function addDeclaredArea(db: Db, concessionId: string, body: CreateDeclaredAreaBody) {
  return db.transaction(async (tx) => {
    if (!(await findConcession(tx, concessionId))) throw notFound('concession', concessionId)
    const [areaId] = await insertDeclaredAreas(tx, [{ ...body, concessionId }])
    const { concessionId: _concessionId, ...area } = (await findDeclaredArea(tx, concessionId, areaId!))!
    return area
  })
}

export async function deleteDeclaredArea(db: Db, concessionId: string, areaId: string) {
  await db.transaction(async (tx) => {
    if (!(await findConcession(tx, concessionId))) throw notFound('concession', concessionId)
    if (!(await removeDeclaredArea(tx, concessionId, areaId))) throw notFound('declared_area', areaId)
  })
}

/** Where the user gave no province: the one containing a point inside the boundary, if any. */
async function provinceAt(db: Db, place: readonly number[]): Promise<string | null> {
  const areas = await adminAreasAt(db, place as [number, number])
  return areas.find((area) => area.level === 1)?.name ?? null
}
