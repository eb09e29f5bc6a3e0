// One demo account per role, created only together with the fictional demo data (never in a real
// deployment: with NODE_ENV=production the server refuses to start while one can sign in).
import type { Db } from '../../db/open.ts'
import { LAWYERS } from '../../db/seed/words.ts'
import type { UserRole } from '../../shared/vocabularies.ts'
import {
  deactivateDemoUsers,
  findDemoCases,
  findDemoUserIds,
  insertDemoCaseTeam,
  insertDemoTasks,
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

/** The demo's other lawyers: legal accounts that cannot sign in (no password), leads and members of demo cases. */
const DEMO_TEAM_LAWYERS = LAWYERS.map((displayName, index) => ({
  role: 'legal' as const,
  email: `lawyer-${index + 1}@demo.dey`,
  username: `demo-lawyer-${index + 1}`,
  displayName,
  // Not a scrypt hash: no password ever matches it.
  passwordHash: '!no-sign-in',
}))

/**
 * Creates the demo accounts (returns how many of those that sign in were new); the community
 * representative represents the community of the first demo case, and one more. The open demo
 * cases get teams: in reference order, every other case is led by the Demo Lawyer with one of
 * the other lawyers as member; the rest are led by one of them, every other one with the Demo
 * Lawyer as member. Closed cases are led by the other lawyers in turn, so the Demo Lawyer's
 * cases and tasks are the same whether or not the demo has closed cases. The same cases always
 * get the same team.
 */
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
    for (const lawyer of DEMO_TEAM_LAWYERS) await insertDemoUser(tx, lawyer)
    await assignDemoCaseTeams(tx)
    return created
  })
}

async function assignDemoCaseTeams(tx: Db) {
  const demoLawyer = DEMO_ACCOUNTS.find((account) => account.role === 'legal')!
  const ids = await findDemoUserIds(tx, [demoLawyer.email, ...DEMO_TEAM_LAWYERS.map((lawyer) => lawyer.email)])
  const [demoLawyerId, ...others] = [demoLawyer.email, ...DEMO_TEAM_LAWYERS.map((lawyer) => lawyer.email)].map((email) => ids.get(email))
  if (!demoLawyerId || others.some((id) => !id)) return
  const cases = await findDemoCases(tx)
  const caseIds = cases.filter((row) => !row.isClosed).map((row) => row.id)
  const closedCaseIds = cases.filter((row) => row.isClosed).map((row) => row.id)
  const openRows = caseIds.flatMap((caseId, index) => {
    const other = others[Math.floor(index / 2) % others.length]!
    if (index % 2 === 0)
      return [
        { caseId, userId: demoLawyerId, role: 'lead' as const },
        { caseId, userId: other, role: 'member' as const },
      ]
    return [
      { caseId, userId: other, role: 'lead' as const },
      ...(index % 4 === 1 ? [{ caseId, userId: demoLawyerId, role: 'member' as const }] : []),
    ]
  })
  const closedRows = closedCaseIds.map((caseId, index) => ({ caseId, userId: others[index % others.length]!, role: 'lead' as const }))
  await insertDemoCaseTeam(tx, [...openRows, ...closedRows])
  await insertDemoTasks(tx, demoTasks(caseIds, demoLawyerId, others[0]!, new Date()))
}

const DAY_MS = 24 * 60 * 60 * 1000

type DemoTask = Parameters<typeof insertDemoTasks>[1][number]

/**
 * The Demo Lawyer's day on first start: one task overdue, one due this week, one later, one
 * done, and one for a colleague — so "My work" shows each of its blocks. Days are relative to
 * today in Phnom Penh (UTC+7).
 */
function demoTasks(caseIds: readonly string[], demoLawyerId: string, colleagueId: string, now: Date): DemoTask[] {
  const [first, second] = caseIds
  if (!first) return []
  const day = (offset: number) => new Date(now.getTime() + 7 * 60 * 60 * 1000 + offset * DAY_MS).toISOString().slice(0, 10)
  const other = second ?? first
  const mine = { assigneeUserId: demoLawyerId, createdByUserId: colleagueId }
  return [
    { ...mine, caseId: first, title: 'Collect the signed thumbprint statements from the families', dueOn: day(-2), priority: 'high' },
    { ...mine, caseId: first, title: 'Check the cadastral map against the community’s GPS walk', dueOn: day(3) },
    { ...mine, caseId: other, title: 'Draft the request for a copy of the concession contract', dueOn: day(10) },
    { ...mine, caseId: first, title: 'Register the power of attorney', dueOn: day(-6), status: 'done', completedAt: now },
    {
      caseId: other,
      title: 'Translate the witness statements into English',
      dueOn: day(5),
      priority: 'low',
      assigneeUserId: colleagueId,
      createdByUserId: demoLawyerId,
    },
  ]
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
