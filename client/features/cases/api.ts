// Legal cases over the API: fetchers and query options, every answer parsed with the shared schema.
import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query'
import {
  CaseDetail,
  CaseEvent,
  CaseEventPage,
  CasePage,
  Timeline,
  type CreateCaseBody,
  type CreateCaseEventBody,
  type LinkPersonBody,
  type UpdateCaseBody,
  type UpdateCaseEventBody,
} from '../../../shared/cases.ts'
import { CaseConflictList } from '../../../shared/case-conflicts.ts'
import { CaseStaffList } from '../../../shared/case-team.ts'
import { Community, CommunityPage } from '../../../shared/communities.ts'
import { Incident, IncidentPage } from '../../../shared/incidents.ts'
import { Parcel, ParcelPage } from '../../../shared/parcels.ts'
import { Person, PersonPage, type CreatePersonBody } from '../../../shared/people.ts'
import { api, apiVoid } from '../../lib/api-client.ts'
import { casesKey, refreshCase } from '../../lib/cases.ts'
import type { CreateVariables, UpdateVariables } from '../../lib/edit-form.ts'

/** Every case query key starts here, so one invalidation refreshes the whole workspace. */
export const caseListQuery = (params: Record<string, string | undefined>) =>
  queryOptions({
    queryKey: [...casesKey, 'list', params],
    queryFn: ({ signal }) => api('/api/cases', CasePage, { query: params, signal }),
    placeholderData: (previous) => previous,
  })

/**
 * Counts per stage for the list's tabs: one page of up to 500 summaries with the same filters but
 * any stage, tallied here (the API has no count endpoint; a legal team's open cases fit in one page).
 */
export const caseStageCountsQuery = (params: Record<string, string | undefined>) =>
  queryOptions({
    queryKey: [...casesKey, 'stage-counts', params],
    queryFn: async ({ signal }) => {
      const page = await api('/api/cases', CasePage, { query: { ...params, limit: 500 }, signal })
      const counts: Record<string, number> = {}
      for (const item of page.items) counts[item.stage] = (counts[item.stage] ?? 0) + 1
      return { counts, total: page.items.length, isPartial: page.nextCursor !== null }
    },
    placeholderData: (previous) => previous,
  })

export const caseQuery = (id: string) =>
  queryOptions({
    queryKey: [...casesKey, 'detail', id],
    queryFn: ({ signal }) => api(`/api/cases/${id}`, CaseDetail, { signal }),
  })

export const caseEventsQuery = (id: string) =>
  queryOptions({
    queryKey: [...casesKey, 'detail', id, 'events'],
    queryFn: ({ signal }) => api(`/api/cases/${id}/events`, CaseEventPage, { query: { limit: 500, sort: 'startsAt' }, signal }),
  })

export const caseTimelineQuery = (id: string) =>
  queryOptions({
    queryKey: [...casesKey, 'detail', id, 'timeline'],
    queryFn: ({ signal }) => api(`/api/cases/${id}/timeline`, Timeline, { signal }),
  })

// ---- Linked records (their geometry for the case map) -----------------------------------------

export const linkedCommunityQuery = (id: string) =>
  queryOptions({
    queryKey: [...casesKey, 'linked', 'community', id],
    queryFn: ({ signal }) => api(`/api/communities/${id}`, Community, { signal }),
    staleTime: 5 * 60_000,
  })
export const linkedParcelQuery = (id: string) =>
  queryOptions({
    queryKey: [...casesKey, 'linked', 'parcel', id],
    queryFn: ({ signal }) => api(`/api/parcels/${id}`, Parcel, { signal }),
    staleTime: 5 * 60_000,
  })
export const linkedIncidentQuery = (id: string) =>
  queryOptions({
    queryKey: [...casesKey, 'linked', 'incident', id],
    queryFn: ({ signal }) => api(`/api/incidents/${id}`, Incident, { signal }),
    staleTime: 5 * 60_000,
  })

// ---- Pickers: search records to link --------------------------------------------------------

export interface PickOption {
  id: string
  label: string
  detail?: string
}

export type PickKind = 'community' | 'parcel' | 'incident' | 'person'

const PICK_LIMIT = 10

export async function searchRecords(kind: PickKind, q: string, signal?: AbortSignal): Promise<PickOption[]> {
  const query = { q: q.trim() || undefined, limit: PICK_LIMIT }
  switch (kind) {
    case 'community': {
      const page = await api('/api/communities', CommunityPage, { query: { ...query, sort: 'name' }, signal })
      return page.items.map((c) => ({ id: c.id, label: c.nameKm ? `${c.name} · ${c.nameKm}` : c.name, detail: c.province }))
    }
    case 'parcel': {
      const page = await api('/api/parcels', ParcelPage, { query: { ...query, sort: 'label' }, signal })
      return page.items.map((p) => ({ id: p.id, label: p.label, detail: p.communityName }))
    }
    case 'incident': {
      const page = await api('/api/incidents', IncidentPage, { query: { ...query, sort: '-occurredAt' }, signal })
      return page.items.map((i) => ({ id: i.id, label: i.title, detail: i.communityName ?? i.province }))
    }
    case 'person': {
      const page = await api('/api/people', PersonPage, { query: { ...query, sort: 'fullName' }, signal })
      return page.items.map((p) => ({
        id: p.id,
        label: p.fullNameKm ? `${p.fullName} · ${p.fullNameKm}` : p.fullName,
        detail: p.communityName ?? p.description ?? undefined,
      }))
    }
  }
}

// ---- Writes ------------------------------------------------------------------------------------

export const createCase = (body: CreateCaseBody) => api('/api/cases', CaseDetail, { method: 'POST', body })

export const updateCase = (id: string, body: UpdateCaseBody) => api(`/api/cases/${id}`, CaseDetail, { method: 'PATCH', body })

const LINK_PATHS: Record<Exclude<PickKind, 'person'>, { path: string; field: string }> = {
  community: { path: 'communities', field: 'communityId' },
  parcel: { path: 'parcels', field: 'parcelId' },
  incident: { path: 'incidents', field: 'incidentId' },
}

export const linkRecord = (caseId: string, kind: Exclude<PickKind, 'person'>, recordId: string) =>
  apiVoid(`/api/cases/${caseId}/${LINK_PATHS[kind].path}`, { method: 'POST', body: { [LINK_PATHS[kind].field]: recordId } })

export const unlinkRecord = (caseId: string, kind: Exclude<PickKind, 'person'>, recordId: string) =>
  apiVoid(`/api/cases/${caseId}/${LINK_PATHS[kind].path}/${recordId}`, { method: 'DELETE' })

export const linkPerson = (caseId: string, body: LinkPersonBody) => apiVoid(`/api/cases/${caseId}/people`, { method: 'POST', body })

export const unlinkPerson = (caseId: string, personId: string, role: string) =>
  apiVoid(`/api/cases/${caseId}/people/${personId}`, { method: 'DELETE', query: { role } })

export const createPerson = (body: CreatePersonBody) => api('/api/people', Person, { method: 'POST', body })

export const createCaseEvent = (caseId: string, body: CreateCaseEventBody) =>
  api(`/api/cases/${caseId}/events`, CaseEvent, { method: 'POST', body })

export const updateCaseEvent = (eventId: string, body: UpdateCaseEventBody) =>
  api(`/api/case-events/${eventId}`, CaseEvent, { method: 'PATCH', body })

/** The `current` row a 409 carries, parsed; undefined when absent or not a case. */
export function conflictCurrentCase(body: Record<string, unknown>) {
  const parsed = CaseDetail.safeParse(body.current)
  return parsed.success ? parsed.data : undefined
}

/** A saved case: its page shows the answer at once; lists, counts and the calendar fetch again. */
async function caseSaved(queryClient: QueryClient, saved: CaseDetail) {
  queryClient.setQueryData(caseQuery(saved.id).queryKey, saved)
  await refreshCase(queryClient, saved.id)
}

/** Opens a case; `communityId`, when chosen, is linked to it right after. */
export function useCreateCase(communityId?: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async ({ body }: CreateVariables<CreateCaseBody>) => {
      const created = await createCase(body)
      if (communityId) await linkRecord(created.id, 'community', communityId)
      return created
    },
    onSuccess: (saved) => caseSaved(queryClient, saved),
  })
}

export function useUpdateCase() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, body }: UpdateVariables<UpdateCaseBody>) => updateCase(id, body),
    onSuccess: (saved) => caseSaved(queryClient, saved),
  })
}

// ---- The case team and the conflict check ----------------------------------------------------

/** Active legal staff and admins: who can join a case's team. */
export const caseStaffQuery = () =>
  queryOptions({
    queryKey: [...casesKey, 'staff'],
    queryFn: ({ signal }) => api('/api/cases/staff', CaseStaffList, { signal }),
    staleTime: 5 * 60_000,
  })

export const setCaseLead = (caseId: string, userId: string) =>
  api(`/api/cases/${caseId}/team/lead`, CaseDetail, { method: 'PUT', body: { userId } })

export const addCaseMember = (caseId: string, userId: string) =>
  api(`/api/cases/${caseId}/team`, CaseDetail, { method: 'POST', body: { userId } })

export const removeCaseMember = (caseId: string, userId: string) => apiVoid(`/api/cases/${caseId}/team/${userId}`, { method: 'DELETE' })

/** Other cases naming this person (or this typed name); disabled until there is something to check. */
export const caseConflictsQuery = (caseId: string, check: { personId?: string; name?: string }) =>
  queryOptions({
    queryKey: [...casesKey, 'detail', caseId, 'conflicts', check],
    queryFn: ({ signal }) => api(`/api/cases/${caseId}/conflicts`, CaseConflictList, { query: check, signal }),
    enabled: Boolean(check.personId || (check.name && check.name.trim().length >= 2)),
  })
