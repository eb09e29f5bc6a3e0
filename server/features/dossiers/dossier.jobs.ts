// The export queue: dossiers are built in the background in this process, one at a time (a
// dossier is disk- and CPU-bound; two at once would only slow both). Finished files are deleted
// after the retention time by a sweep at start and every hour; the rows stay as the record.
import { readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../../../db/open.ts'
import type { DossierTarget } from '../../../shared/dossiers.ts'
import { recordAudit, type AuditContext } from '../../lib/audit.ts'
import type { BlobStore } from '../../lib/blob-store.ts'
import type { Viewer } from '../../lib/policy.ts'
import { addPlaceContext, gatherDossier } from './dossier.content.ts'
import { writeDossierZip, zipPathOf, type PdfRenderer } from './dossier.zip.ts'
import { failInterrupted, findExpiredFiles, markExportFileDeleted, updateExport, type ExportRow } from './dossiers.queries.ts'
import { serializeError } from '../../logger.ts'
import { createSerialQueue } from '../../lib/serial-queue.ts'

const HOUR_MS = 60 * 60 * 1000

const APP_VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version

export interface DossierQueueOptions {
  db: Db
  store: BlobStore
  dir: string
  retentionHours: number
  renderPdf: PdfRenderer | undefined
  log: FastifyBaseLogger
}

interface QueuedJob {
  row: ExportRow
  viewer: Viewer
  auditContext: AuditContext
}

export type DossierQueue = ReturnType<typeof createDossierQueue>

export function createDossierQueue(options: DossierQueueOptions) {
  const { db, log } = options
  let sweepTimer: NodeJS.Timeout | undefined
  // Also swept before each batch: a busy server frees disk before writing more.
  const queue = createSerialQueue<QueuedJob>(
    (job) => run(job),
    () => sweep().catch((error) => log.error({ err: error }, 'export sweep failed')),
  )

  async function run({ row, viewer, auditContext }: QueuedJob) {
    let progress = Promise.resolve()
    try {
      await updateExport(db, row.id, { status: 'running', startedAt: new Date(), percent: 1 })
      const content = await gatherDossier(db, row.target as DossierTarget, row.targetId, viewer, row.effective)
      if (!content) throw new Error(`the ${row.target} ${row.targetId} is no longer there`)
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
        options.dir,
        options.renderPdf,
        (percent) => {
          // Progress is advisory: written in order, never awaited by the ZIP stream.
          progress = progress.then(() => updateExport(db, row.id, { percent: Math.max(1, percent) })).catch(() => undefined)
        },
      )
      await progress
      const finishedAt = new Date()
      await updateExport(db, row.id, {
        status: 'done',
        percent: 100,
        sizeBytes: written.sizeBytes,
        sha256: written.sha256,
        finishedAt,
        expiresAt: new Date(finishedAt.getTime() + options.retentionHours * HOUR_MS),
      })
      await recordAudit(db, auditContext, {
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
    } catch (error) {
      await progress
      log.error({ err: error, exportId: row.id }, 'dossier export failed')
      await updateExport(db, row.id, {
        // The user sees this: a failed query's message carries its parameters, so only the safe form.
        status: 'failed',
        error: serializeError(error).message.slice(0, 500),
        finishedAt: new Date(),
        expiresAt: new Date(Date.now() + options.retentionHours * HOUR_MS),
      }).catch(() => undefined)
    }
  }

  /** Deletes the files of exports past their time; returns how many. */
  async function sweep(now = new Date()) {
    const expired = await findExpiredFiles(db, now)
    for (const { id } of expired) {
      await rm(zipPathOf(options.dir, id), { force: true })
      await markExportFileDeleted(db, id)
    }
    return expired.length
  }

  async function start() {
    // Jobs a previous process left running or queued lost their requester's session: fail them.
    await failInterrupted(db)
    await sweep().catch((error) => log.error({ err: error }, 'export sweep failed'))
    sweepTimer = setInterval(() => void sweep().catch((error) => log.error({ err: error }, 'export sweep failed')), HOUR_MS)
    sweepTimer.unref()
  }

  async function close() {
    clearInterval(sweepTimer)
    await queue.close()
  }

  return { enqueue: queue.enqueue, sweep, start, close, idle: queue.idle }
}
