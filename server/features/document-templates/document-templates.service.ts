// Templates (checked and sanitized when saved) and letters: filled from a case for the lawyer to
// edit, then sanitized again, printed to PDF and stored as evidence of the case through the
// evidence service (the same blob store, hash, type check and custody entry as an upload).
import { Readable } from 'node:stream'
import type { Db } from '../../../db/open.ts'
import { documentTemplates } from '../../../db/schema/index.ts'
import type {
  CreateDocumentTemplateBody,
  LetterPreview,
  SaveLetterBody,
  SavedLetter,
  UpdateDocumentTemplateBody,
} from '../../../shared/document-templates.ts'
import { vocabMessages } from '../../../shared/vocabulary-labels.ts'
import type { DocumentTemplateKind } from '../../../shared/vocabularies.ts'
import { notFound } from '../../lib/app-error.ts'
import type { BlobStore } from '../../lib/blob-store.ts'
import { createStaleVersionError } from '../../lib/concurrency.errors.ts'
import { requireVersion } from '../../lib/concurrency.ts'
import type { RenderPdfResult } from '../../lib/pdf.ts'
import type { Viewer } from '../../lib/policy.ts'
import { softDelete, updateIfVersion } from '../../lib/versioned-rows.queries.ts'
import { checkFields, createEvidenceFromStream } from '../evidence/evidence.service.ts'
import {
  createEmptyAfterSanitizingError,
  createInvalidPlaceholdersError,
  createPdfUnavailableError,
  createTemplateNotFoundError,
} from './document-templates.errors.ts'
import { printableLetter, sanitizeLetterHtml } from './document-templates.html.ts'
import { loadLetterView } from './document-templates.letter-data.ts'
import { checkPlaceholders, fillPlaceholders } from './document-templates.placeholders.ts'
import { findLetterCase, findTemplate, insertTemplate, type TemplateRow } from './document-templates.queries.ts'

/** Prints self-contained HTML to PDF (lib/pdf.ts's renderPdf with the configured Chromium); absent: printing is off. */
export type LetterPrinter = ((html: string) => Promise<RenderPdfResult>) | undefined

/**
 * The body as it will be stored: its placeholders checked (as typed, so the error names what the
 * admin wrote), sanitized, and checked again (removing a script must not leave a section open).
 */
export function prepareTemplateBody(bodyHtml: string, kind: DocumentTemplateKind): string {
  const typed = checkPlaceholders(bodyHtml, kind)
  if (typed.length) throw createInvalidPlaceholdersError(typed)
  const clean = sanitizeLetterHtml(bodyHtml)
  if (!clean) throw createEmptyAfterSanitizingError('body.bodyHtml')
  const stored = checkPlaceholders(clean, kind)
  if (stored.length) throw createInvalidPlaceholdersError(stored)
  return clean
}

export async function requireTemplate(db: Db, id: string): Promise<TemplateRow> {
  const row = await findTemplate(db, id)
  if (!row) throw notFound('document_template', id)
  return row
}

export async function createTemplate(db: Db, body: CreateDocumentTemplateBody, viewer: Viewer) {
  const bodyHtml = prepareTemplateBody(body.bodyHtml, body.kind)
  return db.transaction(async (tx) => requireTemplate(tx, await insertTemplate(tx, { ...body, bodyHtml, createdByUserId: viewer.id })))
}

export async function updateTemplate(db: Db, id: string, body: UpdateDocumentTemplateBody, expectedVersion: number) {
  return db.transaction(async (tx) => {
    const current = await requireTemplate(tx, id)
    const { version: _version, ...changes } = body
    // A new kind can take a field away (a party's address outside a power of attorney): the body is checked against it.
    const bodyHtml =
      changes.bodyHtml !== undefined || changes.kind !== undefined
        ? prepareTemplateBody(changes.bodyHtml ?? current.bodyHtml, changes.kind ?? current.kind)
        : undefined
    if (!(await updateIfVersion(tx, documentTemplates, id, expectedVersion, { ...changes, ...(bodyHtml !== undefined && { bodyHtml }) }))) {
      throw createStaleVersionError('document_template', expectedVersion, current)
    }
    return requireTemplate(tx, id)
  })
}

export async function deleteTemplate(db: Db, id: string, expectedVersion: number | undefined) {
  await db.transaction(async (tx) => {
    const current = await requireTemplate(tx, id)
    requireVersion('document_template', expectedVersion, current)
    await softDelete(tx, documentTemplates, id)
  })
}

/** The template a letter names; 422 on the body's field when there is none. */
async function templateOfLetter(db: Db, templateId: string) {
  const template = await findTemplate(db, templateId)
  if (!template) throw createTemplateNotFoundError(templateId)
  return template
}

/** The template filled from the case, sanitized, with a title to start from. */
export async function previewLetter(db: Db, caseId: string, templateId: string, viewer: Viewer): Promise<LetterPreview> {
  const template = await templateOfLetter(db, templateId)
  const view = await loadLetterView(db, caseId, template, viewer)
  return {
    templateId,
    language: template.language,
    title: `${vocabMessages[template.language].documentTemplateKind[template.kind]} — ${view.case.reference}`,
    html: sanitizeLetterHtml(fillPlaceholders(template.bodyHtml, view)),
  }
}

export interface LetterStorage {
  store: BlobStore
  maxUploadBytes: number
  print: LetterPrinter
}

/**
 * Sanitizes the edited letter, prints it, and stores the PDF as evidence of the case uploaded by
 * the viewer. Printing comes first: when Chromium cannot print, nothing is stored (503).
 */
export async function saveLetter(
  db: Db,
  caseId: string,
  body: SaveLetterBody,
  viewer: Viewer,
  storage: LetterStorage,
): Promise<SavedLetter> {
  const template = await templateOfLetter(db, body.templateId)
  // The case must be live and visible before anything is printed.
  const legalCase = await findLetterCase(db, caseId, viewer)
  if (!legalCase) throw notFound('case', caseId)
  const fields = await checkFields(
    db,
    { caseId, title: body.title, description: `From the template “${template.name}” (version ${template.version})`.slice(0, 5000) },
    viewer,
  )
  const html = sanitizeLetterHtml(body.html)
  if (!html) throw createEmptyAfterSanitizingError('body.html')
  if (!storage.print) throw createPdfUnavailableError('PDF printing is turned off on this server (no Chromium configured)')
  const printed = await storage.print(printableLetter(html, body.title, template.language))
  if ('skipped' in printed) throw createPdfUnavailableError(printed.skipped)
  const filename = `${legalCase.reference}-${template.kind.replace(/_/g, '-')}.pdf`
  const row = await createEvidenceFromStream(
    db,
    storage.store,
    storage.maxUploadBytes,
    Readable.from([printed.pdf]),
    { filename, declaredType: 'application/pdf' },
    fields,
    viewer,
  )
  return { evidenceId: row.id, caseId, title: row.title, sha256: row.sha256, sizeBytes: row.sizeBytes, mediaType: 'application/pdf' }
}
