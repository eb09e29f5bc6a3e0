// Two real app servers (`serve.ts` processes, as `npm start` runs them) on one PostgreSQL
// database and one S3-protocol evidence store on loopback: a user moves between them freely, a job
// started on one finishes on the other, and a server killed with SIGKILL loses nothing it had
// acknowledged. No assertion waits on time: each waits for a state, with a generous limit.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { Upload } from 'tus-js-client'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { openDatabase, queryRows, type Database } from '../../db/open.ts'
import { users } from '../../db/schema/index.ts'
import { hashPassword } from '../../server/lib/passwords.ts'
import { makeCase } from '../helpers/case-factories.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { withDatabaseName } from '../helpers/global-setup.ts'
import { dropDatabase, withAdminClient } from '../helpers/postgres-admin.ts'
import { startS3Server, type S3Server } from '../helpers/s3-server.ts'
import { runCliProcess, startServer, type ServerProcess } from '../helpers/server-process.ts'
import { createEmptyPostgresDatabase, testDriver } from '../helpers/test-db.ts'

const PASSWORD = 'cluster test password 2027'
const MB = 1024 * 1024
/** How long a job may run before another server takes it over: short, so the test need not wait long for a dead server's job. */
const JOB_TIMEOUT_SECONDS = 20
/** A state a test waits for must be reached within this: a hang, not a slow machine. */
const STATE_LIMIT_MS = 240_000

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')
const textFile = (size: number) =>
  Buffer.from(
    randomBytes(Math.ceil(size / 2))
      .toString('hex')
      .slice(0, size)
      .replace(/(.{99})./g, '$1\n'),
  )

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + STATE_LIMIT_MS
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

describe.skipIf(testDriver !== 'postgres')('two app servers on one PostgreSQL and one S3 store', () => {
  const name = `dey_cluster_${process.pid}`
  let databaseUrl: string
  let database: Database
  let s3: S3Server
  let dataDirs: string[] = []
  /** Resumable uploads wait in one folder every server mounts (a network folder in production). */
  let uploadsDir: string
  const servers: ServerProcess[] = []
  let communityId: string
  let caseId: string
  const email = 'lawyer@cluster.test'

  const serverEnv = async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'dey-cluster-'))
    dataDirs.push(dataDir)
    return {
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      UPLOADS_DIR: uploadsDir,
      DATABASE_URL: databaseUrl,
      DEY_DEMO: '0',
      // Second factors have their own tests; this one is about the cluster.
      TWO_FACTOR_ROLES: 'none',
      DEY_JOB_TIMEOUT_SECONDS: String(JOB_TIMEOUT_SECONDS),
      CHROMIUM_PATH: '/nonexistent/chromium',
      ...s3.env,
    }
  }
  const start = async () => {
    const server = await startServer(await serverEnv())
    servers.push(server)
    return server
  }

  /** fetch with the session cookie; writes carry the server's own Origin, as a browser's would. */
  const call = (server: ServerProcess, cookie: string, url: string, init: RequestInit = {}) =>
    fetch(`${server.baseUrl}${url}`, {
      ...init,
      headers: {
        cookie,
        origin: server.baseUrl,
        ...(init.body && typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
    })

  const signIn = async (server: ServerProcess, password = PASSWORD) => {
    const res = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.baseUrl },
      body: JSON.stringify({ login: email, password }),
    })
    const cookie = res.headers
      .getSetCookie()
      .find((line) => line.startsWith('dey_session='))
      ?.split(';')[0]
    const problem = res.ok ? undefined : ((await res.json()) as { code: string })
    return { status: res.status, code: problem?.code, cookie: cookie ?? '' }
  }

  beforeAll(async () => {
    const adminUrl = process.env.TEST_DATABASE_URL!
    databaseUrl = withDatabaseName(adminUrl, name)
    await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`))
    database = await openDatabase({ databaseUrl })
    s3 = await startS3Server()
    uploadsDir = await mkdtemp(path.join(os.tmpdir(), 'dey-cluster-uploads-'))
    await database.db
      .insert(users)
      .values({ email, displayName: 'Cluster Lawyer', role: 'legal', passwordHash: await hashPassword(PASSWORD) })
    communityId = (await makeCommunity(database.db, { name: 'Phum Cluster' })).id
    caseId = (await makeCase(database.db, { title: 'Cluster case' })).id
  }, STATE_LIMIT_MS)

  afterAll(async () => {
    const running = servers.filter((server) => server.child.exitCode === null && server.child.signalCode === null)
    await Promise.all(running.map((server) => server.stop('SIGKILL')))
    await database?.close()
    await s3?.stop()
    await dropDatabase(process.env.TEST_DATABASE_URL!, name)
    await Promise.all([...dataDirs, uploadsDir].filter(Boolean).map((dir) => rm(dir, { recursive: true, force: true })))
    dataDirs = []
  })

  it('signs in on A and works on B; a tus upload started on A resumes on B; an export started on A is polled and downloaded on B', async () => {
    const [a, b] = [await start(), await start()]
    const { status, cookie } = await signIn(a)
    expect(status).toBe(200)
    const me = await call(b, cookie, '/api/auth/me')
    expect(me.status).toBe(200)
    expect(((await me.json()) as { displayName: string }).displayName).toBe('Cluster Lawyer')

    // A resumable upload: the first half to A, the rest to B.
    const bytes = textFile(3 * MB)
    let uploadUrl: string | null = null
    await new Promise<void>((resolve, reject) => {
      const upload = new Upload(bytes, {
        endpoint: `${a.baseUrl}/api/uploads`,
        chunkSize: 512 * 1024,
        retryDelays: [],
        headers: { cookie, origin: a.baseUrl },
        metadata: { filename: 'field-notes.txt', filetype: 'text/plain', caseId, title: 'Field notes' },
        onChunkComplete: (_size, accepted) => {
          if (accepted >= 1.5 * MB) void upload.abort().then(() => ((uploadUrl = upload.url), resolve()))
        },
        onSuccess: () => reject(new Error('the upload should have been stopped half-way')),
        onError: reject,
      })
      upload.start()
    })
    expect(uploadUrl).toMatch(/\/api\/uploads\//)
    const onB = `${b.baseUrl}${new URL(uploadUrl!).pathname}`
    const offset = await fetch(onB, { method: 'HEAD', headers: { cookie, 'tus-resumable': '1.0.0' } })
    expect(offset.status).toBe(200)
    expect(Number(offset.headers.get('upload-offset'))).toBeGreaterThanOrEqual(1.5 * MB)
    const evidenceId = await new Promise<string>((resolve, reject) => {
      const upload = new Upload(bytes, {
        uploadUrl: onB,
        chunkSize: 512 * 1024,
        retryDelays: [],
        headers: { cookie, origin: b.baseUrl },
        onSuccess: ({ lastResponse }) => resolve(lastResponse.getHeader('Dey-Evidence-Id') ?? ''),
        onError: reject,
      })
      upload.start()
    })
    const evidence = (await (await call(a, cookie, `/api/evidence/${evidenceId}`)).json()) as { sha256: string; sizeBytes: number }
    expect(evidence).toMatchObject({ sha256: sha256(bytes), sizeBytes: bytes.length })
    const downloaded = await call(b, cookie, `/api/evidence/${evidenceId}/file`)
    expect(downloaded.status).toBe(200)
    expect(sha256(Buffer.from(await downloaded.arrayBuffer()))).toBe(sha256(bytes))

    // An export started on A, followed and downloaded on B.
    const started = await call(a, cookie, `/api/cases/${caseId}/dossier`, { method: 'POST', body: JSON.stringify({ language: 'en' }) })
    expect(started.status).toBe(202)
    const { id: exportId } = (await started.json()) as { id: string }
    const done = await waitFor('the export to finish', async () => {
      const job = (await (await call(b, cookie, `/api/exports/${exportId}`)).json()) as { status: string; sha256?: string }
      if (job.status === 'failed') throw new Error(`the export failed: ${JSON.stringify(job)}`)
      return job.status === 'done' ? job : undefined
    })
    const zip = await call(b, cookie, `/api/exports/${exportId}/file`)
    expect(zip.status).toBe(200)
    expect(sha256(Buffer.from(await zip.arrayBuffer()))).toBe(done.sha256)

    await Promise.all([a.stop(), b.stop()])
  })

  it('counts failed sign-ins on both servers towards one lockout', async () => {
    const [a, b] = [await start(), await start()]
    // Five free attempts (server/features/auth/auth.service.ts), alternating between the servers.
    for (const server of [a, b, a, b, a]) expect((await signIn(server, 'wrong password')).code).toBe('auth.invalid_login')
    // The account now waits, whichever server is asked, even with the right password.
    for (const server of [b, a]) expect((await signIn(server)).code).toBe('auth.locked')
    await database.db.execute(sql`UPDATE users SET failed_logins = 0, locked_until = NULL WHERE email = ${email}`)
    await Promise.all([a.stop(), b.stop()])
  })

  it('finishes on B an export whose server A was killed half-way, and loses no acknowledged write', async () => {
    // A alone: the export's job must start on A.
    const a = await start()
    const { cookie: cookieA } = await signIn(a)
    // Enough evidence that building the ZIP takes a while.
    for (let i = 0; i < 6; i++) {
      const body = new FormData()
      body.set('caseId', caseId)
      body.set('title', `Bulk notes ${i}`)
      body.set('file', new Blob([textFile(8 * MB)], { type: 'text/plain' }), `bulk-${i}.txt`)
      const res = await fetch(`${a.baseUrl}/api/evidence`, { method: 'POST', headers: { cookie: cookieA, origin: a.baseUrl }, body })
      expect(res.status, await res.clone().text()).toBe(201)
    }

    const started = await call(a, cookieA, `/api/cases/${caseId}/dossier`, { method: 'POST', body: JSON.stringify({ language: 'en' }) })
    expect(started.status).toBe(202)
    const { id: exportId } = (await started.json()) as { id: string }
    const exportState = async () =>
      (
        await queryRows<{ status: string; percent: number }>(database.db, sql`SELECT status, percent FROM exports WHERE id = ${exportId}`)
      )[0]!

    // Writes acknowledged by A while it builds the ZIP; each must survive A's death.
    const acknowledged: string[] = []
    await waitFor('the export to be under way on A', async () => {
      const res = await call(a, cookieA, '/api/incidents', {
        method: 'POST',
        body: JSON.stringify(incident(communityId, acknowledged.length)),
      })
      if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id)
      const state = await exportState()
      if (state.status === 'done') throw new Error('the export finished before A could be killed: make it larger')
      return state.status === 'running' && state.percent > 1 ? true : undefined
    })
    // Frozen first, so A cannot finish between the check and the kill.
    a.child.kill('SIGSTOP')
    expect((await exportState()).status).toBe('running')
    await a.stop('SIGKILL')
    expect(acknowledged.length).toBeGreaterThan(0)

    const b = await start()
    const { cookie: cookieB } = await signIn(b)
    const done = await waitFor('B to finish the export', async () => {
      const job = (await (await call(b, cookieB, `/api/exports/${exportId}`)).json()) as { status: string; sha256?: string }
      if (job.status === 'failed') throw new Error(`the export failed: ${JSON.stringify(job)}`)
      return job.status === 'done' ? job : undefined
    })
    const zip = await call(b, cookieB, `/api/exports/${exportId}/file`)
    expect(zip.status).toBe(200)
    expect(sha256(Buffer.from(await zip.arrayBuffer()))).toBe(done.sha256)

    for (const id of acknowledged) expect((await call(b, cookieB, `/api/incidents/${id}`)).status).toBe(200)
    await b.stop()

    // The audit trail's chain and every evidence file in the bucket are intact.
    const env = { NODE_ENV: 'test', DATA_DIR: dataDirs[0]!, DATABASE_URL: databaseUrl, ...s3.env }
    const audit = await runCliProcess('audit-verify', [], env)
    expect(audit.code, audit.stdout + audit.stderr).toBe(0)
    const evidence = await runCliProcess('evidence-verify', [], env)
    expect(evidence.code, evidence.stdout + evidence.stderr).toBe(0)
  })
})

describe.skipIf(testDriver !== 'postgres')('two app servers started together on a new PostgreSQL database', () => {
  it('both start, and the migrations, the reference data and the demo data are applied once', async () => {
    const empty = (await createEmptyPostgresDatabase())!
    const dataDirs = await Promise.all([1, 2].map(() => mkdtemp(path.join(os.tmpdir(), 'dey-cluster-first-'))))
    const servers: ServerProcess[] = []
    try {
      const env = (dataDir: string) => ({
        NODE_ENV: 'test',
        DATA_DIR: dataDir,
        DATABASE_URL: empty.url,
        CHROMIUM_PATH: '/nonexistent/chromium',
      })
      const started = await Promise.allSettled(dataDirs.map((dataDir) => startServer(env(dataDir))))
      for (const result of started) if (result.status === 'fulfilled') servers.push(result.value)
      expect(started.map((result) => (result.status === 'rejected' ? String(result.reason).slice(0, 2000) : 'started'))).toEqual([
        'started',
        'started',
      ])
      const database = await openDatabase({ databaseUrl: empty.url })
      try {
        const [counts] = await queryRows<{ demoUsers: number; communities: number; names: number }>(
          database.db,
          sql`SELECT (SELECT count(*)::int FROM users WHERE is_demo) AS "demoUsers",
                     (SELECT count(*)::int FROM communities) AS communities,
                     (SELECT count(DISTINCT name)::int FROM communities) AS names`,
        )
        expect(counts!.demoUsers).toBe(7)
        expect(counts!.communities).toBeGreaterThan(0)
        expect(counts!.communities).toBe(counts!.names)
      } finally {
        await database.close()
      }
    } finally {
      await Promise.all(servers.map((server) => server.stop()))
      await empty.drop()
      await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })))
    }
  })
})

function incident(communityId: string, n: number) {
  return {
    title: `Bulldozers at the edge of the village (${n})`,
    kind: 'land_grabbing',
    severity: 'high',
    occurredAt: '2026-10-03T08:30:00+07:00',
    communityId,
    location: { type: 'Point', coordinates: [104.31, 11.42] },
  }
}
