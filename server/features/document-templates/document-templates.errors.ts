// The errors of templates and letters.
import { AppError } from '../../lib/app-error.ts'
import type { PlaceholderIssue } from './document-templates.placeholders.ts'

/** 400 naming each bad placeholder (the first one in the detail). */
export const createInvalidPlaceholdersError = (issues: PlaceholderIssue[]) =>
  new AppError(
    'document_templates.invalid_placeholders',
    400,
    `body.bodyHtml: ${issues[0]!.message}`,
    issues.map((issue) => ({ field: 'body.bodyHtml', message: issue.message })),
    { placeholders: issues.flatMap((issue) => (issue.placeholder ? [issue.placeholder] : [])) },
  )

export const createEmptyAfterSanitizingError = (field: string) =>
  new AppError('document_templates.empty', 400, `${field}: nothing is left once scripts and unsupported tags are removed`, [
    { field, message: 'nothing is left once scripts and unsupported tags are removed' },
  ])

/** The template a letter names does not exist (or was deleted). */
export const createTemplateNotFoundError = (id: string) =>
  new AppError('document_templates.not_found', 422, `body.templateId: no template with id ${id}`, [
    { field: 'body.templateId', message: 'no template with this id' },
  ])

/** Chromium is missing or cannot print: nothing was stored. */
export const createPdfUnavailableError = (reason: string) =>
  new AppError('documents.pdf_unavailable', 503, `The letter could not be printed to PDF, so nothing was saved: ${reason}`)
