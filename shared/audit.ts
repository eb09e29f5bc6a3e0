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
})
