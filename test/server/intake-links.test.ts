// Public report links as staff manage them: made with an unguessable slug for a live community,
// listed with their report counts, closed and opened again with optimistic concurrency, printed
// as a QR code — by legal staff and admins only.
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { ANONYMOUS } from '../helpers/access.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { problemOf } from '../helpers/http.ts'
import { makeIntakeReport } from '../helpers/intake-factories.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

const PUBLIC_URL = 'https://dey.example.org'

let t: TestApp
let communityId: string
beforeAll(async () => {
  t = await createTestApp({ intake: { publicUrl: `${PUBLIC_URL}/` } })
  communityId = (await makeCommunity(t.db, { name: 'Prey Lang village' })).id
})
afterAll(() => t?.close())

interface Link {
  id: string
  slug: string
  url: string
  title: string
  titleKm: string | null
  communityId: string | null
  hourlyLimit: number
  closedAt: string | null
  createdByUserId: string | null
  reportCount: number
  waitingCount: number
  version: number
}

const createLink = async (payload: Record<string, unknown>) => {
  const res = await t.app.inject({ method: 'POST', url: '/api/intake/links', payload })
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as Link
}
const patchLink = (id: string, payload: Record<string, unknown>, headers?: Record<string, string>) =>
  t.app.inject({ method: 'PATCH', url: `/api/intake/links/${id}`, payload, ...(headers ? { headers } : {}) })

describe(`public report links on ${testDriver}`, () => {
  it('makes a link with a 12-character slug, its public address, and the admin who made it', async () => {
    const link = await createLink({ title: 'Report land grabbing', titleKm: 'រាយការណ៍', communityId, hourlyLimit: 30 })
    expect(link.slug).toMatch(/^[2-9a-hjkmnp-z]{12}$/)
    expect(link.url).toBe(`${PUBLIC_URL}/r/${link.slug}`)
    expect(link).toMatchObject({ title: 'Report land grabbing', titleKm: 'រាយការណ៍', communityId, hourlyLimit: 30, closedAt: null })
    expect(link).toMatchObject({ reportCount: 0, waitingCount: 0, version: 1 })
    expect(link.createdByUserId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('makes a campaign link without a community, with the default hourly limit', async () => {
    const link = await createLink({ title: 'Campaign 2026' })
    expect(link).toMatchObject({ communityId: null, hourlyLimit: 60, titleKm: null })
  })

  it('gives every link its own slug', async () => {
    const slugs = new Set<string>()
    for (let i = 0; i < 5; i++) slugs.add((await createLink({ title: `Link ${i}` })).slug)
    expect(slugs.size).toBe(5)
  })

  it('refuses a community that does not exist, or was deleted, with 422 naming the field', async () => {
    const deleted = await makeCommunity(t.db, { name: 'Gone', deletedAt: new Date() })
    for (const id of [crypto.randomUUID(), deleted.id]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/intake/links', payload: { title: 'X', communityId: id } })
      expect(res.statusCode).toBe(422)
      expect(problemOf(res)).toMatchObject({ code: 'community.not_found', errors: [{ field: 'body.communityId' }] })
    }
  })

  it('refuses an empty title, a limit out of range and unknown fields with 400 naming each', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '' }, 'body.title'],
      [{ title: 'X', hourlyLimit: 0 }, 'body.hourlyLimit'],
      [{ title: 'X', hourlyLimit: 1.5 }, 'body.hourlyLimit'],
      [{ title: 'X', slug: 'chosen-by-me' }, 'body'],
      [{ title: 'X', communityId: 'not-a-uuid' }, 'body.communityId'],
    ]
    for (const [payload, field] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/api/intake/links', payload })
      expect(res.statusCode, JSON.stringify(payload)).toBe(400)
      expect(
        problemOf(res)
          .errors?.map((e) => e.field)
          .join(' '),
        JSON.stringify(payload),
      ).toContain(field)
    }
  })

  it('lists links newest first with how many reports came through each and how many wait', async () => {
    const link = await createLink({ title: 'Counted', communityId })
    await makeIntakeReport(t.db, t.app.blobStore, { linkId: link.id, communityId })
    await makeIntakeReport(t.db, t.app.blobStore, { linkId: link.id, communityId })
    await makeIntakeReport(t.db, t.app.blobStore, { linkId: link.id, communityId, status: 'rejected', rejectionReason: 'spam' })
    const res = await t.app.inject({ url: '/api/intake/links' })
    expect(res.statusCode).toBe(200)
    const items = res.json().items as Link[]
    expect(items[0]!.id).toBe(link.id)
    expect(items[0]).toMatchObject({ reportCount: 3, waitingCount: 2, url: `${PUBLIC_URL}/r/${link.slug}` })
  })

  it('closes a link (closedAt set, the public page answers 410) and opens it again', async () => {
    const link = await createLink({ title: 'Closable', communityId })
    const closed = await patchLink(link.id, { isOpen: false, version: 1 })
    expect(closed.statusCode, closed.body).toBe(200)
    expect(closed.json()).toMatchObject({ version: 2, closedAt: expect.any(String) })
    expect(closed.headers.etag).toBe('"2"')
    expect((await t.app.inject({ url: `/api/public/intake/${link.slug}`, headers: ANONYMOUS })).statusCode).toBe(410)

    const reopened = await patchLink(link.id, { isOpen: true, version: 2 })
    expect(reopened.json()).toMatchObject({ version: 3, closedAt: null })
    expect((await t.app.inject({ url: `/api/public/intake/${link.slug}`, headers: ANONYMOUS })).statusCode).toBe(200)
  })

  it('keeps the moment a link was first closed when it is closed again', async () => {
    const link = await createLink({ title: 'Closed twice' })
    const first = (await patchLink(link.id, { isOpen: false, version: 1 })).json() as Link
    const second = (await patchLink(link.id, { isOpen: false, version: 2 })).json() as Link
    expect(second.closedAt).toBe(first.closedAt)
  })

  it('changes the title and the hourly limit, leaving the rest alone', async () => {
    const link = await createLink({ title: 'Old', titleKm: 'ចាស់', communityId })
    const res = await patchLink(link.id, { title: 'New', hourlyLimit: 5, version: 1 })
    expect(res.json()).toMatchObject({ title: 'New', titleKm: 'ចាស់', hourlyLimit: 5, communityId, slug: link.slug, closedAt: null })
  })

  it('refuses a change based on a stale version with 409 and the link as it is now', async () => {
    const link = await createLink({ title: 'Contested' })
    expect((await patchLink(link.id, { title: 'First', version: 1 })).statusCode).toBe(200)
    const stale = await patchLink(link.id, { title: 'Second', version: 1 })
    expect(stale.statusCode).toBe(409)
    expect(problemOf(stale)).toMatchObject({ code: 'intake_link.version_conflict', current: { title: 'First', version: 2 } })
  })

  it('requires the version a change is based on', async () => {
    const link = await createLink({ title: 'Versioned' })
    const missing = await t.app.inject({ method: 'PATCH', url: `/api/intake/links/${link.id}`, payload: { title: 'No version' } })
    expect(missing.statusCode).toBe(400)
    expect(problemOf(missing).errors?.[0]?.field).toBe('body.version')
  })

  it('answers 404 for a link that does not exist', async () => {
    const id = crypto.randomUUID()
    expect((await patchLink(id, { title: 'X', version: 1 })).statusCode).toBe(404)
    expect((await t.app.inject({ url: `/api/intake/links/${id}/qr.svg` })).statusCode).toBe(404)
  })

  it("serves the QR code of the link's public address as SVG", async () => {
    const link = await createLink({ title: 'Poster' })
    const res = await t.app.inject({ url: `/api/intake/links/${link.id}/qr.svg` })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('image/svg+xml')
    expect(res.body).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    expect(res.body).toContain('<path')
    // A different address makes a different code.
    const other = await createLink({ title: 'Other poster' })
    expect((await t.app.inject({ url: `/api/intake/links/${other.id}/qr.svg` })).body).not.toBe(res.body)
  })

  it('records making and closing a link in the audit trail, attributed to the staff member', async () => {
    const legal = await t.signIn('legal')
    const res = await t.app.inject({ method: 'POST', url: '/api/intake/links', payload: { title: 'Audited' }, headers: legal.headers })
    const link = res.json() as Link
    await patchLink(link.id, { isOpen: false, version: 1 }, legal.headers)
    const rows = await queryRows<{ action: string; actorId: string | null }>(
      t.db,
      sql`SELECT action, actor_id AS "actorId" FROM audit_log WHERE entity = 'intake_links' AND entity_id = ${link.id} ORDER BY id`,
    )
    expect(rows).toEqual([
      { action: 'create', actorId: legal.userId },
      { action: 'update', actorId: legal.userId },
    ])
  })

  describe('who may manage links', () => {
    it('legal staff may; representatives and advocates get 403; anonymous 401', async () => {
      const link = await createLink({ title: 'Access' })
      const requests = [
        { method: 'GET' as const, url: '/api/intake/links' },
        { method: 'POST' as const, url: '/api/intake/links', payload: { title: 'Mine' } },
        { method: 'PATCH' as const, url: `/api/intake/links/${link.id}`, payload: { title: 'Mine', version: 1 } },
        { method: 'GET' as const, url: `/api/intake/links/${link.id}/qr.svg` },
      ]
      const legal = await t.signIn('legal')
      const rep = await t.signIn('community_rep', { communityIds: [communityId] })
      const advocate = await t.signIn('advocate')
      for (const request of requests) {
        expect((await t.app.inject({ ...request, headers: ANONYMOUS })).statusCode, request.url).toBe(401)
        expect((await t.app.inject({ ...request, headers: rep.headers })).statusCode, request.url).toBe(403)
        expect((await t.app.inject({ ...request, headers: advocate.headers })).statusCode, request.url).toBe(403)
        expect((await t.app.inject({ ...request, headers: legal.headers })).statusCode, request.url).toBeLessThan(300)
      }
    })
  })
})
