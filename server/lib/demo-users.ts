// One demo account per role, created only together with the fictional demo data (never in a real
// deployment: with NODE_ENV=production the server refuses to start while one can sign in).
import type { Db } from '../../db/open.ts'
import type { UserRole } from '../../shared/vocabularies.ts'
import {
  deactivateDemoUsers,
  findActiveDemoUserLogins,
  findDemoRepCommunities,
  insertDemoUser,
  insertUserCommunities,
} from './demo-users.queries.ts'
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
    const repCommunities = await findDemoRepCommunities(tx, 2)
    let created = 0
    for (const [index, account] of DEMO_ACCOUNTS.entries()) {
      const user = await insertDemoUser(tx, {
        email: account.email,
        username: account.username,
        displayName: account.displayName,
        role: account.role,
        passwordHash: hashes[index]!,
      })
      if (!user) continue
      created++
      if (account.role === 'community_rep') {
        await insertUserCommunities(
          tx,
          user.id,
          repCommunities.map((community) => community.id),
        )
      }
    }
    return created
  })
}

/** Demo accounts that can still sign in. */
export function findActiveDemoUsers(db: Db): Promise<string[]> {
  return findActiveDemoUserLogins(db)
}

/** Deactivates every demo account and ends its sessions; returns their logins. */
export async function disableDemoUsers(db: Db): Promise<string[]> {
  return db.transaction(async (tx) => {
    const rows = await deactivateDemoUsers(tx)
    for (const row of rows) await revokeUserSessions(tx, row.id)
    return rows.map((row) => row.login).sort()
  })
}
