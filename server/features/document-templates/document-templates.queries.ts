// All SQL of templates and letters: the templates themselves, and what a letter may say about a
// case (never privileged notes, never a phone or an e-mail).
import { and, asc, eq, getTableColumns, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import {
  caseCommunities,
  caseParcels,
  casePeople,
  caseTeam,
  communities,
  concessions,
  documentTemplates,
  legalCases,
  parcels,
  people,
  users,
} from '../../../db/schema/index.ts'
import type { DocumentTemplateListQuery } from '../../../shared/document-templates.ts'
import { caseScope, personScope, type Viewer } from '../../lib/policy.ts'

const { deletedAt: _deletedAt, ...templateColumns } = getTableColumns(documentTemplates)

export function listTemplates(db: Db, query: DocumentTemplateListQuery) {
  return db
    .select(templateColumns)
    .from(documentTemplates)
    .where(
      and(
        isNull(documentTemplates.deletedAt),
        query.language ? eq(documentTemplates.language, query.language) : undefined,
        query.kind ? eq(documentTemplates.kind, query.kind) : undefined,
      ),
    )
    .orderBy(asc(documentTemplates.kind), asc(documentTemplates.language), asc(documentTemplates.name), asc(documentTemplates.id))
}

/** A live template. */
export async function findTemplate(db: Db, id: string) {
  const [row] = await db
    .select(templateColumns)
    .from(documentTemplates)
    .where(and(eq(documentTemplates.id, id), isNull(documentTemplates.deletedAt)))
  return row
}
export type TemplateRow = NonNullable<Awaited<ReturnType<typeof findTemplate>>>

export async function insertTemplate(db: Db, values: typeof documentTemplates.$inferInsert) {
  const [row] = await db.insert(documentTemplates).values(values).returning({ id: documentTemplates.id })
  return row!.id
}

// ---- What a letter knows about a case ---------------------------------------------------------

/** The live case, if the viewer may see it: the fields a letter may use, privileged notes left out. */
export async function findLetterCase(db: Db, caseId: string, viewer: Viewer) {
  const [row] = await db
    .select({
      id: legalCases.id,
      reference: legalCases.reference,
      title: legalCases.title,
      titleKm: legalCases.titleKm,
      kind: legalCases.kind,
      forum: legalCases.forum,
      province: legalCases.province,
      leadLawyer: legalCases.leadLawyer,
      openedOn: legalCases.openedOn,
    })
    .from(legalCases)
    .where(and(eq(legalCases.id, caseId), isNull(legalCases.deletedAt), caseScope(viewer, legalCases.id)))
  return row
}

/** The display name of the case team's lead, if the case has one. */
export async function findTeamLead(db: Db, caseId: string) {
  const [row] = await db
    .select({ name: users.displayName })
    .from(caseTeam)
    .innerJoin(users, eq(users.id, caseTeam.userId))
    .where(and(eq(caseTeam.caseId, caseId), eq(caseTeam.role, 'lead')))
  return row?.name
}

/** Parties of the case with their role; the postal address is read, phones and e-mails never. */
export function findLetterParties(db: Db, caseId: string, viewer: Viewer) {
  return db
    .select({ fullName: people.fullName, fullNameKm: people.fullNameKm, address: people.address, role: casePeople.role })
    .from(casePeople)
    .innerJoin(people, eq(people.id, casePeople.personId))
    .where(and(eq(casePeople.caseId, caseId), isNull(people.deletedAt), personScope(viewer, people.isConfidential)))
    .orderBy(asc(casePeople.role), asc(people.fullName), asc(people.id))
}

export function findLetterCommunities(db: Db, caseId: string) {
  return db
    .select({
      id: communities.id,
      name: communities.name,
      nameKm: communities.nameKm,
      village: communities.village,
      commune: communities.commune,
      district: communities.district,
      province: communities.province,
    })
    .from(caseCommunities)
    .innerJoin(communities, eq(communities.id, caseCommunities.communityId))
    .where(and(eq(caseCommunities.caseId, caseId), isNull(communities.deletedAt)))
    .orderBy(asc(communities.name), asc(communities.id))
}

export function findLetterParcels(db: Db, caseId: string) {
  return db
    .select({ id: parcels.id, label: parcels.label, holderName: parcels.holderName, areaHa: parcels.areaHa })
    .from(caseParcels)
    .innerJoin(parcels, eq(parcels.id, caseParcels.parcelId))
    .where(and(eq(caseParcels.caseId, caseId), isNull(parcels.deletedAt)))
    .orderBy(asc(parcels.label), asc(parcels.id))
}

/** Mapped concessions whose boundary touches one of the case's parcels or communities' territories. */
export function findLetterConcessions(db: Db, caseId: string) {
  return db
    .select({
      name: concessions.name,
      nameKm: concessions.nameKm,
      company: concessions.company,
      kind: concessions.kind,
      areaHa: concessions.areaHa,
    })
    .from(concessions)
    .where(
      and(
        isNull(concessions.deletedAt),
        sql`${concessions.boundary} IS NOT NULL`,
        sql`(EXISTS (SELECT 1 FROM ${caseParcels} cp JOIN ${parcels} p ON p.id = cp.parcel_id
               WHERE cp.case_id = ${caseId} AND p.deleted_at IS NULL AND ST_Intersects(p.boundary, ${concessions.boundary}))
          OR EXISTS (SELECT 1 FROM ${caseCommunities} cc JOIN ${communities} c ON c.id = cc.community_id
               WHERE cc.case_id = ${caseId} AND c.deleted_at IS NULL AND c.territory IS NOT NULL
                 AND ST_Intersects(c.territory, ${concessions.boundary})))`,
      ),
    )
    .orderBy(asc(concessions.name), asc(concessions.id))
}
