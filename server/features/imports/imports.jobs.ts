// The import queue, a queue of the shared job queue (server/lib/jobs.ts): dry runs and commits run
// in the background on any app server, one at a time per server. A file is read feature by feature
// (never whole into memory) and written in batches, each batch one transaction with the items that
// record what it did; a dry run does the very same writes and rolls each batch back, so its
// forecast is what the commit will do. A job carries ids only (the requester is loaded when it
// runs). A commit stopped by a shutdown or a crash is retried, on this server or another, and
// resumes after its last committed batch; a dry run starts again.
import { mkdir, rm } from 'node:fs/promises'
import { createWriteStream } from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { FastifyBaseLogger } from 'fastify'
import type { Geometry } from 'geojson'
import type { Db } from '../../../db/open.ts'
import type { ImportJob } from '../../../shared/import-jobs.ts'
import { AppError } from '../../lib/app-error.ts'
import { recordAudit, withAuditContext, type AuditContext } from '../../lib/audit.ts'
import type { BlobStore } from '../../lib/blob-store.ts'
import type { GeometryWrite } from '../../lib/geometry.ts'
import type { GeometryRules } from '../../lib/geometry-rules.ts'
import type { JobContext, Jobs } from '../../lib/jobs.ts'
import type { Viewer } from '../../lib/policy.ts'
import { findActiveViewer } from '../../lib/viewers.queries.ts'
import { serializeError } from '../../logger.ts'
import { repairsOf, TARGETS, type RecordBody, type Target } from './import-targets.ts'
import { ValueError } from './import-values.ts'
import {
  addCounts,
  analyzeTable,
  deleteDryRunItems,
  findByExternalId,
  findCommittedItems,
  findCommunityByName,
  findImport,
  findPointInside,
  insertItems,
  moveImport,
  snapshotRecord,
  updateImport,
  type NewImportItem,
} from './imports.queries.ts'
import { readFeatures, type ReadFeature } from './read/imports-read.ts'

/** Features per transaction: large enough to amortise the commit, small enough to show progress. */
const BATCH_SIZE = 250

export type ImportMode = 'dry_run' | 'commit'

export const IMPORT_QUEUE = 'gis-imports'

/** What a queued import carries: ids and labels, so any server can run it later. */
export interface ImportJobData {
  importId: string
  mode: ImportMode
  requesterId: string
  audit: AuditContext
}

interface QueuedImport {
  importId: string
  mode: ImportMode
  viewer: Viewer
  auditContext: AuditContext
}

export interface ImportQueueOptions {
  db: Db
  store: BlobStore
  /** Where a job's file is copied out of the blob store while it runs. */
  workDir: string
  rules: GeometryRules
  log: FastifyBaseLogger
}

export type ImportQueue = ReturnType<typeof createImportQueue>

/** Defines the import queue on `jobs` (before jobs.start()). */
export function createImportQueue(jobs: Jobs, options: ImportQueueOptions) {
  const { db, log } = options
  const fail = (importId: string, message: string) => updateImport(db, importId, { status: 'failed', error: message.slice(0, 1000) })

  async function run({ data, isLastAttempt, signal, isStopping }: JobContext<ImportJobData>) {
    const row = await findImport(db, data.importId)
    const runningStatus = data.mode === 'commit' ? 'committing' : 'dry_run_running'
    // Finished by an earlier attempt, or failed for good: nothing left to do.
    if (!row || row.status !== runningStatus) return
    const viewer = await findActiveViewer(db, data.requesterId)
    if (!viewer) return fail(row.id, 'The account that started this import has been deactivated.')
    try {
      await runImport(
        options,
        { importId: row.id, mode: data.mode, viewer, auditContext: data.audit },
        () => isStopping() || signal.aborted,
      )
    } catch (error) {
      // The file or its values are wrong: trying again would only fail again.
      const isForGood = error instanceof AppError || isLastAttempt
      if (!(error instanceof StoppedError)) log.error({ err: error, importId: row.id, isForGood }, 'import failed')
      if (isForGood) {
        const message = error instanceof AppError ? error.message : serializeError(error).message
        await fail(row.id, message).catch(() => undefined)
        if (error instanceof AppError) return
      }
      throw error
    }
  }

  jobs.define<ImportJobData>(IMPORT_QUEUE, run, {
    retryLimit: 3,
    retryDelaySeconds: 5,
    // The last attempt killed mid-way (or past its limit) recorded nothing: the row says so now.
    onFailure: async ({ data }) => {
      const row = await findImport(db, data.importId)
      if (row && (row.status === 'committing' || row.status === 'dry_run_running'))
        await fail(
          row.id,
          'The import stopped before it was finished, every time it was tried. Start it again: a commit goes on after the features it had already written.',
        )
    },
  })
  return {
    async enqueue(data: ImportJobData) {
      try {
        await jobs.send(IMPORT_QUEUE, data)
      } catch (error) {
        await fail(data.importId, 'The import could not be queued.').catch(() => undefined)
        throw error
      }
    },
  }
}

/** The server is stopping: the job is handed back after the batch it was writing, to be resumed. */
class StoppedError extends Error {
  constructor() {
    super('The server stopped while this ran; it goes on after the features it had already written.')
  }
}

/** What a run remembers from feature to feature. */
interface RunState {
  /** Which feature of this file first gave each external id: a second one is a duplicate. */
  seen: Map<string, number>
  /** Community names (or ids) the file gives, resolved once per run. */
  communityIds: Map<string, string | null>
}

/** Thrown inside a dry run's batch transaction to roll its writes back. */
class RollBack extends Error {}

async function runImport(options: ImportQueueOptions, job: QueuedImport, isStopping: () => boolean) {
  const { db } = options
  const row = await findImport(db, job.importId)
  if (!row || !row.target || !row.mapping) throw new Error(`import ${job.importId} is not ready to run`)
  const target = TARGETS[row.target]
  const auditedDb = withAuditContext(db, job.auditContext)
  const file = await copyToWorkDir(options, row)
  try {
    const committed = job.mode === 'commit' ? await findCommittedItems(db, row.id) : []
    const skip = new Set(committed.map((item) => item.featureIndex))
    const state: RunState = {
      seen: new Map(
        committed.flatMap((item) => (item.externalId && item.action !== 'refused' ? [[item.externalId, item.featureIndex]] : [])),
      ),
      communityIds: new Map(),
    }
    if (job.mode === 'dry_run') await deleteDryRunItems(db, row.id)
    const layer = row.options?.layer
    const features = readFeatures(file, {
      originalName: row.fileName,
      ...(layer ? { layer } : {}),
      ...(row.options?.crs ? { crs: row.options.crs } : {}),
      ...(row.options?.encoding ? { encoding: row.options.encoding } : {}),
    })
    let batch: ReadFeature[] = []
    let count = 0
    for await (const feature of features) {
      count++
      if (skip.has(feature.index)) continue
      batch.push(feature)
      if (batch.length >= BATCH_SIZE) {
        if (isStopping()) throw new StoppedError()
        await runBatch(auditedDb, row, target, batch, job, options, state)
        batch = []
      }
    }
    await runBatch(auditedDb, row, target, batch, job, options, state)
    const isCommit = job.mode === 'commit'
    await moveImport(db, row.id, [isCommit ? 'committing' : 'dry_run_running'], isCommit ? 'committed' : 'dry_run_done', {
      featureCount: count,
      ...(isCommit ? { committedAt: new Date() } : {}),
    })
    if (isCommit) {
      await analyzeTable(db, target)
      const done = (await findImport(db, row.id))!
      await recordAudit(db, job.auditContext, {
        action: 'import_commit',
        entity: 'imports',
        entityId: row.id,
        details: {
          target: done.target,
          sha256: done.fileSha256,
          records_created: done.created,
          records_updated: done.updated,
          records_unchanged: done.unchanged,
          features_refused: done.refused,
        },
      })
    }
  } finally {
    await rm(file, { force: true })
  }
}

/** The job's file, copied from the blob store to a private place for the readers (which need a path). */
async function copyToWorkDir(options: ImportQueueOptions, row: ImportJob) {
  await mkdir(options.workDir, { recursive: true })
  const file = path.join(options.workDir, `${row.id}-${process.pid}-${Date.now()}`)
  await pipeline(options.store.read(row.fileSha256), createWriteStream(file))
  return file
}

async function runBatch(
  db: Db,
  row: ImportJob,
  target: Target,
  batch: ReadFeature[],
  job: QueuedImport,
  options: ImportQueueOptions,
  state: RunState,
) {
  if (batch.length === 0) return
  const isDryRun = job.mode === 'dry_run'
  let items: NewImportItem[] = []
  try {
    await db.transaction(async (tx) => {
      items = []
      for (const feature of batch) items.push(await applyFeature(tx, row, target, feature, job, options, isDryRun, state))
      if (isDryRun) throw new RollBack()
      await insertItems(tx, items)
      await addCounts(tx, row.id, countsOf(items))
    })
  } catch (error) {
    if (!(error instanceof RollBack)) throw error
    await db.transaction(async (tx) => {
      await insertItems(tx, items)
      await addCounts(tx, row.id, countsOf(items))
    })
  }
}

function countsOf(items: NewImportItem[]) {
  const count = (action: string) => items.filter((item) => item.action === action).length
  return {
    processed: items.length,
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    refused: count('refused'),
  }
}

/**
 * One feature: its body built and checked like the API's, then created, or — when the source's
 * earlier import made a record with its external id — updated (or left alone when nothing
 * changed). A refusal (a value that does not fit, a shape the geometry rules refuse) rolls back
 * this feature's savepoint only and is reported; any other error fails the job.
 */
async function applyFeature(
  tx: Db,
  row: ImportJob,
  target: Target,
  feature: ReadFeature,
  job: QueuedImport,
  options: ImportQueueOptions,
  isDryRun: boolean,
  state: RunState,
): Promise<NewImportItem> {
  const mapping = row.mapping!
  const externalId = externalIdOf(row, feature)
  const labelColumn = mapping.name
  const label =
    labelColumn !== undefined && feature.properties[labelColumn] != null ? String(feature.properties[labelColumn]).slice(0, 300) : null
  const item = { importId: row.id, isDryRun, featureIndex: feature.index, externalId, label }
  const refuse = (reason: string): NewImportItem => ({ ...item, action: 'refused', reason: reason.slice(0, 1000) })

  if (!feature.geometry) return refuse(feature.problems?.map((problem) => problem.message).join('; ') || 'the feature has no geometry')
  const first = state.seen.get(externalId)
  if (first !== undefined && first !== feature.index) {
    return refuse(
      `feature ${first + 1} of this file has the same ${mapping.externalId ? `"${mapping.externalId}"` : 'id'}, ${externalId}: each record once`,
    )
  }
  let body: RecordBody
  try {
    body = await target.toBody({
      geometry: feature.geometry as Geometry,
      properties: feature.properties,
      mapping,
      options: row.options ?? {},
      sourceName: row.sourceName,
      findCommunity: async (value) => {
        if (!state.communityIds.has(value)) state.communityIds.set(value, await findCommunityByName(tx, value))
        return state.communityIds.get(value)!
      },
      pointInside: (area) => findPointInside(tx, area),
    })
  } catch (error) {
    if (error instanceof ValueError) return refuse(error.message)
    throw error
  }
  const provenance = { importId: row.id, externalSource: row.sourceName, externalId }
  const write = { rules: options.rules, repair: row.options?.repair === true, allowLargeArea: false }
  try {
    // Every write happens inside the service's own (nested) transaction: a refused feature rolls
    // back its savepoint only, and the batch goes on.
    const outcome = await writeFeature(tx, target, body, { ...provenance, externalId }, write, job.viewer, item, refuse)
    if (outcome.action !== 'refused') state.seen.set(externalId, feature.index)
    return outcome
  } catch (error) {
    if (error instanceof AppError && error.status < 500) return refuse(describeRefusal(error))
    throw error
  }
}

/** Creates the record, or updates the one the source's earlier import made (unless nothing changed). */
async function writeFeature(
  tx: Db,
  target: Target,
  body: RecordBody,
  provenance: { importId: string; externalSource: string; externalId: string },
  write: GeometryWrite,
  viewer: Viewer,
  item: Omit<NewImportItem, 'action'>,
  refuse: (reason: string) => NewImportItem,
): Promise<NewImportItem> {
  const existing = await findByExternalId(tx, target, provenance.externalSource, provenance.externalId)
  if (!existing) {
    const parsed = target.createSchema.safeParse(body)
    if (!parsed.success) return refuse(describeIssues(parsed.error.issues))
    const created = await target.create(tx, { ...(parsed.data as RecordBody), ...provenance }, write, viewer)
    return { ...item, action: 'created', recordId: created.id, repair: repairOf(repairsOf(created)) }
  }
  const update = Object.fromEntries(Object.entries(body).filter(([key]) => !target.createOnly.includes(key)))
  const before = await snapshotRecord(tx, target, existing.id)
  if (isSameAs(before, update, target)) return { ...item, action: 'unchanged', recordId: existing.id }
  const parsed = target.updateSchema.safeParse({ ...update, version: existing.version })
  if (!parsed.success) return refuse(describeIssues(parsed.error.issues))
  const { version: _version, ...changes } = parsed.data as RecordBody
  const updated = await target.update(tx, existing.id, { ...changes, ...provenance }, existing.version, write, viewer)
  const { version: _before, ...previous } = before
  return {
    ...item,
    action: 'updated',
    recordId: existing.id,
    repair: repairOf(repairsOf(updated)),
    previous: { ...previous, version: existing.version + 1 },
  }
}

/**
 * The record's identity in its source: the mapped id column; without one (or where it is empty), the
 * file's hash and the feature's position, so that the same file imported again matches itself — a
 * newer version of a file without ids cannot be matched, and the preview says to map an id column.
 */
function externalIdOf(row: ImportJob, feature: ReadFeature): string {
  const column = row.mapping?.externalId
  const value = column !== undefined ? feature.properties[column] : undefined
  const text = value === null || value === undefined ? '' : String(value).trim()
  return text !== '' ? text.slice(0, 300) : `${row.fileSha256.slice(0, 16)}#${feature.index + 1}`
}

/**
 * A service's refusal in the import's terms: the field and the reason, without the API's own
 * hints (`?repair=true`), and for an invalid shape, the import's option that mends it.
 */
function describeRefusal(error: AppError) {
  const reasons = error.errors?.length
    ? error.errors.map((issue) => `${issue.field.replace(/^body\./, '')}: ${issue.message}`).join('; ')
    : error.message
  return error.code === 'geometry.invalid' ? `${reasons} (choose "repair invalid shapes" to have it mended)` : reasons
}

const repairOf = (repairs: { reason: string }[] | undefined) =>
  repairs?.length ? { reason: repairs.map((r) => r.reason).join('; ') } : null

function describeIssues(issues: { path: PropertyKey[]; message: string }[]) {
  return issues.map((issue) => `${issue.path.map(String).join('.') || 'feature'}: ${issue.message}`).join('; ')
}

/** Does the stored record already hold what the feature says? Geometry compared at 7 decimals, as stored. */
function isSameAs(before: Record<string, unknown>, update: RecordBody, target: Target) {
  return Object.entries(update).every(([key, value]) => {
    if (!target.restorable.includes(key)) return true
    const stored = before[key]
    if (target.geometryFields.includes(key)) return sameGeometry(stored as Geometry | null, value as Geometry | null)
    if (stored instanceof Date) return typeof value === 'string' && Date.parse(value) === stored.getTime()
    return (stored ?? null) === (value ?? null)
  })
}

function sameGeometry(a: Geometry | null, b: Geometry | null) {
  const normal = (g: Geometry | null) => {
    if (!g) return 'null'
    const multi = g.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [g.coordinates] } : g
    return JSON.stringify(multi, (_key, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e7) / 1e7 : v))
  }
  return normal(a) === normal(b)
}
