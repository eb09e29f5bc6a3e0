// A user as the policy sees them, looked up by id: what a background job acts as, loaded when it
// runs (a job carries ids, never a Viewer object, and may run on another server hours later).
import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { users } from '../../db/schema/index.ts'
import type { Viewer } from './policy.ts'

/** The user with their role and communities now, or undefined when the account is gone or deactivated. */
export async function findActiveViewer(db: Db, userId: string): Promise<Viewer | undefined> {
  const [row] = await db
    .select({
      id: users.id,
      role: users.role,
      displayName: users.displayName,
      communityIds: sql<
        string[] | null
      >`(SELECT array_agg(uc.community_id::text ORDER BY uc.community_id) FROM user_communities uc WHERE uc.user_id = ${users.id})`,
    })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.isActive, true)))
  return row ? { ...row, communityIds: row.communityIds ?? [] } : undefined
}
