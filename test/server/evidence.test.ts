// Evidence: real files on a real disk through the real HTTP API (uploads, downloads, custody).
import contentDisposition from 'content-disposition'
import { eq, sql } from 'drizzle-orm'
import exifr from 'exifr'
import { createHash, randomBytes } from 'node:crypto'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { evidence } from '../../db/schema/index.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { multipart, type FilePart } from '../helpers/multipart.ts'

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures')
const PHOTO = path.join(FIXTURES, 'photos/exif-samples_gps_DSCN0010.jpg')
const NO_EXIF = path.join(FIXTURES, 'photos/exifr_noexif.jpg')
const PDF = path.join(FIXTURES, 'pdf/py-pdf_minimal-document.pdf')
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** Every file under the store: blobs (64 hex), derived files, temporary files. */
export async function storeFiles(dir: string) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  const files = entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
  return {
    blobs: files.filter((f) => /^[0-9a-f]{64}$/.test(path.basename(f))),
    temporary: files.filter((f) => f.startsWith('tmp')),
  }
}

let t: TestApp
let communityId: string
let photo: Buffer
let pdf: Buffer

const upload = (fields: Record<string, string>, files: FilePart[], app = t) => {
  const body = multipart(fields, files)
  return app.app.inject({ method: 'POST', url: '/api/evidence', ...body })
}
const evidenceCount = async () => (await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM evidence`))[0]!.n

beforeAll(async () => {
  t = await createTestApp()
  communityId = (await makeCommunity(t.db)).id
  photo = await readFile(PHOTO)
  pdf = await readFile(PDF)
})
afterAll(() => t?.close())

describe('upload', () => {
  it('extracts GPS, capture time and camera from a real photo, and makes a thumbnail', async () => {
    const res = await upload({ communityId, title: 'Bulldozer on the rice field' }, [
      { filename: 'DSCN0010.jpg', type: 'image/jpeg', bytes: photo },
    ])
    expect(res.statusCode, res.body).toBe(201)
    const [item] = res.json().items
    expect(item.sha256).toBe(sha256(photo))
    expect(item.sizeBytes).toBe(photo.length)
    expect(item.mediaType).toBe('image/jpeg')
    expect(item.declaredType).toBeNull()
    expect(item.capturedAtText).toBe('2008:10:22 16:28:39')
    // No offset in this camera's EXIF: read as Cambodian time (UTC+7).
    expect(item.capturedAt).toBe('2008-10-22T09:28:39.000Z')
    expect(item.location.coordinates[0]).toBeCloseTo(11.885127, 5)
    expect(item.location.coordinates[1]).toBeCloseTo(43.467448, 5)
    expect(item.cameraMake).toBe('NIKON')
    expect(item.cameraModel).toBe('COOLPIX P6000')
    expect(item.orientation).toBe(1)
    expect(item.hasThumbnail).toBe(true)
    expect(item.uploadedByUserId).toBeTruthy()

    const thumb = await t.app.inject({ url: `/api/evidence/${item.id}/thumbnail` })
    expect(thumb.statusCode).toBe(200)
    expect(thumb.headers['content-type']).toBe('image/webp')
    expect(await exifr.gps(thumb.rawPayload).catch(() => undefined)).toBeUndefined()
  })

  it('answers a part whose header block never ends with 400, instead of waiting for the request timeout', async () => {
    // busboy never finishes a part with no headers and a long body (found by intake-fuzz.test.ts).
    const boundary = '----deynoheaders'
    const before = await t.db.select({ id: evidence.id }).from(evidence)
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/evidence',
      payload: `--${boundary}\r\n\r\n${'y'.repeat(70_000)}\r\n--${boundary}--\r\n`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toMatchObject({ code: 'request.invalid', errors: [{ field: 'body' }] })
    expect(await t.db.select({ id: evidence.id }).from(evidence)).toEqual(before)
  })

  it('keeps the given capture time over EXIF, and records a declared type that disagrees', async () => {
    const res = await upload({ communityId, capturedAt: '2026-03-01T08:00:00+07:00', capturedBy: 'Sokha' }, [
      { filename: 'notice.png', type: 'image/png', bytes: photo },
    ])
    expect(res.statusCode, res.body).toBe(201)
    const [item] = res.json().items
    expect(item.capturedAt).toBe('2026-03-01T01:00:00.000Z')
    expect(item.capturedAtText).toBe('2008:10:22 16:28:39')
    expect(item.mediaType).toBe('image/jpeg')
    expect(item.declaredType).toBe('image/png')
    expect(item.title).toBe('notice.png')
    expect(item.capturedBy).toBe('Sokha')
  })

  it('lets an admin re-hash every stored file and finds one altered on disk', async () => {
    const res = await upload({ communityId }, [
      { filename: 'to-check.pdf', type: 'application/pdf', bytes: Buffer.concat([pdf, Buffer.from('\n% verify me')]) },
    ])
    const [item] = res.json().items
    expect((await t.app.inject({ method: 'POST', url: '/api/evidence/verify' })).json()).toMatchObject({
      isIntact: true,
      missing: [],
      mismatched: [],
    })
    const file = path.join(t.evidenceDir, item.sha256.slice(0, 2), item.sha256.slice(2, 4), item.sha256)
    const bytes = await readFile(file)
    bytes[100] = bytes[100]! ^ 0xff
    await writeFile(file, bytes)
    const report = (await t.app.inject({ method: 'POST', url: '/api/evidence/verify' })).json()
    expect(report.isIntact).toBe(false)
    expect(report.mismatched).toEqual([expect.objectContaining({ sha256: item.sha256, evidenceIds: [item.id] })])
    await writeFile(file, Buffer.concat([pdf, Buffer.from('\n% verify me')]))
  })

  it('stores a PDF and serves it back byte-identical', async () => {
    const res = await upload({ communityId }, [{ filename: 'eviction-notice.pdf', type: 'application/pdf', bytes: pdf }])
    expect(res.statusCode, res.body).toBe(201)
    const [item] = res.json().items
    expect(item.mediaType).toBe('application/pdf')
    expect(item.hasThumbnail).toBe(false)
    const file = await t.app.inject({ url: `/api/evidence/${item.id}/file` })
    expect(file.statusCode).toBe(200)
    expect(sha256(file.rawPayload)).toBe(sha256(pdf))
    expect(file.headers['content-type']).toBe('application/pdf')
    expect(file.headers['content-length']).toBe(String(pdf.length))
    expect(file.headers['etag']).toBe(`"${sha256(pdf)}"`)
    expect(file.headers['x-content-type-options']).toBe('nosniff')
    expect(file.headers['accept-ranges']).toBe('bytes')
  })

  it('stores the same bytes once: two records, one blob', async () => {
    const bytes = await readFile(NO_EXIF)
    const first = await upload({ communityId }, [{ filename: 'a.jpg', bytes }])
    const second = await upload({ communityId }, [{ filename: 'b.jpg', bytes }])
    expect([first.statusCode, second.statusCode]).toEqual([201, 201])
    expect(first.json().items[0].id).not.toBe(second.json().items[0].id)
    const { blobs } = await storeFiles(t.evidenceDir)
    expect(blobs.filter((f) => path.basename(f) === sha256(bytes))).toHaveLength(1)
    const rows = await t.db
      .select({ id: evidence.id })
      .from(evidence)
      .where(eq(evidence.sha256, sha256(bytes)))
    expect(rows).toHaveLength(2)
  })

  it('accepts several files in one request, and plain text and GeoJSON by content', async () => {
    const geojson = Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [] }))
    const text = Buffer.from('ភូមិ: បន្ទាយមាស — witness statement\n')
    const res = await upload({ communityId }, [
      { filename: 'area.geojson', bytes: geojson },
      { filename: 'statement.txt', type: 'text/plain', bytes: text },
    ])
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json().items.map((i: { mediaType: string }) => i.mediaType)).toEqual(['application/geo+json', 'text/plain'])
  })

  it('refuses a spoofed type (an executable named .jpg) with 415 and keeps nothing', async () => {
    const before = await evidenceCount()
    const blobsBefore = (await storeFiles(t.evidenceDir)).blobs.length
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), randomBytes(4000)])
    for (const bytes of [elf, randomBytes(5000)]) {
      const res = await upload({ communityId }, [{ filename: 'photo.jpg', type: 'image/jpeg', bytes }])
      expect(res.statusCode, res.body).toBe(415)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(res.json().code).toBe('evidence.unsupported_type')
      expect(res.json().errors[0].field).toBe('file')
    }
    expect(await evidenceCount()).toBe(before)
    const after = await storeFiles(t.evidenceDir)
    expect(after.blobs.length).toBe(blobsBefore)
    expect(after.temporary).toEqual([])
  })

  it('is all-or-nothing: one refused file keeps none of the others', async () => {
    const before = await evidenceCount()
    const res = await upload({ communityId }, [
      { filename: 'ok.pdf', bytes: pdf },
      { filename: 'bad.jpg', bytes: randomBytes(3000) },
    ])
    expect(res.statusCode).toBe(415)
    expect(await evidenceCount()).toBe(before)
    expect((await storeFiles(t.evidenceDir)).temporary).toEqual([])
  })

  it('refuses a wrong client SHA-256 with 422 and keeps nothing', async () => {
    const before = await evidenceCount()
    const bytes = Buffer.concat([pdf, Buffer.from('\n%unique-' + randomBytes(4).toString('hex'))])
    const res = await upload({ communityId, sha256: sha256(Buffer.from('something else')) }, [{ filename: 'x.pdf', bytes }])
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json().code).toBe('evidence.hash_mismatch')
    expect(res.json().errors[0].field).toBe('body.sha256')
    expect(await evidenceCount()).toBe(before)
    const after = await storeFiles(t.evidenceDir)
    expect(after.blobs.map((f) => path.basename(f))).not.toContain(sha256(bytes))
    expect(after.temporary).toEqual([])
    // The right hash is accepted.
    const ok = await upload({ communityId, sha256: sha256(bytes).toUpperCase() }, [{ filename: 'x.pdf', bytes }])
    expect(ok.statusCode, ok.body).toBe(201)
  })

  it('answers bad input with a 4xx naming the field', async () => {
    const none = await upload({ title: 'x' }, [{ filename: 'a.pdf', bytes: pdf }])
    expect(none.statusCode).toBe(400)
    expect(none.json().errors[0].field).toBe('body.attachTo')
    const two = await upload({ communityId, incidentId: communityId }, [{ filename: 'a.pdf', bytes: pdf }])
    expect(two.statusCode).toBe(400)
    const missing = await upload({ incidentId: '00000000-0000-4000-8000-000000000000' }, [{ filename: 'a.pdf', bytes: pdf }])
    expect(missing.statusCode).toBe(422)
    expect(missing.json().errors[0].field).toBe('body.incidentId')
    const badDate = await upload({ communityId, capturedAt: 'yesterday' }, [{ filename: 'a.pdf', bytes: pdf }])
    expect(badDate.statusCode).toBe(400)
    expect(badDate.json().errors[0].field).toBe('body.capturedAt')
    const unknown = await upload({ communityId, colour: 'red' }, [{ filename: 'a.pdf', bytes: pdf }])
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().errors[0].field).toBe('body.colour')
    const noFile = await upload({ communityId }, [])
    expect(noFile.statusCode).toBe(400)
    expect(noFile.json().errors[0].field).toBe('body.file')
    const json = await t.app.inject({ method: 'POST', url: '/api/evidence', payload: { communityId } })
    expect(json.statusCode).toBe(415)
    // Fields after a file: refused, and the file already received is not kept.
    const before = await evidenceCount()
    const late = multipart({}, [{ filename: 'a.pdf', bytes: pdf }])
    const lateBody = Buffer.concat([
      late.payload.subarray(0, late.payload.length - 2 - late.headers['content-type'].split('=')[1]!.length - 4),
      Buffer.from(
        `--${late.headers['content-type'].split('=')[1]}\r\nContent-Disposition: form-data; name="communityId"\r\n\r\n${communityId}\r\n--${late.headers['content-type'].split('=')[1]}--\r\n`,
      ),
    ])
    const lateRes = await t.app.inject({ method: 'POST', url: '/api/evidence', payload: lateBody, headers: late.headers })
    expect(lateRes.statusCode).toBeGreaterThanOrEqual(400)
    expect(lateRes.statusCode).toBeLessThan(500)
    expect(await evidenceCount()).toBe(before)
    expect((await storeFiles(t.evidenceDir)).temporary).toEqual([])
  })

  it('refuses a file name with a NUL or another control character as a bad name, keeping nothing', async () => {
    const before = await evidenceCount()
    for (const filename of ['evil\u0000.pdf', 'bell\u0007.pdf', 'tab\tname.pdf']) {
      const res = await upload({ communityId }, [{ filename, bytes: pdf }])
      expect(res.statusCode, JSON.stringify(filename)).toBe(400)
      expect(res.json().errors[0]).toMatchObject({ field: 'body.file', message: expect.stringMatching(/file name/) })
    }
    expect(await evidenceCount()).toBe(before)
    expect((await storeFiles(t.evidenceDir)).temporary).toEqual([])
  })
})

describe('size limit', () => {
  let small: TestApp
  beforeAll(async () => {
    small = await createTestApp({ maxUploadBytes: 100_000 })
  })
  afterAll(() => small?.close())

  it('refuses an over-limit upload with 413 from its Content-Length, and keeps nothing', async () => {
    const community = await makeCommunity(small.db)
    const res = await upload(
      { communityId: community.id },
      [{ filename: 'big.pdf', bytes: Buffer.concat([pdf, randomBytes(200_000)]) }],
      small,
    )
    expect(res.statusCode, res.body).toBe(413)
    expect(res.json().code).toBe('evidence.too_large')
    const files = await storeFiles(small.evidenceDir)
    expect(files).toEqual({ blobs: [], temporary: [] })
  })

  it('refuses an over-limit file streamed without Content-Length (chunked) with 413, and keeps nothing', async () => {
    const community = await makeCommunity(small.db)
    const body = multipart({ communityId: community.id }, [{ filename: 'big.pdf', bytes: Buffer.concat([pdf, randomBytes(200_000)]) }])
    await small.app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = small.app.server.address() as AddressInfo
    const cookie = await adminCookie(small)
    const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: '/api/evidence',
          agent: false,
          headers: { ...body.headers, cookie, connection: 'close', 'transfer-encoding': 'chunked' },
        },
        (res) => {
          let text = ''
          res.on('data', (c) => (text += c))
          res.on('end', () => resolve({ status: res.statusCode!, body: text }))
        },
      )
      req.on('error', reject)
      for (let i = 0; i < body.payload.length; i += 16_384) req.write(body.payload.subarray(i, i + 16_384))
      req.end()
    })
    expect(status.status, status.body).toBe(413)
    expect(await storeFiles(small.evidenceDir)).toEqual({ blobs: [], temporary: [] })
    const rows = await small.db.select({ id: evidence.id }).from(evidence)
    expect(rows).toEqual([])
  })
})

/** The admin session the test app's inject uses, for real HTTP requests. */
async function adminCookie(app: TestApp) {
  return (await app.signIn('admin')).headers.cookie
}

describe('aborted upload', () => {
  it('keeps no row and no file when the client hangs up half-way', async () => {
    const aborting = await createTestApp()
    try {
      const community = await makeCommunity(aborting.db)
      await aborting.app.listen({ port: 0, host: '127.0.0.1' })
      const { port } = aborting.app.server.address() as AddressInfo
      const cookie = await adminCookie(aborting)
      const body = multipart({ communityId: community.id }, [
        { filename: 'video.mp4', bytes: Buffer.concat([pdf, randomBytes(3_000_000)]) },
      ])
      await new Promise<void>((resolve) => {
        const req = http.request({
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: '/api/evidence',
          agent: false,
          headers: { ...body.headers, cookie, connection: 'close', 'content-length': body.payload.length },
        })
        req.on('error', () => resolve())
        req.write(body.payload.subarray(0, body.payload.length / 2), () => {
          setTimeout(() => {
            req.destroy()
            resolve()
          }, 200)
        })
      })
      // Let the server notice the hang-up and clean up (up to 30 s: the machine may be busy).
      for (let i = 0; i < 300 && (await storeFiles(aborting.evidenceDir)).temporary.length > 0; i++)
        await new Promise((r) => setTimeout(r, 100))
      await new Promise((r) => setTimeout(r, 300))
      expect(await storeFiles(aborting.evidenceDir)).toEqual({ blobs: [], temporary: [] })
      expect(await aborting.db.select({ id: evidence.id }).from(evidence)).toEqual([])
    } finally {
      await aborting.close()
    }
  })
})

describe('download', () => {
  let photoId: string
  beforeAll(async () => {
    const res = await upload({ communityId }, [{ filename: 'រូបថត-ការបណ្ដេញចេញ.jpg', type: 'image/jpeg', bytes: photo }])
    expect(res.statusCode, res.body).toBe(201)
    photoId = res.json().items[0].id
  })

  it('keeps a Khmer filename in Content-Disposition (RFC 6266 filename*)', async () => {
    const res = await t.app.inject({ url: `/api/evidence/${photoId}/file` })
    expect(res.statusCode).toBe(200)
    const header = res.headers['content-disposition'] as string
    expect(header).toContain("filename*=UTF-8''")
    expect(contentDisposition.parse(header).parameters.filename).toBe('រូបថត-ការបណ្ដេញចេញ.jpg')
    expect((await t.app.inject({ url: `/api/evidence/${photoId}` })).json().originalFilename).toBe('រូបថត-ការបណ្ដេញចេញ.jpg')
  })

  it('serves byte ranges exactly, and 416 for an unsatisfiable one', async () => {
    const cases: [string, number, number][] = [
      ['bytes=0-99', 0, 99],
      ['bytes=1000-', 1000, photo.length - 1],
      ['bytes=-50', photo.length - 50, photo.length - 1],
      ['bytes=160000-170000', 160000, photo.length - 1],
      // A suffix longer than the file is the whole file (RFC 9110 §14.1.2), not unsatisfiable.
      ['bytes=-999999999', 0, photo.length - 1],
    ]
    for (const [range, start, end] of cases) {
      const res = await t.app.inject({ url: `/api/evidence/${photoId}/file`, headers: { range } })
      expect(res.statusCode, range).toBe(206)
      expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/${photo.length}`)
      expect(res.headers['content-length']).toBe(String(end - start + 1))
      expect(res.rawPayload.equals(photo.subarray(start, end + 1)), range).toBe(true)
    }
    const bad = await t.app.inject({ url: `/api/evidence/${photoId}/file`, headers: { range: `bytes=${photo.length + 10}-` } })
    expect(bad.statusCode).toBe(416)
    expect(bad.headers['content-range']).toBe(`bytes */${photo.length}`)
  })

  it('strips GPS on request while the stored blob stays unchanged', async () => {
    const original = await t.app.inject({ url: `/api/evidence/${photoId}/file` })
    expect((await exifr.gps(original.rawPayload))?.latitude).toBeCloseTo(43.467448, 5)
    const res = await t.app.inject({ url: `/api/evidence/${photoId}/file?stripLocation=1` })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('image/jpeg')
    expect(res.rawPayload.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true)
    expect(await exifr.gps(res.rawPayload).catch(() => undefined)).toBeUndefined()
    expect(await exifr.parse(res.rawPayload, { gps: true }).catch(() => undefined)).toBeUndefined()
    const sha = sha256(photo)
    const stored = await readFile(path.join(t.evidenceDir, sha.slice(0, 2), sha.slice(2, 4), sha))
    expect(sha256(stored)).toBe(sha)
  })

  it('lists every upload, download, change and deletion in the chain of custody', async () => {
    const up = await upload({ communityId, title: 'Custody' }, [
      { filename: 'c.pdf', bytes: Buffer.concat([pdf, Buffer.from('%custody')]) },
    ])
    const item = up.json().items[0]
    await t.app.inject({ url: `/api/evidence/${item.id}/file` })
    await t.app.inject({ url: `/api/evidence/${item.id}/file`, headers: { range: 'bytes=0-9' } })
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/evidence/${item.id}`,
      payload: { title: 'Renamed', version: item.version },
    })
    expect(patch.statusCode, patch.body).toBe(200)
    expect(patch.json().title).toBe('Renamed')
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/evidence/${item.id}`,
      payload: { title: 'Again', version: item.version },
    })
    expect(stale.statusCode).toBe(409)
    expect((await t.app.inject({ method: 'DELETE', url: `/api/evidence/${item.id}` })).statusCode).toBe(204)
    expect((await t.app.inject({ url: `/api/evidence/${item.id}` })).statusCode).toBe(404)
    const custody = await t.app.inject({ url: `/api/evidence/${item.id}/custody` })
    expect(custody.statusCode, custody.body).toBe(200)
    const entries = custody.json().entries as { action: string; sha256: string; actorLabel: string; at: string }[]
    expect(entries.map((e) => e.action)).toEqual(['create', 'download', 'download', 'update', 'delete'])
    expect(entries.filter((e) => e.action !== 'update' && e.action !== 'delete').every((e) => e.sha256 === item.sha256)).toBe(true)
    expect(entries.every((e) => e.actorLabel.startsWith('admin:'))).toBe(true)
  })

  it('purges with a reason: audited, blob kept while another record needs it, removed after', async () => {
    const bytes = Buffer.concat([pdf, Buffer.from('%purge-' + randomBytes(4).toString('hex'))])
    const sha = sha256(bytes)
    const a = (await upload({ communityId }, [{ filename: 'p1.pdf', bytes }])).json().items[0]
    const b = (await upload({ communityId }, [{ filename: 'p2.pdf', bytes }])).json().items[0]
    const blobNames = async () => (await storeFiles(t.evidenceDir)).blobs.map((f) => path.basename(f))
    const noReason = await t.app.inject({ method: 'POST', url: `/api/evidence/${a.id}/purge`, payload: {} })
    expect(noReason.statusCode).toBe(400)
    const first = await t.app.inject({
      method: 'POST',
      url: `/api/evidence/${a.id}/purge`,
      payload: { reason: 'Uploaded by mistake (wrong village)' },
    })
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json().blobRemoved).toBe(false)
    expect(await blobNames()).toContain(sha)
    expect((await t.app.inject({ url: `/api/evidence/${b.id}/file` })).statusCode).toBe(200)
    const second = await t.app.inject({
      method: 'POST',
      url: `/api/evidence/${b.id}/purge`,
      payload: { reason: 'Duplicate of a purged file' },
    })
    expect(second.json().blobRemoved).toBe(true)
    expect(await blobNames()).not.toContain(sha)
    expect((await t.app.inject({ url: `/api/evidence/${b.id}/file` })).statusCode).toBe(404)
    expect((await t.app.inject({ method: 'POST', url: `/api/evidence/${b.id}/purge`, payload: { reason: 'again' } })).statusCode).toBe(404)
    const entries = (await t.app.inject({ url: `/api/evidence/${a.id}/custody` })).json().entries
    const purge = entries.find((e: { action: string }) => e.action === 'purge')
    expect(purge.details).toMatchObject({ sha256: sha, reason: 'Uploaded by mistake (wrong village)' })
  })

  it('lists evidence of a record', async () => {
    const other = await makeCommunity(t.db)
    await upload({ communityId: other.id }, [{ filename: 'o.pdf', bytes: pdf }])
    const res = await t.app.inject({ url: `/api/evidence?community=${other.id}` })
    expect(res.statusCode).toBe(200)
    expect(res.json().items).toHaveLength(1)
    expect(res.json().items[0].communityId).toBe(other.id)
  })
})
