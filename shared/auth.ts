import { z } from 'zod'
import { Uuid } from './common.ts'
import { USER_ROLES } from './vocabularies.ts'
import { Permission } from './permissions.ts'

export const UserRole = z.enum(USER_ROLES)

/** What a signed-in user knows about themself; the client adapts its screens to it. */
export const Me = z.object({
  id: Uuid,
  displayName: z.string(),
  role: UserRole,
  communityIds: z.array(Uuid),
  mustChangePassword: z.boolean(),
  /** The route permissions this user's role holds (see server/lib/policy.ts): the client hides what it cannot do. */
  permissions: z.array(Permission),
})
export type Me = z.infer<typeof Me>

export const LoginBody = z.object({
  /** E-mail address or username. */
  login: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(500),
})
export type LoginBody = z.infer<typeof LoginBody>

export const MIN_PASSWORD_LENGTH = 10

export const NewPassword = z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(500)

export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1).max(500),
  newPassword: NewPassword,
})
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>
