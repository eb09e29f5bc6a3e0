// Rules that span several queries: references, geometry checks, place look-up, concurrency.
import type { Db } from '../../../db/open.ts'
import { communities, communityPlans } from '../../../db/schema/index.ts'
import type {
  CreateCommunityBody,
  CreateCommunityPlanBody,
  UpdateCommunityBody,
  UpdateCommunityPlanBody,
} from '../../../shared/communities.ts'
import { completePlace } from '../../lib/admin-places.ts'
import { notFound } from '../../lib/app-error.ts'
import { createStaleVersionError } from '../../lib/concurrency.errors.ts'
import { requireVersion } from '../../lib/concurrency.ts'
import { checkArea, checkPosition, withRepairs, type GeometryWrite } from '../../lib/geometry.ts'
import { requireLive } from '../../lib/references.ts'
import { softDelete, updateIfVersion } from '../../lib/versioned-rows.queries.ts'
import {
  findCommunity,
  findCommunityIdByIntakeCode,
  findOpenCaseReferences,
  findPlan,
  insertCommunity,
  insertPlan,
  nextFreeIntakeCode,
} from './communities.queries.ts'
import {
  createDuplicateIntakeCodeError,
  createHasOpenCasesError,
  createNetworkSelfError,
  createNotANetworkError,
} from './communities.errors.ts'

export async function createCommunity(db: Db, body: CreateCommunityBody, write: GeometryWrite) {
  checkPosition(body.location.coordinates, 'body.location', write.rules)
  return db.transaction(async (tx) => {
    if (body.networkId) await requireNetwork(tx, body.networkId)
    if (body.intakeCode) await requireFreeIntakeCode(tx, body.intakeCode)
    const intakeCode = body.intakeCode ?? (await nextFreeIntakeCode(tx))
    const territory = body.territory ? await checkArea(tx, body.territory, 'body.territory', 'territory', write) : undefined
    const place = await completePlace(tx, body.location.coordinates, body)
    const id = await insertCommunity(tx, { ...body, ...place, intakeCode, territory: territory?.geometry ?? null })
    return withRepairs(await findCommunity(tx, id), territory?.repair)
  })
}

export async function updateCommunity(db: Db, id: string, body: UpdateCommunityBody, expectedVersion: number, write: GeometryWrite) {
  if (body.location) checkPosition(body.location.coordinates, 'body.location', write.rules)
  return db.transaction(async (tx) => {
    const current = await findCommunity(tx, id)
    if (!current) throw notFound('community', id)
    if (body.networkId) {
      if (body.networkId === id) throw createNetworkSelfError()
      await requireNetwork(tx, body.networkId)
    }
    if (body.intakeCode) await requireFreeIntakeCode(tx, body.intakeCode, id)
    const territory = body.territory ? await checkArea(tx, body.territory, 'body.territory', 'territory', write) : undefined
    const { version: _version, territory: _territory, ...changes } = body
    const isApplied = await updateIfVersion(tx, communities, id, expectedVersion, {
      ...changes,
      ...(body.territory !== undefined ? { territory: territory?.geometry ?? null } : {}),
    })
    if (!isApplied) throw createStaleVersionError('community', expectedVersion, current)
    return withRepairs(await findCommunity(tx, id), territory?.repair)
  })
}

export async function deleteCommunity(db: Db, id: string, expectedVersion: number | undefined) {
  await db.transaction(async (tx) => {
    const current = await findCommunity(tx, id)
    if (!current) throw notFound('community', id)
    requireVersion('community', expectedVersion, current)
    const openCases = await findOpenCaseReferences(tx, id)
    if (openCases.length > 0) {
      const references = openCases.map((c) => c.reference).join(', ')
      throw createHasOpenCasesError(references)
    }
    await softDelete(tx, communities, id)
  })
}

async function requireNetwork(db: Db, networkId: string) {
  await requireLive(db, communities, networkId, 'body.networkId', 'community')
  const network = await findCommunity(db, networkId)
  if (network?.kind !== 'provincial_network') {
    throw createNotANetworkError()
  }
}

/** SMS codes are unique, deleted communities' included (a printed card must never reach another community). */
async function requireFreeIntakeCode(db: Db, intakeCode: string, communityId?: string) {
  if (await findCommunityIdByIntakeCode(db, intakeCode, communityId)) throw createDuplicateIntakeCodeError(intakeCode)
}

// ---- Plans ---------------------------------------------------------------------------------

export async function createPlan(db: Db, body: CreateCommunityPlanBody) {
  return db.transaction(async (tx) => {
    await requireLive(tx, communities, body.communityId, 'body.communityId', 'community')
    const id = await insertPlan(tx, body)
    return (await findPlan(tx, id))!
  })
}

export async function updatePlan(db: Db, id: string, body: UpdateCommunityPlanBody, expectedVersion: number) {
  return db.transaction(async (tx) => {
    const current = await findPlan(tx, id)
    if (!current) throw notFound('community_plan', id)
    const { version: _version, ...changes } = body
    if (!(await updateIfVersion(tx, communityPlans, id, expectedVersion, changes))) {
      throw createStaleVersionError('community_plan', expectedVersion, current)
    }
    return (await findPlan(tx, id))!
  })
}

export async function deletePlan(db: Db, id: string, expectedVersion: number | undefined) {
  await db.transaction(async (tx) => {
    const current = await findPlan(tx, id)
    if (!current) throw notFound('community_plan', id)
    requireVersion('community_plan', expectedVersion, current)
    await softDelete(tx, communityPlans, id)
  })
}
