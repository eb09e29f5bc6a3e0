// A community's committee over the API: its members (current, or with the former ones) and the writes.
import { queryOptions } from '@tanstack/react-query'
import {
  CommitteeMember,
  CommitteeMemberPage,
  type CreateCommitteeMemberBody,
  type UpdateCommitteeMemberBody,
} from '../../../shared/committee-members.ts'
import { api, apiVoid } from '../../lib/api-client.ts'

export const committeeKey = ['committee-members'] as const

export const committeeQuery = (communityId: string, includeFormer: boolean) =>
  queryOptions({
    queryKey: [...committeeKey, communityId, includeFormer],
    queryFn: ({ signal }) =>
      api('/api/committee-members', CommitteeMemberPage, {
        query: { community: communityId, includeFormer: String(includeFormer), limit: 200 },
        signal,
      }),
  })

export const createCommitteeMember = (body: CreateCommitteeMemberBody) =>
  api('/api/committee-members', CommitteeMember, { method: 'POST', body })

export const updateCommitteeMember = (id: string, body: UpdateCommitteeMemberBody) =>
  api(`/api/committee-members/${id}`, CommitteeMember, { method: 'PATCH', body })

export const deleteCommitteeMember = (id: string, version: number) =>
  apiVoid(`/api/committee-members/${id}`, { method: 'DELETE', headers: { 'if-match': `"${version}"` } })
