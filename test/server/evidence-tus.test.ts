// Resumable uploads (tus) with a real tus client against the real app listening on loopback:
// real files on a real disk, a real database.
import { sql } from 'drizzle-orm'
import { createHash, randomBytes } from 'node:crypto'
import { readdir } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { Upload, type DetailedError, type UploadOptions } from 'tus-js-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'

const MB = 1024 * 1024
const CHUNK = 256 * 1024
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')
/** A text file (text/plain is on the allow-list) of `size` bytes, different every time. */
const textFile = (size: number) =>
  Buffer.from(
    randomBytes(Math.ceil(size / 2))
      .toString('hex')
      .slice(0, size)
      .replace(/(.{99})./g, '$1\n'),
  )

let t: TestApp
let endpoint: string
let communityId: string
let legal: SignedIn

beforeAll(async () => {
  t = await createTestApp()
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  endpoint = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/uploads`
  communityId = (await makeCommunity(t.db)).id
  legal = await t.signIn('legal')
})
afterAll(() => t?.close())

const evidenceCount = async () => (await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM evidence`))[0]!.n
const filesUnder = async (dir: string) =>
  (await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []))
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
const uploadsDir = () => path.join(t.evidenceDir, 'uploads')

interface Outcome {
  evidenceId?: string
  error?: DetailedError
  url: string | null
}

/** Runs a tus upload to the end, its error, or until abortWhen(bytes the server accepted) says to abort it. */
function runUpload(bytes: Buffer, options: Partial<UploadOptions> & { abortWhen?: (accepted: number) => boolean } = {}): Promise<Outcome> {
  const { abortWhen, ...rest } = options
  return new Promise((resolve) => {
    const upload: Upload = new Upload(bytes, {
      endpoint,
      chunkSize: CHUNK,
      retryDelays: [],
      headers: legal.headers,
      metadata: { filename: 'notes.txt', filetype: 'text/plain', communityId, title: 'Field notes' },
      ...rest,
      onChunkComplete: (_size, accepted) => {
        if (abortWhen?.(accepted)) void upload.abort().then(() => resolve({ url: upload.url }))
      },
      onSuccess: ({ lastResponse }) => resolve({ evidenceId: lastResponse.getHeader('Dey-Evidence-Id') ?? undefined, url: upload.url }),
      onError: (error) => resolve({ error: error as DetailedError, url: upload.url }),
    })
    upload.start()
  })
}

async function evidenceRow(id: string) {
  const res = await t.app.inject({ url: `/api/evidence/${id}` })
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as {
    sha256: string
    sizeBytes: number
    mediaType: string
    originalFilename: string
    title: string
    communityId: string
    uploadedByUserId: string
  }
}

async function downloaded(id: string) {
  const res = await t.app.inject({ url: `/api/evidence/${id}/file` })
  expect(res.statusCode).toBe(200)
  return res.rawPayload
}

describe('tus resumable uploads', () => {
  it('a 3 MB file sent in 256 kB chunks arrives byte-identical as evidence, attributed to the uploader', async () => {
    const bytes = textFile(3 * MB)
    const patches: number[] = []
    const outcome = await runUpload(bytes, {
      onBeforeRequest: (req) => {
        if (req.getMethod() === 'PATCH') patches.push(Number(req.getHeader('Upload-Offset')))
      },
    })
    expect(outcome.error).toBeUndefined()
    expect(patches.length).toBe(12)
    const row = await evidenceRow(outcome.evidenceId!)
    expect(row).toMatchObject({
      sha256: sha256(bytes),
      sizeBytes: bytes.length,
      mediaType: 'text/plain',
      originalFilename: 'notes.txt',
      title: 'Field notes',
      communityId,
      uploadedByUserId: legal.userId,
    })
    expect(sha256(await downloaded(outcome.evidenceId!))).toBe(sha256(bytes))
    // The blob is in the content-addressed store; the partial upload is gone.
    expect((await filesUnder(t.evidenceDir)).some((f) => f.endsWith(sha256(bytes)))).toBe(true)
    expect(await filesUnder(uploadsDir())).toEqual([])
    // The record's creation is attributed to the user of the finishing request.
    const audit = await queryRows<{ actorId: string; action: string }>(
      t.db,
      sql`SELECT actor_id AS "actorId", action FROM audit_log WHERE entity = 'evidence' AND entity_id = ${outcome.evidenceId!} ORDER BY id`,
    )
    expect(audit[0]).toEqual({ actorId: legal.userId, action: 'create' })
  })

  it('an upload interrupted after 80 % resumes from the stored URL without re-sending the first part', async () => {
    const bytes = textFile(3 * MB)
    const before = await evidenceCount()
    const first = await runUpload(bytes, { abortWhen: (accepted) => accepted > 0.8 * bytes.length })
    expect(first.url).toMatch(/\/api\/uploads\/[0-9a-f]{32}$/)
    expect(first.evidenceId).toBeUndefined()
    expect(await evidenceCount()).toBe(before)

    const head = await t.app.inject({
      method: 'HEAD',
      url: new URL(first.url!).pathname,
      headers: { ...legal.headers, 'tus-resumable': '1.0.0' },
    })
    expect(head.statusCode).toBe(200)
    const offset = Number(head.headers['upload-offset'])
    expect(offset).toBeGreaterThanOrEqual(0.8 * bytes.length)
    expect(offset).toBeLessThan(bytes.length)

    // A new client, as after a restart of the phone: it only knows the URL.
    const patches: number[] = []
    const resumed = await runUpload(bytes, {
      uploadUrl: first.url!,
      onBeforeRequest: (req) => {
        if (req.getMethod() === 'PATCH') patches.push(Number(req.getHeader('Upload-Offset')))
      },
    })
    expect(resumed.error).toBeUndefined()
    expect(Math.min(...patches)).toBe(offset)
    const row = await evidenceRow(resumed.evidenceId!)
    expect(row.sha256).toBe(sha256(bytes))
    expect(sha256(await downloaded(resumed.evidenceId!))).toBe(sha256(bytes))
    expect(await evidenceCount()).toBe(before + 1)
    expect(await filesUnder(uploadsDir())).toEqual([])
  })

  it('refuses an anonymous upload with 401', async () => {
    const outcome = await runUpload(textFile(1000), { headers: {} })
    expect(outcome.error?.originalResponse?.getStatus()).toBe(401)
    expect(outcome.url).toBeNull()
  })

  it("refuses a community rep attaching to another community's record before any byte is stored", async () => {
    const own = (await makeCommunity(t.db)).id
    const rep = await t.signIn('community_rep', { communityIds: [own] })
    const before = { count: await evidenceCount(), files: await filesUnder(t.evidenceDir) }
    const outcome = await runUpload(textFile(100_000), { headers: rep.headers })
    expect(outcome.error?.originalResponse?.getStatus()).toBe(422)
    expect(JSON.parse(outcome.error!.originalResponse!.getBody())).toMatchObject({
      code: 'community.not_found',
      errors: [{ field: 'metadata.communityId' }],
    })
    expect(outcome.url).toBeNull()
    expect(await evidenceCount()).toBe(before.count)
    expect(await filesUnder(t.evidenceDir)).toEqual(before.files)
    // Their own community is fine.
    const ok = await runUpload(textFile(100_000), { headers: rep.headers, metadata: { filename: 'x.txt', communityId: own } })
    expect(ok.error).toBeUndefined()
    expect((await evidenceRow(ok.evidenceId!)).communityId).toBe(own)
  })

  it('refuses a file over the size limit with 413, nothing stored', async () => {
    const before = await filesUnder(t.evidenceDir)
    const outcome = await runUpload(Buffer.alloc(t.app.maxUploadBytes + 1, 'a'))
    expect(outcome.error?.originalResponse?.getStatus()).toBe(413)
    expect(JSON.parse(outcome.error!.originalResponse!.getBody())).toMatchObject({ code: 'evidence.too_large' })
    expect(await filesUnder(t.evidenceDir)).toEqual(before)
  })

  it('answers every refusal as problem+json, also those tus itself makes (a PATCH past the declared length)', async () => {
    const metadata = `filename ${Buffer.from('x.txt').toString('base64')},communityId ${Buffer.from(communityId).toString('base64')}`
    const created = await fetch(endpoint, {
      method: 'POST',
      headers: { ...legal.headers, 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': metadata },
    })
    expect(created.status).toBe(201)
    const location = new URL(created.headers.get('location')!, endpoint).toString()
    const tooMuch = await fetch(location, {
      method: 'PATCH',
      body: Buffer.alloc(20, 'a'),
      headers: { ...legal.headers, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    })
    expect(tooMuch.status).toBe(413)
    expect(tooMuch.headers.get('content-type')).toContain('application/problem+json')
    expect(await tooMuch.json()).toMatchObject({ status: 413, code: 'upload.too_large' })
    const noVersion = await fetch(location, { method: 'HEAD', headers: legal.headers })
    expect(noVersion.status).toBe(412)
    expect(noVersion.headers.get('content-type')).toContain('application/problem+json')
    expect((await fetch(location, { method: 'DELETE', headers: { ...legal.headers, 'tus-resumable': '1.0.0' } })).status).toBe(204)
  })

  it('refuses invalid metadata with a 400 naming the field', async () => {
    const outcome = await runUpload(textFile(1000), { metadata: { filename: 'x.txt', communityId, capturedAt: 'yesterday' } })
    expect(outcome.error?.originalResponse?.getStatus()).toBe(400)
    expect(JSON.parse(outcome.error!.originalResponse!.getBody()).errors[0].field).toBe('metadata.capturedAt')
  })

  it('refuses at the end (422) a file whose bytes do not match the device hash, keeping nothing', async () => {
    const before = { count: await evidenceCount(), files: await filesUnder(t.evidenceDir) }
    const outcome = await runUpload(textFile(600_000), { metadata: { filename: 'x.txt', communityId, sha256: 'a'.repeat(64) } })
    expect(outcome.error?.originalResponse?.getStatus()).toBe(422)
    expect(JSON.parse(outcome.error!.originalResponse!.getBody())).toMatchObject({ code: 'evidence.hash_mismatch' })
    expect(await evidenceCount()).toBe(before.count)
    expect(await filesUnder(t.evidenceDir)).toEqual(before.files)
  })

  it("does not let another user see or continue someone's upload", async () => {
    const bytes = textFile(1 * MB)
    const first = await runUpload(bytes, { abortWhen: (accepted) => accepted >= CHUNK })
    const other = await t.signIn('legal')
    const url = new URL(first.url!).pathname
    const head = await t.app.inject({ method: 'HEAD', url, headers: { ...other.headers, 'tus-resumable': '1.0.0' } })
    expect(head.statusCode).toBe(404)
    const patch = await t.app.inject({
      method: 'PATCH',
      url,
      headers: {
        ...other.headers,
        'tus-resumable': '1.0.0',
        'upload-offset': String(CHUNK),
        'content-type': 'application/offset+octet-stream',
      },
      payload: Buffer.alloc(10),
    })
    expect(patch.statusCode).toBe(404)
    // Its owner may end it: the partial file goes.
    const del = await t.app.inject({ method: 'DELETE', url, headers: { ...legal.headers, 'tus-resumable': '1.0.0' } })
    expect(del.statusCode).toBe(204)
    expect(await filesUnder(uploadsDir())).toEqual([])
  })
})
