// Letter templates and letters: the admin's templates, and a letter filled from a case, edited and
// saved to the case as PDF evidence.
import { queryOptions } from '@tanstack/react-query'
import { z } from 'zod'
import {
  DocumentTemplate,
  DocumentTemplateList,
  LetterFieldList,
  LetterPreview,
  SavedLetter,
  type CreateDocumentTemplateBody,
  type SaveLetterBody,
  type UpdateDocumentTemplateBody,
} from '../../../shared/document-templates.ts'
import type { LanguageCode } from '../../../shared/vocabularies.ts'
import { api, apiVoid } from '../../lib/api-client.ts'

export const templatesQuery = (language?: LanguageCode) =>
  queryOptions({
    queryKey: ['document-templates', 'list', language ?? 'all'],
    queryFn: ({ signal }) => api('/api/document-templates', DocumentTemplateList, { query: { language }, signal }),
    select: (list) => list.items,
  })

export const templateQuery = (id: string) =>
  queryOptions({
    queryKey: ['document-templates', 'one', id],
    queryFn: ({ signal }) => api(`/api/document-templates/${id}`, DocumentTemplate, { signal }),
    // The form edits what the server has now.
    staleTime: 0,
  })

/** The placeholders a template may use; they change only with a new release of the server. */
export const letterFieldsQuery = () =>
  queryOptions({
    queryKey: ['document-templates', 'fields'],
    queryFn: ({ signal }) => api('/api/document-templates/fields', LetterFieldList, { signal }),
    staleTime: Infinity,
  })

export const createTemplate = (body: CreateDocumentTemplateBody) =>
  api('/api/document-templates', DocumentTemplate, { method: 'POST', body })

export const updateTemplate = (id: string, body: UpdateDocumentTemplateBody) =>
  api(`/api/document-templates/${id}`, DocumentTemplate, { method: 'PATCH', body })

export const deleteTemplate = (id: string, version: number) =>
  apiVoid(`/api/document-templates/${id}`, { method: 'DELETE', headers: { 'if-match': `"${version}"` } })

export const previewLetter = (caseId: string, templateId: string) =>
  api(`/api/cases/${caseId}/documents/preview`, LetterPreview, { method: 'POST', body: { templateId } })

export const saveLetter = (caseId: string, body: SaveLetterBody) =>
  api(`/api/cases/${caseId}/documents`, SavedLetter, { method: 'POST', body })

/** The case's reference and titles, for the letter page's heading. */
const CaseHeading = z.object({ id: z.string(), reference: z.string(), title: z.string(), titleKm: z.string().nullable() })

export const caseHeadingQuery = (caseId: string) =>
  queryOptions({
    queryKey: ['cases', caseId, 'heading'],
    queryFn: ({ signal }) => api(`/api/cases/${caseId}`, CaseHeading, { signal }),
  })
