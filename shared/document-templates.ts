// Letters from templates: the templates admins keep (HTML with {{placeholders}}, Mustache syntax)
// and the letters lawyers fill from a case, edit and save to the case as PDF evidence. The fields a
// template may use are in letter-fields.ts (server-side, with their Khmer descriptions).
import { z } from 'zod'
import { RowMeta, Uuid, Version } from './common.ts'
import { DOCUMENT_TEMPLATE_KINDS, LANGUAGES } from './vocabularies.ts'

/** The largest template or letter body, in characters (a letter is a few pages of HTML). */
export const MAX_LETTER_HTML = 200_000

const templateFields = {
  name: z.string().trim().min(1).max(200),
  kind: z.enum(DOCUMENT_TEMPLATE_KINDS),
  language: z.enum(LANGUAGES),
  description: z.string().trim().max(2000).nullable(),
  /** HTML with Mustache placeholders, sanitized when saved (no scripts, event handlers or external resources). */
  bodyHtml: z.string().min(1).max(MAX_LETTER_HTML),
}

export const DocumentTemplate = z.object({
  ...RowMeta,
  ...templateFields,
  createdByUserId: Uuid.nullable(),
})
export type DocumentTemplate = z.infer<typeof DocumentTemplate>

export const DocumentTemplateList = z.object({ items: z.array(DocumentTemplate) })
export type DocumentTemplateList = z.infer<typeof DocumentTemplateList>

export const DocumentTemplateListQuery = z.object({
  language: z.enum(LANGUAGES).optional(),
  kind: z.enum(DOCUMENT_TEMPLATE_KINDS).optional(),
})
export type DocumentTemplateListQuery = z.infer<typeof DocumentTemplateListQuery>

export const CreateDocumentTemplateBody = z.object({
  ...templateFields,
  description: templateFields.description.optional(),
})
export type CreateDocumentTemplateBody = z.infer<typeof CreateDocumentTemplateBody>

export const UpdateDocumentTemplateBody = CreateDocumentTemplateBody.partial()
  .extend({ version: Version.optional() })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), 'send at least one field to change')
export type UpdateDocumentTemplateBody = z.infer<typeof UpdateDocumentTemplateBody>

export const PreviewLetterBody = z.object({ templateId: Uuid })
export type PreviewLetterBody = z.infer<typeof PreviewLetterBody>

/** A template filled from a case: sanitized HTML for the lawyer to edit, and a title to start from. */
export const LetterPreview = z.object({
  templateId: Uuid,
  language: z.enum(LANGUAGES),
  title: z.string(),
  html: z.string(),
})
export type LetterPreview = z.infer<typeof LetterPreview>

export const SaveLetterBody = z.object({
  templateId: Uuid,
  title: z.string().trim().min(1).max(300),
  /** The edited letter; sanitized again on the server before it is printed. */
  html: z.string().trim().min(1).max(MAX_LETTER_HTML),
})
export type SaveLetterBody = z.infer<typeof SaveLetterBody>

/** The saved letter: an evidence record of the case, identified by the SHA-256 of its PDF. */
export const SavedLetter = z.object({
  evidenceId: Uuid,
  caseId: Uuid,
  title: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sizeBytes: z.number().int().positive(),
  mediaType: z.literal('application/pdf'),
})
export type SavedLetter = z.infer<typeof SavedLetter>

/** The placeholders a template may use, as GET /api/document-templates/fields gives them (letter-fields.ts). */
export const LetterTextField = z.object({
  type: z.literal('text'),
  en: z.string(),
  km: z.string(),
  onlyIn: z.array(z.enum(DOCUMENT_TEMPLATE_KINDS)).readonly().optional(),
})
export const LetterListField = z.object({
  type: z.literal('list'),
  en: z.string(),
  km: z.string(),
  item: z.record(z.string(), LetterTextField),
})
export const LetterFieldList = z.object({ fields: z.record(z.string(), z.discriminatedUnion('type', [LetterTextField, LetterListField])) })
export type LetterFieldList = z.infer<typeof LetterFieldList>
