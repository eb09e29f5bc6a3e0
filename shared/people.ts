// People: parties, witnesses, community members, officials, company representatives. Contact
// details are sensitive: lists show summaries only; the detail adds contacts for the roles that
// may see them (maskPerson in server/lib/policy.ts). Confidential people: legal staff and admins only.
import { z } from 'zod'
import { OptionalText, Page, RowMeta, Uuid, Version } from './common.ts'
import { listQueryFields, SortParam } from './list.ts'
import { CASE_STAGES, PARTY_ROLES } from './vocabularies.ts'

const { format: _format, ...personListFields } = listQueryFields

const personFields = {
  fullName: z.string().trim().min(1).max(200),
  fullNameKm: z.string().trim().min(1).max(200).nullable(),
  gender: z.string().trim().min(1).max(50).nullable(),
  /** What the person is in the dispute, e.g. "village chief", "company manager". */
  description: z.string().max(5000).nullable(),
  communityId: Uuid.nullable(),
  isConfidential: z.boolean(),
}

export const PersonSummary = z.object({
  ...RowMeta,
  ...personFields,
  communityName: z.string().nullable(),
})
export type PersonSummary = z.infer<typeof PersonSummary>

/** The cases a person is party to, one entry per role. */
export const PersonCaseRef = z.object({
  id: Uuid,
  reference: z.string(),
  title: z.string(),
  stage: z.enum(CASE_STAGES),
  role: z.enum(PARTY_ROLES),
})

/** Contacts (phone, e-mail, address) only for legal staff and admins: absent for other roles. */
export const Person = PersonSummary.extend({
  /** A contact. */
  phone: z.string().nullable().optional(),
  /** A contact. */
  email: z.string().nullable().optional(),
  /** A contact. */
  address: z.string().nullable().optional(),
  /** The cases the viewer may see. */
  cases: z.array(PersonCaseRef),
})
export type Person = z.infer<typeof Person>

/** No defaults here, so PATCH never resets what it did not send. */
const writablePersonFields = {
  fullName: personFields.fullName,
  fullNameKm: personFields.fullNameKm.optional(),
  gender: personFields.gender.optional(),
  description: OptionalText(),
  communityId: Uuid.nullable().optional(),
  phone: OptionalText(50),
  email: z.email().max(200).nullable().optional(),
  address: OptionalText(500),
  isConfidential: z.boolean(),
}

export const CreatePersonBody = z.object({ ...writablePersonFields, isConfidential: z.boolean().default(false) })
export type CreatePersonBody = z.infer<typeof CreatePersonBody>

export const UpdatePersonBody = z
  .object(writablePersonFields)
  .partial()
  .extend({ version: Version.optional() })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), 'send at least one field to change')
export type UpdatePersonBody = z.infer<typeof UpdatePersonBody>

export const PERSON_SORTS = ['fullName', 'createdAt', 'updatedAt'] as const

export const PersonListQuery = z.object({
  ...personListFields,
  community: Uuid.optional(),
  confidential: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  sort: SortParam(PERSON_SORTS, 'fullName'),
})
export type PersonListQuery = z.infer<typeof PersonListQuery>
export const PersonPage = Page(PersonSummary)
