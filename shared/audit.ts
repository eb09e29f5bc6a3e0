import { z } from 'zod'
import { DateTime, Page, Uuid } from './common.ts'
import { listQueryFields } from './list.ts'

export const AuditEntry = z.object({
  id: z.number().int(),
  at: DateTime,
  actorId: Uuid.nullable(),
  actorLabel: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  changes: z.unknown(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  hash: z.string(),
})
export type AuditEntry = z.infer<typeof AuditEntry>

export const AuditListQuery = z.object({
  limit: listQueryFields.limit,
  /** Entries older than this id (the log is read newest first). */
  before: z.coerce.number().int().positive().optional(),
  actor: Uuid.optional(),
  entity: z.string().trim().min(1).max(60).optional(),
  entityId: z.string().trim().min(1).max(100).optional(),
  action: z.string().trim().min(1).max(40).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
})
export type AuditListQuery = z.infer<typeof AuditListQuery>

export const AuditPage = Page(AuditEntry)

export const ChainReport = z.object({
  isIntact: z.boolean(),
  checked: z.number().int(),
  firstBrokenId: z.number().int().nullable(),
  reason: z.string().nullable(),
  /** What kind of break `reason` describes, for clients to explain in the user's language. */
  problem: z.enum(['link', 'content', 'entry_missing', 'tail_deleted', 'rewritten', 'count', 'checkpoint_altered', 'shape']).nullable(),
  /** The signed checkpoints of the chain's head the trail was checked against. */
  checkpoints: z.object({
    /** Signed by the trusted key and matched by the trail. */
    verified: z.number().int(),
    /** Signed by another key: not relied on. */
    untrusted: z.number().int(),
    /** The newest trusted checkpoint, if any: deletions after it cannot be detected. */
    latest: z.object({ headId: z.number().int(), count: z.number().int(), at: z.string() }).nullable(),
  }),
})
export type ChainReport = z.infer<typeof ChainReport>
