// GET /api/health/ready: what a load balancer asks each app server before sending it requests.
import { S3Client } from '@aws-sdk/client-s3'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../server/app.ts'
import type { BlobStore } from '../../server/lib/blob-store.ts'
import { createLocalBlobStore } from '../../server/lib/local-blob-store.ts'
import { createS3BlobStore } from '../../server/lib/s3-blob-store.ts'
import { problemOf } from '../helpers/http.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { createTestDatabase, testDriver } from '../helpers/test-db.ts'

let t: TestApp
let scratch: string
beforeAll(async () => {
  t = await createTestApp()
  scratch = await mkdtemp(path.join(os.tmpdir(), 'dey-ready-'))
})
afterAll(async () => {
  await t?.close()
  await rm(scratch, { recursive: true, force: true })
})

const anonymous = { cookie: '' }

/** The app over its own database and the given store, built directly (createTestApp picks its own store). */
async function appWith(store: BlobStore) {
  const database = await createTestDatabase()
  const app = await buildApp({
    database,
    logger: pino({ level: 'silent' }),
    clientDir: '/nonexistent',
    evidence: { store, maxUploadBytes: 1024 * 1024, uploadsDir: path.join(scratch, 'uploads') },
  })
  await app.ready()
  return { app, database }
}

/** An S3 store at a port where nothing listens: every request to it fails. */
function unreachableS3Store() {
  const location = { bucket: 'evidence', prefix: '', endpoint: 'http://127.0.0.1:9', region: 'us-east-1', forcePathStyle: true }
  const client = new S3Client({ ...location, credentials: { accessKeyId: 'test', secretAccessKey: 'test-secret' }, maxAttempts: 1 })
  return createS3BlobStore({ location, client, scratchDir: path.join(scratch, 's3') })
}

describe(`readiness on ${testDriver}`, () => {
  it('answers 200 without a session when the database and the evidence store answer', async () => {
    const res = await t.app.inject({ url: '/api/health/ready', headers: anonymous })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ready', checks: { database: 'ok', evidenceStore: 'ok' } })
    expect(res.headers['cache-control']).toBe('no-store')
  })

  it('answers 503 problem+json naming the evidence store when it cannot be reached', async () => {
    const { app, database } = await appWith(unreachableS3Store())
    try {
      const res = await app.inject({ url: '/api/health/ready' })
      expect(res.statusCode).toBe(503)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(problemOf(res)).toMatchObject({ code: 'health.not_ready', failed: ['evidenceStore'] })
      // Liveness stays up: the process is fine, it is a dependency that is not.
      expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200)
    } finally {
      await app.close()
      await database.close()
    }
  })

  it('answers 503 naming the database when it cannot be queried', async () => {
    const { app, database } = await appWith(createLocalBlobStore(path.join(scratch, 'evidence')))
    await database.close()
    try {
      const res = await app.inject({ url: '/api/health/ready' })
      expect(res.statusCode).toBe(503)
      expect(problemOf(res)).toMatchObject({ code: 'health.not_ready', failed: ['database'] })
      expect(problemOf(res).detail).not.toMatch(/postgres:\/\//)
    } finally {
      await app.close().catch(() => undefined)
    }
  })

  it('answers 503 once shutdown has started, so the balancer drains the server', async () => {
    const { app, database } = await appWith(createLocalBlobStore(path.join(scratch, 'evidence')))
    try {
      expect((await app.inject({ url: '/api/health/ready' })).statusCode).toBe(200)
      // What server/main.ts does first on SIGTERM, before closing (which waits for the job queues).
      app.readiness.isShuttingDown = true
      const res = await app.inject({ url: '/api/health/ready' })
      expect(res.statusCode).toBe(503)
      expect(problemOf(res)).toMatchObject({ code: 'health.not_ready', failed: ['shutdown'] })
      expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200)
    } finally {
      await app.close()
      await database.close()
    }
  })
})
