// Admin server state: user accounts, the communities they represent, and the audit trail.
import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { AuditPage, ChainReport } from '../../../shared/audit.ts'
import { UserPage, UserWithTemporaryPassword, User, type CreateUserBody, type UpdateUserBody } from '../../../shared/users.ts'
import { api, apiVoid, type QueryValue } from '../../lib/api-client.ts'

export const usersQuery = (query: Record<string, QueryValue>) =>
  queryOptions({
    queryKey: ['admin', 'users', query],
    queryFn: ({ signal }) => api('/api/users', UserPage, { query, signal }),
    placeholderData: keepPreviousData,
  })

/** Every account, for the audit log's "person" filter (a small list: staff and representatives). */
export const allUsersQuery = () =>
  queryOptions({
    queryKey: ['admin', 'users', 'all'],
    queryFn: ({ signal }) => api('/api/users', UserPage, { query: { limit: 500, sort: 'displayName' }, signal }),
    select: (page) => page.items,
    staleTime: 5 * 60_000,
  })

export const createUser = (body: CreateUserBody) => api('/api/users', UserWithTemporaryPassword, { method: 'POST', body })

export const updateUser = (id: string, body: UpdateUserBody) => api(`/api/users/${id}`, User, { method: 'PATCH', body })

/** Removes a user's lost second factor and recovery codes, and signs them out everywhere. */
export const resetUserSecondFactor = (id: string) => apiVoid(`/api/users/${id}/second-factor`, { method: 'DELETE' })

export const resetUserPassword = (id: string) => api(`/api/users/${id}/reset-password`, UserWithTemporaryPassword, { method: 'POST' })

export const auditQuery = (query: Record<string, QueryValue>) =>
  queryOptions({
    queryKey: ['admin', 'audit', query],
    queryFn: ({ signal }) => api('/api/audit', AuditPage, { query, signal }),
    placeholderData: keepPreviousData,
  })

export const verifyAuditChain = () => api('/api/audit/verify', ChainReport)
