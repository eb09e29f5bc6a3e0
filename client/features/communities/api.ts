// Communities over the API: query options and writes, every answer parsed with the shared schema.
import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { CasePage } from '../../../shared/cases.ts'
import {
  Community,
  CommunityPage,
  CommunityPlan,
  CommunityPlanPage,
  type CreateCommunityBody,
  type CreateCommunityPlanBody,
  type UpdateCommunityBody,
  type UpdateCommunityPlanBody,
} from '../../../shared/communities.ts'
import { IncidentPage } from '../../../shared/incidents.ts'
import { CommunityOverlaps } from '../../../shared/overlaps.ts'
import { ParcelPage } from '../../../shared/parcels.ts'
import { api, apiVoid, type QueryValue } from '../../lib/api-client.ts'
import { geometryQuery, type GeometrySave, type CreateVariables, type UpdateVariables } from '../../lib/edit-form.ts'
import { communitiesKey, communityQuery } from '../../lib/reference-data.ts'

export const communityListQuery = (params: Record<string, QueryValue>) =>
  queryOptions({
    queryKey: [...communitiesKey, 'list', params],
    queryFn: ({ signal }) => api('/api/communities', CommunityPage, { query: params, signal }),
    placeholderData: (previous) => previous,
  })

/** The provincial networks, for the network picker and a member's page. */
export const networksQuery = () =>
  queryOptions({
    queryKey: [...communitiesKey, 'networks'],
    queryFn: async ({ signal }) => {
      const page = await api('/api/communities', CommunityPage, { query: { kind: 'provincial_network', limit: 500, sort: 'name' }, signal })
      return page.items.map((item) => ({ id: item.id, name: item.name, nameKm: item.nameKm, kind: item.kind }))
    },
    staleTime: 5 * 60_000,
  })

export const communityPlansQuery = (communityId: string) =>
  queryOptions({
    queryKey: [...communitiesKey, 'detail', communityId, 'plans'],
    queryFn: ({ signal }) =>
      api('/api/community-plans', CommunityPlanPage, { query: { community: communityId, limit: 100, sort: '-year' }, signal }),
  })

export const communityParcelsQuery = (communityId: string) =>
  queryOptions({
    queryKey: [...communitiesKey, 'detail', communityId, 'parcels'],
    queryFn: ({ signal }) => api('/api/parcels', ParcelPage, { query: { community: communityId, limit: 200, sort: 'label' }, signal }),
  })

export const communityIncidentsQuery = (communityId: string) =>
  queryOptions({
    queryKey: [...communitiesKey, 'detail', communityId, 'incidents'],
    queryFn: ({ signal }) =>
      api('/api/incidents', IncidentPage, { query: { community: communityId, limit: 10, sort: '-occurredAt' }, signal }),
  })

export const communityCasesQuery = (communityId: string) =>
  queryOptions({
    queryKey: [...communitiesKey, 'detail', communityId, 'cases'],
    queryFn: ({ signal }) => api('/api/cases', CasePage, { query: { community: communityId, limit: 50, sort: '-openedOn' }, signal }),
  })

export const communityOverlapsQuery = (communityId: string) =>
  queryOptions({
    queryKey: [...communitiesKey, 'detail', communityId, 'overlaps'],
    queryFn: ({ signal }) => api(`/api/communities/${communityId}/overlaps`, CommunityOverlaps, { signal }),
  })

/** The communities of a provincial network. */
export const networkMembersQuery = (networkId: string) =>
  queryOptions({
    queryKey: [...communitiesKey, 'detail', networkId, 'members'],
    queryFn: ({ signal }) => api('/api/communities', CommunityPage, { query: { network: networkId, limit: 200, sort: 'name' }, signal }),
  })

export const createCommunity = (body: CreateCommunityBody, save: GeometrySave = {}) =>
  api('/api/communities', Community, { method: 'POST', body, query: geometryQuery(save) })

export const updateCommunity = (id: string, body: UpdateCommunityBody, save: GeometrySave = {}) =>
  api(`/api/communities/${id}`, Community, { method: 'PATCH', body, query: geometryQuery(save) })

export const deleteCommunity = (id: string, version: number) =>
  apiVoid(`/api/communities/${id}`, { method: 'DELETE', headers: { 'if-match': `"${version}"` } })

export const createPlan = (body: CreateCommunityPlanBody) => api('/api/community-plans', CommunityPlan, { method: 'POST', body })

export const updatePlan = (id: string, body: UpdateCommunityPlanBody) =>
  api(`/api/community-plans/${id}`, CommunityPlan, { method: 'PATCH', body })

export const deletePlan = (id: string, version: number) =>
  apiVoid(`/api/community-plans/${id}`, { method: 'DELETE', headers: { 'if-match': `"${version}"` } })

/** A saved community: its page shows the answer at once; every community list, picker and page fetches again. */
async function communitySaved(queryClient: QueryClient, saved: Community) {
  queryClient.setQueryData(communityQuery(saved.id).queryKey, saved)
  await queryClient.invalidateQueries({ queryKey: communitiesKey })
}

export function useCreateCommunity() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ body, ...save }: CreateVariables<CreateCommunityBody>) => createCommunity(body, save),
    onSuccess: (saved) => communitySaved(queryClient, saved),
  })
}

export function useUpdateCommunity() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, body, ...save }: UpdateVariables<UpdateCommunityBody>) => updateCommunity(id, body, save),
    onSuccess: (saved) => communitySaved(queryClient, saved),
  })
}
