import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, queryRows } from '../../db/open.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { openMigratedDataDir, testDriver } from '../helpers/test-db.ts'
import { runCommand } from '../../server/cli/run-cli.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t?.close())

interface Entry {
  id: number
  actorId: string | null
  action: string
  entity: string
  entityId: string | null
  changes: Record<string, Record<string, unknown>> | null
  requestId: string | null
}
const entriesAfter = (id: number) =>
  queryRows<Entry>(
    t.db,
    sql`SELECT id::int, actor_id AS "actorId", action, entity, entity_id AS "entityId", changes, request_id AS "requestId" FROM audit_log WHERE id > ${id} ORDER BY id`,
  )
const lastId = async () => (await queryRows<{ id: number }>(t.db, sql`SELECT coalesce(max(id), 0)::int AS id FROM audit_log`))[0]!.id

const community0 = () => ({ ...community, name: 'Shape village' })
const community = {
  name: 'Audit village',
  kind: 'land_community',
  province: 'Kampot',
  leaderPhone: '+855 12 345 678',
  location: { type: 'Point', coordinates: [104.2, 10.6] },
}

describe(`audit trail on ${testDriver}`, () => {
  it('records a create as exactly one entry, attributed to the user and the request', async () => {
    const legal = await t.signIn('legal')
    const before = await lastId()
    const res = await t.app.inject({ method: 'POST', url: '/api/communities', payload: community, headers: legal.headers })
    expect(res.statusCode).toBe(201)
    const entries = await entriesAfter(before)
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      actorId: legal.userId,
      action: 'create',
      entity: 'communities',
      entityId: res.json().id,
      requestId: res.json().id ? expect.any(String) : null,
    })
    expect(entries[0]!.changes!.after!.name).toBe('Audit village')
  })

  it('masks sensitive values: that a phone changed is recorded, not the number', async () => {
    const created = (await t.app.inject({ method: 'POST', url: '/api/communities', payload: community })).json()
    const before = await lastId()
    await t.app.inject({
      method: 'PATCH',
      url: `/api/communities/${created.id}`,
      payload: { leaderPhone: '+855 99 999 999', households: 12, version: 1 },
    })
    const [entry] = await entriesAfter(before)
    expect(entry).toMatchObject({
      action: 'update',
      changes: { before: { leader_phone: '[masked]', households: null }, after: { leader_phone: '[masked]', households: 12 } },
    })
    expect(JSON.stringify(await entriesAfter(0))).not.toContain('999 999')
  })

  it('records a soft delete as a delete', async () => {
    const created = (await t.app.inject({ method: 'POST', url: '/api/communities', payload: community })).json()
    const before = await lastId()
    expect((await t.app.inject({ method: 'DELETE', url: `/api/communities/${created.id}` })).statusCode).toBe(204)
    const entries = await entriesAfter(before)
    expect(entries.map((e) => [e.action, e.entityId])).toEqual([['delete', created.id]])
  })

  it('writes nothing for a write that fails', async () => {
    const before = await lastId()
    const bowTie = {
      type: 'Polygon',
      coordinates: [
        [
          [104.0, 11.0],
          [104.01, 11.01],
          [104.01, 11.0],
          [104.0, 11.01],
          [104.0, 11.0],
        ],
      ],
    }
    expect((await t.app.inject({ method: 'POST', url: '/api/communities', payload: { ...community, territory: bowTie } })).statusCode).toBe(
      422,
    )
    const stale = (await t.app.inject({ method: 'POST', url: '/api/communities', payload: community })).json()
    const afterCreate = await lastId()
    expect(
      (await t.app.inject({ method: 'PATCH', url: `/api/communities/${stale.id}`, payload: { households: 1, version: 9 } })).statusCode,
    ).toBe(409)
    expect(afterCreate).toBe(before + 1)
    expect(await lastId()).toBe(afterCreate)
  })

  it('records permission denials', async () => {
    const advocate = await t.signIn('advocate')
    const before = await lastId()
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/communities', payload: community, headers: advocate.headers })).statusCode,
    ).toBe(403)
    expect(await entriesAfter(before)).toMatchObject([
      { actorId: advocate.userId, action: 'denied', entity: 'route', entityId: 'POST /api/communities' },
    ])
  })

  it('records refusals of a single record too (a representative reporting for another community)', async () => {
    const other = (await t.app.inject({ method: 'POST', url: '/api/communities', payload: community })).json()
    const own = (await t.app.inject({ method: 'POST', url: '/api/communities', payload: community })).json()
    const rep = await t.signIn('community_rep', { communityIds: [own.id] })
    const before = await lastId()
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/incidents',
      headers: rep.headers,
      payload: {
        communityId: other.id,
        title: 'Fence',
        kind: 'fencing',
        occurredAt: '2026-11-01T08:00:00+07:00',
        province: 'Kampot',
        location: { type: 'Point', coordinates: [104.2, 10.6] },
      },
    })
    expect(res.statusCode).toBe(403)
    expect(await entriesAfter(before)).toMatchObject([{ actorId: rep.userId, action: 'denied', entityId: 'POST /api/incidents' }])
  })

  it('refuses to update, delete or truncate audit entries', async () => {
    await expect(t.db.execute(sql`UPDATE audit_log SET action = 'nothing'`)).rejects.toThrow()
    await expect(t.db.execute(sql`DELETE FROM audit_log`)).rejects.toThrow()
    await expect(t.db.execute(sql`TRUNCATE audit_log`)).rejects.toThrow()
  })

  it('serves the log to legal staff, not to advocates', async () => {
    const legal = await t.signIn('legal')
    const advocate = await t.signIn('advocate')
    const res = await t.app.inject({ url: '/api/audit?entity=communities&limit=5', headers: legal.headers })
    expect(res.statusCode).toBe(200)
    expect(res.json().items.length).toBeGreaterThan(0)
    expect(res.json().items.every((e: Entry) => e.entity === 'communities')).toBe(true)
    expect((await t.app.inject({ url: '/api/audit', headers: advocate.headers })).statusCode).toBe(403)
  })

  it('finds the chain intact, then detects a row altered behind its back', async () => {
    const intact = await t.app.inject({ url: '/api/audit/verify' })
    expect(intact.json()).toMatchObject({ isIntact: true, firstBrokenId: null })
    expect(intact.json().checked).toBeGreaterThan(5)
    const [victim] = await queryRows<{ id: number }>(
      t.db,
      sql`SELECT id::int FROM audit_log WHERE action = 'create' ORDER BY id LIMIT 1 OFFSET 1`,
    )
    // An attacker with database access disables the guard and edits history.
    await t.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`)
    await t.db.execute(sql`UPDATE audit_log SET actor_label = 'someone else' WHERE id = ${victim!.id}`)
    await t.db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`)
    const broken = await t.app.inject({ url: '/api/audit/verify' })
    expect(broken.json()).toMatchObject({ isIntact: false, firstBrokenId: victim!.id })
  })
})

describe(`shapes in the audit trail on ${testDriver}`, () => {
  // A trail of its own: the describe above leaves its chain broken on purpose.
  let s: TestApp
  beforeAll(async () => {
    s = await createTestApp()
  })
  afterAll(() => s?.close())

  const square = (west: number, south: number, size: number) => ({
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [west + size, south],
        [west + size, south + size],
        [west, south + size],
        [west, south],
      ],
    ],
  })
  const shapeEntries = (entity: string, entityId: string) =>
    queryRows<{ id: number; action: string; changes: Record<string, Record<string, unknown>> }>(
      s.db,
      sql`SELECT id::int, action, changes FROM audit_log WHERE entity = ${entity} AND entity_id = ${entityId} ORDER BY id`,
    )
  /** What audit_shapes holds under a digest, and whether it is the record's stored boundary, byte for byte. */
  const storedShape = async (digest: string, table: 'parcels' | 'concessions', id: string) => {
    const [row] = await queryRows<{ rehashed: string; same: boolean }>(
      s.db,
      sql`SELECT encode(sha256(ST_AsEWKB(a.shape)), 'hex') AS rehashed, ST_AsEWKB(a.shape) = ST_AsEWKB(r.boundary) AS same
          FROM audit_shapes a, ${sql.identifier(table)} r WHERE a.sha256 = ${digest} AND r.id = ${id}`,
    )
    return row
  }

  it('records a boundary as the SHA-256 of its exact bytes, and keeps the shape under that digest', async () => {
    const legal = await s.signIn('legal')
    const community = await s.app.inject({ method: 'POST', url: '/api/communities', payload: community0(), headers: legal.headers })
    expect(community.statusCode, community.body).toBe(201)
    const created = await s.app.inject({
      method: 'POST',
      url: '/api/parcels',
      headers: legal.headers,
      payload: { communityId: community.json().id, label: 'Shape parcel', boundary: square(104.2, 10.6, 0.001) },
    })
    expect(created.statusCode, created.body).toBe(201)
    const [entry] = await shapeEntries('parcels', created.json().id)
    const boundary = entry!.changes.after!.boundary as { type: string; points: number; sha256: string }
    expect(boundary).toEqual({ type: 'MultiPolygon', points: 5, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })
    expect(await storedShape(boundary.sha256, 'parcels', created.json().id)).toEqual({ rehashed: boundary.sha256, same: true })
    // Other columns are recorded as before, points included.
    expect(entry!.changes.after!.label).toBe('Shape parcel')
    expect(entry!.changes.after!.label_point).toMatchObject({ type: 'Point' })

    // A new boundary: before and after name both shapes; an edit of another field names none.
    const moved = await s.app.inject({
      method: 'PATCH',
      url: `/api/parcels/${created.json().id}`,
      headers: { ...legal.headers, 'if-match': `"${created.json().version}"` },
      payload: { boundary: square(104.2, 10.6, 0.002) },
    })
    expect(moved.statusCode, moved.body).toBe(200)
    const renamed = await s.app.inject({
      method: 'PATCH',
      url: `/api/parcels/${created.json().id}`,
      headers: { ...legal.headers, 'if-match': `"${moved.json().version}"` },
      payload: { label: 'Shape parcel, renamed' },
    })
    expect(renamed.statusCode, renamed.body).toBe(200)
    const [, update, rename] = await shapeEntries('parcels', created.json().id)
    const before = update!.changes.before!.boundary as { sha256: string }
    const after = update!.changes.after!.boundary as { sha256: string; points: number }
    expect(before.sha256).toBe(boundary.sha256)
    expect(after.sha256).not.toBe(boundary.sha256)
    expect(await storedShape(after.sha256, 'parcels', created.json().id)).toEqual({ rehashed: after.sha256, same: true })
    expect(Object.keys(rename!.changes.after!)).toEqual(['label'])

    const verified = await s.app.inject({ url: '/api/audit/verify' })
    expect(verified.json()).toMatchObject({ isIntact: true, problem: null })
  })

  it('refuses to change or remove a kept shape, and verify finds one altered behind its back', async () => {
    await expect(s.db.execute(sql`UPDATE audit_shapes SET shape = ST_Translate(shape, 0.1, 0)`)).rejects.toThrow()
    await expect(s.db.execute(sql`DELETE FROM audit_shapes`)).rejects.toThrow()
    await expect(s.db.execute(sql`TRUNCATE audit_shapes`)).rejects.toThrow()

    const concession = await s.app.inject({
      method: 'POST',
      url: '/api/concessions',
      payload: { name: 'Shape concession', kind: 'elc', boundary: square(104.5, 10.8, 0.05) },
    })
    expect(concession.statusCode, concession.body).toBe(201)
    const [entry] = await shapeEntries('concessions', concession.json().id)
    const digest = (entry!.changes.after!.boundary as { sha256: string }).sha256
    expect(await storedShape(digest, 'concessions', concession.json().id)).toEqual({ rehashed: digest, same: true })

    // An attacker with database access moves the recorded boundary: the entries still hash right.
    await s.db.execute(sql`ALTER TABLE audit_shapes DISABLE TRIGGER audit_shapes_append_only`)
    await s.db.execute(sql`UPDATE audit_shapes SET shape = ST_Translate(shape, 0.01, 0) WHERE sha256 = ${digest}`)
    await s.db.execute(sql`ALTER TABLE audit_shapes ENABLE TRIGGER audit_shapes_append_only`)
    const altered = (await s.app.inject({ url: '/api/audit/verify' })).json()
    expect(altered).toMatchObject({ isIntact: false, firstBrokenId: entry!.id, problem: 'shape' })
    expect(altered.reason).toContain(digest)

    // Or removes it.
    await s.db.execute(sql`ALTER TABLE audit_shapes DISABLE TRIGGER audit_shapes_append_only`)
    await s.db.execute(sql`DELETE FROM audit_shapes WHERE sha256 = ${digest}`)
    await s.db.execute(sql`ALTER TABLE audit_shapes ENABLE TRIGGER audit_shapes_append_only`)
    expect((await s.app.inject({ url: '/api/audit/verify' })).json()).toMatchObject({
      isIntact: false,
      firstBrokenId: entry!.id,
      problem: 'shape',
    })
  })
})

describe.runIf(testDriver === 'pglite')('npm run audit:verify', () => {
  let dataDir: string
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'dey-audit-'))
  })
  afterAll(() => rm(dataDir, { recursive: true, force: true }))

  // The command as `npm run audit:verify` runs it (server/cli/run-cli.ts), in this process.
  const verify = () => runCommand('audit:verify', [], { DATA_DIR: dataDir })

  it('exits 0 on an intact trail and 1 naming the first broken entry after tampering', async () => {
    const database = await openMigratedDataDir(path.join(dataDir, 'pglite'))
    for (const name of ['A', 'B', 'C']) {
      await database.db.execute(sql`INSERT INTO people (full_name) VALUES (${name})`)
    }
    await database.close()
    const ok = await verify()
    expect(ok.exitCode).toBe(0)
    expect(ok.output).toContain('intact: 3 entries')

    const again = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') })
    await again.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`)
    await again.db.execute(sql`DELETE FROM audit_log WHERE id = 2`)
    await again.close()
    const broken = await verify()
    expect(broken.exitCode).toBe(1)
    expect(broken.output).toMatch(/BROKEN at entry 3: does not link to the entry before it/)
  })
})

describe(`a user's communities in the audit trail on ${testDriver}`, () => {
  let m: TestApp
  const ids: Record<string, string> = {}
  beforeAll(async () => {
    m = await createTestApp()
    for (const name of ['Ou Ampil', 'Prey Lang', 'Srae Ambel']) {
      const res = await m.app.inject({ method: 'POST', url: '/api/communities', payload: { ...community, name } })
      ids[name] = res.json().id
    }
  })
  afterAll(() => m?.close())

  const lastEntryId = async () => (await queryRows<{ id: number }>(m.db, sql`SELECT coalesce(max(id), 0)::int AS id FROM audit_log`))[0]!.id
  const entriesSince = (id: number) =>
    queryRows<Entry>(
      m.db,
      sql`SELECT id::int, actor_id AS "actorId", action, entity, entity_id AS "entityId", changes FROM audit_log WHERE id > ${id} ORDER BY id`,
    )
  const createRep = async (email: string, communityIds: string[]) => {
    const res = await m.app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { email, displayName: 'Rep', role: 'community_rep', communityIds },
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json().user as { id: string; version: number }
  }
  const setCommunities = (user: { id: string; version: number }, communityIds: string[]) =>
    m.app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, payload: { communityIds, version: user.version } })

  it('records adding one community as one entry on the user, naming only the community added', async () => {
    const rep = await createRep('two@village.test', [ids['Ou Ampil']!, ids['Prey Lang']!])
    const before = await lastEntryId()
    const res = await setCommunities(rep, [ids['Ou Ampil']!, ids['Prey Lang']!, ids['Srae Ambel']!])
    expect(res.statusCode, res.body).toBe(200)
    const entries = (await entriesSince(before)).filter((entry) => entry.entity !== 'users' || entry.action !== 'update')
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'communities_changed',
        entity: 'users',
        entityId: rep.id,
        changes: { added: [{ id: ids['Srae Ambel'], name: 'Srae Ambel', nameKm: null }], removed: [] },
      }),
    ])
  })

  it('keeps the links that stay as they were (no delete and re-insert)', async () => {
    const rep = await createRep('kept@village.test', [ids['Ou Ampil']!])
    const [kept] = await queryRows<{ createdAt: string }>(
      m.db,
      sql`SELECT created_at::text AS "createdAt" FROM user_communities WHERE user_id = ${rep.id} AND community_id = ${ids['Ou Ampil']!}`,
    )
    await setCommunities(rep, [ids['Ou Ampil']!, ids['Prey Lang']!])
    const [after] = await queryRows<{ createdAt: string }>(
      m.db,
      sql`SELECT created_at::text AS "createdAt" FROM user_communities WHERE user_id = ${rep.id} AND community_id = ${ids['Ou Ampil']!}`,
    )
    expect(after).toEqual(kept)
  })

  it('records a swap as one entry with what was added and what was removed', async () => {
    const rep = await createRep('swap@village.test', [ids['Ou Ampil']!, ids['Prey Lang']!])
    const before = await lastEntryId()
    await setCommunities(rep, [ids['Prey Lang']!, ids['Srae Ambel']!])
    const entries = (await entriesSince(before)).filter((entry) => entry.action === 'communities_changed')
    expect(entries).toHaveLength(1)
    expect(entries[0]!.changes).toEqual({
      added: [{ id: ids['Srae Ambel'], name: 'Srae Ambel', nameKm: null }],
      removed: [{ id: ids['Ou Ampil'], name: 'Ou Ampil', nameKm: null }],
    })
    expect((await entriesSince(before)).some((entry) => entry.entity === 'user_communities')).toBe(false)
  })

  it('records nothing about communities when the list sent is the same', async () => {
    const rep = await createRep('same@village.test', [ids['Ou Ampil']!])
    const before = await lastEntryId()
    expect((await setCommunities(rep, [ids['Ou Ampil']!])).statusCode).toBe(200)
    expect(await entriesSince(before)).toEqual([])
  })

  it('records a change made outside the app too, in one entry per transaction, and the chain stays intact', async () => {
    const rep = await createRep('sql@village.test', [ids['Ou Ampil']!])
    const before = await lastEntryId()
    await m.db.transaction(async (tx) => {
      await tx.execute(sql`DELETE FROM user_communities WHERE user_id = ${rep.id}`)
      await tx.execute(
        sql`INSERT INTO user_communities (user_id, community_id) VALUES (${rep.id}, ${ids['Ou Ampil']!}), (${rep.id}, ${ids['Prey Lang']!})`,
      )
    })
    expect(await entriesSince(before)).toEqual([
      expect.objectContaining({
        action: 'communities_changed',
        entityId: rep.id,
        changes: { added: [{ id: ids['Prey Lang'], name: 'Prey Lang', nameKm: null }], removed: [] },
      }),
    ])
    expect((await m.app.inject({ url: '/api/audit/verify' })).json()).toMatchObject({ isIntact: true })
  })
})
