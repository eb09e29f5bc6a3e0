// The app's side of the audit trail (the database side is in migration 0004_audit_trail.sql):
// who is acting, set on every write transaction, and entries for reads that matter.
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../../db/open.ts'

export interface AuditContext {
  actorId: string | undefined
  actorLabel: string
  requestId: string
  ip: string
}

/** Tells the audit triggers who is acting, for the rest of the current transaction only. */
export async function setAuditContext(tx: Db, context: AuditContext): Promise<void> {
  await tx.execute(sql`SELECT set_config('dey.actor_id', ${context.actorId ?? ''}, true),
    set_config('dey.actor_label', ${context.actorLabel}, true),
    set_config('dey.request_id', ${context.requestId}, true),
    set_config('dey.ip', ${context.ip}, true)`)
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
    await tx.execute(
      sql`SELECT dey_audit_append(${entry.action}, ${entry.entity}, ${entry.entityId ?? null},
        ${entry.details ? JSON.stringify(entry.details) : null}::jsonb)`,
    )
  })
}

export interface ChainReport {
  isIntact: boolean
  checked: number
  /** The first entry whose hash or link to the previous entry does not match, if any. */
  firstBrokenId: number | null
  reason: string | null
}

/** Re-walks the hash chain in id order, a batch at a time, and reports the first broken link. */
export async function verifyAuditChain(db: Db, batchSize = 5000): Promise<ChainReport> {
  let checked = 0
  let previousHash = ''
  let afterId = 0
  for (;;) {
    const rows = await queryRows<{ id: number | string; prevHash: string; hash: string; recomputed: string }>(
      db,
      sql`SELECT id, prev_hash AS "prevHash", hash, dey_audit_hash(a) AS recomputed
          FROM audit_log a WHERE id > ${afterId} ORDER BY id LIMIT ${batchSize}`,
    )
    for (const row of rows) {
      const id = Number(row.id)
      if (row.prevHash !== previousHash) {
        return { isIntact: false, checked, firstBrokenId: id, reason: 'does not link to the entry before it (an entry was removed or altered)' }
      }
      if (row.recomputed !== row.hash) {
        return { isIntact: false, checked, firstBrokenId: id, reason: 'its content does not match its hash (the entry was altered)' }
      }
      previousHash = row.hash
      afterId = id
      checked++
    }
    if (rows.length < batchSize) return { isIntact: true, checked, firstBrokenId: null, reason: null }
  }
}
