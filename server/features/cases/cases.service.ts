// Rules of legal cases that span several queries: references, stage history, closing dates,
// links to live records, concurrency. Every exported write opens exactly one transaction.
import type { Db } from '../../../db/open.ts'
import { communities, incidents, legalCases, parcels, people } from '../../../db/schema/index.ts'
import type { CaseDetail, CreateCaseBody, LinkPersonBody, UpdateCaseBody } from '../../../shared/cases.ts'
import { APP_TIME_ZONE } from '../../../shared/time.ts'
import type { CaseStage, PartyRole } from '../../../shared/vocabularies.ts'
import { notFound } from '../../lib/app-error.ts'
import type { Viewer } from '../../lib/policy.ts'
import { createStaleVersionError } from '../../lib/concurrency.errors.ts'
import { requireVersion } from '../../lib/concurrency.ts'
import { requireLive } from '../../lib/references.ts'
import { softDelete, updateIfVersion } from '../../lib/versioned-rows.queries.ts'
import {
  findCaseIncidents,
  findCaseParcels,
  findCasePeople,
  findCaseRow,
  findStageHistory,
  insertCase,
  insertStageChange,
  isLiveCase,
  linkCommunity,
  linkIncident,
  linkParcel,
  linkPerson,
  takeCaseNumber,
  unlinkCommunity,
  unlinkIncident,
  unlinkParcel,
  unlinkPerson,
} from './cases.queries.ts'
import { createClosedBeforeOpenedError, createLinkNotFoundError, createStageNoteWithoutChangeError } from './cases.errors.ts'

const cambodianDay = new Intl.DateTimeFormat('en-CA', { timeZone: APP_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })

/** Today as YYYY-MM-DD in Cambodia: a case opened at 06:00 in Phnom Penh opens that day, not the UTC one. */
export function todayInCambodia(now = new Date()): string {
  return cambodianDay.format(now)
}

export function formatCaseReference(year: number, number: number): string {
  return `CASE-${year}-${String(number).padStart(4, '0')}`
}

/**
 * The case with its stage history and linked records: one query for each, whatever their number.
 * With a viewer: undefined when they may not see the case, and only the linked incidents and
 * people they may see (the route drops the fields they may not see with maskCase). Without
 * one: everything (internal reads inside writes).
 */
export async function findCaseDetail(db: Db, id: string, viewer?: Viewer): Promise<CaseDetail | undefined> {
  const row = await findCaseRow(db, id, viewer)
  if (!row) return undefined
  const stageHistory = await findStageHistory(db, id)
  const parcelRefs = await findCaseParcels(db, id)
  const incidentRefs = await findCaseIncidents(db, id, viewer)
  // People references carry names and roles, no contacts (CasePersonRef would strip any).
  const personRefs = await findCasePeople(db, id, viewer)
  return { ...row, stageHistory, parcels: parcelRefs, incidents: incidentRefs, people: personRefs }
}

/** The case as the viewer may see it after a write (404 if it is not live). */
export async function requireCaseDetail(db: Db, id: string, viewer?: Viewer): Promise<CaseDetail> {
  const detail = await findCaseDetail(db, id, viewer)
  if (!detail) throw notFound('case', id)
  return detail
}

export type NewCaseValues = Omit<CreateCaseBody, 'stage'> & { stage: CaseStage }

/**
 * Inserts a case inside the caller's transaction: takes the year's next reference number and
 * records the opening stage in the stage history. Returns the new id.
 */
export async function openCase(tx: Db, values: NewCaseValues): Promise<string> {
  const { stageNote, ...fields } = values
  const openedOn = fields.openedOn ?? todayInCambodia()
  const closedOn = fields.closedOn ?? (fields.stage === 'closed' ? todayInCambodia() : null)
  requireClosedAfterOpened(openedOn, closedOn)
  const number = await takeCaseNumber(tx, Number(openedOn.slice(0, 4)))
  const id = await insertCase(tx, { ...fields, openedOn, closedOn, reference: formatCaseReference(Number(openedOn.slice(0, 4)), number) })
  await insertStageChange(tx, id, null, fields.stage, stageNote)
  return id
}

// Writes check the case without a viewer (the route's permission decides who may write) and
// answer with the case as the viewer may see it.

export async function createCase(db: Db, body: CreateCaseBody, viewer: Viewer) {
  return db.transaction(async (tx) => requireCaseDetail(tx, await openCase(tx, body), viewer))
}

export async function updateCase(db: Db, id: string, body: UpdateCaseBody, expectedVersion: number, viewer: Viewer) {
  return db.transaction(async (tx) => {
    const current = await findCaseDetail(tx, id)
    if (!current) throw notFound('case', id)
    const { version: _version, stageNote, ...changes } = body
    const isStageChange = changes.stage !== undefined && changes.stage !== current.stage
    if (stageNote && !isStageChange) {
      throw createStageNoteWithoutChangeError()
    }
    // Closing a case without saying when means it closes today.
    if (isStageChange && changes.stage === 'closed' && changes.closedOn === undefined && !current.closedOn) {
      changes.closedOn = todayInCambodia()
    }
    requireClosedAfterOpened(changes.openedOn ?? current.openedOn, changes.closedOn !== undefined ? changes.closedOn : current.closedOn)
    if (!(await updateIfVersion(tx, legalCases, id, expectedVersion, changes))) {
      throw createStaleVersionError('case', expectedVersion, current)
    }
    if (isStageChange) await insertStageChange(tx, id, current.stage, changes.stage!, stageNote)
    return requireCaseDetail(tx, id, viewer)
  })
}

export async function deleteCase(db: Db, id: string, expectedVersion: number | undefined) {
  await db.transaction(async (tx) => {
    const current = await findCaseDetail(tx, id)
    if (!current) throw notFound('case', id)
    requireVersion('case', expectedVersion, current)
    // The reference stays with the deleted row, so it is never handed out again.
    await softDelete(tx, legalCases, id)
  })
}

function requireClosedAfterOpened(openedOn: string, closedOn: string | null | undefined) {
  if (closedOn && closedOn < openedOn) {
    throw createClosedBeforeOpenedError(openedOn, closedOn)
  }
}

// ---- Links ---------------------------------------------------------------------------------

export interface LinkResult {
  isNew: boolean
  detail: CaseDetail
}

/** Links a live record to a live case; linking twice changes nothing (isNew false). */
async function link(
  db: Db,
  caseId: string,
  viewer: Viewer,
  requireTarget: (tx: Db) => Promise<void>,
  insert: (tx: Db) => Promise<boolean>,
): Promise<LinkResult> {
  return db.transaction(async (tx) => {
    if (!(await isLiveCase(tx, caseId))) throw notFound('case', caseId)
    await requireTarget(tx)
    const isNew = await insert(tx)
    return { isNew, detail: await requireCaseDetail(tx, caseId, viewer) }
  })
}

export const linkCaseCommunity = (db: Db, caseId: string, communityId: string, viewer: Viewer) =>
  link(
    db,
    caseId,
    viewer,
    (tx) => requireLive(tx, communities, communityId, 'body.communityId', 'community'),
    (tx) => linkCommunity(tx, caseId, communityId),
  )

export const linkCaseParcel = (db: Db, caseId: string, parcelId: string, viewer: Viewer) =>
  link(
    db,
    caseId,
    viewer,
    (tx) => requireLive(tx, parcels, parcelId, 'body.parcelId', 'parcel'),
    (tx) => linkParcel(tx, caseId, parcelId),
  )

export const linkCaseIncident = (db: Db, caseId: string, incidentId: string, viewer: Viewer) =>
  link(
    db,
    caseId,
    viewer,
    (tx) => requireLive(tx, incidents, incidentId, 'body.incidentId', 'incident'),
    (tx) => linkIncident(tx, caseId, incidentId),
  )

export const linkCasePerson = (db: Db, caseId: string, body: LinkPersonBody, viewer: Viewer) =>
  link(
    db,
    caseId,
    viewer,
    (tx) => requireLive(tx, people, body.personId, 'body.personId', 'person'),
    (tx) => linkPerson(tx, caseId, body.personId, body.role),
  )

/** Removes a link; 404 when the case is not live or the record was not linked to it. */
async function unlink(db: Db, caseId: string, what: string, targetId: string, remove: (tx: Db) => Promise<number>) {
  await db.transaction(async (tx) => {
    if (!(await isLiveCase(tx, caseId))) throw notFound('case', caseId)
    if ((await remove(tx)) === 0) {
      throw createLinkNotFoundError(caseId, what, targetId)
    }
  })
}

export const unlinkCaseCommunity = (db: Db, caseId: string, communityId: string) =>
  unlink(db, caseId, 'community', communityId, (tx) => unlinkCommunity(tx, caseId, communityId))

export const unlinkCaseParcel = (db: Db, caseId: string, parcelId: string) =>
  unlink(db, caseId, 'parcel', parcelId, (tx) => unlinkParcel(tx, caseId, parcelId))

export const unlinkCaseIncident = (db: Db, caseId: string, incidentId: string) =>
  unlink(db, caseId, 'incident', incidentId, (tx) => unlinkIncident(tx, caseId, incidentId))

export const unlinkCasePerson = (db: Db, caseId: string, personId: string, role: PartyRole | undefined) =>
  unlink(db, caseId, role ? `person (as ${role})` : 'person', personId, (tx) => unlinkPerson(tx, caseId, personId, role))
