import { sql } from 'drizzle-orm'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, queryRows, type Db } from '../../db/open.ts'
import { runCliProcess, runServerExpectingExit, startServer } from '../helpers/server-process.ts'
import { createEmptyPostgresDatabase, testDriver } from '../helpers/test-db.ts'

const countCommunities = async (db: Db) => (await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM communities`))[0]!.n

describe('embedded PGlite in DATA_DIR', () => {
  let dataDir: string
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'dey-lifecycle-'))
  })
  afterAll(() => rm(dataDir, { recursive: true, force: true }))

  it('migrates and loads the demo data on first start, and keeps it across SIGTERM and SIGINT', async () => {
    const first = await startServer({ DATA_DIR: dataDir })
    const health = await (await fetch(`${first.baseUrl}/api/health`)).json()
    expect(health).toMatchObject({ status: 'ok', database: 'pglite' })
    expect(first.output()).toContain('loaded the fictional demo data set')
    expect(first.output()).not.toContain('DEMO ACCOUNTS EXIST IN PRODUCTION')
    expect(await first.stop('SIGTERM')).toBe(0)
    expect(first.output()).toContain('closed cleanly')

    // The demo load was one large write; after the shutdown it must all be on disk.
    const reopened = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') })
    const communitiesAfterFirstStart = await countCommunities(reopened.db)
    await reopened.close()
    expect(communitiesAfterFirstStart).toBeGreaterThanOrEqual(24)

    // Production refuses to run while an account with a published password can sign in.
    const refused = await runServerExpectingExit({ DATA_DIR: dataDir, NODE_ENV: 'production' })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/demo accounts .*demo-admin.*npm run demo:disable-accounts/)
    const disabled = await runCliProcess('demo-disable-accounts', [], { DATA_DIR: dataDir })
    // The four accounts one signs in with, and the three lawyers of the demo case teams (#16).
    expect(disabled.stdout).toMatch(/^deactivated 7 demo account\(s\)/)

    const second = await startServer({ DATA_DIR: dataDir, NODE_ENV: 'production' })
    expect(second.output()).not.toContain('loaded the fictional demo data set')
    const config = await (await fetch(`${second.baseUrl}/api/client-config`)).json()
    expect(config.hasDemoAccounts).toBe(false)
    const demoLogin = await fetch(`${second.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'demo-admin', password: 'demo-admin-2026' }),
    })
    expect(demoLogin.status).toBe(401)
    expect(await second.stop('SIGINT')).toBe(0)

    const again = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') })
    expect(await countCommunities(again.db)).toBe(communitiesAfterFirstStart)
    await again.close()
  }, 600_000)

  it('refuses a second server, runs command-line tasks inside the running one, and replaces one killed with SIGKILL at once', async () => {
    const server = await startServer({ DATA_DIR: dataDir, DEY_DEMO: '0' })
    let restarted: Awaited<ReturnType<typeof startServer>> | undefined
    try {
      await expect(startServer({ DATA_DIR: dataDir, DEY_DEMO: '0' })).rejects.toThrow(/in use by a running Dey server \(process \d+\)/)

      const created = await runCliProcess('user-create', ['--role', 'admin', '--email', 'while-running@example.org'], { DATA_DIR: dataDir })
      expect(created.stderr).toBe('')
      expect(created.code).toBe(0)
      const password = /temporary password[^:]*: (\S+)/.exec(created.stdout)![1]!
      // The running server sees the account at once: the task ran on its connection.
      const login = () =>
        fetch(`${(restarted ?? server).baseUrl}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ login: 'while-running@example.org', password }),
        })
      expect((await login()).status).toBe(200)

      const verified = await runCliProcess('audit-verify', [], { DATA_DIR: dataDir })
      expect(verified.stdout).toMatch(/^audit trail intact: \d+ entries verified/)
      const migrate = await runCliProcess('migrate', [], { DATA_DIR: dataDir })
      expect(migrate.code).toBe(1)
      expect(migrate.stderr).toMatch(/^dey: DATA_DIR .* is in use by a running Dey server \(process \d+\): stop it first/)

      // No clean shutdown: the lock stays behind, naming a process that no longer exists.
      expect(await server.stop('SIGKILL')).toBeNull()
      restarted = await startServer({ DATA_DIR: dataDir, DEY_DEMO: '0' })
      expect((await login()).status).toBe(200)
      const entries = await (await fetch(`${restarted.baseUrl}/api/health`)).json()
      expect(entries.status).toBe('ok')
    } finally {
      if (restarted) expect(await restarted.stop()).toBe(0)
      else await server.stop('SIGKILL')
    }
    // The account's creation is in the audit trail, attributed to the command line.
    const database = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') })
    try {
      const [entry] = await queryRows<{ actorLabel: string }>(
        database.db,
        sql`SELECT actor_label AS "actorLabel" FROM audit_log WHERE entity = 'users' AND action = 'create' AND changes -> 'after' ->> 'email' = '[masked]' ORDER BY id DESC LIMIT 1`,
      )
      expect(entry?.actorLabel).toBe('cli:user:create')
    } finally {
      await database.close()
    }
  }, 600_000)
})

describe.runIf(testDriver === 'postgres')('DATABASE_URL on PostgreSQL', () => {
  it('migrates and seeds an empty database at start-up', async () => {
    const empty = (await createEmptyPostgresDatabase())!
    try {
      const server = await startServer({ DATABASE_URL: empty.url, DATA_DIR: os.tmpdir() })
      const health = await (await fetch(`${server.baseUrl}/api/health`)).json()
      expect(health).toMatchObject({ status: 'ok', database: 'postgres' })
      expect(await server.stop()).toBe(0)
      const database = await openDatabase({ databaseUrl: empty.url })
      expect(await countCommunities(database.db)).toBeGreaterThanOrEqual(24)
      await database.close()
    } finally {
      await empty.drop()
    }
  }, 600_000)
})
