// The SQL of lib/audit.ts: the audit context of a transaction, and entries that are no row change.
import { sql } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import type { AuditContext, AuditEntry } from './audit.ts'

/** Tells the audit triggers who is acting, for the rest of the current transaction only. */
export async function setAuditContext(tx: Db, context: AuditContext): Promise<void> {
  await tx.execute(sql`SELECT set_config('dey.actor_id', ${context.actorId ?? ''}, true),
    set_config('dey.actor_label', ${context.actorLabel}, true),
    set_config('dey.request_id', ${context.requestId}, true),
    set_config('dey.ip', ${context.ip}, true)`)
}

/** Appends an entry to the hash-chained trail (inside a transaction whose audit context is set). */
export async function appendAuditEntry(tx: Db, entry: AuditEntry): Promise<void> {
  await tx.execute(
    sql`SELECT dey_audit_append(${entry.action}, ${entry.entity}, ${entry.entityId ?? null},
      ${entry.details ? JSON.stringify(entry.details) : null}::jsonb)`,
  )
}
