import { z } from 'zod'
import { DateTime, Uuid } from './common.ts'
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
  /**
   * The role requires two-step sign-in and none is set up yet: until it is, the server answers only
   * the enrolment routes. Absent means false.
   */
  mustEnrolSecondFactor: z.boolean().optional(),
  /** The route permissions this user's role holds (see server/lib/policy.ts): the client hides what it cannot do. */
  permissions: z.array(Permission),
})
export type Me = z.infer<typeof Me>

/** The 6 digits an authenticator app shows (spaces, as some apps show them, are ignored). */
export const TotpCode = z
  .string()
  .transform((value) => value.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'must be the 6 digits your authenticator app shows'))

/** A one-time recovery code as printed (`abcd-efgh-jkmn`); case, spaces and dashes do not matter. */
export const RecoveryCode = z.string().trim().min(1).max(100)

export const LoginBody = z.object({
  /** E-mail address or username. */
  login: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(500),
  /** The second step, for accounts that have one: a code from the authenticator app… */
  code: TotpCode.optional(),
  /** …or one of the recovery codes, each accepted once. */
  recoveryCode: RecoveryCode.optional(),
})
export type LoginBody = z.infer<typeof LoginBody>

export const MIN_PASSWORD_LENGTH = 10

export const NewPassword = z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(500)

export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1).max(500),
  newPassword: NewPassword,
})
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>

// ---- Two-step sign-in (TOTP, RFC 6238) ------------------------------------------------------------

/** What My account shows about the signed-in user's second factor (never the secret). */
export const SecondFactorStatus = z.object({
  /** Confirmed with a first code: sign-in asks for a code. */
  isEnrolled: z.boolean(),
  enrolledAt: DateTime.nullable(),
  /** Unused recovery codes left. */
  recoveryCodesLeft: z.number().int().nonnegative(),
  /** The role requires it: it cannot be turned off. */
  isRequired: z.boolean(),
})
export type SecondFactorStatus = z.infer<typeof SecondFactorStatus>

/** A new, unconfirmed secret: shown once, as a QR code and as text for typing into the app. */
export const SecondFactorSetup = z.object({
  /** Base32, as authenticator apps accept it for manual entry. */
  secret: z.string(),
  /** `otpauth://totp/…`: what the QR code holds. */
  uri: z.string(),
  /** The QR code as an SVG document (drawn by the server so the client needs no QR library). */
  qrSvg: z.string(),
})
export type SecondFactorSetup = z.infer<typeof SecondFactorSetup>

export const SecondFactorCodeBody = z.object({ code: TotpCode })
export type SecondFactorCodeBody = z.infer<typeof SecondFactorCodeBody>

export const DisableSecondFactorBody = z.object({ password: z.string().min(1).max(500), code: TotpCode })
export type DisableSecondFactorBody = z.infer<typeof DisableSecondFactorBody>

/** Recovery codes, returned only when they are made: the server keeps their hashes. */
export const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) })
export type RecoveryCodes = z.infer<typeof RecoveryCodes>

// ---- Signed-in devices --------------------------------------------------------------------------

/** One live session of the signed-in user. */
export const SessionSummary = z.object({
  /** The SHA-256 of the session's cookie: it identifies the session and cannot be turned back into a cookie. */
  id: z.string(),
  createdAt: DateTime,
  lastSeenAt: DateTime,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** The session this request was made with. */
  isCurrent: z.boolean(),
})
export type SessionSummary = z.infer<typeof SessionSummary>

export const SessionList = z.object({ items: z.array(SessionSummary) })
export type SessionList = z.infer<typeof SessionList>

export const SessionParams = z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, 'must be a session id') })

export const EndedSessions = z.object({ ended: z.number().int().nonnegative() })
export type EndedSessions = z.infer<typeof EndedSessions>
