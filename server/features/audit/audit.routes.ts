import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { auditLog } from '../../../db/schema/index.ts'
import { AuditListQuery, AuditPage, ChainReport } from '../../../shared/audit.ts'
import { verifyAuditChain } from '../../lib/audit.ts'

const tags = ['audit']

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/', {
    config: { permission: 'audit.read' },
    schema: { tags, summary: 'Read the audit trail, newest first', querystring: AuditListQuery, response: { 200: AuditPage } },
  }, async (req) => {
    const q = req.query
    const conditions: (SQL | undefined)[] = [
      q.before ? lt(auditLog.id, q.before) : undefined,
      q.actor ? eq(auditLog.actorId, q.actor) : undefined,
      q.entity ? eq(auditLog.entity, q.entity) : undefined,
      q.entityId ? eq(auditLog.entityId, q.entityId) : undefined,
      q.action ? eq(auditLog.action, q.action) : undefined,
      q.from ? gte(auditLog.at, new Date(q.from)) : undefined,
      q.to ? lte(auditLog.at, new Date(q.to)) : undefined,
    ]
    const rows = await req.db.select().from(auditLog).where(and(...conditions)).orderBy(desc(auditLog.id)).limit(q.limit + 1)
    const items = rows.slice(0, q.limit).map(({ prevHash: _prevHash, ...entry }) => entry)
    // The log is append-only and read by id, so the cursor is simply the last id seen.
    return { items, nextCursor: rows.length > q.limit ? String(items[items.length - 1]!.id) : null }
  })

  app.get('/verify', {
    config: { permission: 'audit.verify' },
    schema: { tags, summary: 'Re-walk the hash chain and report the first broken link', response: { 200: ChainReport } },
  }, async (req) => verifyAuditChain(req.db))
}
