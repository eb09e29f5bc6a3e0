// Rows that program-target rules count (activities with their communities, community plans), and
// targets created through the API as an admin would.
import type { FastifyInstance } from 'fastify'
import type { Db } from '../../db/open.ts'
import { activities, activityCommunities, communityPlans } from '../../db/schema/index.ts'
import type { ProgramTarget, TargetRecord } from '../../shared/targets.ts'
import type { PlanStatus } from '../../shared/vocabularies.ts'
import { collectAllPages } from './http.ts'

type ActivityOverrides = Partial<typeof activities.$inferInsert> & { communityIds?: string[] }

/** An activity (by default a one-day meeting in Kampong Speu), linked to the given communities. */
export async function makeActivity(db: Db, { communityIds = [], ...overrides }: ActivityOverrides = {}) {
  const [row] = await db
    .insert(activities)
    .values({ kind: 'meeting', title: 'Test activity', startedOn: '2026-03-10', province: 'Kampong Speu', ...overrides })
    .returning({ id: activities.id })
  if (communityIds.length)
    await db.insert(activityCommunities).values(communityIds.map((communityId) => ({ activityId: row!.id, communityId })))
  return row!
}

export async function makePlan(
  db: Db,
  communityId: string,
  year: number,
  status: PlanStatus,
  overrides: Partial<typeof communityPlans.$inferInsert> = {},
) {
  const [row] = await db
    .insert(communityPlans)
    .values({ communityId, year, status, ...overrides })
    .returning({ id: communityPlans.id })
  return row!
}

/** A valid target body for one year (2026) of a plan; tests override what they are about. */
export const targetBody = (overrides: Record<string, unknown> = {}) => ({
  label: 'Test target',
  planStartYear: 2026,
  planEndYear: 2026,
  target: 10,
  rule: { count: 'communities' },
  ...overrides,
})

/** Creates a target through the API (as the test app's admin) and returns it with its progress. */
export async function createTarget(app: FastifyInstance, overrides: Record<string, unknown> = {}): Promise<ProgramTarget> {
  const res = await app.inject({ method: 'POST', url: '/api/program-targets', payload: targetBody(overrides) })
  if (res.statusCode !== 201) throw new Error(`creating a target failed: ${res.statusCode} ${res.body}`)
  return res.json()
}

export async function targetOf(app: FastifyInstance, id: string, query = ''): Promise<ProgramTarget> {
  const res = await app.inject({ url: `/api/program-targets/${id}${query}` })
  if (res.statusCode !== 200) throw new Error(`reading a target failed: ${res.statusCode} ${res.body}`)
  return res.json()
}

/** Every record of a target's drill-down, all pages. */
export async function recordsOf(app: FastifyInstance, id: string, query = ''): Promise<TargetRecord[]> {
  return (await collectAllPages(app, `/api/program-targets/${id}/records?limit=2${query}`)) as unknown as TargetRecord[]
}
