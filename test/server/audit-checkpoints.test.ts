// The hash chain alone cannot tell that its newest entries were deleted, or that history was
// rewritten with every later hash recomputed; signed checkpoints of its head can. And on PostgreSQL
// the app can run as a role that can neither disable the trail's triggers nor change its entries.
import { sql } from 'drizzle-orm'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { migrateDatabase } from '../../db/migrate.ts'
import { openDatabase, queryRows, type Db } from '../../db/open.ts'
import { loadOrCreateSigner, writeCheckpoint, type CheckpointSigner } from '../../server/features/audit/audit.checkpoints.ts'
import { verifyAuditTrail } from '../../server/features/audit/audit.service.ts'
import { withDatabaseName } from '../helpers/global-setup.ts'
import { dropDatabase, withAdminClient } from '../helpers/postgres-admin.ts'
import { users } from '../../db/schema/index.ts'
import { buildApp } from '../../server/app.ts'
import { createLocalBlobStore } from '../../server/lib/local-blob-store.ts'
import { hashPassword } from '../../server/lib/passwords.ts'
import { createTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
let dir: string
let signer: CheckpointSigner

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dey-checkpoints-'))
  const keyFile = path.join(dir, 'keys', 'audit-signing.key')
  signer = await loadOrCreateSigner(keyFile)
  t = await createTestApp({ auditCheckpoints: { dir: path.join(dir, 'checkpoints'), keyFile } })
})
afterAll(async () => {
  await t?.close()
  await rm(dir, { recursive: true, force: true })
})

const checkpointDir = () => path.join(dir, 'checkpoints')
const verify = async () => (await t.app.inject({ url: '/api/audit/verify' })).json()
const addPeople = async (names: string[]) => {
  for (const name of names) await t.db.execute(sql`INSERT INTO people (full_name) VALUES (${name})`)
}
const lastId = async (db: Db = t.db) =>
  (await queryRows<{ id: number }>(db, sql`SELECT coalesce(max(id), 0)::int AS id FROM audit_log`))[0]!.id

/** What an intruder with the database's keys does: switch off the guard, change, switch it back on. */
async function tamper(db: Db, statement: ReturnType<typeof sql>) {
  await db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`)
  await db.execute(statement)
  await db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`)
}

/** Rewrites every entry from `fromId` on so that the chain links and hashes again. */
const rechainFrom = (fromId: number) => sql`DO $$
  DECLARE entry audit_log; previous text;
  BEGIN
    SELECT hash INTO previous FROM audit_log WHERE id < ${sql.raw(String(fromId))} ORDER BY id DESC LIMIT 1;
    FOR entry IN SELECT * FROM audit_log WHERE id >= ${sql.raw(String(fromId))} ORDER BY id LOOP
      entry.prev_hash := coalesce(previous, '');
      entry.hash := dey_audit_hash(entry);
      UPDATE audit_log SET prev_hash = entry.prev_hash, hash = entry.hash WHERE id = entry.id;
      previous := entry.hash;
    END LOOP;
  END $$`

describe(`signed audit checkpoints on ${testDriver}`, () => {
  afterEach(async () => {
    // The tampered trails still chain (that is the point): with the checkpoints gone, each test starts afresh.
    await rm(checkpointDir(), { recursive: true, force: true })
  })

  it('writes a signed checkpoint of the head, and only when the head moved', async () => {
    await addPeople(['Head A'])
    const first = await writeCheckpoint(t.db, signer, checkpointDir())
    expect(first).toMatchObject({ headId: await lastId(), keyId: signer.keyId })
    expect(await writeCheckpoint(t.db, signer, checkpointDir())).toBeUndefined()
    await addPeople(['Head B'])
    expect((await writeCheckpoint(t.db, signer, checkpointDir()))!.headId).toBe(await lastId())
    expect(await readdir(checkpointDir())).toHaveLength(2)
    const report = await verify()
    expect(report).toMatchObject({ isIntact: true, checkpoints: { verified: 2, untrusted: 0, latest: { headId: await lastId() } } })
  })

  it('detects the newest entries deleted after a checkpoint', async () => {
    await addPeople(['Tail A', 'Tail B', 'Tail C'])
    const checkpoint = (await writeCheckpoint(t.db, signer, checkpointDir()))!
    await tamper(t.db, sql`DELETE FROM audit_log WHERE id > ${checkpoint.headId - 2}`)
    const report = await verify()
    expect(report.isIntact).toBe(false)
    expect(report.firstBrokenId).toBe(checkpoint.headId)
    expect(report.reason).toMatch(/newest entries were deleted/)
  })

  it('detects history rewritten with every later hash recomputed', async () => {
    await addPeople(['Old A', 'Old B', 'Old C', 'Old D'])
    const checkpoint = (await writeCheckpoint(t.db, signer, checkpointDir()))!
    const victim = checkpoint.headId - 2
    await tamper(t.db, sql`UPDATE audit_log SET actor_label = 'someone else' WHERE id = ${victim}`)
    await tamper(t.db, rechainFrom(victim))
    const report = await verify()
    expect(report.isIntact).toBe(false)
    expect(report.firstBrokenId).toBe(checkpoint.headId)
    expect(report.reason).toMatch(/history was rewritten/)
  })

  it('refuses an altered checkpoint, and does not rely on one signed by another key', async () => {
    await addPeople(['Signed'])
    const checkpoint = (await writeCheckpoint(t.db, signer, checkpointDir()))!
    const altered = JSON.parse(await readFile(checkpoint.file!, 'utf8'))
    await writeFile(checkpoint.file!, JSON.stringify({ ...altered, count: altered.count - 1 }))
    const report = await verify()
    expect(report.isIntact).toBe(false)
    expect(report.reason).toMatch(/does not match its signature/)

    await rm(checkpointDir(), { recursive: true, force: true })
    const otherKey = await loadOrCreateSigner(path.join(dir, 'other-keys', 'other.key'))
    await writeCheckpoint(t.db, otherKey, checkpointDir())
    expect(await verify()).toMatchObject({ isIntact: true, checkpoints: { verified: 0, untrusted: 1, latest: null } })
  })
})

describe.runIf(testDriver === 'postgres')('the app as a PostgreSQL role that owns nothing', () => {
  const suffix = `${process.pid}_${Date.now()}`
  const owner = `dey_owner_${suffix}`
  const appRole = `dey_app_${suffix}`
  const legacy = `dey_legacy_${suffix}`
  const database = `dey_roles_${suffix}`
  const legacyDatabase = `dey_legacy_${suffix}`
  const adminUrl = process.env.TEST_DATABASE_URL!
  const urlAs = (role: string) => {
    const url = new URL(withDatabaseName(adminUrl, database))
    url.username = role
    url.password = ''
    return url.toString()
  }

  beforeAll(async () => {
    await withAdminClient(adminUrl, async (client) => {
      await client.query(`CREATE ROLE ${owner} LOGIN`)
      await client.query(`CREATE ROLE ${appRole} LOGIN`)
      await client.query(`CREATE DATABASE ${database} OWNER ${owner}`)
    })
    // PostGIS is not a trusted extension: a superuser creates it once, as the README says.
    await withAdminClient(withDatabaseName(adminUrl, database), (client) =>
      client.query('CREATE EXTENSION postgis; CREATE EXTENSION pg_trgm'),
    )
  })
  afterAll(async () => {
    await dropDatabase(adminUrl, database)
    await dropDatabase(adminUrl, legacyDatabase)
    await withAdminClient(adminUrl, async (client) => {
      for (const role of [appRole, legacy, owner]) {
        await client.query(`DROP OWNED BY ${role} CASCADE`).catch(() => undefined)
        await client.query(`DROP ROLE IF EXISTS ${role}`)
      }
    })
  })

  it('moves an installation whose app role owns everything to the two roles, as the README says', async () => {
    const legacyUrl = (role: string) => {
      const url = new URL(withDatabaseName(adminUrl, legacyDatabase))
      url.username = role
      url.password = ''
      return url.toString()
    }
    // Before: one role created and migrated the database, and the app runs as it.
    await withAdminClient(adminUrl, async (client) => {
      await client.query(`CREATE ROLE ${legacy} LOGIN`)
      await client.query(`CREATE DATABASE ${legacyDatabase} OWNER ${legacy}`)
    })
    await withAdminClient(withDatabaseName(adminUrl, legacyDatabase), (client) =>
      client.query('CREATE EXTENSION postgis; CREATE EXTENSION pg_trgm'),
    )
    const before = await openDatabase({ databaseUrl: legacyUrl(legacy) })
    await migrateDatabase(before)
    await before.db.execute(sql`INSERT INTO people (full_name) VALUES ('Before the move')`)
    await before.close()
    // The move, as a superuser; the old role keeps working as the app's role.
    await withAdminClient(adminUrl, (client) => client.query(`ALTER DATABASE ${legacyDatabase} OWNER TO ${owner}`))
    await withAdminClient(withDatabaseName(adminUrl, legacyDatabase), (client) => client.query(`REASSIGN OWNED BY ${legacy} TO ${owner}`))
    const after = await openDatabase({ databaseUrl: legacyUrl(legacy) })
    try {
      await migrateDatabase(after, { ownerUrl: legacyUrl(owner) })
      await after.db.execute(sql`INSERT INTO people (full_name) VALUES ('After the move')`)
      await expect(after.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`)).rejects.toMatchObject({
        cause: { code: '42501' },
      })
      await expect(after.db.execute(sql`DELETE FROM audit_log`)).rejects.toMatchObject({ cause: { code: '42501' } })
      const rows = await queryRows<{ n: number }>(after.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'people'`)
      expect(rows[0]!.n).toBe(2)
    } finally {
      await after.close()
    }
  })

  it('migrates as the owner, then writes as the app role, which cannot disable, change or empty the trail', async () => {
    const app = await openDatabase({ databaseUrl: urlAs(appRole) })
    try {
      await migrateDatabase(app, { ownerUrl: urlAs(owner) })
      await app.db.execute(sql`INSERT INTO people (full_name) VALUES ('Written by the app role')`)
      const [entry] = await queryRows<{ entity: string }>(app.db, sql`SELECT entity FROM audit_log ORDER BY id DESC LIMIT 1`)
      expect(entry?.entity).toBe('people')
      // A user's communities enter the trail through notes only the triggers may write (migration 0018).
      await app.db.execute(sql`WITH u AS (INSERT INTO users (email, display_name, role, password_hash)
          VALUES ('member@test.dey', 'Member', 'community_rep', 'x') RETURNING id),
        c AS (INSERT INTO communities (name, kind, province, location)
          VALUES ('Linked by the app role', 'land_community', 'Kampot', ST_SetSRID(ST_MakePoint(104.2, 10.6), 4326)) RETURNING id)
        INSERT INTO user_communities (user_id, community_id) SELECT u.id, c.id FROM u, c`)
      const [membership] = await queryRows<{ action: string }>(app.db, sql`SELECT action FROM audit_log ORDER BY id DESC LIMIT 1`)
      expect(membership?.action).toBe('communities_changed')
      for (const attempt of [
        sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`,
        sql`DELETE FROM audit_log`,
        sql`UPDATE audit_log SET actor_label = 'x'`,
        sql`TRUNCATE audit_log`,
        sql`INSERT INTO audit_log (at, actor_label, action, entity, prev_hash, hash) VALUES (now(), 'x', 'x', 'x', '', '')`,
        // The shapes the entries name (migration 0014) are as closed as the entries.
        sql`ALTER TABLE audit_shapes DISABLE TRIGGER audit_shapes_append_only`,
        sql`DELETE FROM audit_shapes`,
        sql`UPDATE audit_shapes SET shape = shape`,
        sql`TRUNCATE audit_shapes`,
        sql`INSERT INTO audit_shapes (sha256, shape) VALUES ('x', ST_Multi(ST_MakeEnvelope(104, 10, 104.1, 10.1, 4326)))`,
        sql`INSERT INTO audit_pending_memberships (tx_id, user_id, community_id, change) VALUES (1, gen_random_uuid(), gen_random_uuid(), -1)`,
        sql`DELETE FROM audit_pending_memberships`,
      ]) {
        await expect(app.db.execute(attempt)).rejects.toMatchObject({ cause: { code: expect.stringMatching(/^42501$/) } })
      }
      expect(await lastId(app.db)).toBeGreaterThan(0)

      // And the whole app works as that role: sign in, write, read the trail back, verify it.
      const evidenceDir = await mkdtemp(path.join(os.tmpdir(), 'dey-roles-evidence-'))
      const built = await buildApp({
        database: app,
        logger: false,
        clientDir: '/nonexistent',
        evidence: { store: createLocalBlobStore(evidenceDir), maxUploadBytes: 1024 * 1024, uploadsDir: path.join(evidenceDir, 'uploads') },
        // The job queue's tables are installed by the owner too (server/lib/jobs.ts).
        jobs: { ownerUrl: urlAs(owner) },
      })
      try {
        await app.db.insert(users).values({
          email: 'owner-test@test.dey',
          displayName: 'Owner test',
          role: 'legal',
          passwordHash: await hashPassword(TEST_PASSWORD),
        })
        const login = await built.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { login: 'owner-test@test.dey', password: TEST_PASSWORD },
        })
        expect(login.statusCode).toBe(200)
        const cookie = `dey_session=${login.cookies.find((c) => c.name === 'dey_session')!.value}`
        const created = await built.inject({
          method: 'POST',
          url: '/api/communities',
          headers: { cookie },
          payload: {
            name: 'Role test',
            kind: 'land_community',
            province: 'Kampot',
            location: { type: 'Point', coordinates: [104.2, 10.6] },
            territory: {
              type: 'Polygon',
              coordinates: [
                [
                  [104.2, 10.6],
                  [104.21, 10.6],
                  [104.21, 10.61],
                  [104.2, 10.61],
                  [104.2, 10.6],
                ],
              ],
            },
          },
        })
        expect(created.statusCode, created.body).toBe(201)
        const [latest] = (await built.inject({ url: '/api/audit?limit=5', headers: { cookie } })).json().items
        expect(latest.entity).toBe('communities')
        // The territory went into audit_shapes through dey_audit_shape, which the app role may call.
        expect(latest.changes.after.territory).toMatchObject({
          type: 'MultiPolygon',
          points: 5,
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        })
        expect(await verifyAuditTrail(app.db)).toMatchObject({ isIntact: true })
      } finally {
        await built.close()
        await rm(evidenceDir, { recursive: true, force: true })
      }
    } finally {
      await app.close()
    }
  })
})
