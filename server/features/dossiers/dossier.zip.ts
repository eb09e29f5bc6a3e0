// Writes a dossier ZIP as a stream to a temporary file, then renames it into place: evidence is
// streamed from the blob store (stored, not compressed: media does not shrink), hashed on the way
// and checked against the SHA-256 it was stored under, so the ZIP never holds a silently altered
// file. Memory stays bounded whatever the evidence weighs.
import { ZipArchive } from 'archiver'
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { Transform, type Readable, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { formatPreciseDate } from '../../../shared/dates.ts'
import type { DossierBody, DossierFileEntry, DossierLanguage, DossierRedaction } from '../../../shared/dossiers.ts'
import type { BlobStore } from '../../lib/blob-store.ts'
import { IMAGE_HEAD_BYTES, stripLocationTransform } from '../evidence/evidence.metadata.ts'
import { readHead } from '../../lib/blob-store.ts'
import type { DossierContent } from './dossier.content.ts'
import { mapLabels, renderDossierHtml } from './dossier.html.ts'
import { renderMapSvg } from './dossier.map-svg.ts'

/** Prints index.html to PDF, or says why not (server/lib/pdf.ts in the app; absent in some tests). */
export type PdfRenderer = (html: string) => Promise<{ pdf: Buffer } | { skipped: string }>

export interface DossierJob {
  exportId: string
  content: DossierContent
  language: DossierLanguage
  requested: DossierBody
  redaction: DossierRedaction
  exportedBy: { id: string; displayName: string; role: string }
  exportedAt: Date
  appVersion: string
}

export interface WrittenDossier {
  sizeBytes: number
  sha256: string
  /** Every file in the ZIP but SHA256SUMS, with its size and hash (as in manifest.json). */
  files: DossierFileEntry[]
  pdfSkipped: string | null
}

class HashingPassThrough extends Transform {
  private readonly hash = createHash('sha256')
  sizeBytes = 0
  constructor(private readonly onBytes: (n: number) => void = () => {}) {
    super()
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.hash.update(chunk)
    this.sizeBytes += chunk.length
    this.onBytes(chunk.length)
    done(null, chunk)
  }
  digest() {
    return this.hash.digest('hex')
  }
}

const sha256Of = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex')

/**
 * Builds <dir>/<exportId>.zip. onProgress gets 0–99 as evidence bytes go through; the caller
 * marks 100 when the row says done.
 */
export async function writeDossierZip(
  job: DossierJob,
  store: BlobStore,
  dir: string,
  renderPdf: PdfRenderer | undefined,
  onProgress: (percent: number) => void,
): Promise<WrittenDossier> {
  await mkdir(dir, { recursive: true })
  const workDir = path.join(dir, `${job.exportId}.work`)
  const partPath = path.join(dir, `${job.exportId}.zip.part`)
  const finalPath = path.join(dir, `${job.exportId}.zip`)
  await mkdir(workDir, { recursive: true })
  let archive: ZipArchive | undefined
  try {
    const { content } = job
    // Stripping re-encodes photos, plus reading originals into the ZIP: about two passes of bytes.
    const strippedBytes = content.evidence.filter((e) => e.isGpsStripped).reduce((sum, e) => sum + e.sizeBytes, 0)
    const totalBytes = Math.max(1, strippedBytes + content.evidence.reduce((sum, e) => sum + e.sizeBytes, 0))
    let doneBytes = 0
    let lastPercent = -1
    const advance = (n: number) => {
      doneBytes += n
      const percent = Math.min(95, Math.floor((doneBytes / totalBytes) * 95))
      if (percent !== lastPercent) {
        lastPercent = percent
        onProgress(percent)
      }
    }

    // 1. GPS-stripped copies first: their hashes belong in index.html.
    const copies = new Map<string, { file: string; sha256: string; sizeBytes: number }>()
    for (const item of content.evidence.filter((e) => e.isGpsStripped)) {
      const file = path.join(workDir, item.id)
      const hasher = new HashingPassThrough()
      const counter = new HashingPassThrough(advance)
      const { transform } = await stripLocationTransform(item.mediaType, await readHead(store, item.sha256, IMAGE_HEAD_BYTES))
      await pipeline(store.read(item.sha256), counter, transform, hasher, createWriteStream(file))
      copies.set(item.id, { file, sha256: hasher.digest(), sizeBytes: hasher.sizeBytes })
    }

    // 2. The generated files.
    const mapSvg = renderMapSvg(content, mapLabels(job.language))
    const html = renderDossierHtml(content, {
      language: job.language,
      redaction: job.redaction,
      exportedBy: job.exportedBy.displayName,
      exportedAt: job.exportedAt.toISOString(),
      mapSvg,
      copyHashes: new Map([...copies].map(([id, copy]) => [id, copy.sha256])),
    })
    const generated: [string, string | Buffer][] = [
      ['index.html', html],
      ['map.svg', mapSvg],
      // Named after the dossier's subject: a community dossier holds community.json, and no case.json.
      [`data/${content.target}.json`, `${JSON.stringify(structuredRecord(job), null, 2)}\n`],
      [`data/${content.target}.geojson`, `${JSON.stringify(toGeoJson(content, job.language), null, 2)}\n`],
    ]
    let pdfSkipped: string | null = 'no PDF renderer configured'
    if (renderPdf) {
      const result = await renderPdf(html)
      if ('pdf' in result) {
        generated.push(['dossier.pdf', result.pdf])
        pdfSkipped = null
      } else {
        pdfSkipped = result.skipped
      }
    }

    // 3. The ZIP: generated files, evidence, manifest.json, SHA256SUMS.
    archive = new ZipArchive({ zlib: { level: 6 } })
    const zip = archive
    const zipHasher = new HashingPassThrough()
    const written = pipeline(zip, zipHasher, createWriteStream(partPath))
    // Awaited below; until then a failure must not surface as an unhandled rejection.
    written.catch(() => undefined)
    const files: DossierFileEntry[] = []
    const date = job.exportedAt
    const add = async (name: string, source: Readable | Buffer | string, options: { store?: boolean } = {}) => {
      const entered = new Promise<void>((resolve, reject) => {
        const onError = (error: Error) => {
          zip.off('entry', onEntry)
          reject(error)
        }
        const onEntry = () => {
          zip.off('error', onError)
          if (typeof source === 'object' && 'off' in source) source.off('error', onError)
          resolve()
        }
        zip.once('entry', onEntry)
        zip.once('error', onError)
        // A blob that cannot be read fails the export instead of leaving the archive waiting.
        if (typeof source === 'object' && 'once' in source) source.once('error', onError)
      })
      zip.append(source, { name, date, ...(options.store ? { store: true } : {}) })
      // One entry at a time: a thousand files never hold a thousand open descriptors.
      await entered
    }
    for (const [name, body] of generated) {
      await add(name, body)
      files.push({ path: name, sizeBytes: Buffer.byteLength(body), sha256: sha256Of(body) })
    }
    for (const item of content.evidence) {
      const copy = copies.get(item.id)
      if (copy) {
        await add(item.zipPath, createReadStream(copy.file), { store: true })
        files.push({ path: item.zipPath, sizeBytes: copy.sizeBytes, sha256: copy.sha256 })
        continue
      }
      const hasher = new HashingPassThrough(advance)
      const source = store.read(item.sha256)
      source.once('error', (error) => hasher.destroy(error))
      await add(item.zipPath, source.pipe(hasher), { store: true })
      const sha256 = hasher.digest()
      if (sha256 !== item.sha256)
        throw new Error(`evidence ${item.id}: the stored file no longer matches its SHA-256 (${item.sha256}); run evidence:verify`)
      files.push({ path: item.zipPath, sizeBytes: hasher.sizeBytes, sha256 })
    }
    const manifest = `${JSON.stringify(manifestOf(job, files, pdfSkipped), null, 2)}\n`
    await add('manifest.json', manifest)
    files.push({ path: 'manifest.json', sizeBytes: Buffer.byteLength(manifest), sha256: sha256Of(manifest) })
    await add('SHA256SUMS', files.map((f) => `${f.sha256}  ${f.path}\n`).join(''))
    await zip.finalize()
    await written
    await rename(partPath, finalPath)
    onProgress(99)
    return { sizeBytes: (await stat(finalPath)).size, sha256: zipHasher.digest(), files, pdfSkipped }
  } catch (error) {
    archive?.abort()
    await rm(partPath, { force: true }).catch(() => undefined)
    throw error
  } finally {
    await rm(workDir, { recursive: true, force: true })
  }
}

export const zipPathOf = (dir: string, exportId: string) => path.join(dir, `${exportId}.zip`)

function manifestOf(job: DossierJob, files: DossierFileEntry[], pdfSkipped: string | null) {
  return {
    format: 'dey-dossier/1',
    exportId: job.exportId,
    app: { name: 'dey', version: job.appVersion },
    exportedAt: job.exportedAt.toISOString(),
    exportedBy: job.exportedBy,
    target: {
      kind: job.content.target,
      id: job.content.targetId,
      reference: job.content.reference,
      title: job.content.title,
      titleKm: job.content.titleKm,
    },
    language: job.language,
    redaction: { requested: job.requested, effective: job.redaction },
    pdf: pdfSkipped ? { included: false, reason: pdfSkipped } : { included: true, path: 'dossier.pdf' },
    /** Every file but this manifest and SHA256SUMS (which covers this manifest too). */
    files: files.filter((f) => f.path !== 'manifest.json'),
  }
}

/** data/<target>.json: the structured record, as redacted (geometry lives in <target>.geojson). */
function structuredRecord(job: DossierJob) {
  const { content } = job
  return {
    target: content.target,
    id: content.targetId,
    reference: content.reference,
    title: content.title,
    titleKm: content.titleKm,
    facts: Object.fromEntries(content.facts),
    summary: content.summary,
    ...(content.privilegedNotes ? { privilegedNotes: content.privilegedNotes } : {}),
    parties: content.parties,
    communities: content.communities.map(({ territory: _t, ...rest }) => rest),
    parcels: content.parcels.map(({ boundary: _b, ...rest }) => rest),
    concessions: content.concessions.map(({ boundary: _b, ...rest }) => rest),
    // The date as the dossier's reader sees it too: occurredAt alone would pass a month or an unknown date off as a day.
    incidents: content.incidents.map((i) => ({ ...i, occurredText: formatPreciseDate(i.occurredAt, i.occurredPrecision, job.language) })),
    cases: content.cases,
    timeline: content.timeline,
    statistics: content.statistics,
    evidence: content.evidence,
  }
}

function toGeoJson(content: DossierContent, language: DossierLanguage) {
  const feature = (layer: string, geometry: unknown, properties: Record<string, unknown>) => ({
    type: 'Feature',
    geometry,
    properties: { layer, ...properties },
  })
  return {
    type: 'FeatureCollection',
    features: [
      ...content.communities.map((c) => feature('community', c.location, { id: c.id, name: c.name, nameKm: c.nameKm })),
      ...content.communities.flatMap((c) => (c.territory ? [feature('territory', c.territory, { id: c.id, name: c.name })] : [])),
      ...content.parcels.map((p) => feature('parcel', p.boundary, { id: p.id, label: p.label, areaHa: p.areaHa })),
      ...content.concessions.map((c) =>
        feature('concession', c.boundary, { id: c.id, name: c.name, company: c.company, areaHa: c.areaHa }),
      ),
      ...content.incidents.map((i) =>
        feature('incident', i.location, {
          id: i.id,
          title: i.title,
          kind: i.kind,
          occurredAt: i.occurredAt,
          occurredPrecision: i.occurredPrecision,
          occurredText: formatPreciseDate(i.occurredAt, i.occurredPrecision, language),
        }),
      ),
      ...content.evidence.flatMap((e) =>
        e.location ? [feature('evidence', e.location, { id: e.id, title: e.title, sha256: e.sha256, path: e.zipPath })] : [],
      ),
    ],
  }
}
