// Evidence for the fictional demo data set: every demo case gets 2–4 files and some incidents a
// photo. Generated JPEGs (with EXIF GPS near the case's community, inside Cambodia) and one-page
// PDFs, plus a few public sample files (db/data/demo-evidence/SOURCES.md gives their licences).
// Loaded only right after the demo data itself, never into a database that has real evidence.
import { createReadStream } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import sharp, { type Exif } from 'sharp'
import type { Db } from '../../db/open.ts'
import { extractMetadata, makeThumbnail, sniffType } from '../features/evidence/evidence.metadata.ts'
import { countOtherReferences, insertEvidence } from '../features/evidence/evidence.queries.ts'
import { THUMBNAIL } from '../features/evidence/evidence.service.ts'
import type { BlobStore, StagedBlob } from './blob-store.ts'
import {
  countEvidence,
  findCaseCommunityPoints,
  findCaseLinkedIncidents,
  findLiveCases,
  findUserIdByEmail,
  setAuditActorLabel,
} from './demo-evidence.queries.ts'

export const DEMO_EVIDENCE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../db/data/demo-evidence')
const MAX_BYTES = 16 * 1024 * 1024
/** How many incidents linked to demo cases get a photo of their own. */
const INCIDENT_PHOTOS = 6

interface PublicSample {
  file: string
  title: string
  description: string
  /** The sample's own EXIF GPS is outside Cambodia: not recorded, so it does not land on the map. */
  dropLocation?: boolean
}

const PUBLIC_PDFS: readonly PublicSample[] = [
  {
    file: 'py-pdf_minimal-document.pdf',
    title: 'Public sample PDF (stand-in for a court filing)',
    description: 'Public sample document from py-pdf/sample-files (CC BY-SA 4.0), used as a stand-in in the demo data.',
  },
  {
    file: 'py-pdf_pdflatex-4-pages.pdf',
    title: 'Public sample PDF, 4 pages (stand-in for a land title dossier)',
    description: 'Public sample document from py-pdf/sample-files (CC BY-SA 4.0), used as a stand-in in the demo data.',
  },
]
const PUBLIC_PHOTO: PublicSample = {
  file: 'exifr_issue-exifr-13.jpg',
  title: 'Public sample drone photo (not taken in Cambodia)',
  description: 'Public test photo from MikeKovarik/exifr (MIT). Its GPS points to the Alps, so no location is recorded for it.',
  dropLocation: true,
}

/** One file to store: its bytes (generated) or a file path (public sample), and its record's fields. */
interface DemoFile {
  source: Buffer | string
  filename: string
  title: string
  description: string
  capturedBy: string | null
  isConfidential: boolean
  attach: { caseId: string } | { incidentId: string }
  dropLocation?: boolean
}

/**
 * Stores the demo evidence and inserts its records in one transaction; returns how many records.
 * Does nothing (returns 0) when the database already holds evidence or has no demo cases.
 */
export async function loadDemoEvidence(db: Db, store: BlobStore): Promise<number> {
  if ((await countEvidence(db)) > 0) return 0
  const files = await planDemoFiles(db)
  if (files.length === 0) return 0
  const uploaderId = await findUserIdByEmail(db, 'legal@demo.dey')

  const staged: { file: DemoFile; blob: StagedBlob }[] = []
  const newBlobs: string[] = []
  try {
    for (const file of files) {
      const source = typeof file.source === 'string' ? createReadStream(file.source) : Readable.from([file.source])
      staged.push({ file, blob: await store.stage(source, { maxBytes: MAX_BYTES }) })
    }
    const prepared = await Promise.all(
      staged.map(async ({ file, blob }) => {
        const mediaType = await sniffType(blob.localPath)
        if (!mediaType) throw new Error(`demo evidence ${file.filename}: unknown type`)
        const metadata = await extractMetadata(blob.localPath, mediaType, blob.isLocalComplete)
        const thumbnail = mediaType.startsWith('image/') && blob.isLocalComplete ? await makeThumbnail(blob.localPath) : undefined
        return { file, blob, mediaType, metadata, thumbnail }
      }),
    )
    return await db.transaction(async (tx) => {
      await setAuditActorLabel(tx, 'demo data loader')
      for (const { file, blob, mediaType, metadata, thumbnail } of prepared) {
        const { isNew } = await blob.commit()
        if (isNew) newBlobs.push(blob.sha256)
        if (thumbnail) await store.writeDerived(blob.sha256, THUMBNAIL, thumbnail)
        const { location, ...rest } = metadata
        await insertEvidence(tx, {
          sha256: blob.sha256,
          sizeBytes: blob.sizeBytes,
          mediaType,
          originalFilename: file.filename,
          title: file.title,
          description: file.description,
          capturedBy: file.capturedBy,
          isConfidential: file.isConfidential,
          ...file.attach,
          uploadedByUserId: uploaderId ?? null,
          ...rest,
          ...(location && !file.dropLocation ? { location } : {}),
          hasThumbnail: thumbnail !== undefined,
        })
      }
      return prepared.length
    })
  } catch (error) {
    await Promise.all(staged.map(({ blob }) => blob.discard()))
    for (const sha256 of newBlobs) {
      if ((await countOtherReferences(db, sha256)) === 0) await store.delete(sha256)
    }
    throw error
  }
}

async function planDemoFiles(db: Db): Promise<DemoFile[]> {
  const cases = await findLiveCases(db)
  const places = await findCaseCommunityPoints(db)
  const linkedIncidents = await findCaseLinkedIncidents(db)

  const files: DemoFile[] = []
  for (const [index, legalCase] of cases.entries()) {
    const community = places.find((row) => row.caseId === legalCase.id)
    const place = community?.name ?? 'the community'
    const openedAt = new Date(`${legalCase.openedOn}T09:30:00+07:00`)
    // Within ~1 km of the community's point, fixed per case.
    const position = community
      ? { lng: Number(community.lng) + 0.004 * ((index % 3) - 1), lat: Number(community.lat) + 0.003 * ((index % 2) * 2 - 1) }
      : undefined
    files.push({
      source: await demoPhoto({ seed: index, heading: `${legalCase.reference} · ${place}`, at: openedAt, position }),
      filename: `${legalCase.reference}-site-photo.jpg`,
      title: `Site photo, ${place}`,
      description: `Generated demo photo for ${legalCase.reference} (fictional).`,
      capturedBy: 'Community volunteer (demo)',
      isConfidential: false,
      attach: { caseId: legalCase.id },
    })
    const isConfidential = index === 0
    const kind = isConfidential ? 'Witness statement' : 'Complaint letter'
    files.push({
      source: demoPdf([
        `${kind} - ${legalCase.reference}`,
        '',
        `Case: ${legalCase.title}`,
        `Community: ${place}`,
        `Date: ${legalCase.openedOn}`,
        '',
        'DEMO DOCUMENT - FICTIONAL.',
        'Generated for the Dey demo data set; no real person or event is described.',
        ...(isConfidential ? ['', 'CONFIDENTIAL: identifies a witness. Legal staff only.'] : []),
      ]),
      filename: `${legalCase.reference}-${isConfidential ? 'witness-statement' : 'complaint-letter'}.pdf`,
      title: `${kind}, ${legalCase.reference}`,
      description: isConfidential
        ? 'Generated demo document (fictional); marked confidential: it names a witness.'
        : 'Generated demo document (fictional).',
      capturedBy: null,
      isConfidential,
      attach: { caseId: legalCase.id },
    })
    const samples = [
      index % 2 === 0 ? PUBLIC_PDFS[(index / 2) % PUBLIC_PDFS.length] : undefined,
      index % 3 === 0 ? PUBLIC_PHOTO : undefined,
    ]
    for (const sample of samples) {
      if (!sample) continue
      files.push({
        source: path.join(DEMO_EVIDENCE_DIR, sample.file),
        filename: sample.file,
        title: sample.title,
        description: sample.description,
        capturedBy: null,
        isConfidential: false,
        attach: { caseId: legalCase.id },
        dropLocation: sample.dropLocation,
      })
    }
  }
  const withPhotos = [...linkedIncidents]
    .sort(
      (a, b) => Number(a.caseIsClosed) - Number(b.caseIsClosed) || a.reference.localeCompare(b.reference) || a.title.localeCompare(b.title),
    )
    .slice(0, INCIDENT_PHOTOS)
  for (const [index, incident] of withPhotos.entries()) {
    files.push({
      source: await demoPhoto({
        seed: 100 + index,
        heading: incident.title,
        at: new Date(new Date(incident.occurredAt).getTime() + 60 * 60 * 1000),
        position: { lng: Number(incident.lng), lat: Number(incident.lat) },
      }),
      filename: `incident-photo-${index + 1}.jpg`,
      title: `Photo: ${incident.title}`,
      description: 'Generated demo photo (fictional), taken at the incident location.',
      capturedBy: 'Community volunteer (demo)',
      isConfidential: false,
      attach: { incidentId: incident.id },
    })
  }
  return files
}

const PALETTE = ['#2f6b3a', '#7a4e2d', '#35607f', '#8a6d1f', '#5b3f73', '#3d7670', '#804040', '#4a5d23']

/**
 * An 800×600 JPEG: a coloured field with simple shapes and "Demo photo — fictional", and EXIF
 * (camera, capture time in Cambodia's +07:00, GPS when given). Same input, same bytes.
 */
export async function demoPhoto(options: {
  seed: number
  heading: string
  at: Date
  position?: { lng: number; lat: number }
}): Promise<Buffer> {
  const { seed, heading, at, position } = options
  const background = PALETTE[seed % PALETTE.length]!
  const sunX = 120 + ((seed * 97) % 560)
  const svg = `<svg width="800" height="600" xmlns="http://www.w3.org/2000/svg">
  <rect x="0" y="0" width="800" height="330" fill="#9cc6e4"/>
  <circle cx="${sunX}" cy="110" r="55" fill="#f4d35e"/>
  <polygon points="0,330 ${200 + (seed % 5) * 40},${190 + (seed % 4) * 15} 520,330" fill="#5d7a4a"/>
  <polygon points="380,330 ${620 + (seed % 3) * 30},210 800,330" fill="#4d6b3c"/>
  <rect x="${60 + (seed % 6) * 90}" y="380" width="150" height="90" fill="#d9a441" stroke="#222" stroke-width="4"/>
  <rect x="0" y="500" width="800" height="100" fill="#000" fill-opacity="0.55"/>
  <text x="400" y="540" font-family="sans-serif" font-size="34" font-weight="bold" fill="#fff" text-anchor="middle">Demo photo — fictional</text>
  <text x="400" y="580" font-family="sans-serif" font-size="22" fill="#fff" text-anchor="middle">${escapeXml(heading.slice(0, 60))}</text>
</svg>`
  const exif: Exif = {
    IFD0: { Make: 'Dey demo', Model: 'Generated image', ImageDescription: 'Demo photo - fictional' },
    IFD2: { DateTimeOriginal: exifTime(at), OffsetTimeOriginal: '+07:00' },
  }
  if (position) {
    exif.IFD3 = {
      GPSLatitudeRef: position.lat >= 0 ? 'N' : 'S',
      GPSLatitude: toDms(Math.abs(position.lat)),
      GPSLongitudeRef: position.lng >= 0 ? 'E' : 'W',
      GPSLongitude: toDms(Math.abs(position.lng)),
    }
  }
  return sharp({ create: { width: 800, height: 600, channels: 3, background } })
    .composite([{ input: Buffer.from(svg) }])
    .jpeg({ quality: 80 })
    .withExif(exif)
    .toBuffer()
}

/** Degrees as EXIF rationals "d/1 m/1 s/10000" (libvips' string form). */
function toDms(value: number): string {
  const degrees = Math.floor(value)
  const minutes = Math.floor((value - degrees) * 60)
  const seconds = Math.round(((value - degrees) * 60 - minutes) * 60 * 10000)
  return `${degrees}/1 ${minutes}/1 ${seconds}/10000`
}

/** "YYYY:MM:DD HH:MM:SS" in Cambodia's time (UTC+07:00). */
function exifTime(at: Date): string {
  const local = new Date(at.getTime() + 7 * 60 * 60 * 1000).toISOString()
  return `${local.slice(0, 10).replaceAll('-', ':')} ${local.slice(11, 19)}`
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)

/**
 * A well-formed one-page PDF 1.4 (A4, Helvetica) with the given lines, written by hand: objects,
 * a cross-reference table with exact byte offsets, trailer. ASCII only (other characters become '?').
 */
export function demoPdf(lines: readonly string[]): Buffer {
  const escape = (text: string) => text.replace(/[^\x20-\x7e]/g, '?').replace(/([\\()])/g, '\\$1')
  const content = [
    'BT',
    '/F1 12 Tf',
    '16 TL',
    '56 780 Td',
    ...lines.map((line, i) => (i === 0 ? `/F1 16 Tf (${escape(line)}) Tj T* /F1 12 Tf` : `(${escape(line)}) Tj T*`)),
    'ET',
  ].join('\n')
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Title (Dey demo document - fictional) /Producer (Dey demo data) >>',
  ]
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'
  const offsets: number[] = []
  for (const [i, object] of objects.entries()) {
    offsets.push(Buffer.byteLength(body, 'latin1'))
    body += `${i + 1} 0 obj\n${object}\nendobj\n`
  }
  const xrefAt = Buffer.byteLength(body, 'latin1')
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  body += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`
  return Buffer.from(body, 'latin1')
}
