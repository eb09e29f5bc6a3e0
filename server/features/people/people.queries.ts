// All SQL of people: parties, witnesses, officials and community members.
import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import { casePeople, communities, legalCases, people } from '../../../db/schema/index.ts'
import type { PersonListQuery } from '../../../shared/people.ts'
import { matchesTextIn, resolveSorting, type TextSource, textMatchIds, toPage } from '../../lib/list-query.ts'
import { findTextMatches } from '../../lib/list-query.queries.ts'
import { caseScope, personScope, type Viewer } from '../../lib/policy.ts'

/** What lists show: no contact details. */
const summaryColumns = {
  id: people.id,
  fullName: people.fullName,
  fullNameKm: people.fullNameKm,
  gender: people.gender,
  description: people.description,
  communityId: people.communityId,
  communityName: communities.name,
  isConfidential: people.isConfidential,
  createdAt: people.createdAt,
  updatedAt: people.updatedAt,
  version: people.version,
}

const detailColumns = { ...summaryColumns, phone: people.phone, email: people.email, address: people.address }

/** A deleted community's name is not shown, as the community itself is hidden. */
const liveCommunity = and(eq(communities.id, people.communityId), isNull(communities.deletedAt))

/** A live person the viewer may see (any live person when no viewer is given: internal checks). */
export async function findPersonRow(db: Db, id: string, viewer?: Viewer) {
  const [row] = await db
    .select(detailColumns)
    .from(people)
    .leftJoin(communities, liveCommunity)
    .where(and(eq(people.id, id), isNull(people.deletedAt), viewer && personScope(viewer, people.isConfidential)))
  return row
}

/** The live cases a person is party to that the viewer may see, one row per role. */
export function findCasesOfPerson(db: Db, personId: string, viewer?: Viewer) {
  return db
    .select({ id: legalCases.id, reference: legalCases.reference, title: legalCases.title, stage: legalCases.stage, role: casePeople.role })
    .from(casePeople)
    .innerJoin(legalCases, and(eq(legalCases.id, casePeople.caseId), isNull(legalCases.deletedAt)))
    .where(and(eq(casePeople.personId, personId), viewer && caseScope(viewer, legalCases.id)))
    .orderBy(asc(legalCases.reference), asc(casePeople.role))
}

const sortable = { fullName: people.fullName, createdAt: people.createdAt, updatedAt: people.updatedAt }

const textSources: TextSource[] = [{ ids: sql`SELECT ${people.id} FROM ${people}`, columns: [people.fullName, people.fullNameKm] }]

export async function listPeople(db: Db, query: PersonListQuery, viewer: Viewer) {
  const sorting = resolveSorting(query.sort, query.cursor, sortable, people.id)
  const matchedIds = await findTextMatches(db, textMatchIds(query.q, textSources))
  const rows = await db
    .select({ ...summaryColumns, cursorKey: sorting.cursorKey })
    .from(people)
    .leftJoin(communities, liveCommunity)
    .where(
      and(
        isNull(people.deletedAt),
        personScope(viewer, people.isConfidential),
        query.community ? eq(people.communityId, query.community) : undefined,
        query.confidential !== undefined ? eq(people.isConfidential, query.confidential) : undefined,
        matchesTextIn(query.q, people.id, textSources, matchedIds),
        sorting.after,
      ),
    )
    .orderBy(...sorting.orderBy)
    .limit(query.limit + 1)
  return toPage(rows, query.limit, query.sort, sorting)
}

export async function insertPerson(db: Db, values: typeof people.$inferInsert) {
  const [row] = await db.insert(people).values(values).returning({ id: people.id })
  return row!.id
}
