import { z } from 'zod'
import { DateTime, Page, RowMeta, Uuid, Version } from './common.ts'
import { NewPassword, UserRole } from './auth.ts'
import { listQueryFields, SortParam } from './list.ts'

export const User = z.object({
  ...RowMeta,
  email: z.string(),
  username: z.string().nullable(),
  displayName: z.string(),
  role: UserRole,
  /**
   * The account's mobile number (E.164, e.g. +85512345678): an SMS report sent from it is linked to
   * the account. Personal data: only admins see user accounts.
   */
  phone: z.string().nullable(),
  communityIds: z.array(Uuid),
  isActive: z.boolean(),
  isDemo: z.boolean(),
  mustChangePassword: z.boolean(),
  /** Two-step sign-in is set up (an admin can reset it when the phone is lost). Absent: false. */
  hasSecondFactor: z.boolean().optional(),
  lastLoginAt: DateTime.nullable(),
  lockedUntil: DateTime.nullable(),
})
export type User = z.infer<typeof User>

const Email = z.email().max(200)
/**
 * A phone number as an admin types it (012 345 678, +855 12 345 678): the server reads it as a
 * Cambodian number unless it has a country code, and stores it in E.164. Empty or null: none.
 */
const Phone = z
  .string()
  .trim()
  .max(40)
  .regex(/^(\+?[0-9][0-9 ().-]{5,38})?$/, 'must be a phone number like 012 345 678 or +855 12 345 678')
  .transform((value) => (value === '' ? null : value))
  .nullable()
const Username = z
  .string()
  .trim()
  .min(2)
  .max(60)
  .regex(/^[\p{L}\p{N}._-]+$/u, 'letters, digits, dots, dashes and underscores only')

export const CreateUserBody = z.object({
  email: Email,
  username: Username.nullable().optional(),
  displayName: z.string().trim().min(1).max(200),
  role: UserRole,
  phone: Phone.optional(),
  /** For community representatives: the communities they represent. */
  communityIds: z.array(Uuid).max(200).default([]),
  /** Absent: a temporary password is generated and returned once; the user must change it. */
  password: NewPassword.optional(),
})
export type CreateUserBody = z.infer<typeof CreateUserBody>

export const UpdateUserBody = z
  .object({
    email: Email,
    username: Username.nullable(),
    displayName: z.string().trim().min(1).max(200),
    role: UserRole,
    phone: Phone,
    communityIds: z.array(Uuid).max(200),
    isActive: z.boolean(),
    version: Version,
  })
  .partial()
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), 'send at least one field to change')
export type UpdateUserBody = z.infer<typeof UpdateUserBody>

/** A user with the one-time temporary password an admin must hand over. */
export const UserWithTemporaryPassword = z.object({ user: User, temporaryPassword: z.string().optional() })

export const UserListQuery = z.object({
  ...listQueryFields,
  role: UserRole.optional(),
  active: z.enum(['true', 'false']).optional(),
  sort: SortParam(['displayName', 'email', 'createdAt'] as const, 'displayName'),
})
export type UserListQuery = z.infer<typeof UserListQuery>
export const UserPage = Page(User)
