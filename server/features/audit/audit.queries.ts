// All SQL of the audit trail's reading side (the writing side is the database's own: migration
// 0004_audit_trail.sql, and server/lib/audit.ts for the app's context and events).
import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm'
import { queryRows, type Db } from '../../../db/open.ts'
import { auditLog } from '../../../db/schema/index.ts'
import type { AuditListQuery } from '../../../shared/audit.ts'

/** The log, newest first, one page of `limit + 1` rows (the extra row tells that more exist). */
export async function listAuditEntries(db: Db, q: AuditListQuery) {
  const conditions: (SQL | undefined)[] = [
    q.before ? lt(auditLog.id, q.before) : undefined,
    q.actor ? eq(auditLog.actorId, q.actor) : undefined,
    q.entity ? eq(auditLog.entity, q.entity) : undefined,
    q.entityId ? eq(auditLog.entityId, q.entityId) : undefined,
    q.action ? eq(auditLog.action, q.action) : undefined,
    q.from ? gte(auditLog.at, new Date(q.from)) : undefined,
    q.to ? lte(auditLog.at, new Date(q.to)) : undefined,
  ]
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(q.limit + 1)
}

export interface ChainRow {
  id: number
  prevHash: string
  hash: string
  /** The hash the entry's content gives now. */
  recomputed: string
  /** The first shape digest the entry names whose shape is gone from audit_shapes or no longer hashes to it. */
  badShape: string | null
}

/**
 * A batch of the chain in id order, each entry with its hash recomputed from its content and the
 * shapes it names (`{ type, points, sha256 }` in its before/after/key, migration 0014) re-hashed.
 */
export async function findChainBatch(db: Db, afterId: number, batchSize: number): Promise<ChainRow[]> {
  const rows = await queryRows<ChainRow & { id: number | string }>(
    db,
    sql`SELECT id, prev_hash AS "prevHash", hash, dey_audit_hash(a) AS recomputed,
          (SELECT named.digest
             FROM jsonb_path_query(a.changes, 'lax $.*.*.sha256') AS found(value)
             CROSS JOIN LATERAL (SELECT found.value #>> '{}' AS digest) AS named
             LEFT JOIN audit_shapes s ON s.sha256 = named.digest
            WHERE s.sha256 IS NULL OR encode(sha256(ST_AsEWKB(s.shape)), 'hex') <> s.sha256
            LIMIT 1) AS "badShape"
        FROM audit_log a WHERE id > ${afterId} ORDER BY id LIMIT ${batchSize}`,
  )
  return rows.map((row) => ({ ...row, id: Number(row.id) }))
}

/**
 * The newest entry and how many entries there are, read in one statement (one snapshot). Entries
 * get their ids under the chain's lock, in commit order, so none with a smaller id can appear later.
 */
export async function findChainHead(db: Db): Promise<{ headId: number; headHash: string; count: number } | undefined> {
  const [row] = await queryRows<{ headId: number | string; headHash: string; count: number }>(
    db,
    sql`SELECT id AS "headId", hash AS "headHash", (SELECT count(*)::int FROM audit_log) AS count
        FROM audit_log ORDER BY id DESC LIMIT 1`,
  )
  return row && { ...row, headId: Number(row.headId) }
}
