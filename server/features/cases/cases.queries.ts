// All SQL of legal cases: the case rows, their references, stage history, links and timeline.
import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import {
  caseCommunities,
  caseIncidents,
  caseParcels,
  casePeople,
  caseReferenceCounters,
  caseStageChanges,
  caseTeam,
  communities,
  incidents,
  legalCases,
  parcels,
  people,
  users,
} from '../../../db/schema/index.ts'
import type { CaseTeamMember } from '../../../shared/case-team.ts'
import type { CaseListQuery } from '../../../shared/cases.ts'
import { APP_TIME_ZONE } from '../../../shared/time.ts'
import type { CaseStage, PartyRole } from '../../../shared/vocabularies.ts'
import { isOneOf, matchesTextIn, resolveSorting, type TextSource, textMatchIds, toPage, withinDates } from '../../lib/list-query.ts'
import { findTextMatches } from '../../lib/list-query.queries.ts'
import { caseScope, incidentScope, personScope, type Viewer } from '../../lib/policy.ts'

/**
 * The live communities of a case, in the same SELECT as the case (no query per row). The outer
 * row is named as `legal_cases.id` on purpose: drizzle writes a one-table select list unqualified,
 * and an unqualified "id" inside the subquery would mean the community's id.
 */
const communitiesOfCase = sql<{ id: string; name: string }[]>`coalesce((
  SELECT json_agg(json_build_object('id', c.id, 'name', c.name) ORDER BY c.name, c.id)
  FROM ${caseCommunities} cc JOIN ${communities} c ON c.id = cc.community_id
  WHERE cc.case_id = ${legalCases}.id AND c.deleted_at IS NULL), '[]'::json)`

/** The case's lead (an account), in the same SELECT as the case; null while it has none. */
const leadOfCase = sql<{ userId: string; displayName: string } | null>`(
  SELECT json_build_object('userId', u.id, 'displayName', u.display_name)
  FROM ${caseTeam} ct JOIN ${users} u ON u.id = ct.user_id
  WHERE ct.case_id = ${legalCases}.id AND ct.role = 'lead')`

/** The case's team in the same SELECT: the lead first, then members by name. */
const teamOfCase = sql<CaseTeamMember[]>`coalesce((
  SELECT json_agg(json_build_object('userId', u.id, 'displayName', u.display_name, 'role', ct.role)
    ORDER BY ct.role = 'lead' DESC, u.display_name, u.id)
  FROM ${caseTeam} ct JOIN ${users} u ON u.id = ct.user_id
  WHERE ct.case_id = ${legalCases}.id), '[]'::json)`

const summaryColumns = {
  id: legalCases.id,
  reference: legalCases.reference,
  title: legalCases.title,
  titleKm: legalCases.titleKm,
  kind: legalCases.kind,
  stage: legalCases.stage,
  forum: legalCases.forum,
  lead: leadOfCase,
  province: legalCases.province,
  summary: legalCases.summary,
  outcome: legalCases.outcome,
  result: legalCases.result,
  openedOn: legalCases.openedOn,
  closedOn: legalCases.closedOn,
  communities: communitiesOfCase,
  createdAt: legalCases.createdAt,
  updatedAt: legalCases.updatedAt,
  version: legalCases.version,
}

/**
 * The case row with its privileged notes, when the viewer may see the case (any live case when
 * no viewer is given: internal checks); the caller adds the linked records and drops fields.
 */
export async function findCaseRow(db: Db, id: string, viewer?: Viewer) {
  const [row] = await db
    .select({
      ...summaryColumns,
      privilegedNotes: legalCases.privilegedNotes,
      formerLeadLawyerName: legalCases.leadLawyer,
      team: teamOfCase,
    })
    .from(legalCases)
    .where(and(eq(legalCases.id, id), isNull(legalCases.deletedAt), viewer && caseScope(viewer, legalCases.id)))
  return row
}
export type CaseRow = NonNullable<Awaited<ReturnType<typeof findCaseRow>>>

/** True when a live case has this id (and the viewer, when given, may see it). */
export async function isLiveCase(db: Db, id: string, viewer?: Viewer) {
  const rows = await db
    .select({ id: legalCases.id })
    .from(legalCases)
    .where(and(eq(legalCases.id, id), isNull(legalCases.deletedAt), viewer && caseScope(viewer, legalCases.id)))
  return rows.length === 1
}

/** Locks a live case's row until the transaction ends; false when there is no such live case. */
export async function lockLiveCase(db: Db, id: string) {
  const rows = await db
    .select({ id: legalCases.id })
    .from(legalCases)
    .where(and(eq(legalCases.id, id), isNull(legalCases.deletedAt)))
    .for('update')
  return rows.length === 1
}

/** A whole day in Cambodia starts at that day's midnight there; used for from/to on openedOn. */
const openedAtStartOfDay = sql`(${legalCases.openedOn}::timestamp AT TIME ZONE ${APP_TIME_ZONE})`

const sortable = {
  openedOn: legalCases.openedOn,
  reference: legalCases.reference,
  createdAt: legalCases.createdAt,
  updatedAt: legalCases.updatedAt,
}

const textSources: TextSource[] = [
  {
    ids: sql`SELECT ${legalCases.id} FROM ${legalCases}`,
    columns: [legalCases.reference, legalCases.title, legalCases.titleKm, legalCases.summary],
  },
]

export async function listCases(db: Db, query: CaseListQuery, viewer: Viewer) {
  const sorting = resolveSorting(query.sort, query.cursor, sortable, legalCases.id)
  const matchedIds = await findTextMatches(db, textMatchIds(query.q, textSources))
  const rows = await db
    .select({ ...summaryColumns, cursorKey: sorting.cursorKey })
    .from(legalCases)
    .where(
      and(
        isNull(legalCases.deletedAt),
        caseScope(viewer, legalCases.id),
        isOneOf(legalCases.kind, query.kind),
        isOneOf(legalCases.stage, query.stage),
        query.province ? eq(legalCases.province, query.province) : undefined,
        query.community ? isLinkedToCommunity(query.community) : undefined,
        query.lawyerId ? isOnTeamOf(query.lawyerId) : undefined,
        query.mine ? isOnTeamOf(viewer.id) : undefined,
        matchesTextIn(query.q, legalCases.id, textSources, matchedIds),
        withinDates(openedAtStartOfDay, query.from, query.to),
        sorting.after,
      ),
    )
    .orderBy(...sorting.orderBy)
    .limit(query.limit + 1)
  return toPage(rows, query.limit, query.sort, sorting)
}

/** Cases on whose team (lead or member) the account is, read from case_team_user_idx. */
function isOnTeamOf(userId: string): SQL {
  return sql`${legalCases.id} IN (SELECT ct.case_id FROM ${caseTeam} ct WHERE ct.user_id = ${userId})`
}

function isLinkedToCommunity(communityId: string): SQL {
  return sql`EXISTS (SELECT 1 FROM ${caseCommunities} cc
    WHERE cc.case_id = ${legalCases}.id AND cc.community_id = ${communityId})`
}

/**
 * The next number of the year, taken under the counter row's lock so two cases opened at once
 * never share one; a rolled-back transaction gives its number back, a committed one never does.
 */
export async function takeCaseNumber(db: Db, year: number): Promise<number> {
  const [row] = await db
    .insert(caseReferenceCounters)
    .values({ year, lastNumber: 1 })
    .onConflictDoUpdate({
      target: caseReferenceCounters.year,
      set: { lastNumber: sql`${caseReferenceCounters.lastNumber} + 1` },
    })
    .returning({ lastNumber: caseReferenceCounters.lastNumber })
  return row!.lastNumber
}

export async function insertCase(db: Db, values: typeof legalCases.$inferInsert) {
  const [row] = await db.insert(legalCases).values(values).returning({ id: legalCases.id })
  return row!.id
}

export async function insertStageChange(
  db: Db,
  caseId: string,
  fromStage: CaseStage | null,
  toStage: CaseStage,
  note: string | null | undefined,
) {
  await db.insert(caseStageChanges).values({ caseId, fromStage, toStage, note: note ?? null })
}

export function findStageHistory(db: Db, caseId: string) {
  return db
    .select({
      id: caseStageChanges.id,
      fromStage: caseStageChanges.fromStage,
      toStage: caseStageChanges.toStage,
      note: caseStageChanges.note,
      changedAt: caseStageChanges.changedAt,
    })
    .from(caseStageChanges)
    .where(eq(caseStageChanges.caseId, caseId))
    .orderBy(asc(caseStageChanges.changedAt), asc(caseStageChanges.id))
}

// ---- Linked records of a case: one query each, live rows only, those the viewer may see ------
// (all of them without a viewer: internal reads inside writes by legal staff).

export function findCaseParcels(db: Db, caseId: string) {
  return db
    .select({ id: parcels.id, label: parcels.label, areaHa: parcels.areaHa })
    .from(caseParcels)
    .innerJoin(parcels, eq(parcels.id, caseParcels.parcelId))
    .where(and(eq(caseParcels.caseId, caseId), isNull(parcels.deletedAt)))
    .orderBy(asc(parcels.label), asc(parcels.id))
}

export function findCaseIncidents(db: Db, caseId: string, viewer?: Viewer) {
  return db
    .select({
      id: incidents.id,
      title: incidents.title,
      kind: incidents.kind,
      occurredAt: incidents.occurredAt,
      occurredPrecision: incidents.occurredPrecision,
      status: incidents.status,
    })
    .from(caseIncidents)
    .innerJoin(incidents, eq(incidents.id, caseIncidents.incidentId))
    .where(and(eq(caseIncidents.caseId, caseId), isNull(incidents.deletedAt), viewer && incidentsSeenBy(viewer)))
    .orderBy(asc(incidents.occurredAt), asc(incidents.id))
}

export function findCasePeople(db: Db, caseId: string, viewer?: Viewer) {
  return db
    .select({ id: people.id, fullName: people.fullName, fullNameKm: people.fullNameKm, role: casePeople.role })
    .from(casePeople)
    .innerJoin(people, eq(people.id, casePeople.personId))
    .where(and(eq(casePeople.caseId, caseId), isNull(people.deletedAt), viewer && personScope(viewer, people.isConfidential)))
    .orderBy(asc(casePeople.role), asc(people.fullName), asc(people.id))
}

const incidentsSeenBy = (viewer: Viewer) =>
  incidentScope(viewer, { communityId: incidents.communityId, isConfidential: incidents.isConfidential })

// ---- Links: inserting an existing link changes nothing and says so -------------------------

/** Each returns true when the link is new, false when it already existed. */
export async function linkCommunity(db: Db, caseId: string, communityId: string) {
  const rows = await db
    .insert(caseCommunities)
    .values({ caseId, communityId })
    .onConflictDoNothing()
    .returning({ caseId: caseCommunities.caseId })
  return rows.length === 1
}

export async function linkParcel(db: Db, caseId: string, parcelId: string) {
  const rows = await db.insert(caseParcels).values({ caseId, parcelId }).onConflictDoNothing().returning({ caseId: caseParcels.caseId })
  return rows.length === 1
}

export async function linkIncident(db: Db, caseId: string, incidentId: string) {
  const rows = await db
    .insert(caseIncidents)
    .values({ caseId, incidentId })
    .onConflictDoNothing()
    .returning({ caseId: caseIncidents.caseId })
  return rows.length === 1
}

export async function linkPerson(db: Db, caseId: string, personId: string, role: PartyRole) {
  const rows = await db.insert(casePeople).values({ caseId, personId, role }).onConflictDoNothing().returning({ caseId: casePeople.caseId })
  return rows.length === 1
}

// A link is a plain pair without its own history, so unlinking removes the pair; the records on
// both sides stay untouched.

/** Each returns how many links were removed. */
export async function unlinkCommunity(db: Db, caseId: string, communityId: string) {
  const rows = await db
    .delete(caseCommunities)
    .where(and(eq(caseCommunities.caseId, caseId), eq(caseCommunities.communityId, communityId)))
    .returning({ caseId: caseCommunities.caseId })
  return rows.length
}

export async function unlinkParcel(db: Db, caseId: string, parcelId: string) {
  const rows = await db
    .delete(caseParcels)
    .where(and(eq(caseParcels.caseId, caseId), eq(caseParcels.parcelId, parcelId)))
    .returning({ caseId: caseParcels.caseId })
  return rows.length
}

export async function unlinkIncident(db: Db, caseId: string, incidentId: string) {
  const rows = await db
    .delete(caseIncidents)
    .where(and(eq(caseIncidents.caseId, caseId), eq(caseIncidents.incidentId, incidentId)))
    .returning({ caseId: caseIncidents.caseId })
  return rows.length
}

export async function unlinkPerson(db: Db, caseId: string, personId: string, role: PartyRole | undefined) {
  const rows = await db
    .delete(casePeople)
    .where(and(eq(casePeople.caseId, caseId), eq(casePeople.personId, personId), role ? eq(casePeople.role, role) : undefined))
    .returning({ caseId: casePeople.caseId })
  return rows.length
}
