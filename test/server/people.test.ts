import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemoData } from '../../db/seed/index.ts'
import { makeCase, makePerson } from '../helpers/case-factories.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { collectAllPages, problemOf } from '../helpers/http.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
  await loadDemoData(t.db, new Date('2026-11-28T00:00:00Z'))
})
afterAll(() => t?.close())

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000'

const newPerson = (overrides: Record<string, unknown> = {}) => ({
  fullName: 'Sok Chanda',
  fullNameKm: 'សុខ ចន្ទា',
  gender: 'female',
  description: 'Village chief',
  phone: '+855 00 000 999',
  email: 'sok.chanda@example.org',
  address: 'Phum Thmei village',
  ...overrides,
})

async function createPerson(overrides: Record<string, unknown> = {}) {
  const res = await t.app.inject({ method: 'POST', url: '/api/people', payload: newPerson(overrides) })
  expect(res.statusCode).toBe(201)
  return res.json()
}

const CONTACT_FIELDS = ['phone', 'email', 'address']

describe(`people API on ${testDriver}`, () => {
  it('adds a person and returns the detail with contact details', async () => {
    const community = await makeCommunity(t.db, { name: 'Phum Thmei Community' })
    const created = await createPerson({ communityId: community.id })
    expect(created).toMatchObject({
      ...newPerson(),
      communityId: community.id,
      communityName: 'Phum Thmei Community',
      isConfidential: false,
      cases: [],
      version: 1,
    })
    const get = await t.app.inject({ url: `/api/people/${created.id}` })
    expect(get.json()).toEqual(created)
    expect(get.headers.etag).toBe('"1"')
  })

  it('lists people without their contact details', async () => {
    const items = await collectAllPages(t.app, '/api/people?limit=500')
    expect(items.length).toBeGreaterThan(10)
    for (const item of items) {
      for (const field of CONTACT_FIELDS) expect(item).not.toHaveProperty(field)
    }
  })

  it('shows the cases a person is party to, one entry per role', async () => {
    const person = await createPerson()
    const legalCase = await makeCase(t.db, { title: 'Case with a witness' })
    for (const role of ['witness', 'plaintiff']) {
      await t.app.inject({ method: 'POST', url: `/api/cases/${legalCase.id}/people`, payload: { personId: person.id, role } })
    }
    const detail = (await t.app.inject({ url: `/api/people/${person.id}` })).json()
    expect(detail.cases).toEqual([
      { id: legalCase.id, reference: legalCase.reference, title: 'Case with a witness', stage: 'intake', role: 'plaintiff' },
      { id: legalCase.id, reference: legalCase.reference, title: 'Case with a witness', stage: 'intake', role: 'witness' },
    ])
  })

  it('refuses a malformed email with 400 naming the field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/people', payload: newPerson({ email: 'not an email' }) })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.map((e) => e.field)).toEqual(['body.email'])
  })

  it('refuses an unknown or deleted community with 422 naming the field', async () => {
    const unknown = await t.app.inject({ method: 'POST', url: '/api/people', payload: newPerson({ communityId: UNKNOWN_ID }) })
    expect(unknown.statusCode).toBe(422)
    expect(problemOf(unknown)).toMatchObject({ code: 'community.not_found', errors: [{ field: 'body.communityId' }] })
    const deleted = await makeCommunity(t.db, { deletedAt: new Date() })
    const res = await t.app.inject({ method: 'POST', url: '/api/people', payload: newPerson({ communityId: deleted.id }) })
    expect(res.statusCode).toBe(422)
    expect(problemOf(res).code).toBe('community.deleted')
  })

  it('filters by community', async () => {
    const community = await makeCommunity(t.db)
    const member = await createPerson({ communityId: community.id })
    await createPerson()
    const items = (await t.app.inject({ url: `/api/people?community=${community.id}` })).json().items
    expect(items.map((p: { id: string }) => p.id)).toEqual([member.id])
  })

  it('filters by the confidential flag', async () => {
    const confidential = (await collectAllPages(t.app, '/api/people?confidential=true&limit=500')) as { isConfidential: boolean }[]
    const open = (await collectAllPages(t.app, '/api/people?confidential=false&limit=500')) as { isConfidential: boolean }[]
    const all = await collectAllPages(t.app, '/api/people?limit=500')
    expect(confidential.length).toBeGreaterThan(0)
    expect(confidential.every((p) => p.isConfidential)).toBe(true)
    expect(open.every((p) => !p.isConfidential)).toBe(true)
    expect(confidential.length + open.length).toBe(all.length)
  })

  it('refuses a confidential filter that is not true or false with 400 naming the field', async () => {
    const res = await t.app.inject({ url: '/api/people?confidential=yes' })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.[0]?.field).toBe('querystring.confidential')
  })

  it('finds people by part of the English name, ignoring case', async () => {
    const created = await createPerson({ fullName: 'Uniquename Rithy', fullNameKm: null })
    const items = (await t.app.inject({ url: '/api/people?q=UNIQUENAME' })).json().items
    expect(items.map((p: { id: string }) => p.id)).toEqual([created.id])
  })

  it('finds people by a Khmer name inside the full Khmer name', async () => {
    const created = await createPerson({ fullName: 'Someone Else', fullNameKm: 'ញ៉ែម សុវណ្ណារី' })
    const items = (await t.app.inject({ url: `/api/people?q=${encodeURIComponent('សុវណ្ណារី')}` })).json().items
    expect(items.map((p: { id: string }) => p.id)).toEqual([created.id])
  })

  it('sorts by full name by default', async () => {
    const names = (await collectAllPages(t.app, '/api/people?limit=500')).map((p) => p.fullName as string)
    const sorted = (await t.app.inject({ url: '/api/people?sort=fullName&limit=500' }))
      .json()
      .items.map((p: { fullName: string }) => p.fullName)
    expect(names).toEqual(sorted)
    expect(names[0]! <= names[names.length - 1]!).toBe(true)
  })

  it('pages through every person once, in order, without gaps or repeats', async () => {
    for (const sort of ['fullName', '-fullName', 'createdAt', '-updatedAt']) {
      const all = await collectAllPages(t.app, `/api/people?sort=${sort}&limit=500`)
      const paged = await collectAllPages(t.app, `/api/people?sort=${sort}&limit=7`)
      expect(paged.map((p) => p.id)).toEqual(all.map((p) => p.id))
      expect(new Set(paged.map((p) => p.id)).size).toBe(all.length)
    }
  })

  it('refuses an unknown sort with 400 naming the field', async () => {
    const res = await t.app.inject({ url: '/api/people?sort=phone' })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).errors?.[0]?.field).toBe('querystring.sort')
  })

  it('updates only what is sent and bumps the version', async () => {
    const created = await createPerson({ isConfidential: true })
    const res = await t.app.inject({ method: 'PATCH', url: `/api/people/${created.id}`, payload: { phone: '+855 00 000 111', version: 1 } })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ phone: '+855 00 000 111', email: created.email, isConfidential: true, version: 2 })
  })

  it('refuses a deleted community on update with 422', async () => {
    const created = await createPerson()
    const deleted = await makeCommunity(t.db, { deletedAt: new Date() })
    const res = await t.app.inject({ method: 'PATCH', url: `/api/people/${created.id}`, payload: { communityId: deleted.id, version: 1 } })
    expect(res.statusCode).toBe(422)
    expect(problemOf(res).errors?.[0]?.field).toBe('body.communityId')
  })

  it('refuses a stale version with 409 and the current person', async () => {
    const created = await createPerson()
    await t.app.inject({ method: 'PATCH', url: `/api/people/${created.id}`, payload: { description: 'Commune councillor', version: 1 } })
    const stale = await t.app.inject({ method: 'PATCH', url: `/api/people/${created.id}`, payload: { description: 'Lost', version: 1 } })
    expect(stale.statusCode).toBe(409)
    expect(stale.json()).toMatchObject({ code: 'person.version_conflict', current: { description: 'Commune councillor', version: 2 } })
  })

  it('asks for the version with 428 when it is missing', async () => {
    const created = await createPerson()
    expect((await t.app.inject({ method: 'PATCH', url: `/api/people/${created.id}`, payload: { gender: 'male' } })).statusCode).toBe(428)
  })

  it('answers 404 for an unknown person', async () => {
    const res = await t.app.inject({ url: `/api/people/${UNKNOWN_ID}` })
    expect(res.statusCode).toBe(404)
    expect(problemOf(res).code).toBe('person.not_found')
    expect(
      (await t.app.inject({ method: 'PATCH', url: `/api/people/${UNKNOWN_ID}`, payload: { gender: 'male', version: 1 } })).statusCode,
    ).toBe(404)
    expect((await t.app.inject({ method: 'DELETE', url: `/api/people/${UNKNOWN_ID}` })).statusCode).toBe(404)
  })

  it('hides a deleted person from the list and from reads', async () => {
    const created = await makePerson(t.db, { fullName: 'Person to delete' })
    expect((await t.app.inject({ method: 'DELETE', url: `/api/people/${created.id}` })).statusCode).toBe(204)
    expect((await t.app.inject({ url: `/api/people/${created.id}` })).statusCode).toBe(404)
    expect((await t.app.inject({ url: '/api/people?q=Person%20to%20delete' })).json().items).toEqual([])
  })
})
