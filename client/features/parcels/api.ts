// Parcels: fetchers and query options, every answer parsed with the shared schemas.
import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { ParcelConflicts } from '../../../shared/overlaps.ts'
import { Parcel, ParcelFeatures, ParcelPage, type CreateParcelBody, type UpdateParcelBody } from '../../../shared/parcels.ts'
import { api, apiVoid } from '../../lib/api-client.ts'
import { geometryQuery, type GeometrySave, type CreateVariables, type UpdateVariables } from '../../lib/edit-form.ts'

export const PAGE_SIZE = 25

export const parcelKeys = {
  all: ['parcels'] as const,
  list: (params: Record<string, string | undefined>) => ['parcels', 'list', params] as const,
  detail: (id: string) => ['parcels', 'detail', id] as const,
  conflicts: (id: string) => ['parcels', 'conflicts', id] as const,
  ofCommunity: (communityId: string) => ['parcels', 'of-community', communityId] as const,
}

export const parcelListQuery = (params: Record<string, string | undefined>) =>
  queryOptions({
    queryKey: parcelKeys.list(params),
    queryFn: ({ signal }) => api('/api/parcels', ParcelPage, { query: { limit: PAGE_SIZE, ...params }, signal }),
    placeholderData: (previous) => previous,
  })

export const parcelConflictsQuery = (id: string) =>
  queryOptions({
    queryKey: parcelKeys.conflicts(id),
    queryFn: ({ signal }) => api(`/api/parcels/${id}/conflicts`, ParcelConflicts, { signal }),
  })

/** A community's parcels as GeoJSON (for showing them around the one being drawn). */
export const communityParcelsQuery = (communityId: string) =>
  queryOptions({
    queryKey: parcelKeys.ofCommunity(communityId),
    queryFn: ({ signal }) =>
      api('/api/parcels', ParcelFeatures, { query: { community: communityId, format: 'geojson', limit: 500 }, signal }),
    staleTime: 60_000,
  })

export const createParcel = (body: CreateParcelBody, save: GeometrySave = {}) =>
  api('/api/parcels', Parcel, { method: 'POST', body, query: geometryQuery(save) })

export const updateParcel = (id: string, body: UpdateParcelBody, save: GeometrySave = {}) =>
  api(`/api/parcels/${id}`, Parcel, { method: 'PATCH', body, query: geometryQuery(save) })

export const deleteParcel = (id: string, version: number) =>
  apiVoid(`/api/parcels/${id}`, { method: 'DELETE', headers: { 'if-match': `"${version}"` } })

/** A saved parcel: its page shows the answer at once; lists, maps, communities and concessions fetch again. */
async function parcelSaved(queryClient: QueryClient, saved: Parcel) {
  queryClient.setQueryData(parcelKeys.detail(saved.id), saved)
  await queryClient.invalidateQueries({
    queryKey: parcelKeys.all,
    predicate: (query) => query.queryKey[1] !== 'detail' || query.queryKey[2] !== saved.id,
  })
  void queryClient.invalidateQueries({ queryKey: ['communities'] })
  void queryClient.invalidateQueries({ queryKey: ['concessions'] })
}

export function useCreateParcel() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ body, ...save }: CreateVariables<CreateParcelBody>) => createParcel(body, save),
    onSuccess: (saved) => parcelSaved(queryClient, saved),
  })
}

export function useUpdateParcel() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, body, ...save }: UpdateVariables<UpdateParcelBody>) => updateParcel(id, body, save),
    onSuccess: (saved) => parcelSaved(queryClient, saved),
  })
}
