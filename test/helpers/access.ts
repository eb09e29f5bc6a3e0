// Shared by the access-control test files: requests as a given user, and the audit trail's tail.
import { sql } from 'drizzle-orm'
import { expect } from 'vitest'
import { queryRows } from '../../db/open.ts'
import type { UserRole } from '../../shared/vocabularies.ts'
import type { TestApp } from './test-app.ts'

export const ANONYMOUS = { cookie: '' }
export const SIGNED_IN_ROLES: UserRole[] = ['community_rep', 'advocate', 'legal', 'admin']

export interface AuditRow {
  id: number
  actorId: string | null
  action: string
  entity: string
  entityId: string | null
}

export const idsOf = (items: { id: string }[]) => items.map((item) => item.id)

/** Helpers bound to a test app that is created later, in beforeAll. */
export function accessHelpers(app: () => TestApp) {
  const get = (url: string, headers: Record<string, string>) => app().app.inject({ url, headers })
  const getJson = async (url: string, headers: Record<string, string>) => {
    const res = await get(url, headers)
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200)
    return res.json()
  }
  const auditSince = (afterId: number) =>
    queryRows<AuditRow>(
      app().db,
      sql`SELECT id::int, actor_id AS "actorId", action, entity, entity_id AS "entityId" FROM audit_log WHERE id > ${afterId} ORDER BY id`,
    )
  /** The newest entry, without its id, ready for toEqual. */
  const lastAudit = async (): Promise<Omit<AuditRow, 'id'>> =>
    (
      await queryRows<AuditRow>(
        app().db,
        sql`SELECT actor_id AS "actorId", action, entity, entity_id AS "entityId" FROM audit_log ORDER BY id DESC LIMIT 1`,
      )
    )[0]!
  const lastAuditId = async () =>
    (await queryRows<{ id: number }>(app().db, sql`SELECT coalesce(max(id), 0)::int AS id FROM audit_log`))[0]!.id
  return { get, getJson, auditSince, lastAudit, lastAuditId }
}
