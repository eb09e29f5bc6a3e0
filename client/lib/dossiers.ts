// Dossier exports over the API: start one for a case or a community, then follow its job until
// the ZIP can be downloaded. Answers are parsed with the shared schema (shared/dossiers.ts).
import { queryOptions } from '@tanstack/react-query'
import { ExportJob, type DossierBody, type DossierTarget } from '../../shared/dossiers.ts'
import { api } from './api-client.ts'

export const dossiersKey = ['dossiers'] as const

/** How often a running export is asked for its progress. */
export const POLL_INTERVAL_MS = 1000

const collectionOf = (target: DossierTarget) => (target === 'case' ? 'cases' : 'communities')

export const startDossierExport = (target: DossierTarget, targetId: string, body: DossierBody) =>
  api(`/api/${collectionOf(target)}/${targetId}/dossier`, ExportJob, { method: 'POST', body })

export const isFinished = (job: ExportJob | undefined) => job?.status === 'done' || job?.status === 'failed'

/** The job, asked again every second until it is done or failed. */
export const exportJobQuery = (id: string) =>
  queryOptions({
    queryKey: [...dossiersKey, 'export', id],
    queryFn: ({ signal }) => api(`/api/exports/${id}`, ExportJob, { signal }),
    refetchInterval: (query) => (isFinished(query.state.data) ? false : POLL_INTERVAL_MS),
    refetchIntervalInBackground: true,
  })

export const exportFileUrl = (id: string) => `/api/exports/${id}/file`
