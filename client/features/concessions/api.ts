// Concessions: fetchers and query options, every answer parsed with the shared schemas.
import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query'
import {
  Concession,
  ConcessionFeatures,
  ConcessionPage,
  DeclaredArea,
  type CreateConcessionBody,
  type CreateDeclaredAreaBody,
  type UpdateConcessionBody,
} from '../../../shared/concessions.ts'
import { ConcessionOverlaps } from '../../../shared/overlaps.ts'
import { api, apiVoid } from '../../lib/api-client.ts'
import { communitiesKey } from '../../lib/reference-data.ts'
import { CommunityPage } from '../../../shared/communities.ts'
import { geometryQuery, type GeometrySave, type CreateVariables, type UpdateVariables } from '../../lib/edit-form.ts'

export const PAGE_SIZE = 25

export const concessionKeys = {
  all: ['concessions'] as const,
  list: (params: Record<string, string | undefined>) => ['concessions', 'list', params] as const,
  detail: (id: string) => ['concessions', 'detail', id] as const,
  overlaps: (id: string) => ['concessions', 'overlaps', id] as const,
  near: (bbox: string) => ['concessions', 'near', bbox] as const,
}

export const concessionListQuery = (params: Record<string, string | undefined>) =>
  queryOptions({
    queryKey: concessionKeys.list(params),
    queryFn: ({ signal }) => api('/api/concessions', ConcessionPage, { query: { limit: PAGE_SIZE, ...params }, signal }),
    placeholderData: (previous) => previous,
  })

export const concessionOverlapsQuery = (id: string) =>
  queryOptions({
    queryKey: concessionKeys.overlaps(id),
    queryFn: ({ signal }) => api(`/api/concessions/${id}/overlaps`, ConcessionOverlaps, { signal }),
  })

/** Concessions in a bbox (minLon,minLat,maxLon,maxLat), as GeoJSON: context while drawing. */
export const concessionsNearQuery = (bbox: string) =>
  queryOptions({
    queryKey: concessionKeys.near(bbox),
    queryFn: ({ signal }) => api('/api/concessions', ConcessionFeatures, { query: { bbox, format: 'geojson', limit: 100 }, signal }),
    staleTime: 60_000,
  })

/**
 * Community territories around a concession being drawn (all of them, up to 500, before it has a
 * boundary): the context on the editor's map.
 */
export const territoriesNearQuery = (bbox: string | undefined) =>
  queryOptions({
    queryKey: [...communitiesKey, 'territories-near', bbox ?? 'all'],
    queryFn: async ({ signal }) => {
      const page = await api('/api/communities', CommunityPage, { query: { ...(bbox ? { bbox } : {}), limit: 500, sort: 'name' }, signal })
      return page.items.filter((community) => community.territory)
    },
    staleTime: 60_000,
  })

export const createConcession = (body: CreateConcessionBody, save: GeometrySave = {}) =>
  api('/api/concessions', Concession, { method: 'POST', body, query: geometryQuery(save) })

export const updateConcession = (id: string, body: UpdateConcessionBody, save: GeometrySave = {}) =>
  api(`/api/concessions/${id}`, Concession, { method: 'PATCH', body, query: geometryQuery(save) })

export const deleteConcession = (id: string, version: number) =>
  apiVoid(`/api/concessions/${id}`, { method: 'DELETE', headers: { 'if-match': `"${version}"` } })

export const addDeclaredArea = (id: string, body: CreateDeclaredAreaBody) =>
  api(`/api/concessions/${id}/declared-areas`, DeclaredArea, { method: 'POST', body })

export const removeDeclaredArea = (id: string, areaId: string) =>
  apiVoid(`/api/concessions/${id}/declared-areas/${areaId}`, { method: 'DELETE' })

/** A saved concession: its page shows the answer at once; lists, maps, parcels' conflicts and communities fetch again. */
async function concessionSaved(queryClient: QueryClient, saved: Concession) {
  queryClient.setQueryData(concessionKeys.detail(saved.id), saved)
  await queryClient.invalidateQueries({
    queryKey: concessionKeys.all,
    predicate: (query) => query.queryKey[1] !== 'detail' || query.queryKey[2] !== saved.id,
  })
  void queryClient.invalidateQueries({ queryKey: ['parcels', 'conflicts'] })
  void queryClient.invalidateQueries({ queryKey: ['communities'] })
}

export function useCreateConcession() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ body, ...save }: CreateVariables<CreateConcessionBody>) => createConcession(body, save),
    onSuccess: (saved) => concessionSaved(queryClient, saved),
  })
}

export function useUpdateConcession() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, body, ...save }: UpdateVariables<UpdateConcessionBody>) => updateConcession(id, body, save),
    onSuccess: (saved) => concessionSaved(queryClient, saved),
  })
}
