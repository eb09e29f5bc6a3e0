// Writes to parcels: the community reference, the PostGIS geometry check and concurrency.
import type { Db } from '../../../db/open.ts'
import { communities, parcels } from '../../../db/schema/index.ts'
import type { CreateParcelBody, UpdateParcelBody } from '../../../shared/parcels.ts'
import { notFound } from '../../lib/app-error.ts'
import { createStaleVersionError } from '../../lib/concurrency.errors.ts'
import { requireVersion } from '../../lib/concurrency.ts'
import { checkArea, withRepairs, type GeometryWrite } from '../../lib/geometry.ts'
import { requireLive } from '../../lib/references.ts'
import { softDelete, updateIfVersion } from '../../lib/versioned-rows.queries.ts'
import { findParcel, insertParcel } from './parcels.queries.ts'

export async function createParcel(db: Db, body: CreateParcelBody, write: GeometryWrite) {
  return db.transaction(async (tx) => {
    await requireLive(tx, communities, body.communityId, 'body.communityId', 'community')
    const boundary = await checkArea(tx, body.boundary, 'body.boundary', 'parcel', write)
    const id = await insertParcel(tx, { ...body, boundary: boundary.geometry })
    return withRepairs(await findParcel(tx, id), boundary.repair)
  })
}

export async function updateParcel(db: Db, id: string, body: UpdateParcelBody, expectedVersion: number, write: GeometryWrite) {
  return db.transaction(async (tx) => {
    const current = await findParcel(tx, id)
    if (!current) throw notFound('parcel', id)
    if (body.communityId) await requireLive(tx, communities, body.communityId, 'body.communityId', 'community')
    const boundary = body.boundary ? await checkArea(tx, body.boundary, 'body.boundary', 'parcel', write) : undefined
    const { version: _version, boundary: _boundary, ...changes } = body
    const isApplied = await updateIfVersion(tx, parcels, id, expectedVersion, {
      ...changes,
      ...(boundary ? { boundary: boundary.geometry } : {}),
    })
    if (!isApplied) throw createStaleVersionError('parcel', expectedVersion, current)
    return withRepairs(await findParcel(tx, id), boundary?.repair)
  })
}

export async function deleteParcel(db: Db, id: string, expectedVersion: number | undefined) {
  await db.transaction(async (tx) => {
    const current = await findParcel(tx, id)
    if (!current) throw notFound('parcel', id)
    requireVersion('parcel', expectedVersion, current)
    await softDelete(tx, parcels, id)
  })
}
