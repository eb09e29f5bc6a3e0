// Reports from outside, over the API, as staff see them: the public report links they make and
// print, and the moderation queue where each report is accepted as an incident, merged into one,
// or rejected.
import { queryOptions, type QueryClient } from '@tanstack/react-query'
import {
  IntakeDecision,
  IntakeLink,
  IntakeLinkList,
  IntakeReport,
  IntakeReportPage,
  type AcceptIntakeBody,
  type CreateIntakeLinkBody,
  type IntakeReportListQuery,
  type MergeIntakeBody,
  type RejectIntakeBody,
  type UpdateIntakeLinkBody,
} from '../../../shared/intake.ts'
import { api } from '../../lib/api-client.ts'

export const intakeKey = ['intake'] as const
const linksKey = [...intakeKey, 'links'] as const
const reportsKey = [...intakeKey, 'reports'] as const

export const INTAKE_PAGE_SIZE = 20

// ---- Links ----------------------------------------------------------------------------------------

export const intakeLinksQuery = () =>
  queryOptions({
    queryKey: linksKey,
    queryFn: ({ signal }) => api('/api/intake/links', IntakeLinkList, { signal }),
  })

export const createIntakeLink = (body: CreateIntakeLinkBody) => api('/api/intake/links', IntakeLink, { method: 'POST', body })

export const updateIntakeLink = (id: string, body: UpdateIntakeLinkBody) =>
  api(`/api/intake/links/${id}`, IntakeLink, { method: 'PATCH', body })

/** The link's QR code, drawn by the server (an SVG: sharp at any print size). */
export const intakeLinkQrUrl = (id: string) => `/api/intake/links/${id}/qr.svg`

// ---- Reports --------------------------------------------------------------------------------------

export type IntakeFilters = Pick<Partial<IntakeReportListQuery>, 'status' | 'source' | 'community' | 'receipt' | 'link'>

export const intakeReportsQuery = (filters: IntakeFilters, cursor: string | undefined) =>
  queryOptions({
    queryKey: [...reportsKey, 'list', filters, cursor ?? null],
    queryFn: ({ signal }) =>
      api('/api/intake/reports', IntakeReportPage, { query: { ...filters, limit: INTAKE_PAGE_SIZE, cursor }, signal }),
  })

export const intakeReportQuery = (id: string) =>
  queryOptions({
    queryKey: [...reportsKey, 'detail', id],
    queryFn: ({ signal }) => api(`/api/intake/reports/${id}`, IntakeReport, { signal }),
  })

export const acceptIntakeReport = (id: string, body: AcceptIntakeBody) =>
  api(`/api/intake/reports/${id}/accept`, IntakeDecision, { method: 'POST', body })

export const mergeIntakeReport = (id: string, body: MergeIntakeBody) =>
  api(`/api/intake/reports/${id}/merge`, IntakeDecision, { method: 'POST', body })

export const rejectIntakeReport = (id: string, body: RejectIntakeBody) =>
  api(`/api/intake/reports/${id}/reject`, IntakeDecision, { method: 'POST', body })

export const eraseIntakeSender = (id: string, version: number) =>
  api(`/api/intake/reports/${id}/erase-sender`, IntakeDecision, { method: 'POST', body: { version } })

/** After a decision: the queue, the report, the link counts, and the incidents an accept or merge changed. */
export const refreshIntake = (queryClient: QueryClient) =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: intakeKey }),
    queryClient.invalidateQueries({ queryKey: ['incidents'] }),
    queryClient.invalidateQueries({ queryKey: ['triage'] }),
  ])
