// One parcel or one concession, by id: their own pages and forms read them, and each one's page
// draws the other kind where they overlap. Keys match the features' (`['parcels', 'detail', id]`),
// so a feature's invalidation refreshes them.
import { queryOptions } from '@tanstack/react-query'
import { Concession } from '../../shared/concessions.ts'
import { Parcel } from '../../shared/parcels.ts'
import { api } from './api-client.ts'

export const parcelQuery = (id: string) =>
  queryOptions({
    queryKey: ['parcels', 'detail', id],
    queryFn: ({ signal }) => api(`/api/parcels/${id}`, Parcel, { signal }),
  })

export const concessionQuery = (id: string) =>
  queryOptions({
    queryKey: ['concessions', 'detail', id],
    queryFn: ({ signal }) => api(`/api/concessions/${id}`, Concession, { signal }),
  })
