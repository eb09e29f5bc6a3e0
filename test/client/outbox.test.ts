// @vitest-environment happy-dom
// The offline outbox of the report form (client/features/report/outbox.ts) over a real IndexedDB
// implementation (fake-indexeddb). Only the network is faked: fetch answers like the API server
// (it creates each clientReportId once) and tus-js-client's Upload stores files like the tus
// endpoint; the outbox, its storage, hashing (hash-wasm) and the upload module are the real ones.
import 'fake-indexeddb/auto'
import { Blob as NodeBlob } from 'node:buffer'
import { createHash, randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DOM_WAIT_MS } from '../helpers/dom-setup.ts'
import { evidenceJson, incidentJson, json } from './api-answers.ts'

// vi.waitFor gives up after 1 s by default: too tight when other work occupies the machine's cores.
const UNTIL = { timeout: DOM_WAIT_MS, interval: 20 }

type TusOptions = {
  metadata: Record<string, string>
  onProgress?: (sent: number, total: number) => void
  onAfterResponse?: (req: unknown, res: { getHeader(name: string): string | undefined }) => void
  onSuccess?: () => void
  onError?: (error: Error) => void
}

// The fake API server: shared by the fetch stub and the tus stub.
const server = vi.hoisted(() => ({
  isDown: false,
  /** The next POST creates the incident, then the connection drops before the answer. */
  loseNextAnswer: false,
  /** The next upload is stored, then the connection drops before the answer. */
  loseNextUpload: false,
  postDelayMs: 0,
  refuse: undefined as undefined | { status: number; code: string; field: string },
  refuseUploadNamed: undefined as undefined | string,
  posts: [] as Record<string, unknown>[],
  incidents: new Map<string, { id: string; body: Record<string, unknown> }>(),
  uploads: [] as { filename: string; sha256: string; incidentId: string }[],
  evidence: [] as { id: string; sha256: string; incidentId: string }[],
}))

vi.mock('tus-js-client', () => {
  class DetailedError extends Error {
    originalResponse: { getStatus(): number; getBody(): string } | null
    constructor(message: string, response: { getStatus(): number; getBody(): string } | null) {
      super(message)
      this.originalResponse = response
    }
  }
  class Upload {
    constructor(
      private file: Blob,
      private options: TusOptions,
    ) {}
    findPreviousUploads() {
      return Promise.resolve([])
    }
    resumeFromPreviousUpload() {}
    abort() {
      return Promise.resolve()
    }
    start() {
      setTimeout(() => {
        const { metadata } = this.options
        if (server.isDown) return this.options.onError?.(new Error('tus: failed to fetch'))
        if (metadata.filename === server.refuseUploadNamed) {
          const body = JSON.stringify({
            type: 'about:blank',
            title: 'Unsupported Media Type',
            status: 415,
            code: 'evidence.unsupported_type',
            detail: 'not accepted',
          })
          return this.options.onError?.(new DetailedError('refused', { getStatus: () => 415, getBody: () => body }))
        }
        const id = crypto.randomUUID()
        server.uploads.push({ filename: metadata.filename!, sha256: metadata.sha256!, incidentId: metadata.incidentId! })
        server.evidence.push({ id, sha256: metadata.sha256!, incidentId: metadata.incidentId! })
        if (server.loseNextUpload) {
          server.loseNextUpload = false
          return this.options.onError?.(new Error('tus: connection reset'))
        }
        this.options.onProgress?.(this.file.size / 2, this.file.size)
        this.options.onProgress?.(this.file.size, this.file.size)
        this.options.onAfterResponse?.({}, { getHeader: (name) => (name === 'Dey-Evidence-Id' ? id : undefined) })
        this.options.onSuccess?.()
      }, 1)
    }
  }
  return { Upload, DetailedError }
})

async function fakeFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const url = new URL(String(input), 'http://dey.test')
  if (server.isDown) throw new TypeError('Failed to fetch')
  if (init.method === 'POST' && url.pathname === '/api/incidents') {
    const body = JSON.parse(String(init.body)) as Record<string, unknown>
    server.posts.push(body)
    if (server.postDelayMs) await new Promise((resolve) => setTimeout(resolve, server.postDelayMs))
    if (server.refuse) {
      const { status, code, field } = server.refuse
      return json(
        status,
        {
          type: 'about:blank',
          title: 'Refused',
          status,
          code,
          detail: `${field}: refused`,
          errors: [{ field: `body.${field}`, message: 'is not valid' }],
        },
        'application/problem+json',
      )
    }
    const key = String(body.clientReportId)
    const earlier = server.incidents.get(key)
    if (earlier) return json(200, incidentJson(earlier.id, earlier.body))
    const created = { id: randomUUID(), body }
    server.incidents.set(key, created)
    if (server.loseNextAnswer) {
      server.loseNextAnswer = false
      throw new TypeError('Failed to fetch')
    }
    return json(201, incidentJson(created.id, body))
  }
  if (init.method === undefined || init.method === 'GET') {
    if (url.pathname === '/api/evidence') {
      const incident = url.searchParams.get('incident')
      return json(200, { items: server.evidence.filter((row) => row.incidentId === incident).map(evidenceJson) })
    }
  }
  return json(
    404,
    { type: 'about:blank', title: 'Not Found', status: 404, code: 'http.404', detail: 'no route' },
    'application/problem+json',
  )
}

let online = true
Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online })
const goOnline = () => {
  online = true
  server.isDown = false
  window.dispatchEvent(new Event('online'))
}
const goOffline = () => {
  online = false
  server.isDown = true
  window.dispatchEvent(new Event('offline'))
}

/** A fresh copy of the outbox module, as after a page reload (the IndexedDB stays). */
async function freshOutboxModule() {
  vi.resetModules()
  return import('../../client/features/report/outbox.ts')
}

type OutboxModule = Awaited<ReturnType<typeof freshOutboxModule>>
type Outbox = ReturnType<OutboxModule['createOutbox']>
const opened: Outbox[] = []
let dbName: string

async function openOutbox(options: Parameters<OutboxModule['createOutbox']>[0] = {}) {
  const { createOutbox } = await freshOutboxModule()
  const box = createOutbox({ dbName, retryBaseMs: 20, maxRetryMs: 40, leaseMs: 2_000, pollMs: 5_000, ...options })
  opened.push(box)
  return box
}

const USER = randomUUID()
const sha256Of = (text: string) => createHash('sha256').update(text).digest('hex')

function photo(name: string, text: string) {
  const blob = new NodeBlob([text], { type: 'image/jpeg' }) as unknown as Blob
  return { id: randomUUID(), name, type: 'image/jpeg', size: blob.size, lastModified: 0, blob }
}

function newReport(files: ReturnType<typeof photo>[] = [], userId = USER) {
  const id = randomUUID()
  return {
    id,
    userId,
    label: 'Fencing — Phum Thmei',
    values: { kind: 'fencing' },
    body: {
      clientReportId: id,
      title: 'Fencing — Phum Thmei',
      kind: 'fencing',
      occurredAt: '2026-10-03T08:30:00+07:00',
      location: { type: 'Point', coordinates: [104.31, 11.42] },
    },
    files,
  }
}

const postsOf = (id: string) => server.posts.filter((body) => body.clientReportId === id)

beforeEach(() => {
  dbName = `outbox-test-${randomUUID()}`
  online = true
  Object.assign(server, {
    isDown: false,
    loseNextAnswer: false,
    loseNextUpload: false,
    postDelayMs: 0,
    refuse: undefined,
    refuseUploadNamed: undefined,
  })
  server.posts.length = 0
  server.uploads.length = 0
  server.evidence.length = 0
  server.incidents.clear()
  vi.stubGlobal('fetch', vi.fn(fakeFetch))
})

afterEach(async () => {
  await Promise.all(opened.splice(0).map((box) => box.close()))
  vi.unstubAllGlobals()
})

describe('the report outbox', () => {
  it('sends a report and then its files, once each, and forgets the entry', async () => {
    const box = await openOutbox()
    box.start(USER)
    const sent = vi.fn()
    box.onSent(sent)
    const report = newReport([photo('a.jpg', 'first photo'), photo('b.jpg', 'second photo')])
    await box.add(report)
    await vi.waitFor(() => expect(sent).toHaveBeenCalledTimes(1), UNTIL)

    expect(postsOf(report.id)).toHaveLength(1)
    const incident = server.incidents.get(report.id)!
    expect(server.uploads).toEqual([
      { filename: 'a.jpg', sha256: sha256Of('first photo'), incidentId: incident.id },
      { filename: 'b.jpg', sha256: sha256Of('second photo'), incidentId: incident.id },
    ])
    expect(sent).toHaveBeenCalledWith(expect.objectContaining({ id: report.id, incidentId: incident.id, label: report.label }))
    expect(await box.list()).toEqual([])
    expect(box.getSnapshot().entries).toEqual([])
    expect(box.getSnapshot().sent[0]).toMatchObject({ incidentId: incident.id })
  })

  it('keeps entries, files included, across a reload while offline, and sends them when the connection returns', async () => {
    goOffline()
    const first = await openOutbox()
    first.start(USER)
    const report = newReport([photo('a.jpg', 'photo taken offline')])
    await first.add(report)
    await first.sync({ force: true })
    expect(server.posts).toEqual([])
    expect(first.getSnapshot().entries.map((entry) => entry.id)).toEqual([report.id])
    await first.close()

    // The page is loaded again: a new module instance over the same IndexedDB.
    const second = await openOutbox()
    second.start(USER)
    await vi.waitFor(() => expect(second.getSnapshot().entries).toHaveLength(1), UNTIL)
    const [kept] = second.getSnapshot().entries
    expect(kept).toMatchObject({ id: report.id, body: report.body, label: report.label })
    expect(await kept!.files[0]!.blob.text()).toBe('photo taken offline')
    expect(server.posts).toEqual([])

    goOnline()
    await vi.waitFor(() => expect(second.getSnapshot().entries).toHaveLength(0), UNTIL)
    expect(postsOf(report.id)).toHaveLength(1)
    expect(server.uploads.map((upload) => upload.sha256)).toEqual([sha256Of('photo taken offline')])
  })

  it('retries by itself after a network failure, with a backoff', async () => {
    server.isDown = true // navigator.onLine still says online: the request itself fails
    const box = await openOutbox()
    box.start(USER)
    const report = newReport()
    await box.add(report)
    await vi.waitFor(() => expect(box.getSnapshot().entries[0]?.error).toEqual({ kind: 'network' }), UNTIL)
    const waiting = box.getSnapshot().entries[0]!
    expect(waiting.attempts).toBeGreaterThanOrEqual(1)
    expect(waiting.nextAttemptAt).toBeGreaterThan(waiting.lastAttemptAt!)
    expect(box.getSnapshot().entries).toHaveLength(1)

    server.isDown = false // no event: the scheduled retry finds the connection back
    await vi.waitFor(() => expect(box.getSnapshot().entries).toHaveLength(0), UNTIL)
    expect(server.incidents.size).toBe(1)
  })

  it('creates the incident once when the answer to the first POST was lost', async () => {
    server.loseNextAnswer = true
    // No retry by the clock here: the test sends again itself.
    const box = await openOutbox({ retryBaseMs: 60_000, maxRetryMs: 60_000 })
    box.start(USER)
    const report = newReport([photo('a.jpg', 'one photo')])
    await box.add(report)
    await vi.waitFor(() => expect(box.getSnapshot().entries[0]?.error?.kind).toBe('network'), UNTIL)
    await box.idle() // a sync asked before the failing run is over would join it, and be dropped with it
    expect(server.incidents.size).toBe(1) // the server has it; the device does not know yet

    await box.sync({ force: true })
    await vi.waitFor(() => expect(box.getSnapshot().entries).toHaveLength(0), UNTIL)
    expect(postsOf(report.id)).toHaveLength(2) // sent again, with the same clientReportId …
    expect(server.incidents.size).toBe(1) // … and still one incident
    expect(server.uploads).toHaveLength(1)
  })

  it('does not upload a file again when the answer to its upload was lost', async () => {
    server.loseNextUpload = true
    // No retry by the clock here: the test sends again itself.
    const box = await openOutbox({ retryBaseMs: 60_000, maxRetryMs: 60_000 })
    box.start(USER)
    const report = newReport([photo('a.jpg', 'stored but not confirmed'), photo('b.jpg', 'second')])
    await box.add(report)
    await vi.waitFor(() => expect(box.getSnapshot().entries[0]?.error?.kind).toBe('network'), UNTIL)
    await box.idle() // a sync asked before the failing run is over would join it, and be dropped with it
    expect(server.uploads).toHaveLength(1)

    await box.sync({ force: true })
    await vi.waitFor(() => expect(box.getSnapshot().entries).toHaveLength(0), UNTIL)
    // a.jpg was found among the incident's evidence by its SHA-256; only b.jpg went up.
    expect(server.uploads.map((upload) => upload.filename)).toEqual(['a.jpg', 'b.jpg'])
    expect(server.evidence).toHaveLength(2)
  })

  it('never sends an entry twice when several syncs run at once, in one tab or two', async () => {
    server.postDelayMs = 40
    goOffline()
    const tabA = await openOutbox()
    const tabB = await openOutbox()
    tabA.start(USER)
    tabB.start(USER)
    const reports = [newReport([photo('a.jpg', 'a')]), newReport([photo('b.jpg', 'b')])]
    for (const report of reports) await tabA.add(report)
    online = true
    server.isDown = false
    // Both tabs hear 'online' (one window here, two outboxes), and more syncs are asked for meanwhile.
    window.dispatchEvent(new Event('online'))
    await Promise.all([tabA.sync({ force: true }), tabB.sync({ force: true }), tabA.sync({ force: true }), tabB.sync({ force: true })])
    await vi.waitFor(async () => expect(await tabA.list()).toEqual([]), UNTIL)

    for (const report of reports) expect(postsOf(report.id)).toHaveLength(1)
    expect(server.uploads.map((upload) => upload.filename).sort()).toEqual(['a.jpg', 'b.jpg'])
  })

  it('keeps a refused report with its reason, and goes on with the others', async () => {
    const box = await openOutbox()
    box.start(USER)
    server.refuse = { status: 422, code: 'place.province_required', field: 'province' }
    const refused = newReport()
    await box.add(refused)
    await vi.waitFor(() => expect(box.getSnapshot().entries[0]?.error?.kind).toBe('refused'), UNTIL)
    await box.idle() // the refusal is stored before the pass lets go of the entry's lease
    const [entry] = box.getSnapshot().entries
    expect(entry!.error).toMatchObject({
      kind: 'refused',
      status: 422,
      code: 'place.province_required',
      fieldErrors: { province: 'is not valid' },
    })
    const { entryState } = await import('../../client/features/report/outbox.ts')
    expect(entryState(entry!)).toBe('refused')

    server.refuse = undefined
    const good = newReport()
    await box.add(good)
    await vi.waitFor(() => expect(box.getSnapshot().sent.map((notice) => notice.id)).toEqual([good.id]), UNTIL)
    // The refused one is not sent again by itself …
    await box.sync({ force: true })
    expect(postsOf(refused.id)).toHaveLength(1)
    expect(box.getSnapshot().entries.map((each) => each.id)).toEqual([refused.id])
    // … it is taken back into the form to be corrected.
    const taken = await box.takeForEditing(refused.id)
    expect(taken).toMatchObject({ id: refused.id, values: { kind: 'fencing' } })
    expect(await box.list()).toEqual([])
    // … and is in its author's form draft, written in the same transaction that took it out.
    expect(await box.loadDraft(USER)).toMatchObject({ values: { kind: 'fencing' } })
  })

  it('keeps a file the server refused, sends the rest, and can give that file up', async () => {
    server.refuseUploadNamed = 'clip.exe'
    const box = await openOutbox()
    box.start(USER)
    const report = newReport([photo('clip.exe', 'not a video'), photo('ok.jpg', 'a photo')])
    await box.add(report)
    await vi.waitFor(() => {
      const entry = box.getSnapshot().entries[0]
      expect(entry?.files.find((file) => file.name === 'ok.jpg')?.evidenceId).toBeTruthy()
      expect(entry?.files.find((file) => file.name === 'clip.exe')?.error).toMatchObject({
        kind: 'refused',
        status: 415,
        code: 'evidence.unsupported_type',
      })
    }, UNTIL)
    await box.idle() // the files' results are stored before the pass lets go of the entry's lease
    const { entryState } = await import('../../client/features/report/outbox.ts')
    expect(entryState(box.getSnapshot().entries[0]!)).toBe('refused')
    expect(server.incidents.size).toBe(1)

    await box.discardRefusedFiles(report.id)
    expect(await box.list()).toEqual([])
    expect(box.getSnapshot().sent.map((notice) => notice.id)).toEqual([report.id])
  })

  it("sends only the signed-in user's reports", async () => {
    const box = await openOutbox()
    box.start(null)
    const someoneElses = newReport([], randomUUID())
    await box.add(someoneElses)
    box.start(USER)
    await box.sync({ force: true })
    expect(server.posts).toEqual([])
    expect(box.getSnapshot().entries).toEqual([])
    expect(await box.list()).toHaveLength(1)
  })

  it('keeps the draft of the form, files included, until it is cleared', async () => {
    const box = await openOutbox()
    const file = photo('draft.jpg', 'draft photo')
    await box.saveDraft(USER, { values: { kind: 'arrest', description: 'Two men were taken' }, files: [file], savedAt: 1 })
    await box.close()
    const again = await openOutbox()
    const draft = await again.loadDraft<{ kind: string }>(USER)
    expect(draft?.values).toEqual({ kind: 'arrest', description: 'Two men were taken' })
    expect(await draft!.files[0]!.blob.text()).toBe('draft photo')
    await again.clearDraft(USER)
    expect(await again.loadDraft(USER)).toBeUndefined()
  })
})
