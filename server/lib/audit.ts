// The app's side of the audit trail (the database side is in migration 0004_audit_trail.sql):
// who is acting, set on every write transaction, and entries for reads that matter.
import type { Db } from '../../db/open.ts'
import { appendAuditEntry, setAuditContext } from './audit.queries.ts'

export interface AuditContext {
  actorId: string | undefined
  actorLabel: string
  requestId: string
  ip: string
}

/**
 * A Db whose transactions carry the audit context, so the row triggers attribute every change to
 * the signed-in user and the request. Writes go through transactions (one per request), and this
 * is what routes hand to services as `req.db`.
 */
export function withAuditContext(db: Db, context: AuditContext): Db {
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'transaction') return Reflect.get(target, property, receiver)
      const transaction: Db['transaction'] = (work, config) =>
        target.transaction(async (tx) => {
          await setAuditContext(tx as unknown as Db, context)
          return work(tx)
        }, config)
      return transaction
    },
  })
}

export interface AuditEntry {
  action: string
  entity: string
  entityId?: string | undefined
  details?: Record<string, unknown> | undefined
}

/** Records an event that is not a row change (a login, a denied request, a download, an export). */
export async function recordAudit(db: Db, context: AuditContext, entry: AuditEntry): Promise<void> {
  await db.transaction(async (tx) => {
    await setAuditContext(tx as unknown as Db, context)
    await appendAuditEntry(tx as unknown as Db, entry)
  })
}
