// HTTP for dossiers: ask for a case or community dossier (a background job), follow its progress,
// download the ZIP. Only the user who asked (or an admin) sees the job and its file.
import contentDisposition from 'content-disposition'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdParams } from '../../../shared/common.ts'
import { DossierBody, ExportJob, type DossierTarget } from '../../../shared/dossiers.ts'
import { notFound } from '../../lib/app-error.ts'
import { recordAudit } from '../../lib/audit.ts'
import { effectiveRedaction, gatherDossier } from './dossier.content.ts'
import { exportFileName, type DossierQueue } from './dossier.jobs.ts'
import { findDossierSubjectName, findExport, insertExport, type ExportRow } from './dossiers.queries.ts'
import { signedInViewer } from '../../lib/security.ts'
import { createExportExpiredError, createExportNotReadyError } from './dossiers.errors.ts'

export interface DossiersRoutesOptions {
  /** The job queue that builds every dossier, on whichever server (dossier.jobs.ts). */
  queue: DossierQueue
}

const tags = ['dossiers']
const exportPermission = { permission: 'dossiers.export' } as const
const accepted = { 202: ExportJob }

/** At /api/cases. */
export const caseDossierRoutes: FastifyPluginAsyncZod<DossiersRoutesOptions> = async (app, { queue }) => {
  app.post(
    '/:id/dossier',
    {
      config: exportPermission,
      schema: {
        tags,
        summary: 'Export a case dossier (ZIP: index.html, map, evidence, data, manifest, SHA256SUMS) as a background job',
        params: IdParams,
        body: DossierBody,
        response: accepted,
      },
    },
    async (req, reply) => reply.code(202).send(await requestDossier(queue, req, 'case', req.params.id, req.body)),
  )
}

/** At /api/communities. */
export const communityDossierRoutes: FastifyPluginAsyncZod<DossiersRoutesOptions> = async (app, { queue }) => {
  app.post(
    '/:id/dossier',
    {
      config: exportPermission,
      schema: { tags, summary: 'Export a community dossier as a background job', params: IdParams, body: DossierBody, response: accepted },
    },
    async (req, reply) => reply.code(202).send(await requestDossier(queue, req, 'community', req.params.id, req.body)),
  )
}

/** At /api/exports: the jobs and their files. */
export const exportsRoutes: FastifyPluginAsyncZod<DossiersRoutesOptions> = async (app) => {
  app.get(
    '/:id',
    {
      config: exportPermission,
      schema: { tags, summary: 'An export job: status, progress, size and hash when done', params: IdParams, response: { 200: ExportJob } },
    },
    async (req) => toJob(await findOwnExport(req, req.params.id)),
  )

  app.get(
    '/:id/file',
    {
      config: exportPermission,
      schema: {
        tags,
        summary: 'Download a finished dossier ZIP',
        params: IdParams,
        response: { 200: { content: { 'application/zip': { schema: z.any() } } } },
      },
    },
    async (req, reply) => {
      const row = await findOwnExport(req, req.params.id)
      if (row.status !== 'done') throw createExportNotReadyError(row.id, row.status)
      // Stored where every server finds it (the blob store), whichever server built it.
      const info = row.fileDeletedAt ? undefined : await req.server.blobStore.statFile(exportFileName(row.id))
      if (!info) throw createExportExpiredError(row.id)
      await recordAudit(req.db, req.auditContext, {
        action: 'download',
        entity: 'exports',
        entityId: row.id,
        details: { sha256: row.sha256 },
      })
      const name = dossierFileName(row, await findDossierSubjectName(req.db, row.target, row.targetId))
      return reply
        .type('application/zip')
        .header('content-length', info.sizeBytes)
        .header('cache-control', 'private, no-store')
        .header('content-disposition', contentDisposition(name, { type: 'attachment' }))
        .header('x-content-type-options', 'nosniff')
        .send(req.server.blobStore.readFile(exportFileName(row.id)))
    },
  )
}

async function requestDossier(queue: DossierQueue, req: FastifyRequest, target: DossierTarget, targetId: string, body: DossierBody) {
  const viewer = signedInViewer(req)
  const effective = effectiveRedaction(viewer, body)
  // Checked now, so a dossier of something the viewer may not see is a 404, not a failed job.
  const content = await gatherDossier(req.db, target, targetId, viewer, effective)
  if (!content) throw notFound(target, targetId)
  // "Privileged notes included" is what marks a dossier privileged (banner, watermark, file name):
  // only when there are notes to include, so a case without any is not flagged for nothing.
  if (!content.privilegedNotes) effective.includePrivilegedNotes = false
  const row = await insertExport(req.db, {
    target,
    targetId,
    language: body.language,
    requested: body,
    effective,
    createdByUserId: viewer.id,
  })
  await queue.enqueue({ exportId: row.id, requesterId: viewer.id, audit: req.auditContext })
  return toJob(row)
}

/**
 * dossier-CASE-2026-0007-2026-03-04-1a2b3c4d-PRIVILEGED.zip: the subject, the day, the export,
 * and a marker no one can miss when the ZIP holds lawyer–client privileged notes. The subject is
 * kept to letters, digits and dashes, so the name survives every file system and mail client.
 */
function dossierFileName(row: ExportRow, subject: string | undefined) {
  const safeSubject =
    subject
      ?.normalize('NFKD')
      .replace(/[^A-Za-z0-9-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || row.target
  const privileged = row.effective.includePrivilegedNotes ? '-PRIVILEGED' : ''
  return `dossier-${safeSubject}-${row.createdAt.toISOString().slice(0, 10)}-${row.id.slice(0, 8)}${privileged}.zip`
}

async function findOwnExport(req: FastifyRequest, id: string) {
  const row = await findExport(req.db, id)
  const viewer = signedInViewer(req)
  // Someone else's export does not exist, as far as this viewer knows.
  if (!row || (row.createdByUserId !== viewer.id && viewer.role !== 'admin')) throw notFound('export', id)
  return row
}

function toJob(row: ExportRow): ExportJob {
  return {
    id: row.id,
    target: row.target as DossierTarget,
    targetId: row.targetId,
    language: row.language as ExportJob['language'],
    status: row.status as ExportJob['status'],
    percent: row.percent,
    ...(row.error ? { error: row.error } : {}),
    requested: row.requested,
    effective: row.effective,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    expiresAt: row.expiresAt,
    isExpired: row.fileDeletedAt !== null,
    ...(row.sizeBytes !== null ? { sizeBytes: row.sizeBytes } : {}),
    ...(row.sha256 ? { sha256: row.sha256 } : {}),
  }
}
