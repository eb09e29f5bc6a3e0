// The rules over one outbox entry (client/lib/outbox/outbox-entry.ts): pure functions, so
// each is checked on plain objects — no IndexedDB, no network.
import { describe, expect, it } from 'vitest'
import type { Problem } from '../../shared/errors.ts'
import { ApiError, NetworkError } from '../../client/lib/api-client.ts'
import {
  backoffMs,
  clearFailures,
  entriesOf,
  entryState,
  hasWorkLeft,
  isDelivered,
  isDue,
  isLeased,
  outboxErrorOf,
  recordFailure,
  sentNoticeOf,
  toStoredEntry,
  type OutboxEntry,
  type OutboxFile,
} from '../../client/lib/outbox/outbox-entry.ts'

const NOW = 1_000_000

function file(overrides: Partial<OutboxFile> = {}): OutboxFile {
  return { id: 'f1', name: 'a.jpg', type: 'image/jpeg', size: 1, lastModified: 0, blob: new Blob(['a']), ...overrides }
}

function entry(overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  return { id: 'e1', userId: 'u1', createdAt: 1, body: {}, values: {}, label: 'Fencing', files: [], attempts: 0, ...overrides }
}

function apiError(status: number, extra: Partial<Problem> = {}) {
  return new ApiError(status, { type: 'about:blank', title: 'x', status, code: `http.${status}`, detail: 'no', ...extra })
}

describe('outboxErrorOf', () => {
  it('keeps a 4xx as a refusal with its code and field issues', () => {
    const error = apiError(422, { code: 'place.province_required', errors: [{ field: 'body.location', message: 'outside' }] })
    expect(outboxErrorOf(error)).toEqual({
      kind: 'refused',
      status: 422,
      code: 'place.province_required',
      detail: 'no',
      fieldErrors: { location: 'outside' },
    })
  })

  it('counts 401 as signed out, and 408, 425, 429 and 5xx as worth retrying', () => {
    expect(outboxErrorOf(apiError(401)).kind).toBe('auth')
    for (const status of [408, 425, 429, 500, 503]) expect(outboxErrorOf(apiError(status)).kind).toBe('server')
    expect(outboxErrorOf(apiError(404)).kind).toBe('refused')
  })

  it('counts a lost connection and an abort as network', () => {
    expect(outboxErrorOf(new NetworkError(new TypeError('Failed to fetch')))).toEqual({ kind: 'network' })
    expect(outboxErrorOf(new DOMException('stopped', 'AbortError'))).toEqual({ kind: 'network' })
  })

  it('counts anything else as a server failure, keeping its message', () => {
    expect(outboxErrorOf(new Error('broken'))).toEqual({ kind: 'server', detail: 'broken' })
  })
})

describe('what is left to send', () => {
  it('has work while the incident is not created or a file is not stored', () => {
    expect(hasWorkLeft(entry())).toBe(true)
    expect(hasWorkLeft(entry({ incidentId: 'i1', files: [file()] }))).toBe(true)
    expect(hasWorkLeft(entry({ incidentId: 'i1', files: [file({ evidenceId: 'ev1' })] }))).toBe(false)
  })

  it('has no work when the report was refused or only refused files are left', () => {
    expect(hasWorkLeft(entry({ error: { kind: 'refused', status: 422 } }))).toBe(false)
    expect(hasWorkLeft(entry({ incidentId: 'i1', files: [file({ error: { kind: 'refused' } })] }))).toBe(false)
  })

  it('is delivered once the incident and every file are on the server', () => {
    expect(isDelivered(entry({ incidentId: 'i1', files: [file({ evidenceId: 'ev1' })] }))).toBe(true)
    expect(isDelivered(entry({ incidentId: 'i1', files: [file({ error: { kind: 'refused' } })] }))).toBe(false)
    expect(isDelivered(entry({ files: [] }))).toBe(false)
  })

  it('is due when the backoff is over, or at once when forced', () => {
    const waiting = entry({ nextAttemptAt: NOW + 1 })
    expect(isDue(waiting, false, NOW)).toBe(false)
    expect(isDue(waiting, true, NOW)).toBe(true)
    expect(isDue(waiting, false, NOW + 1)).toBe(true)
    expect(isDue(entry({ error: { kind: 'refused' } }), true, NOW)).toBe(false)
  })
})

describe('entryState', () => {
  it('is sending while a lease is live, whoever holds it', () => {
    const leased = entry({ lease: { owner: 'tab', until: NOW + 1 }, error: { kind: 'refused' } })
    expect(isLeased(leased, NOW)).toBe(true)
    expect(entryState(leased, NOW)).toBe('sending')
    expect(entryState(leased, NOW + 1)).toBe('refused')
  })

  it('is refused when the report or its only remaining files were refused, and waiting otherwise', () => {
    expect(entryState(entry({ error: { kind: 'refused' } }), NOW)).toBe('refused')
    expect(entryState(entry({ incidentId: 'i1', files: [file({ error: { kind: 'refused' } })] }), NOW)).toBe('refused')
    expect(entryState(entry({ error: { kind: 'network' } }), NOW)).toBe('waiting')
  })
})

describe('backoffMs', () => {
  const settings = { retryBaseMs: 1_000, maxRetryMs: 10_000 }

  it('doubles with each failure in a row, up to the maximum', () => {
    const middle = () => 0.5 // no spread
    expect([1, 2, 3, 4, 5, 6].map((attempts) => backoffMs(attempts, settings, middle))).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000, 10_000,
    ])
    expect(backoffMs(0, settings, middle)).toBe(1_000)
  })

  it('spreads the wait by 20 % either way', () => {
    expect(backoffMs(1, settings, () => 0)).toBe(800)
    expect(backoffMs(1, settings, () => 1)).toBe(1_200)
  })
})

describe('changes to an entry', () => {
  it('stores a new entry with no attempt yet and its own copy of the files', () => {
    const files = [file()]
    const stored = toStoredEntry({ id: 'e1', userId: 'u1', body: {}, values: {}, label: 'x', files }, NOW)
    expect(stored).toMatchObject({ createdAt: NOW, attempts: 0 })
    expect(stored.files[0]).toEqual(files[0])
    expect(stored.files[0]).not.toBe(files[0])
  })

  it('lists one user’s entries, oldest first', () => {
    const all = [entry({ id: 'b', createdAt: 2 }), entry({ id: 'x', userId: 'u2' }), entry({ id: 'a', createdAt: 1 })]
    expect(entriesOf(all, 'u1').map((each) => each.id)).toEqual(['a', 'b'])
    expect(entriesOf(all, null)).toEqual([])
  })

  it('waits for the backoff after a retryable failure, and for the user after a refusal', () => {
    const failed = entry()
    recordFailure(failed, { kind: 'network' }, NOW + 5)
    expect(failed).toMatchObject({ error: { kind: 'network' }, nextAttemptAt: NOW + 5 })
    recordFailure(failed, { kind: 'refused', status: 422 }, NOW + 10)
    expect(failed.error?.kind).toBe('refused')
    expect(failed.nextAttemptAt).toBeUndefined()
  })

  it('forgets the refusals of the report and its files on "try again"', () => {
    const refused = entry({ error: { kind: 'refused' }, nextAttemptAt: NOW, files: [file({ error: { kind: 'refused' } })] })
    clearFailures(refused)
    expect(refused.error).toBeUndefined()
    expect(refused.nextAttemptAt).toBeUndefined()
    expect(refused.files[0]!.error).toBeUndefined()
  })

  it('tells where a sent report is, when it has a location', () => {
    const located = entry({ incidentId: 'i1', body: { location: { type: 'Point', coordinates: [104.3, 11.4] } } })
    expect(sentNoticeOf(located, NOW)).toEqual({ id: 'e1', incidentId: 'i1', label: 'Fencing', location: [104.3, 11.4], at: NOW })
    expect(sentNoticeOf(entry({ incidentId: 'i1' }), NOW)).not.toHaveProperty('location')
  })
})
