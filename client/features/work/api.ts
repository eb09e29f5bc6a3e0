// "My work" over the API: the signed-in lawyer's day, parsed with the shared schema.
import { queryOptions } from '@tanstack/react-query'
import { Task } from '../../../shared/tasks.ts'
import { MyWork } from '../../../shared/work.ts'
import { api } from '../../lib/api-client.ts'

/** Task and case changes elsewhere invalidate this key too (client/lib/cases.ts). */
export const workKey = ['work'] as const

export const myWorkQuery = () =>
  queryOptions({
    queryKey: workKey,
    queryFn: ({ signal }) => api('/api/work', MyWork, { signal }),
    // A lawyer leaves the page open all day: look again when they come back to it.
    refetchOnWindowFocus: true,
  })

/** Ticks a task done from My work (its version guards against a colleague's change in between). */
export const completeTask = (id: string, version: number) =>
  api(`/api/tasks/${id}`, Task, { method: 'PATCH', body: { status: 'done', version } })
