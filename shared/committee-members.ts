// A community's committee: who holds which role, for "women in leadership roles" (counted from
// these rows). Names are sensitive: advocates and reports get counts, never names.
import { z } from 'zod'
import { IsoDate, Page, RowMeta, Uuid, Version } from './common.ts'
import { listQueryFields } from './list.ts'
import { COMMITTEE_ROLES, SEXES, type CommitteeRole as CommitteeRoleValue } from './vocabularies.ts'

export const CommitteeRole = z.enum(COMMITTEE_ROLES)
export const Sex = z.enum(SEXES)

/** The roles that lead a community: "women in leadership" counts women holding one of these. */
export const LEADERSHIP_ROLES: readonly CommitteeRoleValue[] = ['chair', 'deputy_chair']

export const CommitteeMember = z.object({
  ...RowMeta,
  communityId: Uuid,
  name: z.string(),
  sex: Sex,
  role: CommitteeRole,
  isYouth: z.boolean(),
  startedOn: IsoDate.nullable(),
  /** Null while they hold the role. */
  endedOn: IsoDate.nullable(),
})
export type CommitteeMember = z.infer<typeof CommitteeMember>

const memberInput = z.object({
  communityId: Uuid,
  name: z.string().trim().min(1).max(200),
  sex: Sex,
  role: CommitteeRole,
  isYouth: z.boolean(),
  startedOn: IsoDate.nullable().optional(),
  endedOn: IsoDate.nullable().optional(),
})

const datesInOrder = (body: { startedOn?: string | null; endedOn?: string | null }) =>
  !body.startedOn || !body.endedOn || body.endedOn >= body.startedOn

// isYouth defaults to false on a new member only: Zod applies a default inside .partial() too, so
// an edit that left it out would have made a young member no longer young.
export const CreateCommitteeMemberBody = memberInput
  .extend({ isYouth: z.boolean().default(false) })
  .refine(datesInOrder, { path: ['endedOn'], message: 'must not be before startedOn' })
export type CreateCommitteeMemberBody = z.infer<typeof CreateCommitteeMemberBody>

export const UpdateCommitteeMemberBody = memberInput
  .omit({ communityId: true })
  .partial()
  .extend({ version: Version.optional() })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), 'send at least one field to change')
  .refine(datesInOrder, { path: ['endedOn'], message: 'must not be before startedOn' })
export type UpdateCommitteeMemberBody = z.infer<typeof UpdateCommitteeMemberBody>

export const CommitteeMemberListQuery = z.object({
  limit: listQueryFields.limit,
  cursor: listQueryFields.cursor,
  community: Uuid,
  /** Former members too (endedOn in the past); current ones only by default. */
  includeFormer: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
})
export type CommitteeMemberListQuery = z.infer<typeof CommitteeMemberListQuery>

export const CommitteeMemberPage = Page(CommitteeMember)
