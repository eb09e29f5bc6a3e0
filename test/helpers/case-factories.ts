// Factories for legal cases, case events, people and incidents (the rows cases link to).
import { randomInt } from 'node:crypto'
import type { Db } from '../../db/open.ts'
import {
  caseCommunities,
  caseEvents,
  caseIncidents,
  caseParcels,
  casePeople,
  incidentPeople,
  incidents,
  legalCases,
  people,
} from '../../db/schema/index.ts'
import type { PartyRole } from '../../shared/vocabularies.ts'

/** References in year 1999 never collide with what the server hands out for real dates. */
export async function makeCase(db: Db, overrides: Partial<typeof legalCases.$inferInsert> = {}) {
  const [row] = await db
    .insert(legalCases)
    .values({
      reference: `CASE-1999-${String(randomInt(100_000, 999_999))}`,
      title: 'Test case',
      kind: 'court_civil',
      openedOn: '2026-01-15',
      ...overrides,
    })
    .returning({ id: legalCases.id, reference: legalCases.reference })
  return row!
}

export async function makeCaseEvent(db: Db, overrides: Partial<typeof caseEvents.$inferInsert> & { caseId: string }) {
  const [row] = await db
    .insert(caseEvents)
    .values({ kind: 'hearing', title: 'Test hearing', startsAt: new Date('2026-12-10T02:00:00Z'), ...overrides })
    .returning({ id: caseEvents.id })
  return row!
}

export async function makePerson(db: Db, overrides: Partial<typeof people.$inferInsert> = {}) {
  const [row] = await db
    .insert(people)
    .values({ fullName: 'Test Person', ...overrides })
    .returning({ id: people.id })
  return row!
}

export async function makeIncident(db: Db, overrides: Partial<typeof incidents.$inferInsert> = {}) {
  const [row] = await db
    .insert(incidents)
    .values({
      title: 'Test incident',
      kind: 'fencing',
      occurredAt: new Date('2026-10-01T03:00:00Z'),
      province: 'Kampong Speu',
      location: { type: 'Point', coordinates: [104.3, 11.45] },
      ...overrides,
    })
    .returning({ id: incidents.id })
  return row!
}

export async function addIncidentPerson(db: Db, incidentId: string, personId: string, role: PartyRole) {
  await db.insert(incidentPeople).values({ incidentId, personId, role })
}

/** Links existing records to a case directly in the database (no API, no permission check). */
export async function linkToCase(
  db: Db,
  caseId: string,
  links: { communityIds?: string[]; parcelIds?: string[]; incidentIds?: string[]; people?: { personId: string; role: PartyRole }[] },
) {
  const { communityIds = [], parcelIds = [], incidentIds = [], people: parties = [] } = links
  if (communityIds.length) await db.insert(caseCommunities).values(communityIds.map((communityId) => ({ caseId, communityId })))
  if (parcelIds.length) await db.insert(caseParcels).values(parcelIds.map((parcelId) => ({ caseId, parcelId })))
  if (incidentIds.length) await db.insert(caseIncidents).values(incidentIds.map((incidentId) => ({ caseId, incidentId })))
  if (parties.length) await db.insert(casePeople).values(parties.map((party) => ({ caseId, ...party })))
}
