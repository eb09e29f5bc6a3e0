// Resumable uploads across app servers: two real apps listening on loopback over one database and
// one shared uploads folder (what a network folder gives several machines), with a real tus client;
// and, on PostgreSQL, the advisory-lock tus locker those servers share.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { Upload, type DetailedError } from 'tus-js-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresTusLocker, type PostgresTusLocker } from '../../server/features/evidence/evidence.tus-locker.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { createSharedTestDatabases, testDriver } from '../helpers/test-db.ts'

const CHUNK = 256 * 1024
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')
const adminUrl = process.env.TEST_DATABASE_URL

describe(`a tus upload across two app servers on ${testDriver}`, () => {
  let shared: Awaited<ReturnType<typeof createSharedTestDatabases>>
  let evidenceDir: string
  const servers: { app: TestApp; endpoint: string; locker?: PostgresTusLocker }[] = []
  let legal: SignedIn
  let communityId: string

  beforeAll(async () => {
    shared = await createSharedTestDatabases(2)
    evidenceDir = await mkdtemp(path.join(os.tmpdir(), 'dey-tus-cluster-'))
    for (const database of shared.databases) {
      const locker = adminUrl ? createPostgresTusLocker(adminUrl) : undefined
      const app = await createTestApp({ database, evidenceDir, tusLocker: locker })
      await app.app.listen({ port: 0, host: '127.0.0.1' })
      const endpoint = `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}/api/uploads`
      servers.push({ app, endpoint, locker })
    }
    communityId = (await makeCommunity(servers[0]!.app.db)).id
    // Sessions live in the database: the same cookie works on both servers.
    legal = await servers[0]!.app.signIn('legal')
  })
  afterAll(async () => {
    for (const server of servers) {
      await server.app.close()
      await server.locker?.close()
    }
    await shared?.close()
    await rm(evidenceDir, { recursive: true, force: true })
  })

  it('an upload started on server A and interrupted resumes on server B, and becomes evidence', async () => {
    const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]]
    const bytes = Buffer.from(randomBytes(600_000).toString('hex').slice(0, 1_000_000))
    const metadata = { filename: 'notes.txt', filetype: 'text/plain', communityId, title: 'Field notes' }

    const started = await new Promise<{ url: string | null; accepted: number }>((resolve, reject) => {
      const upload: Upload = new Upload(bytes, {
        endpoint: a.endpoint,
        chunkSize: CHUNK,
        retryDelays: [],
        headers: legal.headers,
        metadata,
        onChunkComplete: (_size, accepted) => {
          if (accepted >= 2 * CHUNK) void upload.abort().then(() => resolve({ url: upload.url, accepted }))
        },
        onSuccess: () => reject(new Error('the upload should have been interrupted')),
        onError: reject,
      })
      upload.start()
    })
    expect(started.url).toMatch(new RegExp(`^${a.endpoint}/[0-9a-f]{32}$`))
    const id = started.url!.split('/').at(-1)!

    const offset = await fetch(`${b.endpoint}/${id}`, { method: 'HEAD', headers: { ...legal.headers, 'Tus-Resumable': '1.0.0' } })
    expect(offset.status).toBe(200)
    expect(Number(offset.headers.get('upload-offset'))).toBe(started.accepted)

    const finished = await new Promise<{ evidenceId?: string; error?: DetailedError }>((resolve) => {
      const upload = new Upload(bytes, {
        endpoint: b.endpoint,
        uploadUrl: `${b.endpoint}/${id}`,
        chunkSize: CHUNK,
        retryDelays: [],
        headers: legal.headers,
        metadata,
        onSuccess: ({ lastResponse }) => resolve({ evidenceId: lastResponse.getHeader('Dey-Evidence-Id') ?? undefined }),
        onError: (error) => resolve({ error: error as DetailedError }),
      })
      upload.start()
    })
    expect(finished.error).toBeUndefined()
    const row = await a.app.app.inject({ url: `/api/evidence/${finished.evidenceId}`, headers: legal.headers })
    expect(row.statusCode, row.body).toBe(200)
    expect(row.json()).toMatchObject({ sha256: sha256(bytes), sizeBytes: bytes.length, mediaType: 'text/plain' })
  })
})

describe.runIf(adminUrl)('the PostgreSQL tus locker', () => {
  const lockers: PostgresTusLocker[] = []
  const locker = (acquireTimeoutMs?: number) => {
    const created = createPostgresTusLocker(adminUrl!, { acquireTimeoutMs })
    lockers.push(created)
    return created
  }
  afterAll(async () => {
    for (const created of lockers) await created.close()
  })
  const never = new AbortController().signal

  it('a request on server B asks the holder on server A to let go, then gets the lock', async () => {
    const id = randomBytes(16).toString('hex')
    const onA = locker().newLock(id)
    const onB = locker().newLock(id)
    let isAskedToRelease = false
    await onA.lock(never, async () => {
      isAskedToRelease = true
      await onA.unlock()
    })
    await onB.lock(never, () => undefined)
    expect(isAskedToRelease).toBe(true)
    await onB.unlock()
  })

  it('a holder that does not let go keeps the lock: the other server times out', async () => {
    const id = randomBytes(16).toString('hex')
    const onA = locker().newLock(id)
    await onA.lock(never, () => undefined)
    await expect(
      locker(300)
        .newLock(id)
        .lock(never, () => undefined),
    ).rejects.toMatchObject({ status_code: 500 })
    await onA.unlock()
    const again = locker(5_000).newLock(id)
    await again.lock(never, () => undefined)
    await again.unlock()
  })

  it('different uploads do not wait for each other', async () => {
    const shared = locker(300)
    const first = shared.newLock(randomBytes(16).toString('hex'))
    const second = locker(300).newLock(randomBytes(16).toString('hex'))
    await first.lock(never, () => undefined)
    await second.lock(never, () => undefined)
    await first.unlock()
    await second.unlock()
  })
})
