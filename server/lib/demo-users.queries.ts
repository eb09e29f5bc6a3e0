// The SQL of lib/demo-users.ts.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { caseCommunities, caseTasks, caseTeam, communities, legalCases, userCommunities, users } from '../../db/schema/index.ts'
import type { CaseTeamRole } from '../../shared/vocabularies.ts'
import type { UserRole } from '../../shared/vocabularies.ts'

const login = () => sql<string>`coalesce(${users.username}, ${users.email})`

/** Up to `limit` live communities a representative can stand for (no provincial network), that of the first demo case first. */
export async function findDemoRepCommunities(db: Db, limit: number): Promise<{ id: string }[]> {
  const [withCase] = await db.select({ id: caseCommunities.communityId }).from(caseCommunities).orderBy(caseCommunities.caseId).limit(1)
  return db
    .select({ id: communities.id })
    .from(communities)
    .where(sql`${communities.kind} <> 'provincial_network' AND ${communities.deletedAt} IS NULL`)
    .orderBy(sql`${communities.id} = ${withCase?.id ?? null} DESC NULLS LAST`, communities.name)
    .limit(limit)
}

/** Inserts a demo account; undefined when one with that email or username exists already. */
export async function insertDemoUser(
  db: Db,
  account: { role: UserRole; email: string; username: string; displayName: string; passwordHash: string },
): Promise<{ id: string } | undefined> {
  const [user] = await db
    .insert(users)
    .values({ ...account, isDemo: true })
    .onConflictDoNothing()
    .returning({ id: users.id })
  return user
}

/** The ids of the demo accounts with these e-mails, by e-mail. */
export async function findDemoUserIds(db: Db, emails: readonly string[]): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.isDemo, true), inArray(users.email, [...emails])))
  return new Map(rows.map((row) => [row.email, row.id]))
}

/** The live cases that have no team yet, in reference order. */
export async function findDemoCases(db: Db): Promise<{ id: string; isClosed: boolean }[]> {
  return db
    .select({ id: legalCases.id, isClosed: sql<boolean>`${legalCases.stage} = 'closed'` })
    .from(legalCases)
    .where(and(isNull(legalCases.deletedAt), sql`NOT EXISTS (SELECT 1 FROM ${caseTeam} ct WHERE ct.case_id = ${legalCases.id})`))
    .orderBy(asc(legalCases.reference))
}

export async function insertDemoCaseTeam(db: Db, rows: readonly { caseId: string; userId: string; role: CaseTeamRole }[]) {
  if (rows.length === 0) return
  await db
    .insert(caseTeam)
    .values([...rows])
    .onConflictDoNothing()
}

export async function insertDemoTasks(db: Db, rows: readonly (typeof caseTasks.$inferInsert)[]) {
  if (rows.length === 0) return
  await db.insert(caseTasks).values([...rows])
}

export async function insertUserCommunities(db: Db, userId: string, communityIds: readonly string[]) {
  if (communityIds.length === 0) return
  await db.insert(userCommunities).values(communityIds.map((communityId) => ({ userId, communityId })))
}

/** Logins (username, else email) of the demo accounts that can still sign in, by email. */
export async function findActiveDemoUserLogins(db: Db): Promise<string[]> {
  const rows = await db
    .select({ login: login() })
    .from(users)
    .where(and(eq(users.isDemo, true), eq(users.isActive, true)))
    .orderBy(users.email)
  return rows.map((row) => row.login)
}

/** Deactivates every active demo account; returns their ids and logins. */
export function deactivateDemoUsers(db: Db): Promise<{ id: string; login: string }[]> {
  return db
    .update(users)
    .set({ isActive: false, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(users.isDemo, true), eq(users.isActive, true)))
    .returning({ id: users.id, login: login() })
}
