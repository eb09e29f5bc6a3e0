// Program targets: the admin's list and edits, one target with its progress, and the records that count.
import { queryOptions } from '@tanstack/react-query'
import {
  ProgramTarget,
  ProgramTargetPage,
  TargetRecordPage,
  type CreateProgramTargetBody,
  type UpdateProgramTargetBody,
} from '../../../shared/targets.ts'
import { api, apiVoid } from '../../lib/api-client.ts'

export const targetsKey = ['targets'] as const

export const targetListQuery = () =>
  queryOptions({
    queryKey: [...targetsKey, 'list'],
    queryFn: ({ signal }) => api('/api/program-targets', ProgramTargetPage, { query: { limit: 100, sort: 'code' }, signal }),
    select: (page) => page.items,
  })

export const targetQuery = (id: string, province: string | undefined) =>
  queryOptions({
    queryKey: [...targetsKey, 'one', id, province ?? null],
    queryFn: ({ signal }) => api(`/api/program-targets/${id}`, ProgramTarget, { query: { province }, signal }),
  })

export interface RecordFilters {
  year?: number | undefined
  province?: string | undefined
}

export const fetchTargetRecords = (id: string, filters: RecordFilters, cursor: string | undefined, signal?: AbortSignal) =>
  api(`/api/program-targets/${id}/records`, TargetRecordPage, { query: { ...filters, cursor, limit: 50 }, signal })

export const createTarget = (body: CreateProgramTargetBody) => api('/api/program-targets', ProgramTarget, { method: 'POST', body })

export const updateTarget = (id: string, body: UpdateProgramTargetBody) =>
  api(`/api/program-targets/${id}`, ProgramTarget, { method: 'PATCH', body })

export const deleteTarget = (id: string, version: number) =>
  apiVoid(`/api/program-targets/${id}`, { method: 'DELETE', headers: { 'if-match': `"${version}"` } })
