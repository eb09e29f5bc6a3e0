// Rules of program targets: one per year and indicator, versioned edits, and physical deletes.
import type { Db } from '../../../db/open.ts'
import { TARGET_DEFINITIONS, type CreateProgramTargetBody, type UpdateProgramTargetBody } from '../../../shared/targets.ts'
import { notFound } from '../../lib/app-error.ts'
import { createStaleVersionError } from '../../lib/concurrency.errors.ts'
import { requireVersion } from '../../lib/concurrency.ts'
import { deleteTargetRow, findTarget, findTargetOf, findTargetsOfYear, insertTarget, updateTargetIfVersion } from './targets.queries.ts'
import { createDuplicateTargetError } from './targets.errors.ts'

export async function createTarget(db: Db, body: CreateProgramTargetBody) {
  return db.transaction(async (tx) => {
    if (await findTargetOf(tx, body.year, body.indicator)) {
      throw createDuplicateTargetError(body.year, body.indicator)
    }
    const definition = TARGET_DEFINITIONS[body.indicator]
    const id = await insertTarget(tx, {
      ...body,
      label: body.label ?? definition.label,
      labelKm: body.labelKm === undefined ? definition.labelKm : body.labelKm,
    })
    return (await findTarget(tx, id))!
  })
}

export async function updateTarget(db: Db, id: string, body: UpdateProgramTargetBody, expectedVersion: number) {
  return db.transaction(async (tx) => {
    const current = await findTarget(tx, id)
    if (!current) throw notFound('program_target', id)
    const { version: _version, ...changes } = body
    if (!(await updateTargetIfVersion(tx, id, expectedVersion, changes))) {
      throw createStaleVersionError('program_target', expectedVersion, current)
    }
    return (await findTarget(tx, id))!
  })
}

/**
 * Targets are configuration, not records of what happened (their progress is always recomputed
 * from the data), and the table has no deletedAt: a mistaken target is removed for good, which
 * also frees its year and indicator for a new one.
 */
export async function deleteTarget(db: Db, id: string, expectedVersion: number | undefined) {
  await db.transaction(async (tx) => {
    const current = await findTarget(tx, id)
    if (!current) throw notFound('program_target', id)
    requireVersion('program_target', expectedVersion, current)
    await deleteTargetRow(tx, id)
  })
}

/** The targets of a year with their progress, for reports that span features (stats). */
export async function targetProgressOfYear(db: Db, year: number) {
  return findTargetsOfYear(db, year)
}
