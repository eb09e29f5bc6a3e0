// Triage over the API: reports waiting for a decision, and the decisions (verify, dismiss, or
// open a legal case from the report).
import { queryOptions } from '@tanstack/react-query'
import { CaseStaffList } from '../../../shared/case-team.ts'
import { CaseDetail, type CaseFromIncidentBody } from '../../../shared/cases.ts'
import { Incident, IncidentPage, type ChangeIncidentStatusBody } from '../../../shared/incidents.ts'
import type { IncidentStatus } from '../../../shared/vocabularies.ts'
import { api } from '../../lib/api-client.ts'

export const triageKey = ['triage'] as const

export const TRIAGE_PAGE_SIZE = 10

/** Newest reports first: the queue is worked from what just came in. */
export const triageQuery = (status: IncidentStatus, cursor: string | undefined) =>
  queryOptions({
    queryKey: [...triageKey, status, cursor ?? null],
    queryFn: ({ signal }) =>
      api('/api/incidents', IncidentPage, { query: { status, sort: '-createdAt', limit: TRIAGE_PAGE_SIZE, cursor }, signal }),
  })

export const changeIncidentStatus = (id: string, body: ChangeIncidentStatusBody) =>
  api(`/api/incidents/${id}/status`, Incident, { method: 'POST', body })

/** Opens a legal case from a report (the server links the report, its community and its evidence). */
export const openCaseFromIncident = (incidentId: string, body: CaseFromIncidentBody) =>
  api(`/api/incidents/${incidentId}/case`, CaseDetail, { method: 'POST', body })

/** Who can lead the case being opened: active legal staff and admins. */
export const caseStaffQuery = () =>
  queryOptions({
    queryKey: ['cases', 'staff'],
    queryFn: ({ signal }) => api('/api/cases/staff', CaseStaffList, { signal }),
    staleTime: 5 * 60_000,
  })
