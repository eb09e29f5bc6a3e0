// Evidence over the API: the files attached to a record, and each file's chain of custody.
import { queryOptions } from '@tanstack/react-query'
import { Custody, EvidenceList } from '../../shared/evidence.ts'
import { api } from './api-client.ts'
import type { EvidenceTarget } from './evidence-upload.ts'

export const evidenceKey = ['evidence'] as const

/** The list endpoint's filter for a target: { caseId } → ?case=…. */
export function targetQueryOf(target: EvidenceTarget): Record<string, string> {
  if ('caseId' in target) return { case: target.caseId }
  if ('incidentId' in target) return { incident: target.incidentId }
  if ('parcelId' in target) return { parcel: target.parcelId }
  if ('activityId' in target) return { activity: target.activityId }
  return { community: target.communityId }
}

export const evidenceListQuery = (target: EvidenceTarget) =>
  queryOptions({
    queryKey: [...evidenceKey, 'list', targetQueryOf(target)],
    queryFn: ({ signal }) => api('/api/evidence', EvidenceList, { query: targetQueryOf(target), signal }),
  })

export const custodyQuery = (evidenceId: string) =>
  queryOptions({
    queryKey: [...evidenceKey, 'custody', evidenceId],
    queryFn: ({ signal }) => api(`/api/evidence/${evidenceId}/custody`, Custody, { signal }),
    staleTime: 60_000,
  })

export const evidenceFileUrl = (id: string) => `/api/evidence/${id}/file`
export const evidenceThumbnailUrl = (id: string) => `/api/evidence/${id}/thumbnail`
