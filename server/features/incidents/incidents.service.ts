// Rules that span several queries: references, geometry checks, place look-up, concurrency and
// the triage transitions.
import { sql } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import { communities, incidents, people } from '../../../db/schema/index.ts'
import type { GeometryRepair } from '../../../shared/geo.ts'
import {
  canTransition,
  INCIDENT_TRANSITIONS,
  type ChangeIncidentStatusBody,
  type CreateIncidentBody,
  type LinkIncidentPersonBody,
  type UpdateIncidentBody,
} from '../../../shared/incidents.ts'
import type { PartyRole } from '../../../shared/vocabularies.ts'
import { completePlace } from '../../lib/admin-places.ts'
import { AppError, notFound } from '../../lib/app-error.ts'
import { staleVersion } from '../../lib/concurrency.ts'
import { checkArea } from '../../lib/geometry.ts'
import { requireLive } from '../../lib/references.ts'
import { softDelete, updateIfVersion } from '../../lib/versioned-rows.ts'
import {
  findIncident,
  findIncidentPerson,
  insertIncident,
  linkIncidentPerson,
  listIncidentPeople,
  unlinkIncidentPerson,
  type IncidentRow,
} from './incidents.queries.ts'

export async function createIncident(db: Db, body: CreateIncidentBody, repair: boolean) {
  return db.transaction(async (tx) => {
    if (body.communityId) await requireLive(tx, communities, body.communityId, 'body.communityId', 'community')
    const area = body.affectedArea ? await checkArea(tx, body.affectedArea, 'body.affectedArea', repair) : undefined
    const place = await completePlace(tx, body.location.coordinates, body)
    const { status: _status, affectedArea: _affectedArea, ...fields } = body
    // Every report starts in the triage queue, whoever files it.
    const id = await insertIncident(tx, { ...fields, ...place, status: 'reported', affectedArea: area?.geometry ?? null })
    return withRepairs(await findIncident(tx, id), area?.repair)
  })
}

export async function updateIncident(db: Db, id: string, body: UpdateIncidentBody, expectedVersion: number, repair: boolean) {
  return db.transaction(async (tx) => {
    const current = await requireIncident(tx, id)
    if (body.communityId) await requireLive(tx, communities, body.communityId, 'body.communityId', 'community')
    const area = body.affectedArea ? await checkArea(tx, body.affectedArea, 'body.affectedArea', repair) : undefined
    const { version: _version, status: _status, affectedArea: _affectedArea, ...changes } = body
    const isApplied = await updateIfVersion(tx, incidents, id, expectedVersion, {
      ...changes,
      ...(body.affectedArea !== undefined ? { affectedArea: area?.geometry ?? null } : {}),
    })
    if (!isApplied) throw staleVersion('incident', expectedVersion, current)
    return withRepairs(await findIncident(tx, id), area?.repair)
  })
}

export async function deleteIncident(db: Db, id: string, expectedVersion: number | undefined) {
  await db.transaction(async (tx) => {
    const current = await requireIncident(tx, id)
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      throw staleVersion('incident', expectedVersion, current)
    }
    await softDelete(tx, incidents, id)
  })
}

/**
 * Moves an incident along INCIDENT_TRANSITIONS. The version is checked before the move, so a
 * client acting on an outdated status gets the current row rather than a misleading refusal.
 */
export async function changeIncidentStatus(db: Db, id: string, body: ChangeIncidentStatusBody, expectedVersion: number) {
  return db.transaction(async (tx) => {
    const current = await requireIncident(tx, id)
    if (expectedVersion !== current.version) throw staleVersion('incident', expectedVersion, current)
    if (!canTransition(current.status, body.status)) {
      const allowed = INCIDENT_TRANSITIONS[current.status]
      throw new AppError(
        'incidents.transition_not_allowed',
        409,
        `An incident that is ${current.status} cannot become ${body.status}; it can become: ${allowed.join(', ') || 'nothing'}`,
        [{ field: 'body.status', message: `must be one of: ${allowed.join(', ')}` }],
        { from: current.status, allowed },
      )
    }
    const isApplied = await updateIfVersion(tx, incidents, id, expectedVersion, {
      status: body.status,
      // The DB requires a reason while dismissed; any other status has none.
      dismissalReason: body.status === 'dismissed' ? body.reason! : null,
      // Back in the triage queue means no longer verified; verifying again stamps a new time.
      ...(body.status === 'verified' ? { verifiedAt: sql`now()` } : {}),
      ...(body.status === 'reported' ? { verifiedAt: null } : {}),
    })
    if (!isApplied) throw staleVersion('incident', expectedVersion, current)
    return (await findIncident(tx, id))!
  })
}

// ---- People involved --------------------------------------------------------------------------

export async function listPeopleOfIncident(db: Db, incidentId: string) {
  await requireIncident(db, incidentId)
  return { items: await listIncidentPeople(db, incidentId) }
}

/** Linking twice is harmless: the existing link is returned, with `isNew` false. */
export async function linkPersonToIncident(db: Db, incidentId: string, body: LinkIncidentPersonBody) {
  return db.transaction(async (tx) => {
    await requireIncident(tx, incidentId)
    await requireLive(tx, people, body.personId, 'body.personId', 'person')
    const isNew = await linkIncidentPerson(tx, incidentId, body.personId, body.role)
    const link = await findIncidentPerson(tx, incidentId, body.personId, body.role)
    if (!link) throw new Error('a link written in this transaction was not found')
    return { isNew, link }
  })
}

export async function unlinkPersonFromIncident(db: Db, incidentId: string, personId: string, role: PartyRole | undefined) {
  await db.transaction(async (tx) => {
    await requireIncident(tx, incidentId)
    const removed = await unlinkIncidentPerson(tx, incidentId, personId, role)
    if (removed === 0) {
      const what = role ? ` as ${role}` : ''
      throw new AppError('incidents.person_not_linked', 404, `Person ${personId} is not linked to incident ${incidentId}${what}`)
    }
  })
}

async function requireIncident(db: Db, id: string): Promise<IncidentRow> {
  const incident = await findIncident(db, id)
  if (!incident) throw notFound('incident', id)
  return incident
}

function withRepairs<T>(row: T | undefined, repair: GeometryRepair | undefined) {
  if (!row) throw new Error('a row written in this transaction was not found')
  return repair ? { ...row, repairs: [repair] } : row
}
