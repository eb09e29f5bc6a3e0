// Rules that span several queries: references, geometry checks, place look-up, concurrency, the
// triage transitions and who may act on which incident (the rules themselves live in policy.ts).
import { sql } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import { communities, incidents, people } from '../../../db/schema/index.ts'
import {
  canTransition,
  INCIDENT_TRANSITIONS,
  type ChangeIncidentStatusBody,
  type CreateIncidentBody,
  type LinkIncidentPersonBody,
  type UpdateIncidentBody,
} from '../../../shared/incidents.ts'
import { startOfPeriod } from '../../../shared/dates.ts'
import type { DatePrecision, PartyRole } from '../../../shared/vocabularies.ts'
import { completePlace } from '../../lib/admin-places.ts'
import { notifyCaseLeadsOfIncident, notifyFollowersOfIncident } from '../../lib/notifications.ts'
import { notFound } from '../../lib/app-error.ts'
import { createForbiddenError } from '../../lib/security.errors.ts'
import { createStaleVersionError } from '../../lib/concurrency.errors.ts'
import { requireVersion } from '../../lib/concurrency.ts'
import { checkArea, checkPosition, withRepairs, type GeometryWrite } from '../../lib/geometry.ts'
import { canEditIncident, canReportForCommunity, type Viewer } from '../../lib/policy.ts'
import { requireLive } from '../../lib/references.ts'
import { softDelete, updateIfVersion } from '../../lib/versioned-rows.queries.ts'
import {
  findByClientReportId,
  findIncident,
  findIncidentPerson,
  insertIncident,
  linkIncidentPerson,
  listIncidentPeople,
  unlinkIncidentPerson,
  type IncidentRow,
  statusColumns,
} from './incidents.queries.ts'
import {
  createAlreadyReportedError,
  createClientReportIdTakenError,
  createCommunityRequiredError,
  createPersonNotLinkedError,
  createPrecisionRequiredError,
  createTransitionNotAllowedError,
} from './incidents.errors.ts'

/**
 * Reports a new incident; `isNew` is false when the device had already sent this report (same
 * clientReportId): the incident the first request created is returned, and nothing is written.
 */
export async function createIncident(db: Db, body: CreateIncidentBody, write: GeometryWrite, viewer: Viewer) {
  requireOwnCommunity(viewer, body.communityId)
  checkPosition(body.location.coordinates, 'body.location', write.rules)
  return db.transaction(async (tx) => {
    const { clientReportId } = body
    if (clientReportId) {
      const earlier = await reportedEarlier(tx, clientReportId, viewer)
      if (earlier) return { incident: earlier, isNew: false }
    }
    if (body.communityId) await requireLive(tx, communities, body.communityId, 'body.communityId', 'community')
    const area = body.affectedArea ? await checkArea(tx, body.affectedArea, 'body.affectedArea', 'incidentArea', write) : undefined
    const place = await completePlace(tx, body.location.coordinates, body)
    const { status: _status, affectedArea: _affectedArea, occurredAt, occurredPrecision, ...fields } = body
    // Every report starts in the triage queue, whoever files it; the account that filed it is kept.
    const id = await insertIncident(tx, {
      ...fields,
      ...occurredColumns(occurredAt, occurredPrecision),
      ...place,
      status: 'reported',
      affectedArea: area?.geometry ?? null,
      reportedByUserId: viewer.id,
    })
    if (!id) {
      // The same report arrived twice at once: the other request stored it first (and committed).
      const earlier = clientReportId ? await reportedEarlier(tx, clientReportId, viewer) : undefined
      if (!earlier) throw new Error('an insert that conflicted on client_report_id found no earlier report')
      return { incident: earlier, isNew: false }
    }
    await notifyFollowersOfIncident(tx, id)
    return { incident: withRepairs(await findIncident(tx, id), area?.repair), isNew: true }
  })
}

/**
 * The incident an earlier request with this clientReportId created, as the viewer sees it. The
 * id belongs to the account that filed it: anyone else using it is refused, and so is a repeat
 * of a report that has since been deleted (or that the viewer may no longer see).
 */
async function reportedEarlier(db: Db, clientReportId: string, viewer: Viewer) {
  const earlier = await findByClientReportId(db, clientReportId)
  if (!earlier) return undefined
  if (earlier.reportedByUserId !== viewer.id) throw createClientReportIdTakenError()
  const incident = earlier.deletedAt ? undefined : await findIncident(db, earlier.id, viewer)
  if (!incident) throw createAlreadyReportedError(earlier.id)
  return incident
}

export async function updateIncident(
  db: Db,
  id: string,
  body: UpdateIncidentBody,
  expectedVersion: number,
  write: GeometryWrite,
  viewer: Viewer,
) {
  if (body.location) checkPosition(body.location.coordinates, 'body.location', write.rules)
  return db.transaction(async (tx) => {
    const current = await requireEditable(tx, id, viewer)
    if (body.communityId !== undefined) requireOwnCommunity(viewer, body.communityId)
    if (body.communityId) await requireLive(tx, communities, body.communityId, 'body.communityId', 'community')
    const area = body.affectedArea ? await checkArea(tx, body.affectedArea, 'body.affectedArea', 'incidentArea', write) : undefined
    const { version: _version, status: _status, affectedArea: _affectedArea, occurredAt, occurredPrecision, ...changes } = body
    const isApplied = await updateIfVersion(tx, incidents, id, expectedVersion, {
      ...changes,
      ...occurredChange(occurredAt, occurredPrecision, current.occurredPrecision),
      ...(body.affectedArea !== undefined ? { affectedArea: area?.geometry ?? null } : {}),
    })
    if (!isApplied) throw createStaleVersionError('incident', expectedVersion, current)
    return withRepairs(await findIncident(tx, id), area?.repair)
  })
}

/**
 * occurred_at and its precision as stored: a month or a year as its first moment in Cambodia, an
 * unknown date as the report's own time (now(), the same instant as created_at), so every list can
 * still sort on the indexed column. (CreateIncidentBody has required occurredAt unless unknown.)
 */
function occurredColumns(occurredAt: Date | undefined, precision: DatePrecision) {
  if (precision === 'unknown' || !occurredAt) return { occurredAt: sql`now()`, occurredPrecision: 'unknown' as const }
  return { occurredAt: startOfPeriod(occurredAt, precision), occurredPrecision: precision }
}

/**
 * The columns an update of the date sets. A date made unknown goes back to the report's time; a
 * new occurredAt without a precision is read at the incident's own precision, and needs one when
 * the incident's date was unknown (there is no precision to keep).
 */
function occurredChange(occurredAt: Date | undefined, precision: DatePrecision | undefined, currentPrecision: DatePrecision) {
  if (precision === 'unknown') return { occurredAt: sql`${incidents.createdAt}`, occurredPrecision: precision }
  if (precision) return occurredColumns(occurredAt, precision)
  if (!occurredAt) return {}
  if (currentPrecision === 'unknown') throw createPrecisionRequiredError()
  return { occurredAt: startOfPeriod(occurredAt, currentPrecision) }
}

export async function deleteIncident(db: Db, id: string, expectedVersion: number | undefined, viewer: Viewer) {
  await db.transaction(async (tx) => {
    const current = await requireEditable(tx, id, viewer)
    requireVersion('incident', expectedVersion, current)
    await softDelete(tx, incidents, id)
  })
}

/**
 * Moves an incident along INCIDENT_TRANSITIONS. The version is checked before the move, so a
 * client acting on an outdated status gets the current row rather than a misleading refusal.
 */
export async function changeIncidentStatus(db: Db, id: string, body: ChangeIncidentStatusBody, expectedVersion: number, viewer: Viewer) {
  return db.transaction(async (tx) => {
    const current = await requireIncident(tx, id, viewer)
    if (expectedVersion !== current.version) throw createStaleVersionError('incident', expectedVersion, current)
    if (!canTransition(current.status, body.status)) {
      throw createTransitionNotAllowedError(current.status, body.status, INCIDENT_TRANSITIONS[current.status])
    }
    const isApplied = await updateIfVersion(tx, incidents, id, expectedVersion, statusColumns(body.status, body.reason))
    if (!isApplied) throw createStaleVersionError('incident', expectedVersion, current)
    if (body.status === 'verified') await notifyCaseLeadsOfIncident(tx, id, { actorId: viewer.id })
    return (await findIncident(tx, id))!
  })
}

// ---- People involved --------------------------------------------------------------------------

export async function listPeopleOfIncident(db: Db, incidentId: string, viewer: Viewer) {
  await requireIncident(db, incidentId, viewer)
  // Names and roles only: no contacts are selected here, so there is nothing for maskPerson to drop.
  return { items: await listIncidentPeople(db, incidentId, viewer) }
}

/** Linking twice is harmless: the existing link is returned, with `isNew` false. */
export async function linkPersonToIncident(db: Db, incidentId: string, body: LinkIncidentPersonBody, viewer: Viewer) {
  return db.transaction(async (tx) => {
    await requireIncident(tx, incidentId, viewer)
    await requireLive(tx, people, body.personId, 'body.personId', 'person')
    const isNew = await linkIncidentPerson(tx, incidentId, body.personId, body.role)
    const link = await findIncidentPerson(tx, incidentId, body.personId, body.role)
    if (!link) throw new Error('a link written in this transaction was not found')
    return { isNew, link }
  })
}

export async function unlinkPersonFromIncident(db: Db, incidentId: string, personId: string, role: PartyRole | undefined, viewer: Viewer) {
  await db.transaction(async (tx) => {
    await requireIncident(tx, incidentId, viewer)
    const removed = await unlinkIncidentPerson(tx, incidentId, personId, role)
    if (removed === 0) throw createPersonNotLinkedError(incidentId, personId, role)
  })
}

/** An incident the viewer may see: one they may not see answers 404, as if it did not exist. */
async function requireIncident(db: Db, id: string, viewer: Viewer): Promise<IncidentRow> {
  const incident = await findIncident(db, id, viewer)
  if (!incident) throw notFound('incident', id)
  return incident
}

/** An incident the viewer may see (else 404) and edit (else 403). */
async function requireEditable(db: Db, id: string, viewer: Viewer): Promise<IncidentRow> {
  const incident = await requireIncident(db, id, viewer)
  if (!canEditIncident(viewer, incident)) {
    throw createForbiddenError('You may change only the incidents you reported, and only until they are verified')
  }
  return incident
}

/** Community representatives must name one of their own communities for a report (a 422 when they name none). */
function requireOwnCommunity(viewer: Viewer, communityId: string | null | undefined) {
  if (canReportForCommunity(viewer, communityId)) return
  if (communityId == null) {
    throw createCommunityRequiredError()
  }
  throw createForbiddenError('You may report only for the communities you represent')
}
