// People named in Dey's data may be at risk: their contacts must never reach the logs, not even
// through the text of a database error (which carries the query's parameters).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { users } from '../../db/schema/index.ts'
import { serializeError, serializeRequest } from '../../server/logger.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

let t: TestApp
const lines: string[] = []

beforeAll(async () => {
  t = await createTestApp({ logTo: { write: (line) => void lines.push(line) } })
})
afterAll(() => t?.close())

const SECRETS = ['+855 99 888 777', 'secret.witness@example.org', 'Secret village']

describe(`logs on ${testDriver}`, () => {
  it('a query that fails on a person’s data logs no parameter of it', async () => {
    lines.length = 0
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/people',
      payload: { fullName: 'df-pii\u0000', phone: SECRETS[0], email: SECRETS[1], address: SECRETS[2] },
    })
    expect(res.statusCode).toBe(400)
    expect(lines.length).toBeGreaterThan(0)
    const log = lines.join('\n')
    // The failure itself is logged, without the values.
    expect(log).toContain(res.json().requestId)
    for (const secret of SECRETS) expect(log).not.toContain(secret)
    expect(log).not.toContain('df-pii')
  })

  // Searched-for values are chosen so that no process id, timestamp or request id can contain them
  // by chance (a bare '888' once matched the server's pid, 8885).
  it.each(['+855 99 888 777', 'Witness Qzxvk'])('a search for %s logs the path, not what was searched for', async (term) => {
    lines.length = 0
    const res = await t.app.inject({ url: `/api/people?q=${encodeURIComponent(term)}&limit=5` })
    expect(res.statusCode).toBe(200)
    const log = lines.join('\n')
    expect(log).toContain('/api/people')
    const urls = lines.map((line) => (JSON.parse(line) as { req?: { url?: string } }).req?.url).filter(Boolean)
    expect(urls).toEqual(['/api/people?q=…&limit=…'])
    for (const fragment of ['99 888 777', '99%20888', '%2B855', 'Qzxvk']) expect(log).not.toContain(fragment)
  })

  it('a duplicate e-mail logs neither the e-mail nor the database’s description of the clash', async () => {
    const body = { role: 'advocate', email: 'duplicate.person@example.org', displayName: 'Duplicate' }
    expect((await t.app.inject({ method: 'POST', url: '/api/users', payload: body })).statusCode).toBe(201)
    lines.length = 0
    const res = await t.app.inject({ method: 'POST', url: '/api/users', payload: { ...body, email: 'DUPLICATE.person@example.org' } })
    expect(res.statusCode).toBe(409)
    expect(lines.join('\n').toLowerCase()).not.toContain('duplicate.person@example.org')
  })

  it('the database’s own error for a clash is logged without the clashing value', async () => {
    const row = { email: 'clash.person@example.org', displayName: 'Clash', role: 'advocate' as const, passwordHash: 'x' }
    await t.db.insert(users).values(row)
    const error = await t.db
      .insert(users)
      .values({ ...row, email: 'CLASH.person@example.org' })
      .then(
        () => undefined,
        (failure: unknown) => failure,
      )
    expect(error).toBeInstanceOf(Error)
    const logged = JSON.stringify(serializeError(error)).toLowerCase()
    expect(logged).not.toContain('clash.person')
    expect(logged).toContain('23505')
    expect(logged).toContain('failed query: insert into')
  })

  it('a webhook’s secret path and an anonymous sender’s address never reach a log line', () => {
    const telegram = serializeRequest({ method: 'POST', url: '/api/intake/telegram/tg-secret-0123456789abcdefghij', ip: '10.1.2.3' })
    expect(JSON.stringify(telegram)).not.toContain('tg-secret')
    expect(telegram.url).toBe('/api/intake/telegram/[secret]')
    const sms = serializeRequest({ method: 'POST', url: '/api/intake/sms/sms-secret-0123456789abcdefghij?x=1', ip: '10.1.2.3' })
    expect(JSON.stringify(sms)).not.toContain('sms-secret')
    const report = serializeRequest({ method: 'POST', url: '/api/public/intake/k7qm4txdab23/reports', ip: '10.9.8.7' })
    expect(JSON.stringify(report)).not.toContain('10.9.8.7')
    // Signed-in requests keep their address (the audit trail has it anyway).
    expect(serializeRequest({ method: 'GET', url: '/api/incidents', ip: '10.9.8.7' }).remoteAddress).toBe('10.9.8.7')
  })
})
