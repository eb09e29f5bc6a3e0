// A case's tasks over the API, and the staff a task can be assigned to; answers parsed with the
// shared schemas.
import { queryOptions } from '@tanstack/react-query'
import { CaseStaffList } from '../../../shared/case-team.ts'
import { Task, TaskList, type CreateTaskBody, type UpdateTaskBody } from '../../../shared/tasks.ts'
import { api, apiVoid } from '../../lib/api-client.ts'
import { casesKey } from '../../lib/cases.ts'

/** Under the case's detail key, so refreshCase(caseId) refreshes them with the rest of the page. */
export const caseTasksQuery = (caseId: string) =>
  queryOptions({
    queryKey: [...casesKey, 'detail', caseId, 'tasks'],
    queryFn: ({ signal }) => api(`/api/cases/${caseId}/tasks`, TaskList, { signal }),
  })

/** Active legal staff and admins: who a task can be assigned to. */
export const assignableStaffQuery = () =>
  queryOptions({
    queryKey: [...casesKey, 'staff'],
    queryFn: ({ signal }) => api('/api/cases/staff', CaseStaffList, { signal }),
    staleTime: 5 * 60_000,
  })

export const createTask = (caseId: string, body: CreateTaskBody) => api(`/api/cases/${caseId}/tasks`, Task, { method: 'POST', body })

export const updateTask = (id: string, body: UpdateTaskBody) => api(`/api/tasks/${id}`, Task, { method: 'PATCH', body })

export const deleteTask = (id: string, version: number) =>
  apiVoid(`/api/tasks/${id}`, { method: 'DELETE', headers: { 'if-match': `"${version}"` } })
