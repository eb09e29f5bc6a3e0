// One demo account per role, created only together with the fictional demo data (never in a real
// deployment: with NODE_ENV=production the server refuses to start while one can sign in).
import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { caseCommunities, communities, userCommunities, users } from '../../db/schema/index.ts'
import type { UserRole } from '../../shared/vocabularies.ts'
import { hashPassword } from './passwords.ts'
import { revokeUserSessions } from './sessions.ts'

/** Listed in README.md; change both together. */
export const DEMO_ACCOUNTS: readonly { role: UserRole; email: string; username: string; password: string; displayName: string }[] = [
  { role: 'admin', email: 'admin@demo.dey', username: 'demo-admin', password: 'demo-admin-2026', displayName: 'Demo Admin' },
  { role: 'legal', email: 'legal@demo.dey', username: 'demo-legal', password: 'demo-legal-2026', displayName: 'Demo Lawyer' },
  { role: 'advocate', email: 'advocate@demo.dey', username: 'demo-advocate', password: 'demo-advocate-2026', displayName: 'Demo Advocate' },
  { role: 'community_rep', email: 'rep@demo.dey', username: 'demo-rep', password: 'demo-rep-2026', displayName: 'Demo Community Rep' },
]

/** Creates the demo accounts; the community representative represents the community of the first demo case, and one more. */
export async function createDemoUsers(db: Db): Promise<number> {
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((account) => hashPassword(account.password)))
  return db.transaction(async (tx) => {
    const [withCase] = await tx.select({ id: caseCommunities.communityId }).from(caseCommunities).orderBy(caseCommunities.caseId).limit(1)
    const repCommunities = await tx
      .select({ id: communities.id })
      .from(communities)
      .where(sql`${communities.kind} <> 'provincial_network' AND ${communities.deletedAt} IS NULL`)
      .orderBy(sql`${communities.id} = ${withCase?.id ?? null} DESC NULLS LAST`, communities.name)
      .limit(2)
    let created = 0
    for (const [index, account] of DEMO_ACCOUNTS.entries()) {
      const [user] = await tx
        .insert(users)
        .values({
          email: account.email,
          username: account.username,
          displayName: account.displayName,
          role: account.role,
          passwordHash: hashes[index]!,
          isDemo: true,
        })
        .onConflictDoNothing()
        .returning({ id: users.id })
      if (!user) continue
      created++
      if (account.role === 'community_rep') {
        await tx.insert(userCommunities).values(repCommunities.map((community) => ({ userId: user.id, communityId: community.id })))
      }
    }
    return created
  })
}

/** Demo accounts that can still sign in. */
export async function findActiveDemoUsers(db: Db): Promise<string[]> {
  const rows = await db
    .select({ login: sql<string>`coalesce(${users.username}, ${users.email})` })
    .from(users)
    .where(and(eq(users.isDemo, true), eq(users.isActive, true)))
    .orderBy(users.email)
  return rows.map((row) => row.login)
}

/** Deactivates every demo account and ends its sessions; returns their logins. */
export async function disableDemoUsers(db: Db): Promise<string[]> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(users)
      .set({ isActive: false, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(users.isDemo, true), eq(users.isActive, true)))
      .returning({ id: users.id, login: sql<string>`coalesce(${users.username}, ${users.email})` })
    for (const row of rows) await revokeUserSessions(tx, row.id)
    return rows.map((row) => row.login).sort()
  })
}
