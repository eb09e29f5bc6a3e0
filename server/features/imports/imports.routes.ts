// HTTP for GIS imports: upload a file, see what it holds, map its columns, dry run, commit, report, undo.
import contentDisposition from 'content-disposition'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdParams } from '../../../shared/common.ts'
import { ConfigureImportBody, ImportItem, ImportJob } from '../../../shared/import-jobs.ts'
import { createInvalidFieldError, createNotMultipartError, createTooLargeError } from '../evidence/evidence.errors.ts'
import { partsUnlessStalled } from '../../lib/multipart-stall.ts'
import { recordAudit } from '../../lib/audit.ts'
import { signedInViewer } from '../../lib/security.ts'
import type { ImportQueue } from './imports.jobs.ts'
import { listImports, listItems } from './imports.queries.ts'
import { configureImport, reportCsv, requireImport, startImport, undoImport, uploadImport } from './imports.service.ts'

const tags = ['imports']
const run = { permission: 'imports.run' } as const
/** Room for the multipart boundaries and the text fields on top of the file itself. */
const MULTIPART_MARGIN = 64 * 1024

export interface ImportsRoutesOptions {
  queue: ImportQueue
  /** Where a file is copied while it is inspected again (a changed CRS or encoding). */
  workDir: string
}

const RunQuery = z.object({ run: z.enum(['dry_run', 'commit']).default('dry_run') })
const ItemsQuery = RunQuery.extend({
  action: z.enum(['created', 'updated', 'unchanged', 'refused']).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  offset: z.coerce.number().int().min(0).default(0),
})

export const importsRoutes: FastifyPluginAsyncZod<ImportsRoutesOptions> = async (app, { queue, workDir }) => {
  app.post(
    '/',
    {
      config: run,
      onRequest: async (req) => {
        if (Number(req.headers['content-length'] ?? 0) > app.maxUploadBytes + MULTIPART_MARGIN)
          throw createTooLargeError(app.maxUploadBytes)
      },
      schema: {
        tags,
        summary: 'Upload a GIS file to import (multipart): it is stored under its SHA-256 and inspected',
        description:
          'multipart/form-data: the text fields first (sourceName: who published the data, e.g. "Open Development Cambodia"; licence; crs, e.g. EPSG:32648, for a file without .prj; encoding, e.g. windows-1250), then one file: GeoJSON, KML, KMZ, a zipped Shapefile, CSV or GeoPackage. The answer describes the layers, CRS, columns with samples and the first features.',
        consumes: ['multipart/form-data'],
        response: { 201: ImportJob },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw createNotMultipartError()
      const malformed = () => createInvalidFieldError('body', 'is not well-formed multipart/form-data')
      const upload = { parts: partsUnlessStalled(req.parts(), req.raw, malformed), isAborted: () => req.raw.destroyed || req.raw.aborted }
      const job = await uploadImport(req.db, signedInViewer(req), upload, app.blobStore, app.maxUploadBytes)
      await recordAudit(app.db, req.auditContext, {
        action: 'import_upload',
        entity: 'imports',
        entityId: job.id,
        details: {
          // Named like the columns of a row change, so the audit page labels them the same way.
          file_name: job.fileName,
          sha256: job.fileSha256,
          size_bytes: job.fileSize,
          format: job.format,
          source_name: job.sourceName,
        },
      })
      return reply.code(201).send(job)
    },
  )

  app.get(
    '/',
    {
      config: run,
      schema: { tags, summary: 'The latest imports, newest first', response: { 200: z.object({ items: z.array(ImportJob) }) } },
    },
    async (req) => ({ items: await listImports(req.db, 100) }),
  )

  app.get(
    '/:id',
    {
      config: run,
      schema: {
        tags,
        summary: 'An import: what the file holds, its mapping, progress and counts',
        params: IdParams,
        response: { 200: ImportJob },
      },
    },
    async (req) => requireImport(req.db, req.params.id),
  )

  app.patch(
    '/:id',
    {
      config: run,
      schema: {
        tags,
        summary: 'Choose the target layer, map columns to fields, set options (before the commit)',
        params: IdParams,
        body: ConfigureImportBody,
        response: { 200: ImportJob },
      },
    },
    async (req) => configureImport(req.db, app.blobStore, workDir, req.params.id, req.body),
  )

  for (const [route, mode] of [
    ['dry-run', 'dry_run'],
    ['commit', 'commit'],
  ] as const) {
    app.post(
      `/:id/${route}`,
      {
        config: run,
        schema: {
          tags,
          summary:
            mode === 'dry_run'
              ? 'Start a dry run: every feature is checked and written, then rolled back; the report says what the commit will do'
              : 'Commit the import in the background (after a dry run); re-importing a source updates the records it made',
          params: IdParams,
          response: { 202: ImportJob },
        },
      },
      async (req, reply) => {
        const viewer = signedInViewer(req)
        const job = await startImport(req.db, queue, req.params.id, mode, { requesterId: viewer.id, audit: req.auditContext })
        return reply.code(202).send(job)
      },
    )
  }

  app.get(
    '/:id/items',
    {
      config: run,
      schema: {
        tags,
        summary: 'What the dry run (or the commit) did with each feature: created, updated, unchanged or refused, and why',
        params: IdParams,
        querystring: ItemsQuery,
        response: { 200: z.object({ items: z.array(ImportItem) }) },
      },
    },
    async (req) => {
      await requireImport(req.db, req.params.id)
      const { run, ...page } = req.query
      return { items: await listItems(req.db, req.params.id, run === 'dry_run', page) }
    },
  )

  app.get(
    '/:id/report.csv',
    {
      config: run,
      schema: {
        tags,
        summary: 'The per-feature report as CSV (UTF-8 with BOM)',
        params: IdParams,
        querystring: RunQuery,
        response: { 200: { content: { 'text/csv': { schema: z.string() } } } },
      },
    },
    async (req, reply) => {
      const csv = await reportCsv(req.db, req.params.id, req.query.run === 'dry_run')
      const name = `import-${req.params.id.slice(0, 8)}-${req.query.run === 'dry_run' ? 'dry-run' : 'commit'}.csv`
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', contentDisposition(name, { type: 'attachment' }))
        .header('cache-control', 'private, no-store')
        .send(csv)
    },
  )

  app.post(
    '/:id/undo',
    {
      config: { permission: 'imports.undo' },
      schema: {
        tags,
        summary: 'Undo a committed import: hide what it created, restore what it updated (records edited since are left and listed)',
        params: IdParams,
        response: {
          200: z.object({
            job: ImportJob,
            hidden: z.number(),
            restored: z.number(),
            conflicts: z.array(z.object({ recordId: z.string(), reason: z.string() })),
          }),
        },
      },
    },
    async (req) => {
      const result = await undoImport(req.db, req.params.id, signedInViewer(req))
      await recordAudit(app.db, req.auditContext, {
        action: 'import_undo',
        entity: 'imports',
        entityId: req.params.id,
        details: { records_hidden: result.hidden, records_restored: result.restored, records_left_as_edited: result.conflicts.length },
      })
      return result
    },
  )

  app.get(
    '/:id/file',
    {
      config: run,
      schema: {
        tags,
        summary: 'The file as it was uploaded (its SHA-256 is the import’s fileSha256)',
        params: IdParams,
        response: { 200: { content: { 'application/octet-stream': { schema: z.any() } } } },
      },
    },
    async (req, reply) => {
      const job = await requireImport(req.db, req.params.id)
      return reply
        .type('application/octet-stream')
        .header('content-length', job.fileSize)
        .header('content-disposition', contentDisposition(job.fileName, { type: 'attachment' }))
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(app.blobStore.read(job.fileSha256))
    },
  )
}
