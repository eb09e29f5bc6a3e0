// Who is signed in, what their role may do, and the installation's client settings. The server
// enforces every rule; the client only uses `permissions` to hide what the user cannot do.
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Me } from '../../shared/auth.ts'
import { ClientConfig } from '../../shared/client-config.ts'
import { api, ApiError, NetworkError } from './api-client.ts'
import type { Permission } from '../../shared/permissions.ts'

export const meQueryKey = ['auth', 'me'] as const

/**
 * The last signed-in user, kept so the app opens without a connection (a representative in a
 * village writes a report offline; it waits in the outbox). Only what the menu needs; removed on
 * sign-out and when the server says the session is over.
 */
const LAST_ME_KEY = 'dey.me'

function rememberMe(me: Me | null) {
  try {
    if (me) localStorage.setItem(LAST_ME_KEY, JSON.stringify(me))
    else localStorage.removeItem(LAST_ME_KEY)
  } catch {
    // Private browsing without storage: the app still works online.
  }
}

function lastMe(): Me | null {
  try {
    const parsed = Me.safeParse(JSON.parse(localStorage.getItem(LAST_ME_KEY) ?? 'null'))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** Forgets the remembered user (sign-out). */
export const forgetMe = () => rememberMe(null)

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api('/api/auth/me', Me)
    rememberMe(me)
    return me
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      rememberMe(null)
      return null
    }
    const remembered = error instanceof NetworkError ? lastMe() : null
    if (remembered) return remembered
    throw error
  }
}

/** The signed-in user, null when signed out, undefined while loading. */
export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: 60_000, retry: false })
}

/** The signed-in user; only inside <RequireSignIn>. */
export function useViewer(): Me {
  const { data } = useMe()
  if (!data) throw new Error('useViewer() outside <RequireSignIn>')
  return data
}

/**
 * Where a user lands after signing in when no particular page was asked for: legal staff start
 * their day on My work; everyone else (admins included) on the map.
 */
export const homePath = (me: Pick<Me, 'role' | 'permissions'>) =>
  me.role === 'legal' && me.permissions.includes('work.read') ? '/work' : '/'

/** Whether the signed-in user's role holds a permission (see server/lib/policy.ts). */
export function useCan(): (permission: Permission) => boolean {
  const { data } = useMe()
  return (permission) => data?.permissions.includes(permission) ?? false
}

/** After sign-in or sign-out: forget everything cached for the previous user. */
export function useResetSession() {
  const client = useQueryClient()
  return async () => {
    client.removeQueries({ predicate: (query) => query.queryKey[0] !== 'client-config' })
    await client.invalidateQueries({ queryKey: meQueryKey })
  }
}

export function useClientConfig() {
  return useQuery({ queryKey: ['client-config'], queryFn: () => api('/api/client-config', ClientConfig), staleTime: Infinity })
}
