// The import job's steps: upload (stored under its SHA-256 and inspected), configure (target layer,
// column mapping, options), dry run and commit (queued, see imports.jobs.ts), report, and undo.
import type { Multipart } from '@fastify/multipart'
import { stringify } from 'csv-stringify/sync'
import { mkdir, rm } from 'node:fs/promises'
import { createWriteStream } from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { is } from 'drizzle-orm'
import { PgTimestamp } from 'drizzle-orm/pg-core'
import type { Db } from '../../../db/open.ts'
import type { FieldIssue } from '../../../shared/errors.ts'
import { TARGET_FIELDS, type ConfigureImportBody, type ImportJob, type ImportOptions } from '../../../shared/import-jobs.ts'
import type { ImportInspection } from '../../../shared/imports.ts'
import { AppError, notFound } from '../../lib/app-error.ts'
import type { AuditContext } from '../../lib/audit.ts'
import { BlobTooLargeError, withWholeLocalFile, type BlobStore, type StagedBlob } from '../../lib/blob-store.ts'
import type { Viewer } from '../../lib/policy.ts'
import { softDelete, updateIfVersion } from '../../lib/versioned-rows.queries.ts'
import { createTooLargeError, createUploadAbortedError } from '../evidence/evidence.errors.ts'
import { checkFilename } from '../evidence/evidence.service.ts'
import { TARGETS } from './import-targets.ts'
import {
  createImportStateError,
  createInvalidMappingError,
  createMissingFileError,
  createNoDryRunError,
  createNotConfiguredError,
  createUploadFieldError,
} from './imports.errors.ts'
import type { ImportMode, ImportQueue } from './imports.jobs.ts'
import { findImport, findItemsToUndo, hasCommittedItems, insertImport, listItems, moveImport, updateImport } from './imports.queries.ts'
import { inspectFile } from './read/imports-read.ts'
import { parseCrsOption } from './read/crs.ts'

const UPLOAD_FIELDS = ['sourceName', 'licence', 'crs', 'encoding'] as const

export interface ImportUpload {
  parts: AsyncIterable<Multipart>
  isAborted: () => boolean
}

/**
 * Stores an uploaded GIS file (streamed to the blob store, hashed) and inspects it. A file the
 * readers cannot use is refused with their 4xx and nothing is kept.
 */
export async function uploadImport(db: Db, viewer: Viewer, upload: ImportUpload, store: BlobStore, maxBytes: number): Promise<ImportJob> {
  const fields: Record<string, string> = {}
  let staged: StagedBlob | undefined
  let fileName = ''
  try {
    for await (const part of upload.parts) {
      if (part.type === 'field') {
        if (staged) throw createUploadFieldError(part.fieldname, 'send the text fields before the file')
        if (!(UPLOAD_FIELDS as readonly string[]).includes(part.fieldname))
          throw createUploadFieldError(part.fieldname, 'is not a known field')
        if (part.valueTruncated) throw createUploadFieldError(part.fieldname, 'is too long')
        fields[part.fieldname] = String(part.value).trim()
        continue
      }
      if (staged) {
        part.file.resume()
        throw createUploadFieldError('file', 'send one file per import')
      }
      checkFilename(part.filename, 'body.file')
      fileName = part.filename || 'upload'
      staged = await store.stage(part.file, { maxBytes })
      if (part.file.truncated) throw createTooLargeError(maxBytes)
    }
    if (!staged) throw createMissingFileError()
    if ((fields.sourceName ?? '').length > 300) throw createUploadFieldError('sourceName', 'must be at most 300 characters')
    if ((fields.licence ?? '').length > 2000) throw createUploadFieldError('licence', 'must be at most 2000 characters')
    const options: ImportOptions = {
      ...(fields.crs ? { crs: fields.crs } : {}),
      ...(fields.encoding ? { encoding: fields.encoding } : {}),
    }
    // The readers need the whole file: an S3 store's local copy may be only its head.
    const inspection = await withWholeLocalFile(staged, `${staged.localPath}.whole`, (file) =>
      inspectFile(file, { originalName: fileName, ...options }),
    )
    const { isNew } = await staged.commit()
    try {
      const id = await insertImport(db, {
        sourceName: fields.sourceName || fileName.replace(/\.[^.]+$/, ''),
        licence: fields.licence || null,
        fileName,
        fileSha256: staged.sha256,
        fileSize: staged.sizeBytes,
        format: inspection.format,
        inspection,
        options,
        createdByUserId: viewer.id,
      })
      return (await findImport(db, id))!
    } catch (error) {
      if (isNew) await store.delete(staged.sha256).catch(() => undefined)
      throw error
    }
  } catch (error) {
    await staged?.discard()
    if (error instanceof AppError) throw error
    if (error instanceof BlobTooLargeError) throw createTooLargeError(maxBytes)
    if (upload.isAborted() || (error as { code?: string }).code === 'ECONNRESET') throw createUploadAbortedError()
    throw error
  }
}

export async function requireImport(db: Db, id: string): Promise<ImportJob> {
  const row = await findImport(db, id)
  if (!row) throw notFound('import', id)
  return row
}

/** Where nothing has been written yet: the mapping may still change, and a dry run may start. */
const EDITABLE = ['uploaded', 'dry_run_done', 'failed'] as const

/**
 * Sets the target layer, the column mapping and the options, checked against what the file
 * holds: a mapped column must exist, a field must belong to the target, every field the target
 * needs must be mapped or given a default. A changed CRS or encoding is inspected again.
 */
export async function configureImport(
  db: Db,
  store: BlobStore,
  workDir: string,
  id: string,
  body: ConfigureImportBody,
): Promise<ImportJob> {
  const row = await requireImport(db, id)
  if (!(EDITABLE as readonly string[]).includes(row.status) || (await hasCommittedItems(db, id))) {
    throw createImportStateError(row.status, 'change its mapping')
  }
  const options: ImportOptions = { ...row.options, ...body.options }
  let inspection = row.inspection as ImportInspection
  if (options.crs !== row.options?.crs || options.encoding !== row.options?.encoding) {
    if (options.crs) checkCrs(options.crs)
    inspection = await inspectAgain(store, workDir, row, options)
  }
  checkMapping(body, options, inspection)
  await updateImport(db, id, {
    target: body.target,
    mapping: body.mapping,
    options,
    inspection,
    ...(body.sourceName ? { sourceName: body.sourceName } : {}),
    ...(body.licence !== undefined ? { licence: body.licence } : {}),
    status: 'uploaded',
    error: null,
    processed: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    refused: 0,
  })
  return (await findImport(db, id))!
}

function checkCrs(crs: string) {
  try {
    parseCrsOption(crs)
  } catch (error) {
    if (error instanceof AppError) throw createInvalidMappingError([{ field: 'body.options.crs', message: error.message }])
    throw error
  }
}

async function inspectAgain(store: BlobStore, workDir: string, row: ImportJob, options: ImportOptions) {
  await mkdir(workDir, { recursive: true })
  const file = path.join(workDir, `${row.id}-inspect-${process.pid}-${Date.now()}`)
  try {
    await pipeline(store.read(row.fileSha256), createWriteStream(file))
    return await inspectFile(file, {
      originalName: row.fileName,
      ...(options.crs ? { crs: options.crs } : {}),
      ...(options.encoding ? { encoding: options.encoding } : {}),
    })
  } finally {
    await rm(file, { force: true })
  }
}

function checkMapping(body: ConfigureImportBody, options: ImportOptions, inspection: ImportInspection) {
  const errors: FieldIssue[] = []
  const layer = options.layer ? inspection.layers.find((l) => l.name === options.layer) : inspection.layers[0]
  if (!layer) {
    throw createInvalidMappingError([
      {
        field: 'body.options.layer',
        message: `the file has no layer "${options.layer}" (it has ${inspection.layers.map((l) => `"${l.name}"`).join(', ')})`,
      },
    ])
  }
  if (layer.crs.name === 'unknown' && !options.crs) {
    errors.push({
      field: 'body.options.crs',
      message: `the layer "${layer.name}" does not say its coordinate system: choose it (e.g. EPSG:32648)`,
    })
  }
  const { fields, required } = TARGET_FIELDS[body.target]
  const columns = new Set(layer.columns.map((column) => column.name))
  for (const [field, column] of Object.entries(body.mapping)) {
    if (!fields.includes(field as never)) errors.push({ field: `body.mapping.${field}`, message: `is not a field of ${body.target}` })
    else if (!columns.has(column)) errors.push({ field: `body.mapping.${field}`, message: `the layer has no column "${column}"` })
  }
  for (const field of Object.keys(options.defaults ?? {})) {
    if (!fields.includes(field as never))
      errors.push({ field: `body.options.defaults.${field}`, message: `is not a field of ${body.target}` })
  }
  for (const field of required) {
    if (!body.mapping[field] && !options.defaults?.[field]) {
      errors.push({ field: `body.mapping.${field}`, message: `${body.target} need it: map a column or give a default` })
    }
  }
  if (errors.length > 0) throw createInvalidMappingError(errors)
}

/** Queues a dry run or a commit; a commit needs a finished dry run, or resumes one that failed midway. */
export async function startImport(
  db: Db,
  queue: ImportQueue,
  id: string,
  mode: ImportMode,
  job: { requesterId: string; audit: AuditContext },
): Promise<ImportJob> {
  const row = await requireImport(db, id)
  if (!row.target || !row.mapping) throw createNotConfiguredError()
  const hasCommitted = await hasCommittedItems(db, id)
  const resetCounts = { processed: 0, created: 0, updated: 0, unchanged: 0, refused: 0, error: null }
  let isMoved: boolean
  if (mode === 'dry_run') {
    if (hasCommitted) throw createImportStateError(row.status, 'run a dry run (its commit has begun)')
    isMoved = await moveImport(db, id, EDITABLE, 'dry_run_running', resetCounts)
  } else if (hasCommitted) {
    // Resuming: the counters already hold what the committed batches did.
    isMoved = await moveImport(db, id, ['failed'], 'committing', { error: null })
  } else {
    if (row.status !== 'dry_run_done') throw createNoDryRunError()
    isMoved = await moveImport(db, id, ['dry_run_done'], 'committing', resetCounts)
  }
  if (!isMoved) throw createImportStateError(row.status, mode === 'dry_run' ? 'run a dry run' : 'be committed')
  await queue.enqueue({ importId: id, mode, ...job })
  return (await findImport(db, id))!
}

export async function reportCsv(db: Db, id: string, isDryRun: boolean): Promise<string> {
  await requireImport(db, id)
  const items = await listItems(db, id, isDryRun)
  const rows = items.map((item) => [
    item.featureIndex + 1,
    item.externalId ?? '',
    item.label ?? '',
    isDryRun ? `will be ${item.action}` : item.action,
    item.recordId ?? '',
    item.reason ?? '',
    item.repair?.reason ?? '',
  ])
  // A byte-order mark, so that spreadsheet programs read Khmer names as UTF-8.
  return `\uFEFF${stringify([['feature', 'external id', 'name', 'outcome', 'record id', 'refused because', 'repaired'], ...rows])}`
}

export interface UndoResult {
  job: ImportJob
  hidden: number
  restored: number
  /** Records edited by someone after the import: left as they are, listed for a person to look at. */
  conflicts: { recordId: string; reason: string }[]
}

/**
 * Undoes a commit in one transaction: the records it created are hidden (soft-deleted, as every
 * delete in Dey), those it updated get their earlier fields back — unless someone has edited them
 * since, which is reported rather than overwritten.
 */
export async function undoImport(db: Db, id: string, viewer: Viewer): Promise<UndoResult> {
  const row = await requireImport(db, id)
  if (row.status !== 'committed' || !row.target) throw createImportStateError(row.status, 'be undone')
  const target = TARGETS[row.target]
  const result = { hidden: 0, restored: 0, conflicts: [] as UndoResult['conflicts'] }
  await db.transaction(async (tx) => {
    if (!(await moveImport(tx, id, ['committed'], 'undone', { undoneAt: new Date(), undoneByUserId: viewer.id }))) {
      throw createImportStateError(row.status, 'be undone')
    }
    for (const item of await findItemsToUndo(tx, id)) {
      if (!item.recordId) continue
      if (item.action === 'created') {
        await softDelete(tx, target.table, item.recordId)
        result.hidden++
        continue
      }
      const { version, ...previous } = item.previous as Record<string, unknown> & { version: number }
      const values = Object.fromEntries(
        Object.entries(previous).map(([field, value]) => {
          const column = (target.table as unknown as Record<string, unknown>)[field]
          return [field, is(column, PgTimestamp) && typeof value === 'string' ? new Date(value) : value]
        }),
      )
      if (await updateIfVersion(tx, target.table, item.recordId, version, values)) result.restored++
      else result.conflicts.push({ recordId: item.recordId, reason: 'edited or deleted after the import: left as it is' })
    }
  })
  return { job: (await findImport(db, id))!, ...result }
}
