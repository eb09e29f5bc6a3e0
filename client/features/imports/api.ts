// Imports: fetchers and query options, every answer parsed with the shared schemas.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'
import { ImportItem, ImportJob, type ConfigureImportBody } from '../../../shared/import-jobs.ts'
import { ImportInspection } from '../../../shared/imports.ts'
import { api } from '../../lib/api-client.ts'

export const importKeys = {
  all: ['imports'] as const,
  list: () => ['imports', 'list'] as const,
  detail: (id: string) => ['imports', 'detail', id] as const,
  items: (id: string, run: ImportRun, offset: number) => ['imports', 'items', id, run, offset] as const,
}

export type ImportRun = 'dry_run' | 'commit'

/** How many refused features a page of the report shows. */
export const ITEMS_PAGE_SIZE = 100

/** While the server works on a job, its page asks again this often. */
const POLL_MS = 1000

export const RUNNING_STATUSES: readonly ImportJob['status'][] = ['dry_run_running', 'committing']

export const isRunning = (job: ImportJob | undefined) => Boolean(job && RUNNING_STATUSES.includes(job.status))

/** What the file holds (the server stores it as the readers described it). */
export const inspectionOf = (job: ImportJob): ImportInspection | undefined => {
  const parsed = ImportInspection.safeParse(job.inspection)
  return parsed.success ? parsed.data : undefined
}

export const importListQuery = () =>
  queryOptions({
    queryKey: importKeys.list(),
    queryFn: async ({ signal }) => (await api('/api/imports', z.object({ items: z.array(ImportJob) }), { signal })).items,
  })

export const importQuery = (id: string) =>
  queryOptions({
    queryKey: importKeys.detail(id),
    queryFn: ({ signal }) => api(`/api/imports/${id}`, ImportJob, { signal }),
    refetchInterval: (query) => (isRunning(query.state.data) ? POLL_MS : false),
  })

export const refusedItemsQuery = (id: string, run: ImportRun, offset: number) =>
  queryOptions({
    queryKey: importKeys.items(id, run, offset),
    queryFn: async ({ signal }) =>
      (
        await api(`/api/imports/${id}/items`, z.object({ items: z.array(ImportItem) }), {
          query: { run, action: 'refused', limit: ITEMS_PAGE_SIZE, offset },
          signal,
        })
      ).items,
  })

export const reportCsvUrl = (id: string, run: ImportRun) => `/api/imports/${id}/report.csv?run=${run}`

export interface UploadFields {
  sourceName: string
  licence: string
  crs: string
  file: File
}

/** The text fields go first: the server reads them before it streams the file. */
export function uploadImport({ sourceName, licence, crs, file }: UploadFields) {
  const form = new FormData()
  form.append('sourceName', sourceName.trim())
  if (licence.trim()) form.append('licence', licence.trim())
  if (crs.trim()) form.append('crs', crs.trim())
  form.append('file', file, file.name)
  return api('/api/imports', ImportJob, { method: 'POST', body: form })
}

export const configureImport = (id: string, body: ConfigureImportBody) => api(`/api/imports/${id}`, ImportJob, { method: 'PATCH', body })

export const startImport = (id: string, run: ImportRun) =>
  api(`/api/imports/${id}/${run === 'dry_run' ? 'dry-run' : 'commit'}`, ImportJob, { method: 'POST' })

const UndoResult = z.object({
  job: ImportJob,
  hidden: z.number(),
  restored: z.number(),
  conflicts: z.array(z.object({ recordId: z.string(), reason: z.string() })),
})
export type UndoResult = z.infer<typeof UndoResult>

export const undoImport = (id: string) => api(`/api/imports/${id}/undo`, UndoResult, { method: 'POST' })

/** A job the server answered with: its page shows it at once, the list fetches again. */
function useJobSaved() {
  const queryClient = useQueryClient()
  return (job: ImportJob) => {
    queryClient.setQueryData(importKeys.detail(job.id), job)
    void queryClient.invalidateQueries({ queryKey: importKeys.list() })
  }
}

export function useUploadImport() {
  const saved = useJobSaved()
  return useMutation({ mutationFn: uploadImport, onSuccess: saved })
}

export function useConfigureImport(id: string) {
  const saved = useJobSaved()
  return useMutation({ mutationFn: (body: ConfigureImportBody) => configureImport(id, body), onSuccess: saved })
}

export function useStartImport(id: string) {
  const saved = useJobSaved()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (run: ImportRun) => startImport(id, run),
    onSuccess: (job) => {
      saved(job)
      void queryClient.invalidateQueries({ queryKey: ['imports', 'items', id] })
    },
  })
}

export function useUndoImport(id: string) {
  const saved = useJobSaved()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => undoImport(id),
    onSuccess: (result) => {
      saved(result.job)
      // The records it made are gone from every list and map.
      void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'imports' && query.queryKey[0] !== 'auth' })
    },
  })
}
