import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { users } from '../../db/schema/index.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
let legal: SignedIn
let otherLegal: SignedIn
let inactiveLegal: SignedIn
let rep: SignedIn
let advocate: SignedIn
beforeAll(async () => {
  t = await createTestApp()
  legal = await t.signIn('legal')
  otherLegal = await t.signIn('legal')
  inactiveLegal = await t.signIn('legal')
  rep = await t.signIn('community_rep')
  advocate = await t.signIn('advocate')
  await t.db.update(users).set({ isActive: false }).where(eq(users.id, inactiveLegal.userId))
})
afterAll(() => t?.close())

describe(`case teams on ${testDriver}`, () => {
  describe('the staff a case can be assigned to', () => {
    it('lists active legal staff and admins by name, without representatives, advocates or inactive accounts', async () => {
      const res = await t.app.inject({ url: '/api/cases/staff', headers: legal.headers })
      expect(res.statusCode).toBe(200)
      const ids = res.json().items.map((item: { id: string }) => item.id)
      expect(ids).toEqual(expect.arrayContaining([legal.userId, otherLegal.userId]))
      expect(ids).not.toContain(inactiveLegal.userId)
      expect(ids).not.toContain(rep.userId)
      expect(ids).not.toContain(advocate.userId)
      const names = res.json().items.map((item: { displayName: string }) => item.displayName)
      expect(names).toEqual([...names].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)))
      expect(Object.keys(res.json().items[0]).sort()).toEqual(['displayName', 'id'])
    })
  })
})
