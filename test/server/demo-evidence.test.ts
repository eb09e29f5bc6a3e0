// Demo evidence: loaded with the demo data into a real database and a real store on disk.
import { sql } from 'drizzle-orm'
import exifr from 'exifr'
import { fileTypeFromBuffer } from 'file-type'
import { createHash } from 'node:crypto'
import { readFile, readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { loadDemoData } from '../../db/seed/index.ts'
import { DEMO_EVIDENCE_DIR, demoPdf, loadDemoEvidence } from '../../server/lib/demo-evidence.ts'
import { createDemoUsers } from '../../server/lib/demo-users.ts'
import { createLocalBlobStore } from '../../server/lib/local-blob-store.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

// Cambodia's outline bbox (geoBoundaries ADM0).
const inCambodia = (lng: number, lat: number) => lng >= 102.3 && lng <= 107.7 && lat >= 9.9 && lat <= 14.7
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

let t: TestApp
let loaded: number
let loadMs: number
beforeAll(async () => {
  t = await createTestApp()
  await loadDemoData(t.db, new Date('2026-11-28T00:00:00Z'))
  await createDemoUsers(t.db)
  const startedAt = performance.now()
  loaded = await loadDemoEvidence(t.db, createLocalBlobStore(t.evidenceDir))
  loadMs = performance.now() - startedAt
  console.info(`demo evidence on ${testDriver}: ${loaded} records in ${Math.round(loadMs)} ms`)
})
afterAll(() => t?.close())

interface Row {
  id: string
  sha256: string
  case_id: string | null
  incident_id: string | null
  media_type: string
  is_confidential: boolean
  has_thumbnail: boolean
  page_count: number | null
  lng: number | null
  lat: number | null
}
const rows = () =>
  queryRows<Row>(
    t.db,
    sql`
  SELECT id, sha256, case_id, incident_id, media_type, is_confidential, has_thumbnail, page_count,
         ST_X(location) AS lng, ST_Y(location) AS lat
  FROM evidence ORDER BY created_at, id`,
  )

describe(`demo evidence on ${testDriver}`, () => {
  it('gives every demo case 2–4 files, at least one with GPS inside Cambodia, and some incidents a photo', async () => {
    const all = await rows()
    expect(all.length).toBe(loaded)
    const cases = await queryRows<{ id: string }>(t.db, sql`SELECT id FROM legal_cases`)
    expect(cases.length).toBeGreaterThan(0)
    for (const { id } of cases) {
      const own = all.filter((row) => row.case_id === id)
      expect(own.length).toBeGreaterThanOrEqual(2)
      expect(own.length).toBeLessThanOrEqual(4)
      expect(own.some((row) => row.lng !== null && inCambodia(Number(row.lng), Number(row.lat)))).toBe(true)
    }
    const incidentPhotos = all.filter((row) => row.incident_id !== null)
    expect(incidentPhotos.length).toBeGreaterThan(0)
    // Every recorded location is inside Cambodia: the foreign GPS of the public sample photo is not kept.
    for (const row of all.filter((r) => r.lng !== null)) expect(inCambodia(Number(row.lng), Number(row.lat))).toBe(true)
    expect(new Set(all.map((row) => row.media_type))).toEqual(new Set(['image/jpeg', 'application/pdf']))
    expect(all.filter((row) => row.media_type === 'image/jpeg').every((row) => row.has_thumbnail)).toBe(true)
  })

  it('marks exactly one record confidential', async () => {
    expect((await rows()).filter((row) => row.is_confidential)).toHaveLength(1)
  })

  it('stores every blob under its own SHA-256, the public samples once however often they are used', async () => {
    const all = await rows()
    const store = createLocalBlobStore(t.evidenceDir)
    const stored: string[] = []
    for await (const name of store.list()) stored.push(name)
    expect(new Set(stored)).toEqual(new Set(all.map((row) => row.sha256)))
    for (const name of stored) {
      const bytes = await readFile(path.join(t.evidenceDir, name.slice(0, 2), name.slice(2, 4), name))
      expect(sha256(bytes)).toBe(name)
    }
    const samples = await readdir(DEMO_EVIDENCE_DIR)
    for (const sample of samples.filter((name) => name !== 'SOURCES.md')) {
      const hash = sha256(await readFile(path.join(DEMO_EVIDENCE_DIR, sample)))
      expect(stored).toContain(hash)
    }
    expect(stored.length).toBeLessThan(all.length) // a sample used on two cases is one blob
  })

  it('writes real GPS EXIF into the generated photos and valid one-page PDFs', async () => {
    const [photo] = (await rows()).filter((row) => row.media_type === 'image/jpeg' && row.lng !== null)
    const bytes = await readFile(path.join(t.evidenceDir, photo!.sha256.slice(0, 2), photo!.sha256.slice(2, 4), photo!.sha256))
    const gps = await exifr.gps(bytes)
    expect(gps.longitude).toBeCloseTo(Number(photo!.lng), 5)
    expect(gps.latitude).toBeCloseTo(Number(photo!.lat), 5)
    const generatedPdfs = (await rows()).filter((row) => row.media_type === 'application/pdf' && row.page_count === 1)
    expect(generatedPdfs.length).toBeGreaterThanOrEqual(1)
  })

  it('writes a well-formed PDF: every xref offset points at its object', async () => {
    const pdf = demoPdf(['Title (with parentheses)', 'Khmer ភូមិ becomes ?'])
    expect((await fileTypeFromBuffer(pdf))?.mime).toBe('application/pdf')
    const text = pdf.toString('latin1')
    const xrefAt = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1])
    expect(text.slice(xrefAt, xrefAt + 4)).toBe('xref')
    const entries = text
      .slice(xrefAt)
      .split('\n')
      .slice(3)
      .filter((line) => / n $/.test(line))
    expect(entries).toHaveLength(6)
    for (const [i, entry] of entries.entries()) expect(text.slice(Number(entry.slice(0, 10))).startsWith(`${i + 1} 0 obj\n`)).toBe(true)
    const length = Number(/\/Length (\d+)/.exec(text)![1])
    const streamStart = text.indexOf('stream\n') + 'stream\n'.length
    expect(text.slice(streamStart + length)).toMatch(/^\nendstream/)
  })

  it('is served by the API byte for byte, with its hash as ETag', async () => {
    const [row] = (await rows()).filter((r) => r.case_id !== null && r.media_type === 'application/pdf' && !r.is_confidential)
    const res = await t.app.inject({ url: `/api/evidence/${row!.id}/file` })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/pdf')
    expect(sha256(res.rawPayload)).toBe(row!.sha256)
    expect(res.headers.etag).toContain(row!.sha256)
    const thumb = (await rows()).find((r) => r.has_thumbnail)!
    expect((await t.app.inject({ url: `/api/evidence/${thumb.id}/thumbnail` })).statusCode).toBe(200)
  })

  it('runs only once: a database that already has evidence gets nothing more', async () => {
    const before = (await rows()).length
    expect(await loadDemoEvidence(t.db, createLocalBlobStore(t.evidenceDir))).toBe(0)
    expect((await rows()).length).toBe(before)
  })

  it('keeps the shipped sample files small (< 1 MB)', async () => {
    let total = 0
    for (const name of await readdir(DEMO_EVIDENCE_DIR)) total += (await stat(path.join(DEMO_EVIDENCE_DIR, name))).size
    expect(total).toBeLessThan(1024 * 1024)
  })
})
