import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addIncidentPerson, linkToCase, makeCase, makeIncident, makePerson } from '../helpers/case-factories.ts'
import { problemOf } from '../helpers/http.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
let advocate: SignedIn
let rep: SignedIn
/** The case a person is about to join. */
let newCaseId: string
beforeAll(async () => {
  t = await createTestApp()
  advocate = await t.signIn('advocate')
  rep = await t.signIn('community_rep')
  newCaseId = (await makeCase(t.db, { title: 'The case being prepared' })).id
})
afterAll(() => t?.close())

interface Conflict {
  caseId: string
  caseReference: string
  personId: string
  fullName: string
  fullNameKm: string | null
  similarity: number
  role: string
  source: string
  isSamePerson: boolean
}

async function conflicts(query: string, headers?: { cookie: string }): Promise<Conflict[]> {
  const res = await t.app.inject({ url: `/api/cases/${newCaseId}/conflicts?${query}`, ...(headers ? { headers } : {}) })
  expect(res.statusCode, res.body).toBe(200)
  return res.json().items
}

describe(`the conflict check on ${testDriver}`, () => {
  it('finds the same person as a party of another case, with the role and the case reference', async () => {
    const person = await makePerson(t.db, { fullName: 'Chhun Vireak', fullNameKm: 'ឈុន វីរៈ' })
    const other = await makeCase(t.db, { title: 'Another case' })
    await linkToCase(t.db, other.id, { people: [{ personId: person.id, role: 'defendant' }] })
    const items = await conflicts(`personId=${person.id}`)
    expect(items).toContainEqual(
      expect.objectContaining({
        caseId: other.id,
        caseReference: other.reference,
        personId: person.id,
        role: 'defendant',
        source: 'party',
        similarity: 1,
        isSamePerson: true,
      }),
    )
  })

  it('finds a near Khmer name (one letter different) of another person, and not an unrelated name', async () => {
    const sokha = await makePerson(t.db, { fullName: 'Keo Sokha', fullNameKm: 'កែវ សុខា' })
    // One letter apart in Khmer (the last vowel ា became ះ); the Latin spelling differs more.
    const near = await makePerson(t.db, { fullName: 'Kaev Sokhah', fullNameKm: 'កែវ សុខះ' })
    const unrelated = await makePerson(t.db, { fullName: 'Mean Rithy', fullNameKm: 'មាន ឫទ្ធី' })
    const other = await makeCase(t.db)
    await linkToCase(t.db, other.id, {
      people: [
        { personId: near.id, role: 'witness' },
        { personId: unrelated.id, role: 'witness' },
      ],
    })
    const items = await conflicts(`personId=${sokha.id}`)
    const ofOther = items.filter((item) => item.caseId === other.id)
    expect(ofOther.map((item) => item.personId)).toEqual([near.id])
    expect(ofOther[0]).toMatchObject({ role: 'witness', fullNameKm: 'កែវ សុខះ', isSamePerson: false })
    expect(ofOther[0]!.similarity).toBeGreaterThanOrEqual(0.4)
    expect(ofOther[0]!.similarity).toBeLessThan(1)
  })

  it('finds an exact Khmer name typed for a new person', async () => {
    const person = await makePerson(t.db, { fullName: 'Sao Chanthou', fullNameKm: 'សៅ ចាន់ធូ' })
    const other = await makeCase(t.db)
    await linkToCase(t.db, other.id, { people: [{ personId: person.id, role: 'plaintiff' }] })
    const items = await conflicts(`name=${encodeURIComponent('សៅ ចាន់ធូ')}`)
    expect(items).toContainEqual(expect.objectContaining({ caseId: other.id, personId: person.id, similarity: 1, role: 'plaintiff' }))
  })

  it('finds a Latin transliteration variant of the name', async () => {
    const person = await makePerson(t.db, { fullName: 'Chea Sophal', fullNameKm: 'ជា សុផល' })
    const other = await makeCase(t.db)
    await linkToCase(t.db, other.id, { people: [{ personId: person.id, role: 'client' }] })
    const items = await conflicts(`name=${encodeURIComponent('Chea Sophall')}`)
    const found = items.find((item) => item.personId === person.id)
    expect(found).toMatchObject({ caseId: other.id, role: 'client', isSamePerson: false })
    expect(found!.similarity).toBeGreaterThanOrEqual(0.4)
    expect(await conflicts(`name=${encodeURIComponent('Nhem Bunthoeun')}`)).not.toContainEqual(
      expect.objectContaining({ personId: person.id }),
    )
  })

  it('finds a person of an incident linked to another case, in their incident role', async () => {
    const person = await makePerson(t.db, { fullName: 'Touch Samnang', fullNameKm: 'ទូច សំណាង' })
    const incident = await makeIncident(t.db)
    await addIncidentPerson(t.db, incident.id, person.id, 'witness')
    const other = await makeCase(t.db)
    await linkToCase(t.db, other.id, { incidentIds: [incident.id] })
    const items = await conflicts(`name=${encodeURIComponent('ទូច សំណាង')}`)
    expect(items).toContainEqual(expect.objectContaining({ caseId: other.id, personId: person.id, role: 'witness', source: 'incident' }))
  })

  it('leaves out the case itself and deleted cases', async () => {
    const person = await makePerson(t.db, { fullName: 'Pich Dara', fullNameKm: 'ពេជ្រ តារា' })
    await linkToCase(t.db, newCaseId, { people: [{ personId: person.id, role: 'client' }] })
    const deleted = await makeCase(t.db, { deletedAt: new Date() })
    await linkToCase(t.db, deleted.id, { people: [{ personId: person.id, role: 'client' }] })
    expect(await conflicts(`personId=${person.id}`)).toEqual([])
  })

  it('hides confidential people from advocates, and answers 404 for one asked by id', async () => {
    const hidden = await makePerson(t.db, { fullName: 'Hidden Witness', fullNameKm: 'សាក្សី សម្ងាត់', isConfidential: true })
    const other = await makeCase(t.db)
    await linkToCase(t.db, other.id, { people: [{ personId: hidden.id, role: 'witness' }] })
    const query = `name=${encodeURIComponent('សាក្សី សម្ងាត់')}`
    expect((await conflicts(query)).map((item) => item.personId)).toContain(hidden.id)
    expect((await conflicts(query, advocate.headers)).map((item) => item.personId)).not.toContain(hidden.id)
    const byId = await t.app.inject({ url: `/api/cases/${newCaseId}/conflicts?personId=${hidden.id}`, headers: advocate.headers })
    expect(byId.statusCode).toBe(404)
  })

  it('refuses community representatives, and a query without personId or name', async () => {
    expect((await t.app.inject({ url: `/api/cases/${newCaseId}/conflicts?name=abc`, headers: rep.headers })).statusCode).toBe(403)
    const bad = await t.app.inject({ url: `/api/cases/${newCaseId}/conflicts` })
    expect(bad.statusCode).toBe(400)
    expect(problemOf(bad).errors?.[0]?.field).toContain('personId')
  })
})
