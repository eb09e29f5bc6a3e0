// Incidents over the API: query options and writes, every answer parsed with the shared schema.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'
import { AuditPage } from '../../../shared/audit.ts'
import { CaseDetail, CasePage } from '../../../shared/cases.ts'
import { Incident, IncidentPage, IncidentPeople, type UpdateIncidentBody } from '../../../shared/incidents.ts'
import { INCIDENT_STATUSES, type IncidentStatus } from '../../../shared/vocabularies.ts'
import { api, apiVoid, type QueryValue } from '../../lib/api-client.ts'
import { geometryQuery, type GeometrySave, type UpdateVariables } from '../../lib/edit-form.ts'

/** Every incident query key starts here: one invalidation refreshes lists, pages and forms. */
export const incidentsKey = ['incidents'] as const

export const incidentListQuery = (params: Record<string, QueryValue>) =>
  queryOptions({
    queryKey: [...incidentsKey, 'list', params],
    queryFn: ({ signal }) => api('/api/incidents', IncidentPage, { query: params, signal }),
    placeholderData: (previous) => previous,
  })

export const incidentQuery = (id: string) =>
  queryOptions({
    queryKey: [...incidentsKey, 'detail', id],
    queryFn: ({ signal }) => api(`/api/incidents/${id}`, Incident, { signal }),
  })

export const incidentPeopleQuery = (id: string) =>
  queryOptions({
    queryKey: [...incidentsKey, 'detail', id, 'people'],
    queryFn: ({ signal }) => api(`/api/incidents/${id}/people`, IncidentPeople, { signal }),
  })

export interface StatusChange {
  at: Date
  actorLabel: string
  from: IncidentStatus | null
  to: IncidentStatus
  reason: string | null
}

const Status = z.enum(INCIDENT_STATUSES)
const AuditChanges = z.object({
  before: z.object({ status: Status.optional() }).passthrough().optional(),
  after: z.object({ status: Status.optional(), dismissal_reason: z.string().nullable().optional() }).passthrough().optional(),
})

/**
 * The incident's status history, read from the audit trail (legal staff and admins may read it):
 * its creation and every change that moved its status, oldest first.
 */
export const incidentHistoryQuery = (id: string) =>
  queryOptions({
    queryKey: [...incidentsKey, 'detail', id, 'history'],
    queryFn: async ({ signal }) => {
      const page = await api('/api/audit', AuditPage, { query: { entity: 'incidents', entityId: id, limit: 200 }, signal })
      const changes: StatusChange[] = []
      for (const entry of page.items) {
        const parsed = AuditChanges.safeParse(entry.changes)
        const to = parsed.success ? parsed.data.after?.status : undefined
        if (!parsed.success || !to) continue
        changes.push({
          at: entry.at,
          actorLabel: entry.actorLabel,
          from: parsed.data.before?.status ?? null,
          to,
          reason: to === 'dismissed' ? (parsed.data.after?.dismissal_reason ?? null) : null,
        })
      }
      return changes.sort((a, b) => a.at.getTime() - b.at.getTime())
    },
  })

/**
 * The legal cases this incident is linked to. The API links cases to incidents only from the case
 * side, so this reads the cases of the incident's community and keeps those that list it.
 */
export const incidentCasesQuery = (id: string, communityId: string) =>
  queryOptions({
    queryKey: [...incidentsKey, 'detail', id, 'cases', communityId],
    queryFn: async ({ signal }) => {
      const page = await api('/api/cases', CasePage, { query: { community: communityId, limit: 50 }, signal })
      const details = await Promise.all(page.items.map((item) => api(`/api/cases/${item.id}`, CaseDetail, { signal })))
      return details.filter((detail) => detail.incidents?.some((incident) => incident.id === id))
    },
  })

export const updateIncident = (id: string, body: UpdateIncidentBody, save: GeometrySave = {}) =>
  api(`/api/incidents/${id}`, Incident, { method: 'PATCH', body, query: geometryQuery(save) })

export const deleteIncident = (id: string, version: number) =>
  apiVoid(`/api/incidents/${id}`, { method: 'DELETE', headers: { 'if-match': `"${version}"` } })

/** Saves an edit: the incident's page shows the answer at once; every incident list and page fetches again. */
export function useUpdateIncident() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, body, ...save }: UpdateVariables<UpdateIncidentBody>) => updateIncident(id, body, save),
    onSuccess: async (saved) => {
      queryClient.setQueryData(incidentQuery(saved.id).queryKey, saved)
      await queryClient.invalidateQueries({ queryKey: incidentsKey })
    },
  })
}
