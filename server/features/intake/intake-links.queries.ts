// The SQL of public report links as staff manage them: each with how many reports came through
// it and how many still wait in the queue.
import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import { communities, intakeLinks } from '../../../db/schema/index.ts'

export type NewIntakeLink = typeof intakeLinks.$inferInsert

const linkColumns = {
  id: intakeLinks.id,
  slug: intakeLinks.slug,
  title: intakeLinks.title,
  titleKm: intakeLinks.titleKm,
  communityId: intakeLinks.communityId,
  hourlyLimit: intakeLinks.hourlyLimit,
  closedAt: intakeLinks.closedAt,
  createdByUserId: intakeLinks.createdByUserId,
  createdAt: intakeLinks.createdAt,
  updatedAt: intakeLinks.updatedAt,
  version: intakeLinks.version,
  // Spelled out: inside the subquery drizzle would name the column unqualified (r's own id).
  reportCount: sql<number>`(SELECT count(*)::int FROM intake_reports r WHERE r.link_id = intake_links.id)`,
  waitingCount: sql<number>`(SELECT count(*)::int FROM intake_reports r WHERE r.link_id = intake_links.id AND r.status = 'new')`,
}

export type IntakeLinkRow = Awaited<ReturnType<typeof findIntakeLink>> & {}

export function listIntakeLinks(db: Db) {
  return db.select(linkColumns).from(intakeLinks).orderBy(desc(intakeLinks.createdAt), desc(intakeLinks.id))
}

export async function findIntakeLink(db: Db, id: string) {
  const [row] = await db.select(linkColumns).from(intakeLinks).where(eq(intakeLinks.id, id))
  return row
}

/** Inserts a link; undefined when its slug is taken (the caller draws another). */
export async function insertIntakeLink(db: Db, values: NewIntakeLink) {
  const [row] = await db
    .insert(intakeLinks)
    .values(values)
    .onConflictDoNothing({ target: intakeLinks.slug })
    .returning({ id: intakeLinks.id })
  return row?.id
}

/** Applies the change only if the link is still at `expectedVersion`; false when it is not. */
export async function updateIntakeLinkIfVersion(db: Db, id: string, expectedVersion: number, values: Partial<NewIntakeLink>) {
  const rows = await db
    .update(intakeLinks)
    .set({ ...values, version: sql`${intakeLinks.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(intakeLinks.id, id), eq(intakeLinks.version, expectedVersion)))
    .returning({ id: intakeLinks.id })
  return rows.length === 1
}

/** Whether a community exists and is not deleted (a link may only be made for a live one). */
export async function isLiveCommunity(db: Db, id: string) {
  const rows = await db
    .select({ id: communities.id })
    .from(communities)
    .where(and(eq(communities.id, id), isNull(communities.deletedAt)))
  return rows.length === 1
}
