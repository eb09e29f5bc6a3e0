// Deadline rules: the admin's table of "N days from a judgment (or another event), on cases of these kinds".
import { queryOptions } from '@tanstack/react-query'
import { DeadlineRule, DeadlineRuleList, type CreateDeadlineRuleBody, type UpdateDeadlineRuleBody } from '../../../shared/deadline-rules.ts'
import { api, apiVoid } from '../../lib/api-client.ts'

export const deadlineRulesQuery = () =>
  queryOptions({
    queryKey: ['deadline-rules', 'list'],
    queryFn: ({ signal }) => api('/api/deadline-rules', DeadlineRuleList, { signal }),
    select: (list) => list.items,
  })

export const createDeadlineRule = (body: CreateDeadlineRuleBody) => api('/api/deadline-rules', DeadlineRule, { method: 'POST', body })

export const updateDeadlineRule = (id: string, body: UpdateDeadlineRuleBody) =>
  api(`/api/deadline-rules/${id}`, DeadlineRule, { method: 'PATCH', body })

export const deleteDeadlineRule = (id: string, version: number) =>
  apiVoid(`/api/deadline-rules/${id}`, { method: 'DELETE', headers: { 'if-match': `"${version}"` } })
