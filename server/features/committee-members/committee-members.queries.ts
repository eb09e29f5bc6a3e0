// All SQL of committee members. Rows of a deleted community leave every list and lookup with it.
import { and, eq, gt, isNull, or } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import { committeeMembers, communities } from '../../../db/schema/index.ts'
import type { CommitteeMemberListQuery } from '../../../shared/committee-members.ts'
import { resolveSorting, toPage } from '../../lib/list-query.ts'
import { ownCommunityScope, type Viewer } from '../../lib/policy.ts'

const memberColumns = {
  id: committeeMembers.id,
  communityId: committeeMembers.communityId,
  name: committeeMembers.name,
  sex: committeeMembers.sex,
  role: committeeMembers.role,
  isYouth: committeeMembers.isYouth,
  startedOn: committeeMembers.startedOn,
  endedOn: committeeMembers.endedOn,
  createdAt: committeeMembers.createdAt,
  updatedAt: committeeMembers.updatedAt,
  version: committeeMembers.version,
}

/** A live member of a live community the viewer may see (any, when no viewer is given: internal checks). */
export async function findCommitteeMember(db: Db, id: string, viewer?: Viewer) {
  const [row] = await db
    .select(memberColumns)
    .from(committeeMembers)
    .innerJoin(communities, eq(communities.id, committeeMembers.communityId))
    .where(
      and(
        eq(committeeMembers.id, id),
        isNull(committeeMembers.deletedAt),
        isNull(communities.deletedAt),
        viewer && ownCommunityScope(viewer, committeeMembers.communityId),
      ),
    )
  return row
}

/** Is the community live and one the viewer may see? */
export async function isCommunityVisible(db: Db, communityId: string, viewer: Viewer) {
  const [row] = await db
    .select({ id: communities.id })
    .from(communities)
    .where(and(eq(communities.id, communityId), isNull(communities.deletedAt), ownCommunityScope(viewer, communities.id)))
  return row !== undefined
}

/** One community's committee by name; `today` (YYYY-MM-DD in Cambodia) tells current members from former ones. */
export async function listCommitteeMembers(db: Db, query: CommitteeMemberListQuery, viewer: Viewer, today: string) {
  const sort = 'name'
  const sorting = resolveSorting(sort, query.cursor, { name: committeeMembers.name }, committeeMembers.id)
  const rows = await db
    .select({ ...memberColumns, cursorKey: sorting.cursorKey })
    .from(committeeMembers)
    .where(
      and(
        eq(committeeMembers.communityId, query.community),
        isNull(committeeMembers.deletedAt),
        ownCommunityScope(viewer, committeeMembers.communityId),
        query.includeFormer ? undefined : or(isNull(committeeMembers.endedOn), gt(committeeMembers.endedOn, today)),
        sorting.after,
      ),
    )
    .orderBy(...sorting.orderBy)
    .limit(query.limit + 1)
  return toPage(rows, query.limit, sort, sorting)
}

export async function insertCommitteeMember(db: Db, values: typeof committeeMembers.$inferInsert) {
  const [row] = await db.insert(committeeMembers).values(values).returning({ id: committeeMembers.id })
  return row!.id
}
