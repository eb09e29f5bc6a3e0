// Two-step sign-in and signed-in devices over the API (My account).
import { queryOptions } from '@tanstack/react-query'
import {
  EndedSessions,
  RecoveryCodes,
  SecondFactorSetup,
  SecondFactorStatus,
  SessionList,
  type DisableSecondFactorBody,
} from '../../../shared/auth.ts'
import { api, apiVoid } from '../../lib/api-client.ts'

const SECOND_FACTOR_PATH = '/api/auth/second-factor'
const SESSIONS_PATH = '/api/auth/sessions'

export const secondFactorKey = ['auth', 'second-factor'] as const
export const sessionsKey = ['auth', 'sessions'] as const

export const secondFactorQuery = () =>
  queryOptions({ queryKey: secondFactorKey, queryFn: ({ signal }) => api(SECOND_FACTOR_PATH, SecondFactorStatus, { signal }) })

/** A new secret and its QR code (SVG), shown until the first code confirms it. */
export const startSecondFactorSetup = () => api(`${SECOND_FACTOR_PATH}/setup`, SecondFactorSetup, { method: 'POST' })

/** Confirms with a first code; the recovery codes come back this once. */
export const confirmSecondFactor = (code: string) => api(`${SECOND_FACTOR_PATH}/confirm`, RecoveryCodes, { method: 'POST', body: { code } })

export const regenerateRecoveryCodes = (code: string) =>
  api(`${SECOND_FACTOR_PATH}/recovery-codes`, RecoveryCodes, { method: 'POST', body: { code } })

export const disableSecondFactor = (body: DisableSecondFactorBody) => apiVoid(SECOND_FACTOR_PATH, { method: 'DELETE', body })

export const sessionsQuery = () =>
  queryOptions({ queryKey: sessionsKey, queryFn: ({ signal }) => api(SESSIONS_PATH, SessionList, { signal }) })

export const endSession = (id: string) => apiVoid(`${SESSIONS_PATH}/${id}`, { method: 'DELETE' })

export const endOtherSessions = () => api(`${SESSIONS_PATH}/end-others`, EndedSessions, { method: 'POST' })

/**
 * The digits of a typed code, as the server wants them: Khmer digits (០–៩, from a Khmer keyboard)
 * become 0–9, spaces and anything else go, at most six.
 */
export const codeDigitsOf = (text: string) =>
  text
    .replace(/[\u17E0-\u17E9]/g, (digit) => String(digit.charCodeAt(0) - 0x17e0))
    .replace(/\D/g, '')
    .slice(0, 6)

/** "Chrome on Android", from a user agent; undefined when neither part is recognised. */
export function deviceNameOf(userAgent: string | null): { browser?: string; system?: string } {
  if (!userAgent) return {}
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : undefined
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : undefined
  return { ...(browser ? { browser } : {}), ...(system ? { system } : {}) }
}
