// The conflict check: before a person joins a case, the other cases where the same or a similar
// name (Latin or Khmer, fuzzy) appears, as a party or as a person of a linked incident.
import { z } from 'zod'
import { CaseReference, PartyRole } from './cases.ts'
import { Uuid } from './common.ts'

/** Names at least this similar (pg_trgm, 0–1) count; one letter apart in a two-word name is about 0.6. */
export const CONFLICT_MIN_SIMILARITY = 0.4

export const CaseConflictQuery = z
  .object({
    /** A person already known: their Latin and Khmer names are compared, and the person themself found. */
    personId: Uuid.optional(),
    /** A name being typed (a new person): compared with both the Latin and the Khmer names. */
    name: z.string().trim().min(2).max(200).optional(),
  })
  .refine((query) => query.personId !== undefined || query.name !== undefined, {
    message: 'send personId or name',
    path: ['personId'],
  })
export type CaseConflictQuery = z.infer<typeof CaseConflictQuery>

export const CaseConflict = z.object({
  caseId: Uuid,
  caseReference: CaseReference,
  caseTitle: z.string(),
  personId: Uuid,
  fullName: z.string(),
  fullNameKm: z.string().nullable(),
  /** 1 for the same person; otherwise the best of the Latin and Khmer names' trigram similarity. */
  similarity: z.number().min(0).max(1),
  role: PartyRole,
  /** `party`: in the case's parties; `incident`: a person of an incident linked to the case. */
  source: z.enum(['party', 'incident']),
  isSamePerson: z.boolean(),
})
export type CaseConflict = z.infer<typeof CaseConflict>

export const CaseConflictList = z.object({ items: z.array(CaseConflict) })
export type CaseConflictList = z.infer<typeof CaseConflictList>
