// Dossier exports end to end: evidence uploaded through the API, a background job polled to the
// end, the ZIP downloaded and opened with yauzl, its SHA256SUMS and evidence checked byte for byte,
// and the redaction each role gets.
import { sql } from 'drizzle-orm'
import exifr from 'exifr'
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { linkToCase, makeCase, makeCaseEvent, makeIncident, makePerson } from '../helpers/case-factories.ts'
import { makeCommunity, makeParcel } from '../helpers/factories.ts'
import { squareAround } from '../helpers/geo.ts'
import { problemOf } from '../helpers/http.ts'
import { makeConcession } from '../helpers/land-factories.ts'
import { vocabMessages } from '../../shared/vocabulary-labels.ts'
import { canPrintPdf } from '../helpers/chromium.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { multipart } from '../helpers/multipart.ts'
import { unzip } from '../helpers/zip.ts'
import { DossierBody } from '../../shared/dossiers.ts'
import { DOSSIER_QUEUE } from '../../server/features/dossiers/dossier.jobs.ts'
import { insertExport } from '../../server/features/dossiers/dossiers.queries.ts'

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures')
const PHOTO = path.join(FIXTURES, 'photos/exif-samples_gps_DSCN0010.jpg')
const PDF = path.join(FIXTURES, 'pdf/py-pdf_minimal-document.pdf')
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** The text of a PDF, pages separated by form feeds (pdftotext keeps rotated text with -raw). */
async function pdfText(bytes: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dey-dossier-pdf-'))
  try {
    const file = path.join(dir, 'dossier.pdf')
    await writeFile(file, bytes)
    return (await promisify(execFile)('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'])).stdout
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const TITLE_KM = 'រឿងក្តីដីធ្លីភូមិត្រពាំងថ្មី'
const PRIVILEGED = 'PRIVILEGED-NOTE-the-client-admits-the-fence-line'
const CONFIDENTIAL_NAME = 'Sokhon Hiddenwitness'
const CONFIDENTIAL_INCIDENT = 'Confidential night raid on the witness house'
const PLAINTIFF_PHONE = '+855 12 345 678'
const PLAINTIFF_ADDRESS = 'House 12, Phum Trapeang Thmey'
const PLAINTIFF_EMAIL = 'chan.dara@example.org'

let t: TestApp
let legal: SignedIn
let advocate: SignedIn
let caseId: string
let caseReference: string
let communityId: string
let photo: Buffer
let pdf: Buffer
const uploaded: { sha256: string; filename: string }[] = []

async function exportDossier(who: SignedIn, url: string, body: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url, headers: who.headers, payload: body })
  expect(res.statusCode, res.body).toBe(202)
  const job = res.json() as { id: string; status: string }
  expect(job.status).toBe('queued')
  const deadline = Date.now() + 300_000
  for (;;) {
    const poll = await t.app.inject({ url: `/api/exports/${job.id}`, headers: who.headers })
    expect(poll.statusCode, poll.body).toBe(200)
    const state = poll.json() as { status: string; error?: string; percent: number }
    if (state.status === 'done') break
    if (state.status === 'failed') throw new Error(`export failed: ${state.error}`)
    if (Date.now() > deadline) throw new Error(`export still ${state.status} at ${state.percent}%`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const file = await t.app.inject({ url: `/api/exports/${job.id}/file`, headers: who.headers })
  expect(file.statusCode, file.body.slice(0, 300)).toBe(200)
  expect(file.headers['content-disposition']).toMatch(/^attachment; filename="dossier-.*\.zip"$/)
  const status = (await t.app.inject({ url: `/api/exports/${job.id}`, headers: who.headers })).json()
  const fileName = /filename="([^"]+)"/.exec(String(file.headers['content-disposition']))![1]!
  return { id: job.id as string, status, fileName, zip: file.rawPayload, files: await unzip(file.rawPayload) }
}

beforeAll(async () => {
  t = await createTestApp()
  legal = await t.signIn('legal')
  advocate = await t.signIn('advocate')
  photo = await readFile(PHOTO)
  pdf = await readFile(PDF)

  const community = await makeCommunity(t.db, {
    name: 'Trapeang Thmey',
    nameKm: 'ត្រពាំងថ្មី',
    households: 120,
    territory: { type: 'MultiPolygon', coordinates: [squareAround([104.3, 11.45], 0.02).coordinates] },
  })
  communityId = community.id
  const parcel = await makeParcel(t.db, { communityId, label: 'Rice fields north', households: 40 })
  await makeConcession(t.db, {
    name: 'Sugar ELC',
    boundary: { type: 'MultiPolygon', coordinates: [squareAround([104.305, 11.455], 0.01).coordinates] },
  })
  const incident = await makeIncident(t.db, { communityId, title: 'Bulldozers cleared rice fields', kind: 'land_grabbing' })
  const secret = await makeIncident(t.db, { communityId, title: CONFIDENTIAL_INCIDENT, kind: 'intimidation', isConfidential: true })
  const plaintiff = await makePerson(t.db, {
    fullName: 'Chan Dara',
    phone: PLAINTIFF_PHONE,
    email: PLAINTIFF_EMAIL,
    address: PLAINTIFF_ADDRESS,
    communityId,
  })
  const witness = await makePerson(t.db, { fullName: CONFIDENTIAL_NAME, isConfidential: true, phone: '+855 99 999 999', communityId })
  const created = await makeCase(t.db, {
    title: 'Trapeang Thmey land case',
    titleKm: TITLE_KM,
    privilegedNotes: PRIVILEGED,
    summary: 'Eviction of 120 families.',
    forum: 'Kampong Speu Provincial Court',
    province: 'Kampong Speu',
  })
  caseId = created.id
  caseReference = created.reference
  await linkToCase(t.db, caseId, {
    communityIds: [communityId],
    parcelIds: [parcel.id],
    incidentIds: [incident.id, secret.id],
    people: [
      { personId: plaintiff.id, role: 'plaintiff' },
      { personId: witness.id, role: 'witness' },
    ],
  })
  await makeCaseEvent(t.db, { caseId, kind: 'hearing', title: 'First hearing', startsAt: new Date('2026-03-02T02:00:00Z') })
  for (const [filename, bytes] of [
    ['fence photo.jpg', photo],
    ['complaint.pdf', pdf],
  ] as const) {
    const body = multipart({ caseId }, [{ filename, bytes }])
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/evidence',
      headers: { ...legal.headers, ...body.headers },
      payload: body.payload,
    })
    expect(res.statusCode, res.body).toBe(201)
    uploaded.push({ sha256: sha256(bytes), filename })
  }
})
afterAll(() => t?.close())

describe('a legal officer exports a case dossier', () => {
  let legalExport: Awaited<ReturnType<typeof exportDossier>>

  beforeAll(async () => {
    legalExport = await exportDossier(legal, `/api/cases/${caseId}/dossier`, {
      language: 'km',
      includePrivilegedNotes: true,
      keepPhotoGps: true,
    })
  })

  it('reports the finished job with the ZIP size and hash', () => {
    expect(legalExport.status).toMatchObject({
      status: 'done',
      percent: 100,
      sizeBytes: legalExport.zip.length,
      sha256: sha256(legalExport.zip),
    })
    expect(new Date(legalExport.status.expiresAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000)
  })

  it('holds every file SHA256SUMS lists, with matching hashes, and SHA256SUMS covers every other file', () => {
    const sums = legalExport.files.get('SHA256SUMS')!.toString('utf8').trim().split('\n')
    const listed = sums.map((line) => {
      const match = /^([0-9a-f]{64}) {2}(.+)$/.exec(line)
      expect(match, line).not.toBeNull()
      expect(sha256(legalExport.files.get(match![2]!)!), match![2]).toBe(match![1])
      return match![2]!
    })
    expect(listed.sort()).toEqual([...legalExport.files.keys()].filter((name) => name !== 'SHA256SUMS').sort())
    expect(listed).toEqual(expect.arrayContaining(['index.html', 'map.svg', 'data/case.json', 'data/case.geojson', 'manifest.json']))
  })

  it('keeps evidence byte-identical to the originals when GPS is kept', () => {
    const evidence = [...legalExport.files].filter(([name]) => name.startsWith('evidence/'))
    expect(evidence.map(([, bytes]) => sha256(bytes)).sort()).toEqual(uploaded.map((u) => u.sha256).sort())
  })

  it('has an index.html with the Khmer title, every evidence hash and links to the files', () => {
    const html = legalExport.files.get('index.html')!.toString('utf8')
    expect(html).toContain(TITLE_KM)
    expect(html).toContain('<html lang="km">')
    for (const { sha256: hash } of uploaded) expect(html).toContain(hash)
    for (const name of [...legalExport.files.keys()].filter((n) => n.startsWith('evidence/'))) {
      expect(html).toContain(`href="${name.split('/').map(encodeURIComponent).join('/')}"`)
    }
    expect(html).toContain(PRIVILEGED)
    expect(html).toContain('@media print')
  })

  it('draws a map with parcels, incidents, a scale bar and a north arrow', () => {
    const svg = legalExport.files.get('map.svg')!.toString('utf8')
    expect(svg.length).toBeGreaterThan(500)
    expect(svg).toMatch(/^<svg /)
    for (const id of ['parcels', 'concessions', 'incidents', 'scale-bar', 'north-arrow']) expect(svg).toContain(`id="${id}"`)
    expect(svg).toMatch(/<g id="parcels"[^>]*><path d="M/)
  })

  it('names kinds, stages and roles in Khmer in a Khmer dossier, not by their codes', () => {
    const html = legalExport.files.get('index.html')!.toString('utf8')
    const km = vocabMessages.km
    for (const label of [km.incidentKind.land_grabbing, km.partyRole.plaintiff]) expect(html).toContain(label)
    // The timeline names a hearing a hearing (not "hearing or event").
    expect(html).toMatch(new RegExp(`<td>${km.caseEventKind.hearing}</td><td>First hearing</td>`))
    for (const code of ['land_grabbing', 'plaintiff']) expect(html).not.toContain(`>${code}<`)
  })

  it.skipIf(!canPrintPdf)('prints dossier.pdf with Chromium, and its text holds the Khmer case title', async () => {
    const manifest = JSON.parse(legalExport.files.get('manifest.json')!.toString('utf8'))
    expect(manifest.pdf).toMatchObject({ included: true })
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dey-dossier-pdf-'))
    try {
      const file = path.join(dir, 'dossier.pdf')
      await writeFile(file, legalExport.files.get('dossier.pdf')!)
      const { stdout } = await promisify(execFile)('pdftotext', ['-enc', 'UTF-8', file, '-'])
      // pdftotext puts spaces between some Khmer words: compare without whitespace.
      expect(stdout.replace(/\s/g, '')).toContain(TITLE_KM.replace(/\s/g, ''))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('is marked privileged: a banner and a watermark in the Khmer page, and PRIVILEGED and the case reference in the file name', () => {
    const html = legalExport.files.get('index.html')!.toString('utf8')
    expect(html).toMatch(/<div class="privileged-banner"[^>]*>[^<]*ឯកសារសម្ងាត់/)
    expect(html).toMatch(/<div class="privileged-watermark"[^>]*>សម្ងាត់<\/div>/)
    // Printed: the banner sits in the page's top margin box, so it repeats on every page.
    expect(html).toMatch(/@top-center \{[^}]*content: "[^"]*ឯកសារសម្ងាត់/)
    expect(legalExport.fileName).toMatch(new RegExp(`^dossier-${caseReference}-\\d{4}-\\d{2}-\\d{2}-[0-9a-f]{8}-PRIVILEGED\\.zip$`))
  })

  it.skipIf(!canPrintPdf)('prints the privileged banner and the watermark on every page of dossier.pdf', async () => {
    const pages = (await pdfText(legalExport.files.get('dossier.pdf')!)).split('\f').filter((page) => page.trim() !== '')
    expect(pages.length).toBeGreaterThan(0)
    for (const [index, page] of pages.entries()) {
      const text = page.replace(/\s/g, '')
      expect(text, `page ${index + 1}`).toContain('ឯកសារសម្ងាត់')
      // Once in the banner, once more as the watermark across the page.
      expect(text.split('សម្ងាត់').length - 1, `page ${index + 1}`).toBeGreaterThanOrEqual(2)
    }
  })

  it('names the forum and the province in Khmer in a Khmer dossier', () => {
    const html = legalExport.files.get('index.html')!.toString('utf8')
    expect(html).toContain('<dd>សាលាដំបូងខេត្តកំពង់ស្ពឺ</dd>')
    expect(html).toContain('<dd>ខេត្តកំពង់ស្ពឺ</dd>')
    expect(html).not.toContain('Kampong Speu')
  })

  it('writes dates for people, in Khmer month names, and keeps each on one line', () => {
    const html = legalExport.files.get('index.html')!.toString('utf8')
    expect(html).toContain('<td class="date">2 មីនា 2026</td>')
    expect(html).toContain('<dd class="date">15 មករា 2026</dd>')
    expect(html).toMatch(/\.date \{ white-space: nowrap; \}/)
    expect(html).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/)
  })

  it('names each timeline entry by its kind: the incident kind, the event kind', () => {
    const html = legalExport.files.get('index.html')!.toString('utf8')
    const km = vocabMessages.km
    expect(html).toContain(`<td>${km.incidentKind.land_grabbing}</td><td>Bulldozers cleared rice fields</td>`)
    expect(html).not.toContain('សវនាការ ឬព្រឹត្តិការណ៍')
  })

  it('draws the case’s land across the map with its borders, leaving off a photo whose GPS says Italy', () => {
    const svg = legalExport.files.get('map.svg')!.toString('utf8')
    // Zoomed in on the case, the communes' borders around it.
    expect(svg).toMatch(/<g id="admin-outlines"[^>]*><path class="commune" d="M[\d.]+,[\d.]+L/)
    // With the Italian photo in the extent the map spanned 9,000 km: a scale bar of 2,000 km, the
    // case's land a dot. Now the map is the case's area.
    const scale = /<g id="scale-bar">.*?text-anchor="middle">([\d.]+) (k?m)</.exec(svg)!
    expect(Number(scale[1]) * (scale[2] === 'km' ? 1000 : 1)).toBeLessThanOrEqual(50_000)
    const photos = [...svg.matchAll(/<circle cx="(-?[\d.]+)" cy="(-?[\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])])
    for (const [x, y] of photos) {
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThanOrEqual(800)
      expect(y).toBeGreaterThanOrEqual(0)
      expect(y).toBeLessThanOrEqual(600)
    }
    // The evidence index still gives the photo's position (latitude, longitude; Tuscany).
    expect(legalExport.files.get('index.html')!.toString('utf8')).toMatch(/4[34]\.\d{5}, 1[01]\.\d{5}/)
  })

  it('records who, when, the app version, the options and every file in manifest.json', async () => {
    const manifest = JSON.parse(legalExport.files.get('manifest.json')!.toString('utf8'))
    const version = JSON.parse(await readFile(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')).version
    expect(manifest).toMatchObject({
      app: { version },
      language: 'km',
      target: { kind: 'case', id: caseId, titleKm: TITLE_KM },
      exportedBy: { id: legal.userId, role: 'legal' },
      redaction: {
        requested: { includePrivilegedNotes: true, keepPhotoGps: true, coarsenLocations: true },
        effective: { includePrivilegedNotes: true, keepPhotoGps: true },
      },
    })
    expect(typeof manifest.pdf.included).toBe('boolean')
    if (!manifest.pdf.included) expect(manifest.pdf.reason).toBeTruthy()
    else expect(legalExport.files.has('dossier.pdf')).toBe(true)
    for (const entry of manifest.files) expect(sha256(legalExport.files.get(entry.path)!)).toBe(entry.sha256)
  })

  it('shows a confidential person as initials, without contacts, even to legal staff', () => {
    for (const [name, bytes] of legalExport.files) {
      expect(bytes.includes(Buffer.from(CONFIDENTIAL_NAME)), name).toBe(false)
      expect(bytes.includes(Buffer.from('+855 99 999 999')), name).toBe(false)
    }
    expect(legalExport.files.get('index.html')!.toString('utf8')).toContain('S. H.')
  })

  it('is in the audit trail with the hashes it contained', async () => {
    const [entry] = await queryRows<{
      actorId: string
      entity: string
      entityId: string
      changes: { files: { path: string; sha256: string }[]; zipSha256: string }
    }>(
      t.db,
      sql`SELECT actor_id AS "actorId", entity, entity_id AS "entityId", changes FROM audit_log WHERE action = 'export' AND changes ->> 'exportId' = ${legalExport.id}`,
    )
    expect(entry).toMatchObject({ actorId: legal.userId, entity: 'cases', entityId: caseId })
    expect(entry!.changes.zipSha256).toBe(sha256(legalExport.zip))
    expect(entry!.changes.files.map((f) => f.sha256)).toEqual(expect.arrayContaining(uploaded.map((u) => u.sha256)))
  })

  it('cannot be seen or downloaded by another user (404)', async () => {
    const other = await t.signIn('legal')
    for (const url of [`/api/exports/${legalExport.id}`, `/api/exports/${legalExport.id}/file`]) {
      const res = await t.app.inject({ url, headers: other.headers })
      expect(res.statusCode, url).toBe(404)
    }
  })
})

describe('redaction', () => {
  it('strips GPS from photos by default', async () => {
    const { files } = await exportDossier(legal, `/api/cases/${caseId}/dossier`, { language: 'en' })
    const photoEntry = [...files].find(([name]) => name.endsWith('.jpg'))!
    expect(sha256(photoEntry[1])).not.toBe(sha256(photo))
    expect(await exifr.gps(photoEntry[1]).catch(() => undefined)).toBeUndefined()
    expect(await exifr.gps(photo)).toBeDefined()
    // The PDF is not an image: it stays the original.
    expect([...files.values()].some((bytes) => sha256(bytes) === sha256(pdf))).toBe(true)
    const html = files.get('index.html')!.toString('utf8')
    expect(html).toContain(sha256(photoEntry[1]))
    expect(html).toContain(sha256(photo))
    expect(html).not.toContain(PRIVILEGED)
  })

  it('gives an advocate no privileged notes, no confidential people, incidents or GPS, whatever they ask', async () => {
    const { files, status } = await exportDossier(advocate, `/api/cases/${caseId}/dossier`, {
      language: 'en',
      includePrivilegedNotes: true,
      keepPhotoGps: true,
      coarsenLocations: false,
    })
    expect(status.effective).toMatchObject({
      includePrivilegedNotes: false,
      keepPhotoGps: false,
      coarsenLocations: false,
      includeConfidentialRecords: false,
    })
    for (const [name, bytes] of files) {
      for (const secret of [PRIVILEGED, CONFIDENTIAL_NAME, 'Hiddenwitness', CONFIDENTIAL_INCIDENT, '+855']) {
        expect(bytes.includes(Buffer.from(secret)), `${secret} in ${name}`).toBe(false)
      }
    }
    const photoEntry = [...files].find(([name]) => name.endsWith('.jpg'))!
    expect(await exifr.gps(photoEntry[1]).catch(() => undefined)).toBeUndefined()
    expect(files.get('index.html')!.toString('utf8')).toContain('Chan Dara')
  })

  it('rounds locations to 0.01° when asked (the default)', async () => {
    const { files } = await exportDossier(legal, `/api/cases/${caseId}/dossier`, { language: 'en' })
    const geojson = JSON.parse(files.get('data/case.geojson')!.toString('utf8')) as {
      features: { geometry: { type: string; coordinates: number[] }; properties: { layer: string } }[]
    }
    const points = geojson.features.filter((f) => f.geometry.type === 'Point')
    expect(points.length).toBeGreaterThan(0)
    for (const point of points) for (const value of point.geometry.coordinates) expect(Math.round(value * 100) / 100).toBe(value)
  })
})

describe("parties' contact details", () => {
  const contacts = [PLAINTIFF_PHONE, PLAINTIFF_ADDRESS, PLAINTIFF_EMAIL]

  it('are left out of every file by default, even for legal staff, and the page says so', async () => {
    const { files, status } = await exportDossier(legal, `/api/cases/${caseId}/dossier`, { language: 'en' })
    expect(status.requested).toMatchObject({ omitPartyContacts: true })
    expect(status.effective).toMatchObject({ omitPartyContacts: true })
    for (const [name, bytes] of files)
      for (const value of contacts) expect(bytes.includes(Buffer.from(value)), `${value} in ${name}`).toBe(false)
    if (files.has('dossier.pdf')) {
      const text = await pdfText(files.get('dossier.pdf')!)
      for (const value of contacts) expect(text).not.toContain(value)
    }
    const html = files.get('index.html')!.toString('utf8')
    expect(html).toContain('Chan Dara')
    expect(html).not.toContain('<th>Contact</th>')
    expect(html).toContain('Parties&#39; contact details left out')
  })

  it('are in the page and the data when a lawyer asks for them', async () => {
    const { files } = await exportDossier(legal, `/api/cases/${caseId}/dossier`, { language: 'en', omitPartyContacts: false })
    const html = files.get('index.html')!.toString('utf8')
    for (const value of contacts) expect(html).toContain(value)
    const record = JSON.parse(files.get('data/case.json')!.toString('utf8'))
    expect(record.parties).toContainEqual(
      expect.objectContaining({ name: 'Chan Dara', phone: PLAINTIFF_PHONE, address: PLAINTIFF_ADDRESS }),
    )
  })

  it('stay out for an advocate who asks for them', async () => {
    const { files, status } = await exportDossier(advocate, `/api/cases/${caseId}/dossier`, { language: 'en', omitPartyContacts: false })
    expect(status.effective).toMatchObject({ omitPartyContacts: true })
    for (const [name, bytes] of files)
      for (const value of contacts) expect(bytes.includes(Buffer.from(value)), `${value} in ${name}`).toBe(false)
  })
})

describe('an English case dossier without privileged notes', () => {
  let plain: Awaited<ReturnType<typeof exportDossier>>
  beforeAll(async () => {
    plain = await exportDossier(legal, `/api/cases/${caseId}/dossier`, { language: 'en' })
  })

  it('has no privileged banner or watermark, and its file name carries the case reference only', () => {
    const html = plain.files.get('index.html')!.toString('utf8')
    expect(html).not.toContain('privileged-banner')
    expect(html).not.toContain('privileged-watermark')
    expect(html).not.toContain('PRIVILEGED AND CONFIDENTIAL')
    expect(plain.fileName).toMatch(new RegExp(`^dossier-${caseReference}-\\d{4}-\\d{2}-\\d{2}-[0-9a-f]{8}\\.zip$`))
  })

  it('writes dates as "2 Mar 2026", never ISO, each on one line', () => {
    const html = plain.files.get('index.html')!.toString('utf8')
    expect(html).toContain('<td class="date">2 Mar 2026</td>')
    expect(html).toContain('<dd class="date">15 Jan 2026</dd>')
    expect(html).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/)
  })

  it('names timeline entries by kind (Land grabbing, Hearing), never "Hearing or event"', () => {
    const html = plain.files.get('index.html')!.toString('utf8')
    expect(html).toContain('<td>Land grabbing</td><td>Bulldozers cleared rice fields</td>')
    expect(html).toContain('<td>Hearing</td><td>First hearing</td>')
    expect(html).not.toContain('Hearing or event')
  })

  it('keeps the forum and province as written in English', () => {
    const html = plain.files.get('index.html')!.toString('utf8')
    expect(html).toContain('<dd>Kampong Speu Provincial Court</dd>')
    expect(html).toContain('<dd>Kampong Speu</dd>')
  })
})

describe('a privileged dossier in English', () => {
  it('carries the English banner and watermark', async () => {
    const { files, fileName } = await exportDossier(legal, `/api/cases/${caseId}/dossier`, { language: 'en', includePrivilegedNotes: true })
    const html = files.get('index.html')!.toString('utf8')
    expect(html).toMatch(/<div class="privileged-banner"[^>]*>PRIVILEGED AND CONFIDENTIAL/)
    expect(html).toMatch(/<div class="privileged-watermark"[^>]*>PRIVILEGED<\/div>/)
    expect(fileName).toMatch(/-PRIVILEGED\.zip$/)
  })
})

describe('the map', () => {
  it('draws the commune borders lightly under the shapes', async () => {
    // An advocate's export: no evidence points (the fixture photo's GPS is in Italy), so the map stays on the community.
    const { files } = await exportDossier(advocate, `/api/cases/${caseId}/dossier`, { language: 'en' })
    const svg = files.get('map.svg')!.toString('utf8')
    const outlines = /<g id="admin-outlines"[^>]*>(.*?)<\/g>/.exec(svg)
    expect(outlines, 'an admin-outlines layer').not.toBeNull()
    expect(outlines![1]).toMatch(/<path class="commune" d="M[\d.]+,[\d.]+L/)
    expect(svg.indexOf('id="admin-outlines"')).toBeLessThan(svg.indexOf('id="concessions"'))
  })
})

describe('retention', () => {
  it('deletes the file of an export past its time and keeps the record', async () => {
    const old = await exportDossier(legal, `/api/cases/${caseId}/dossier`, { language: 'en' })
    await t.db.execute(sql`UPDATE exports SET expires_at = now() - interval '1 minute' WHERE id = ${old.id}`)
    // What an attempt killed mid-way left (a day old), and what a running one is writing (now).
    const workDir = path.join(t.evidenceDir, 'exports')
    const [abandoned, live] = [path.join(workDir, 'abandoned.attempt'), path.join(workDir, 'live.attempt')]
    for (const folder of [abandoned, live]) await mkdir(folder, { recursive: true })
    const dayAgo = new Date(Date.now() - 24 * 3600 * 1000)
    await utimes(abandoned, dayAgo, dayAgo)
    // Every export starts with a sweep (as does every hour, on one server of the cluster).
    await exportDossier(legal, `/api/cases/${caseId}/dossier`, { language: 'en' })
    expect(existsSync(abandoned)).toBe(false)
    expect(existsSync(live)).toBe(true)
    const status = await t.app.inject({ url: `/api/exports/${old.id}`, headers: legal.headers })
    expect(status.json()).toMatchObject({ status: 'done', isExpired: true, sha256: sha256(old.zip) })
    const file = await t.app.inject({ url: `/api/exports/${old.id}/file`, headers: legal.headers })
    expect(file.statusCode).toBe(410)
    expect(problemOf(file).code).toBe('exports.expired')
  })
})

describe('community dossiers and refusals', () => {
  it('exports a community dossier with its cases', async () => {
    const { files, fileName } = await exportDossier(legal, `/api/communities/${communityId}/dossier`, { language: 'en' })
    // Only files about the community: its record is community.json, there is no case.json.
    expect(files.has('data/case.json')).toBe(false)
    expect(files.has('data/case.geojson')).toBe(false)
    expect(files.has('data/community.geojson')).toBe(true)
    expect(fileName).toMatch(/^dossier-Trapeang-Thmey-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.zip$/)
    const record = JSON.parse(files.get('data/community.json')!.toString('utf8'))
    expect(record).toMatchObject({ target: 'community', id: communityId, title: 'Trapeang Thmey' })
    expect(record.cases.map((c: { id: string }) => c.id)).toContain(caseId)
    expect(record.statistics.households).toBe(120)
  })

  it('is still produced without Chromium, and the manifest says why there is no PDF', async () => {
    const bare = await createTestApp({ exports: { chromiumPath: '/nonexistent/chromium' } })
    try {
      const officer = await bare.signIn('legal')
      const lone = await makeCase(bare.db, { title: 'A case printed nowhere', titleKm: TITLE_KM })
      const res = await bare.app.inject({
        method: 'POST',
        url: `/api/cases/${lone.id}/dossier`,
        headers: officer.headers,
        payload: { language: 'en' },
      })
      expect(res.statusCode, res.body).toBe(202)
      let state = res.json() as { id: string; status: string }
      for (const deadline = Date.now() + 30_000; state.status !== 'done' && Date.now() < deadline;) {
        expect(state.status).not.toBe('failed')
        await new Promise((resolve) => setTimeout(resolve, 50))
        state = (await bare.app.inject({ url: `/api/exports/${state.id}`, headers: officer.headers })).json()
      }
      const zip = await bare.app.inject({ url: `/api/exports/${state.id}/file`, headers: officer.headers })
      const files = await unzip(zip.rawPayload)
      expect(files.has('dossier.pdf')).toBe(false)
      expect(files.has('index.html')).toBe(true)
      const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'))
      expect(manifest.pdf).toEqual({ included: false, reason: expect.stringContaining('/nonexistent/chromium') })
    } finally {
      await bare.close()
    }
  })

  it('builds no dossier for an account deactivated between the request and the job', async () => {
    // The job as a request queues it (ids only), for a requester who can no longer sign in.
    const gone = await t.signIn('legal')
    await t.db.execute(sql`UPDATE users SET is_active = false WHERE id = ${gone.userId}`)
    const row = await insertExport(t.db, {
      target: 'case',
      targetId: caseId,
      language: 'en',
      requested: DossierBody.parse({ language: 'en' }),
      effective: {
        includePrivilegedNotes: false,
        coarsenLocations: true,
        keepPhotoGps: false,
        confidentialPeopleAsInitials: true,
        includeConfidentialRecords: false,
        includeEvidenceLocations: false,
      },
      createdByUserId: gone.userId,
    })
    await t.app.jobs.send(DOSSIER_QUEUE, {
      exportId: row.id,
      requesterId: gone.userId,
      audit: { actorId: gone.userId, actorLabel: 'test', requestId: 'r', ip: '127.0.0.1' },
    })
    for (const deadline = Date.now() + 120_000; ;) {
      const [state] = await queryRows<{ status: string; error: string | null }>(
        t.db,
        sql`SELECT status, error FROM exports WHERE id = ${row.id}`,
      )
      if (state!.status === 'failed') {
        expect(state!.error).toBe('the account that asked for this export has been deactivated')
        break
      }
      expect(Date.now(), 'the job to fail').toBeLessThan(deadline)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(await t.app.blobStore.statFile(`exports/${row.id}.zip`)).toBeUndefined()
  })

  it('refuses community representatives (403)', async () => {
    const rep = await t.signIn('community_rep', { communityIds: [communityId] })
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/dossier`,
      headers: rep.headers,
      payload: { language: 'en' },
    })
    expect(res.statusCode).toBe(403)
  })

  it('answers 404 for a case that does not exist', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/cases/00000000-0000-4000-8000-000000000000/dossier',
      headers: legal.headers,
      payload: { language: 'en' },
    })
    expect(res.statusCode).toBe(404)
  })

  it('answers 400 naming the field for a bad body', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/dossier`,
      headers: legal.headers,
      payload: { language: 'fr' },
    })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.map((e) => e.field)).toContain('body.language')
    const extra = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/dossier`,
      headers: legal.headers,
      payload: { language: 'en', stripEverything: true },
    })
    expect(extra.statusCode).toBe(400)
    expect(extra.body).toContain('stripEverything')
  })
})
