// The SQL of lib/demo-evidence.ts: what the demo evidence is planned from.
import { asc, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { caseCommunities, caseIncidents, communities, evidence, incidents, legalCases, users } from '../../db/schema/index.ts'

const isClosed = () => sql<boolean>`${legalCases.stage} = 'closed'`

export async function countEvidence(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(evidence)
  return row!.n
}

export async function findUserIdByEmail(db: Db, email: string): Promise<string | undefined> {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email))
  return user?.id
}

/** Records the transaction's changes in the audit log as made by `label` (no signed-in user). */
export async function setAuditActorLabel(db: Db, label: string) {
  await db.execute(sql`SELECT set_config('dey.actor_label', ${label}, true)`)
}

/** Live cases by reference, open ones first: closed cases came later to the demo, and the open ones keep their files. */
export function findLiveCases(db: Db) {
  return db
    .select({
      id: legalCases.id,
      reference: legalCases.reference,
      title: legalCases.title,
      openedOn: legalCases.openedOn,
    })
    .from(legalCases)
    .where(sql`${legalCases.deletedAt} IS NULL`)
    .orderBy(isClosed(), asc(legalCases.reference))
}

/** Each case's communities, by case and name, with their point in degrees. */
export function findCaseCommunityPoints(db: Db) {
  return db
    .select({
      caseId: caseCommunities.caseId,
      name: communities.name,
      lng: sql<number>`ST_X(${communities.location})`,
      lat: sql<number>`ST_Y(${communities.location})`,
    })
    .from(caseCommunities)
    .innerJoin(communities, eq(communities.id, caseCommunities.communityId))
    .orderBy(caseCommunities.caseId, communities.name)
}

/** Incidents linked to a case, once each (with the first case's reference, an open case before a closed one), with their point in degrees. */
export function findCaseLinkedIncidents(db: Db) {
  return db
    .selectDistinctOn([incidents.id], {
      id: incidents.id,
      title: incidents.title,
      occurredAt: incidents.occurredAt,
      lng: sql<number>`ST_X(${incidents.location})`,
      lat: sql<number>`ST_Y(${incidents.location})`,
      reference: legalCases.reference,
      caseIsClosed: isClosed(),
    })
    .from(caseIncidents)
    .innerJoin(incidents, eq(incidents.id, caseIncidents.incidentId))
    .innerJoin(legalCases, eq(legalCases.id, caseIncidents.caseId))
    .orderBy(incidents.id, isClosed(), legalCases.reference)
}
