// SQL of opening a case from an incident: the incident as intake needs it, and what it carries over.
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import { casePeople, communities, incidentPeople, incidents, people } from '../../../db/schema/index.ts'

/**
 * The live incident, locked until the transaction ends so two staff opening a case from it at
 * once do not both see it as still `reported`. Its community only when that community is live.
 */
export async function lockIncidentForIntake(db: Db, id: string) {
  const [row] = await db
    .select({
      id: incidents.id,
      title: incidents.title,
      titleKm: incidents.titleKm,
      province: incidents.province,
      status: incidents.status,
      communityId: communities.id,
    })
    .from(incidents)
    .leftJoin(communities, and(eq(communities.id, incidents.communityId), isNull(communities.deletedAt)))
    .where(and(eq(incidents.id, id), isNull(incidents.deletedAt)))
    .for('update', { of: incidents })
  return row
}

/** The incident's live people join the case in the same roles; roles they already have are kept. */
export async function copyIncidentPeopleToCase(db: Db, incidentId: string, caseId: string) {
  await db
    .insert(casePeople)
    .select(
      db
        .select({
          caseId: sql<string>`${caseId}::uuid`.as('case_id'),
          personId: incidentPeople.personId,
          role: incidentPeople.role,
          createdAt: sql<Date>`now()`.as('created_at'),
        })
        .from(incidentPeople)
        .innerJoin(people, and(eq(people.id, incidentPeople.personId), isNull(people.deletedAt)))
        .where(eq(incidentPeople.incidentId, incidentId)),
    )
    .onConflictDoNothing()
}

/**
 * Taking an incident into a case verifies it: it leaves the triage queue. Only `reported` moves;
 * an incident already further along keeps its status.
 */
export async function verifyReportedIncident(db: Db, id: string) {
  await db
    .update(incidents)
    .set({ status: 'verified', verifiedAt: sql`now()`, version: sql`${incidents.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(incidents.id, id), eq(incidents.status, 'reported'), isNull(incidents.deletedAt)))
}
