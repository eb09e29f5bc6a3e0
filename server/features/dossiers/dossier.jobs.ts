// Dossier exports as jobs of the shared queue (server/lib/jobs.ts): any app server may build one,
// one at a time per server (a dossier is disk- and CPU-bound). A job carries ids only; the
// requester is loaded when it runs, and an account deactivated meanwhile gets no dossier. The ZIP
// is built in a folder of its own per attempt, then stored as `exports/<id>.zip` in the blob store,
// where every server finds it. An attempt killed mid-way is retried (by another server after the
// time limit) from the start: it overwrites nothing of another attempt's, and the row's status
// says done only once the file is stored. Files past their retention time are deleted by a sweep
// scheduled hourly across the cluster (and before each export); the rows stay as the record.
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { readdir, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../../../db/open.ts'
import type { DossierTarget } from '../../../shared/dossiers.ts'
import { recordAudit, type AuditContext } from '../../lib/audit.ts'
import type { BlobStore } from '../../lib/blob-store.ts'
import type { JobContext, Jobs } from '../../lib/jobs.ts'
import { findActiveViewer } from '../../lib/viewers.queries.ts'
import { serializeError } from '../../logger.ts'
import { addPlaceContext, gatherDossier } from './dossier.content.ts'
import { writeDossierZip, zipPathOf, type PdfRenderer } from './dossier.zip.ts'
import { findExpiredFiles, findExport, markExportFileDeleted, updateExport } from './dossiers.queries.ts'

const HOUR_MS = 60 * 60 * 1000
export const DOSSIER_QUEUE = 'dossier-exports'
export const RETENTION_SWEEP = 'dossier-exports-retention'

const APP_VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version

/** What a queued export carries: ids and labels, so any server can run it later. */
export interface DossierJobData {
  exportId: string
  requesterId: string
  audit: AuditContext
}

export interface DossierQueueOptions {
  db: Db
  store: BlobStore
  /** Where ZIPs are built before they are stored (DATA_DIR/exports). */
  dir: string
  retentionHours: number
  renderPdf: PdfRenderer | undefined
  log: FastifyBaseLogger
}

export type DossierQueue = ReturnType<typeof createDossierQueue>

/** The ZIP of an export in the blob store. */
export const exportFileName = (exportId: string) => `exports/${exportId}.zip`

/** Defines the export queue and its retention sweep on `jobs` (before jobs.start()). */
export function createDossierQueue(jobs: Jobs, options: DossierQueueOptions) {
  const { db, log } = options
  jobs.define<DossierJobData>(DOSSIER_QUEUE, (job) => run(job), {
    retryLimit: 2,
    retryDelaySeconds: 5,
    // The last attempt killed mid-way (or past its limit) recorded nothing: the row says so now.
    onFailure: async ({ data }) => {
      const row = await findExport(db, data.exportId)
      if (row && row.status !== 'done' && row.status !== 'failed')
        await failForGood(row.id, 'the export stopped before it was finished, every time it was tried')
    },
  })
  jobs.schedule(RETENTION_SWEEP, { everySeconds: 3600 }, async () => {
    await sweep()
  })

  const failForGood = (id: string, message: string) =>
    updateExport(db, id, {
      status: 'failed',
      error: message.slice(0, 500),
      finishedAt: new Date(),
      expiresAt: new Date(Date.now() + options.retentionHours * HOUR_MS),
    })

  async function run({ data, isLastAttempt, signal }: JobContext<DossierJobData>) {
    const row = await findExport(db, data.exportId)
    // Finished by an earlier attempt (or failed for good): nothing left to do.
    if (!row || row.status === 'done' || row.status === 'failed') return
    // A busy server frees space before writing more.
    await sweep().catch((error) => log.error({ err: error }, 'export sweep failed'))
    const viewer = await findActiveViewer(db, data.requesterId)
    if (!viewer) return failForGood(row.id, 'the account that asked for this export has been deactivated')
    const workDir = path.join(options.dir, `${row.id}.${randomUUID()}`)
    let progress = Promise.resolve()
    try {
      await updateExport(db, row.id, { status: 'running', startedAt: new Date(), percent: 1, error: null })
      const content = await gatherDossier(db, row.target as DossierTarget, row.targetId, viewer, row.effective)
      if (!content) return await failForGood(row.id, `the ${row.target} ${row.targetId} is no longer there`)
      await addPlaceContext(db, content)
      const written = await writeDossierZip(
        {
          exportId: row.id,
          content,
          language: row.language as 'en' | 'km',
          requested: row.requested,
          redaction: row.effective,
          exportedBy: { id: viewer.id, displayName: viewer.displayName, role: viewer.role },
          exportedAt: new Date(),
          appVersion: APP_VERSION,
        },
        options.store,
        workDir,
        options.renderPdf,
        (percent) => {
          // Progress is advisory: written in order, never awaited by the ZIP stream.
          progress = progress.then(() => updateExport(db, row.id, { percent: Math.max(1, percent) })).catch(() => undefined)
        },
      )
      await progress
      // An attempt past its time limit has been handed to another: it must not store over it.
      signal.throwIfAborted()
      await options.store.putFile(exportFileName(row.id), zipPathOf(workDir, row.id))
      signal.throwIfAborted()
      const finishedAt = new Date()
      // Done and its audit entry together: a retry after a crash between them would skip the entry.
      await db.transaction(async (tx) => {
        await updateExport(tx as unknown as Db, row.id, {
          status: 'done',
          percent: 100,
          sizeBytes: written.sizeBytes,
          sha256: written.sha256,
          finishedAt,
          expiresAt: new Date(finishedAt.getTime() + options.retentionHours * HOUR_MS),
        })
        await recordAudit(tx as unknown as Db, data.audit, {
          action: 'export',
          entity: row.target === 'case' ? 'cases' : 'communities',
          entityId: row.targetId,
          details: {
            exportId: row.id,
            language: row.language,
            redaction: row.effective,
            zipSha256: written.sha256,
            zipSizeBytes: written.sizeBytes,
            pdf: written.pdfSkipped ? { included: false, reason: written.pdfSkipped } : { included: true },
            files: written.files,
          },
        })
      })
    } catch (error) {
      await progress
      log.error({ err: error, exportId: row.id, isLastAttempt }, 'dossier export failed')
      // The user sees this: a failed query's message carries its parameters, so only the safe form.
      if (isLastAttempt) await failForGood(row.id, serializeError(error).message).catch(() => undefined)
      else if (!signal.aborted) await updateExport(db, row.id, { status: 'queued', percent: 0 }).catch(() => undefined)
      throw error
    } finally {
      await rm(workDir, { recursive: true, force: true })
    }
  }

  /** Deletes the files of exports past their time; returns how many. */
  async function sweep(now = new Date()) {
    const expired = await findExpiredFiles(db, now)
    for (const { id } of expired) {
      await options.store.deleteFile(exportFileName(id))
      await markExportFileDeleted(db, id)
    }
    await removeAbandonedWork(now)
    return expired.length
  }

  /** The folders of attempts killed mid-way (SIGKILL, a power cut): older than the time limit, no attempt owns them. */
  async function removeAbandonedWork(now: Date) {
    const names = await readdir(options.dir).catch(() => [] as string[])
    for (const name of names) {
      const folder = path.join(options.dir, name)
      const info = await stat(folder).catch(() => undefined)
      if (info?.isDirectory() && now.getTime() - info.mtimeMs > jobs.timeoutSeconds * 1000)
        await rm(folder, { recursive: true, force: true })
    }
  }

  return {
    /** Queues the export of a row just inserted. */
    async enqueue(data: DossierJobData) {
      try {
        await jobs.send(DOSSIER_QUEUE, data)
      } catch (error) {
        await failForGood(data.exportId, 'the export could not be queued').catch(() => undefined)
        throw error
      }
    },
    sweep,
  }
}
