// Sending one entry (client/features/report/outbox-upload.ts) over a real IndexedDB implementation
// (fake-indexeddb): fetch answers like the API server and the uploader (hashing and tus) is a stub
// that records what went up, so each test sees exactly which requests one send made.
import 'fake-indexeddb/auto'
import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, NetworkError } from '../../client/lib/api-client.ts'
import type { UploadOptions } from '../../client/lib/evidence-upload.ts'
import { createOutboxStorage, type OutboxStorage } from '../../client/lib/outbox/outbox-db.ts'
import type { OutboxEntry, OutboxFile } from '../../client/lib/outbox/outbox-entry.ts'
import { createSender, type SendDeps } from '../../client/features/report/outbox-upload.ts'
import { evidenceJson, incidentJson, json } from './api-answers.ts'

// The API's ids are UUIDs (the shared schemas check them).
const [INCIDENT_ID, EV_1, EV_2] = [randomUUID(), randomUUID(), randomUUID()]
const SAME_SHA256 = 'ab'.repeat(32)

const server = {
  isDown: false,
  refuse: undefined as undefined | { status: number; code: string },
  posts: [] as Record<string, unknown>[],
  evidence: [] as { id: string; sha256: string; incidentId: string }[],
}

async function fakeFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const url = new URL(String(input), 'http://dey.test')
  if (server.isDown) throw new TypeError('Failed to fetch')
  if (init.method === 'POST' && url.pathname === '/api/incidents') {
    const body = JSON.parse(String(init.body)) as Record<string, unknown>
    server.posts.push(body)
    if (server.refuse) {
      const { status, code } = server.refuse
      return json(status, { type: 'about:blank', title: 'Refused', status, code, detail: 'refused' }, 'application/problem+json')
    }
    return json(201, incidentJson(INCIDENT_ID, body))
  }
  if (url.pathname === '/api/evidence') {
    const incident = url.searchParams.get('incident')
    return json(200, { items: server.evidence.filter((row) => row.incidentId === incident).map(evidenceJson) })
  }
  return json(
    404,
    { type: 'about:blank', title: 'Not Found', status: 404, code: 'http.404', detail: 'no route' },
    'application/problem+json',
  )
}

/** The hashing and tus upload, as a stub: the hash is readable, and each upload is recorded. */
const uploads: { filename: string; sha256: string; incidentId: string }[] = []
let uploadFailure: ((filename: string) => Error | undefined) | undefined
const uploader = {
  sha256OfBlob: vi.fn(async (blob: Blob) => `sha-${await blob.text()}`),
  uploadEvidence: vi.fn(async (_blob: Blob, options: UploadOptions) => {
    const failure = uploadFailure?.(options.filename!)
    if (failure) throw failure
    const incidentId = (options.target as { incidentId: string }).incidentId
    uploads.push({ filename: options.filename!, sha256: options.sha256!, incidentId })
    const evidenceId = randomUUID()
    server.evidence.push({ id: evidenceId, sha256: options.sha256!, incidentId })
    return { evidenceId, sha256: options.sha256! }
  }),
}

function photo(name: string, text: string, overrides: Partial<OutboxFile> = {}): OutboxFile {
  const blob = new Blob([text], { type: 'image/jpeg' })
  return { id: randomUUID(), name, type: 'image/jpeg', size: blob.size, lastModified: 0, blob, ...overrides }
}

function report(files: OutboxFile[] = [], overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  const id = randomUUID()
  return {
    id,
    userId: 'u1',
    createdAt: 1,
    label: 'Fencing',
    values: {},
    body: {
      clientReportId: id,
      title: 'Fencing',
      kind: 'fencing',
      occurredAt: '2026-10-03T08:30:00+07:00',
      location: { type: 'Point', coordinates: [104.31, 11.42] },
    },
    files,
    attempts: 0,
    ...overrides,
  }
}

let storage: OutboxStorage
let deps: SendDeps & { finish: ReturnType<typeof vi.fn>; retryDelayMs: ReturnType<typeof vi.fn> }

async function sendStored(entry: OutboxEntry) {
  await storage.put(entry)
  const outcome = await createSender(deps)(entry.id, new AbortController().signal)
  return { outcome, stored: await storage.get(entry.id) }
}

beforeEach(() => {
  Object.assign(server, { isDown: false, refuse: undefined })
  server.posts.length = 0
  server.evidence.length = 0
  uploads.length = 0
  uploadFailure = undefined
  uploader.uploadEvidence.mockClear()
  vi.stubGlobal('fetch', vi.fn(fakeFetch))
  storage = createOutboxStorage({ dbName: `outbox-upload-${randomUUID()}` })
  deps = {
    storage,
    retryDelayMs: vi.fn(() => 7_000),
    onProgress: vi.fn(),
    finish: vi.fn(async () => {}),
    loadUploader: async () => uploader,
  }
})

afterEach(async () => {
  vi.unstubAllGlobals()
  await storage.close()
})

describe('sending one outbox entry', () => {
  it('creates the incident, then uploads each file with its hash, and hands the finished entry over', async () => {
    const entry = report([photo('a.jpg', 'first'), photo('b.jpg', 'second')])
    const { outcome, stored } = await sendStored(entry)
    expect(outcome).toBe('sent')
    expect(server.posts).toEqual([entry.body])
    expect(uploads).toEqual([
      { filename: 'a.jpg', sha256: 'sha-first', incidentId: INCIDENT_ID },
      { filename: 'b.jpg', sha256: 'sha-second', incidentId: INCIDENT_ID },
    ])
    expect(stored).toMatchObject({ incidentId: INCIDENT_ID, attempts: 0 })
    expect(stored!.files.map((file) => file.evidenceId)).toEqual(server.evidence.map((row) => row.id))
    expect(deps.finish).toHaveBeenCalledWith(expect.objectContaining({ id: entry.id, incidentId: INCIDENT_ID }))
    expect(deps.onProgress).toHaveBeenCalledWith(entry.id, entry.files[0]!.id, { phase: 'uploading', fraction: 0 })
  })

  it('does not post a report the server already created, and uploads only the files not yet stored', async () => {
    const entry = report([photo('a.jpg', 'stored', { evidenceId: EV_1 }), photo('b.jpg', 'left')], { incidentId: INCIDENT_ID })
    const { outcome } = await sendStored(entry)
    expect(outcome).toBe('sent')
    expect(server.posts).toEqual([])
    expect(uploads.map((upload) => upload.filename)).toEqual(['b.jpg'])
  })

  it('waits for the backoff when the connection fails, counting the attempt', async () => {
    server.isDown = true
    const before = Date.now()
    const { outcome, stored } = await sendStored(report([photo('a.jpg', 'x')]))
    expect(outcome).toBe('offline')
    expect(stored).toMatchObject({ attempts: 1, error: { kind: 'network' } })
    expect(deps.retryDelayMs).toHaveBeenCalledWith(1)
    expect(stored!.nextAttemptAt).toBeGreaterThanOrEqual(before + 7_000)
    expect(uploads).toEqual([])
    expect(deps.finish).not.toHaveBeenCalled()
  })

  it('keeps a refused report for the user, without a backoff and without uploading its files', async () => {
    server.refuse = { status: 422, code: 'place.province_required' }
    const { outcome, stored } = await sendStored(report([photo('a.jpg', 'x')]))
    expect(outcome).toBe('failed')
    expect(stored).toMatchObject({ error: { kind: 'refused', status: 422, code: 'place.province_required' } })
    expect(stored!.nextAttemptAt).toBeUndefined()
    expect(uploads).toEqual([])
  })

  it('finds a file whose upload answer was lost among the incident’s evidence instead of uploading it again', async () => {
    // Two identical photos, both uploaded before the answers were lost: each claims its own record.
    server.evidence.push(
      { id: EV_1, sha256: SAME_SHA256, incidentId: INCIDENT_ID },
      { id: EV_2, sha256: SAME_SHA256, incidentId: INCIDENT_ID },
    )
    const started = { isUploadStarted: true, sha256: SAME_SHA256 }
    const entry = report([photo('a.jpg', 'same', started), photo('b.jpg', 'same', started)], { incidentId: INCIDENT_ID })
    const { outcome } = await sendStored(entry)
    expect(outcome).toBe('sent')
    expect(uploads).toEqual([])
    const [finished] = deps.finish.mock.calls[0] as [OutboxEntry]
    expect(finished.files.map((file) => file.evidenceId)).toEqual([EV_1, EV_2])
  })

  it('keeps a refused file with its reason, sends the others, and asks for the user’s attention', async () => {
    uploadFailure = (filename) =>
      filename === 'clip.exe'
        ? new ApiError(415, { type: 'about:blank', title: 'x', status: 415, code: 'evidence.unsupported_type', detail: 'no' })
        : undefined
    const { outcome, stored } = await sendStored(report([photo('clip.exe', 'x'), photo('ok.jpg', 'y')]))
    expect(outcome).toBe('attention')
    expect(stored!.files[0]).toMatchObject({ error: { kind: 'refused', status: 415, code: 'evidence.unsupported_type' } })
    expect(stored!.files[1]!.evidenceId).toBeTruthy()
    expect(stored!.error).toBeUndefined()
    expect(deps.finish).not.toHaveBeenCalled()
  })

  it('remembers the hash and the started upload when the connection fails during the upload', async () => {
    uploadFailure = () => new NetworkError(new TypeError('connection reset'))
    const { outcome, stored } = await sendStored(report([photo('a.jpg', 'big video')]))
    expect(outcome).toBe('offline')
    expect(stored!.files[0]).toMatchObject({ sha256: 'sha-big video', isUploadStarted: true })
    expect(stored!.files[0]!.evidenceId).toBeUndefined()
    expect(stored!.nextAttemptAt).toBeDefined()
  })

  it('skips an entry that is gone', async () => {
    expect(await createSender(deps)('missing', new AbortController().signal)).toBe('skipped')
    expect(server.posts).toEqual([])
  })
})
