// HTTP for letter templates (admins keep them, legal staff read them) and for letters written
// from them on a case (filled for editing, then saved to the case as PDF evidence).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdParams } from '../../../shared/common.ts'
import {
  CreateDocumentTemplateBody,
  DocumentTemplate,
  DocumentTemplateList,
  DocumentTemplateListQuery,
  LetterFieldList,
  LetterPreview,
  PreviewLetterBody,
  SaveLetterBody,
  SavedLetter,
  UpdateDocumentTemplateBody,
} from '../../../shared/document-templates.ts'
import { describeLetterFields, LETTER_FIELDS } from '../../../shared/letter-fields.ts'
import { expectedVersion, ifMatchVersion, setVersionTag } from '../../lib/concurrency.ts'
import { signedInViewer } from '../../lib/security.ts'
import { listTemplates } from './document-templates.queries.ts'
import {
  createTemplate,
  deleteTemplate,
  previewLetter,
  requireTemplate,
  saveLetter,
  updateTemplate,
  type LetterPrinter,
} from './document-templates.service.ts'

const tags = ['document-templates']
const read = { permission: 'templates.read' } as const
const manage = { permission: 'templates.manage' } as const
const generate = { permission: 'documents.generate' } as const

const TEMPLATE_RULES =
  'bodyHtml is HTML with Mustache placeholders. It must compile and use only the fields below ' +
  '(400 document_templates.invalid_placeholders naming each unknown one); values are always HTML-escaped ' +
  '({{{…}}} and {{&…}} are refused). The HTML is sanitized when saved: no scripts, event handlers, images, ' +
  'links, frames, forms or url() in styles. Classes for the print layout: center, right, justify, muol, title, ' +
  'subject, signature, small, page-break. Fields: '

export const documentTemplatesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: read,
      schema: { tags, summary: 'List letter templates', querystring: DocumentTemplateListQuery, response: { 200: DocumentTemplateList } },
    },
    async (req) => ({ items: await listTemplates(req.db, req.query) }),
  )

  app.get(
    '/fields',
    {
      config: read,
      schema: {
        tags,
        summary: 'The placeholders a template may use, described in English and Khmer (the list saves are checked against)',
        response: { 200: LetterFieldList },
      },
    },
    async () => ({ fields: LETTER_FIELDS }),
  )

  app.get(
    '/:id',
    { config: read, schema: { tags, summary: 'Get a letter template', params: IdParams, response: { 200: DocumentTemplate } } },
    async (req, reply) => {
      const template = await requireTemplate(req.db, req.params.id)
      setVersionTag(reply, template.version)
      return template
    },
  )

  app.post(
    '/',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add a letter template (admin)',
        description: TEMPLATE_RULES + describeLetterFields(),
        body: CreateDocumentTemplateBody,
        response: { 201: DocumentTemplate },
      },
    },
    async (req, reply) => reply.code(201).send(await createTemplate(req.db, req.body, signedInViewer(req))),
  )

  app.patch(
    '/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a letter template (admin; version or If-Match required)',
        description: TEMPLATE_RULES + describeLetterFields(),
        params: IdParams,
        body: UpdateDocumentTemplateBody,
        response: { 200: DocumentTemplate },
      },
    },
    async (req) => updateTemplate(req.db, req.params.id, req.body, expectedVersion(req, req.body.version)),
  )

  app.delete(
    '/:id',
    {
      config: manage,
      schema: { tags, summary: 'Delete a letter template (hidden, never erased)', params: IdParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await deleteTemplate(req.db, req.params.id, ifMatchVersion(req))
      return reply.code(204).send(null)
    },
  )
}

export const caseLettersRoutes: FastifyPluginAsyncZod<{ print: LetterPrinter }> = async (app, options) => {
  app.post(
    '/:id/documents/preview',
    {
      config: generate,
      schema: {
        tags,
        summary: 'Fill a template from the case, for the lawyer to edit (sanitized HTML)',
        description:
          'Parties (names, never phones or e-mails; postal addresses only in a power of attorney), communities, parcels with areas, ' +
          'concessions touching them, dates — formatted for the template language. Privileged notes are never available.',
        params: IdParams,
        body: PreviewLetterBody,
        response: { 200: LetterPreview },
      },
    },
    async (req) => previewLetter(req.db, req.params.id, req.body.templateId, signedInViewer(req)),
  )

  app.post(
    '/:id/documents',
    {
      config: generate,
      schema: {
        tags,
        summary: 'Save a letter to the case as PDF evidence',
        description:
          'The HTML is sanitized again, laid out on A4 with Khmer fonts and printed by Chromium; the PDF is stored as evidence of ' +
          'the case (uploaded by you, SHA-256 in the chain of custody). 503 documents.pdf_unavailable when Chromium cannot print: nothing is stored.',
        params: IdParams,
        body: SaveLetterBody,
        response: { 201: SavedLetter },
      },
    },
    async (req, reply) => {
      const storage = { store: app.blobStore, maxUploadBytes: app.maxUploadBytes, print: options.print }
      return reply.code(201).send(await saveLetter(req.db, req.params.id, req.body, signedInViewer(req), storage))
    },
  )
}
