import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { AuditListQuery, AuditPage, ChainReport } from '../../../shared/audit.ts'
import { listAuditEntries } from './audit.queries.ts'
import { loadCheckpointAnchor, verifyAuditTrail, type CheckpointFiles } from './audit.service.ts'

const tags = ['audit']

export interface AuditRoutesOptions {
  /** Where the signed checkpoints of the chain's head are, and the key that signs them. */
  checkpoints?: CheckpointFiles | undefined
}

export const auditRoutes: FastifyPluginAsyncZod<AuditRoutesOptions> = async (app, options) => {
  app.get(
    '/',
    {
      config: { permission: 'audit.read' },
      schema: { tags, summary: 'Read the audit trail, newest first', querystring: AuditListQuery, response: { 200: AuditPage } },
    },
    async (req) => {
      const rows = await listAuditEntries(req.db, req.query)
      const items = rows.slice(0, req.query.limit).map(({ prevHash: _prevHash, ...entry }) => entry)
      // The log is append-only and read by id, so the cursor is simply the last id seen.
      return { items, nextCursor: rows.length > req.query.limit ? String(items[items.length - 1]!.id) : null }
    },
  )

  app.get(
    '/verify',
    {
      config: { permission: 'audit.verify' },
      schema: {
        tags,
        summary: 'Re-walk the hash chain, check it against the signed checkpoints of its head, and report the first problem',
        response: { 200: ChainReport },
      },
    },
    async (req) => verifyAuditTrail(req.db, await loadCheckpointAnchor(options.checkpoints)),
  )
}
