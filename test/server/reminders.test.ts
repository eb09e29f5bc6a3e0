// Reminders and e-mail, received by a real SMTP server on loopback: with a clock the test
// controls, in-process (either engine) and across real server processes sharing one PostgreSQL.
// No assertion waits on time: each waits for a state (messages arrived, sweeps done).
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { openDatabase, queryRows, type Db } from '../../db/open.ts'
import { caseEvents, caseTeam, notificationSettings, users } from '../../db/schema/index.ts'
import { MAX_SEND_ATTEMPTS, runDeliveryOnce } from '../../server/features/notifications/notifications.delivery.ts'
import { createMailer, type Mailer } from '../../server/features/notifications/notifications.mailer.ts'
import { notify } from '../../server/lib/notifications.ts'
import { describeNotification } from '../../shared/notification-wording.ts'
import { dueReminders, startOfCambodianDay } from '../../shared/notifications.ts'
import { makeCase, makeCaseEvent } from '../helpers/case-factories.ts'
import { withDatabaseName } from '../helpers/global-setup.ts'
import { dropDatabase, withAdminClient } from '../helpers/postgres-admin.ts'
import { startServer, type ServerProcess } from '../helpers/server-process.ts'
import { startSmtpSink, type ReceivedEmail, type SmtpSink } from '../helpers/smtp-sink.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
const at = (base: Date, offsetMs: number) => new Date(base.getTime() + offsetMs)
const MAIL_FROM = 'Dey reminders <dey@example.org>'
const PUBLIC_URL = 'https://dey.example.org'
const PRIVILEGED = 'PRIVILEGED-settlement floor 40,000 USD'

/** A case with a Khmer-reading lead and an English-reading member, and its privileged notes. */
async function makeTeamCase(db: Db, tag: string) {
  const [lead, member] = await db
    .insert(users)
    .values([
      { email: `lead-${tag}@test.dey`, displayName: 'Lead', role: 'legal', passwordHash: 'x', language: 'km' },
      { email: `member-${tag}@test.dey`, displayName: 'Member', role: 'legal', passwordHash: 'x', language: 'en' },
    ])
    .returning({ id: users.id, email: users.email })
  const legalCase = await makeCase(db, { title: 'Phum Thmei land case', titleKm: 'សំណុំរឿងដីធ្លីភូមិថ្មី', privilegedNotes: PRIVILEGED })
  await db.insert(caseTeam).values([
    { caseId: legalCase.id, userId: lead!.id, role: 'lead' },
    { caseId: legalCase.id, userId: member!.id, role: 'member' },
  ])
  return { lead: lead!, member: member!, legalCase }
}

function expectReminder(message: ReceivedEmail, to: string, language: 'km' | 'en', startsAt: Date, reference: string) {
  const title = describeNotification(
    'hearing_reminder',
    { eventTitle: 'Hearing on the merits', startsAt: startsAt.toISOString() },
    language,
  ).title
  expect(message.parsed.from?.value).toEqual([{ address: 'dey@example.org', name: 'Dey reminders' }])
  expect(message.envelopeTo).toEqual([to])
  expect(message.parsed.subject).toBe(`[Dey] ${title}`)
  // Non-ASCII in a header travels as RFC 2047 encoded words; mailparser decoded it back above.
  if (language === 'km') expect(message.raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im)
  expect(message.parsed.text).toContain(reference)
  expect(message.parsed.text).toContain(`${PUBLIC_URL}/cases/`)
  expect(message.raw).not.toContain('PRIVILEGED')
}

const byRecipient = (messages: ReceivedEmail[], to: string) => messages.filter((message) => message.envelopeTo.includes(to))

describe('reminders in one process, with a clock the test controls', () => {
  let t: TestApp
  let smtp: SmtpSink
  let mailer: Mailer
  beforeAll(async () => {
    t = await createTestApp()
    smtp = await startSmtpSink()
    mailer = createMailer({ smtp: { host: '127.0.0.1', port: smtp.port, secure: false }, from: MAIL_FROM })
  })
  afterAll(async () => {
    mailer?.close()
    await smtp?.close()
    await t?.close()
  })

  const run = (now: Date) => runDeliveryOnce({ db: t.db, now, publicUrl: PUBLIC_URL, mailer, owner: 'test' })

  it('sends the 7-day and the 1-day reminder of a hearing once each, in each reader’s language, and again when it moves', async () => {
    const { lead, member, legalCase } = await makeTeamCase(t.db, 'inproc')
    const startsAt = new Date('2031-03-08T02:00:00Z')
    const event = await makeCaseEvent(t.db, {
      caseId: legalCase.id,
      kind: 'hearing',
      title: 'Hearing on the merits',
      startsAt,
      details: PRIVILEGED,
    })

    expect(await run(at(startsAt, -8 * DAY_MS))).toMatchObject({ hasSwept: true, reminders: 0, emailsSent: 0 })
    expect(smtp.messages).toHaveLength(0)

    expect(await run(at(startsAt, -7 * DAY_MS + 60_000))).toMatchObject({ reminders: 2, emailsQueued: 2, emailsSent: 2 })
    await smtp.waitForMessages(2)
    expectReminder(byRecipient(smtp.messages, lead.email)[0]!, lead.email, 'km', startsAt, legalCase.reference)
    expectReminder(byRecipient(smtp.messages, member.email)[0]!, member.email, 'en', startsAt, legalCase.reference)

    // The same moment again, and later in the same window: nothing new.
    await run(at(startsAt, -7 * DAY_MS + 60_000))
    await run(at(startsAt, -2 * DAY_MS))
    expect(smtp.messages).toHaveLength(2)

    expect(await run(at(startsAt, -DAY_MS + 60_000))).toMatchObject({ reminders: 2, emailsSent: 2 })
    await smtp.waitForMessages(4)
    await run(at(startsAt, 60_000))
    expect(smtp.messages).toHaveLength(4)

    // Moved two days later: reminded anew of the new time.
    const movedTo = at(startsAt, 2 * DAY_MS)
    await t.db.update(caseEvents).set({ startsAt: movedTo }).where(eq(caseEvents.id, event.id))
    expect(await run(at(movedTo, -DAY_MS + 60_000))).toMatchObject({ reminders: 2, emailsSent: 2 })
    await smtp.waitForMessages(6)
    expect(smtp.messages.slice(4).map((message) => message.parsed.text)).toEqual([
      expect.stringContaining(legalCase.reference),
      expect.stringContaining(legalCase.reference),
    ])
  })

  it('gives a deadline its reminder 3 days before and on its day (Phnom Penh), and skips reminders whose window has passed', () => {
    // 17:00 in Phnom Penh on 20 May 2031.
    const deadline = new Date('2031-05-20T10:00:00Z')
    const dayStart = startOfCambodianDay(deadline)
    expect(dayStart.toISOString()).toBe('2031-05-19T17:00:00.000Z')
    expect(dueReminders('deadline', deadline, at(deadline, -3 * DAY_MS - 1))).toEqual([])
    expect(dueReminders('deadline', deadline, at(deadline, -3 * DAY_MS))).toEqual(['3d'])
    expect(dueReminders('deadline', deadline, at(dayStart, -1))).toEqual(['3d'])
    expect(dueReminders('deadline', deadline, dayStart)).toEqual(['day'])
    expect(dueReminders('deadline', deadline, deadline)).toEqual([])
    // A hearing recorded 12 hours ahead gets its 1-day reminder only.
    const hearing = new Date('2031-05-20T02:00:00Z')
    expect(dueReminders('hearing', hearing, at(hearing, -12 * HOUR_MS))).toEqual(['1d'])
    expect(dueReminders('hearing', hearing, at(hearing, -7 * DAY_MS))).toEqual(['7d'])
    expect(dueReminders('hearing', hearing, at(hearing, 1))).toEqual([])
  })

  it('sends a daily digest once a day at the reader’s hour, with what was not e-mailed yet', async () => {
    const [reader] = await t.db
      .insert(users)
      .values({ email: 'digest@test.dey', displayName: 'Digest reader', role: 'legal', passwordHash: 'x', language: 'en' })
      .returning({ id: users.id })
    await t.db.insert(notificationSettings).values({ userId: reader!.id, emailDelivery: 'daily_digest', digestHour: 7 })
    const task = (n: number) => ({
      userId: reader!.id,
      kind: 'task_assigned' as const,
      dedupeKey: `digest-task:${n}`,
      params: { taskTitle: `Task ${n}`, caseReference: 'CASE-2031-0042', caseTitle: 'Digest case' },
      link: '/cases/x',
    })
    await notify(t.db, [task(1), task(2)])
    const before = smtp.messages.length
    const sentTo = () => smtp.messages.slice(before).filter((message) => message.envelopeTo.includes('digest@test.dey'))

    await run(new Date('2031-06-01T06:30:00+07:00'))
    expect(sentTo()).toHaveLength(0)
    await run(new Date('2031-06-01T07:05:00+07:00'))
    await smtp.waitForMessages(before + 1)
    expect(sentTo()).toHaveLength(1)
    expect(sentTo()[0]!.parsed.subject).toBe('Dey: 2 notifications, 2031-06-01')
    expect(sentTo()[0]!.parsed.text).toContain('Task 1')
    expect(sentTo()[0]!.parsed.text).toContain('Task 2')

    await notify(t.db, [task(3)])
    await run(new Date('2031-06-01T20:00:00+07:00'))
    expect(sentTo()).toHaveLength(1)
    await run(new Date('2031-06-02T07:00:00+07:00'))
    await smtp.waitForMessages(before + 2)
    expect(sentTo()[1]!.parsed.subject).toBe('Dey: 1 notification, 2031-06-02')
    expect(sentTo()[1]!.parsed.text).toContain('Task 3')
    expect(sentTo()[1]!.parsed.text).not.toContain('Task 1')
  })

  it('retries a message the SMTP server refuses, then gives it up as failed, keeping the reply without the address', async () => {
    const [reader] = await t.db
      .insert(users)
      .values({ email: 'refused-reader@test.dey', displayName: 'Refused', role: 'legal', passwordHash: 'x', language: 'en' })
      .returning({ id: users.id })
    await notify(t.db, [{ userId: reader!.id, kind: 'task_assigned', dedupeKey: 'refused:1', params: { taskTitle: 'Refused task' } }])
    smtp.refuse('refused-reader')
    try {
      const outbox = async () =>
        (
          await queryRows<{ status: string; attempts: number; lastError: string | null; isLater: boolean }>(
            t.db,
            sql`SELECT status, attempts, last_error AS "lastError", next_attempt_at > now() AS "isLater" FROM email_outbox WHERE user_id = ${reader!.id}`,
          )
        )[0]!
      const first = await run(new Date('2031-07-01T09:00:00+07:00'))
      expect(first.emailsFailed).toBe(1)
      expect(await outbox()).toMatchObject({ status: 'pending', attempts: 1, isLater: true })
      expect((await outbox()).lastError).toContain('550')
      expect((await outbox()).lastError).not.toContain('refused-reader')
      for (let attempt = 2; attempt <= MAX_SEND_ATTEMPTS; attempt++) {
        // The wait before the next attempt has passed.
        await t.db.execute(sql`UPDATE email_outbox SET next_attempt_at = now() WHERE user_id = ${reader!.id}`)
        await run(new Date('2031-07-01T09:00:00+07:00'))
      }
      expect(await outbox()).toMatchObject({ status: 'failed', attempts: MAX_SEND_ATTEMPTS })
    } finally {
      smtp.refuse(undefined)
    }
  })
})

/**
 * The acceptance: two server processes sharing one PostgreSQL, each sweeping every second, with
 * their clock set by DEY_TEST_NOW; a restart in between. Exactly one e-mail per reminder and reader.
 */
describe.runIf(testDriver === 'postgres')('reminders across server processes sharing one PostgreSQL', () => {
  // Read here, not in the describe's body: it runs (to collect the tests) on PGlite too.
  const adminUrl = () => process.env.TEST_DATABASE_URL!
  const name = `dey_reminders_${randomBytes(6).toString('hex')}`
  let databaseUrl: string
  let smtp: SmtpSink
  let dataDir: string
  const running = new Set<ServerProcess>()

  beforeAll(async () => {
    databaseUrl = withDatabaseName(adminUrl(), name)
    await withAdminClient(adminUrl(), (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`))
    smtp = await startSmtpSink()
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'dey-reminders-'))
  })
  afterAll(async () => {
    await Promise.all([...running].map((server) => server.stop()))
    await smtp?.close()
    await dropDatabase(adminUrl(), name)
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  let started = 0
  async function start(now: Date): Promise<ServerProcess> {
    started++
    const server = await startServer({
      NODE_ENV: 'test',
      LOG_LEVEL: 'debug',
      DATABASE_URL: databaseUrl,
      DATA_DIR: path.join(dataDir, `process-${started}`),
      DEY_DEMO: '0',
      DEY_TEST_NOW: now.toISOString(),
      REMINDER_INTERVAL_SECONDS: '1',
      SMTP_URL: smtp.url,
      MAIL_FROM,
      PUBLIC_URL,
      AUDIT_CHECKPOINT_MINUTES: '0',
    })
    running.add(server)
    return server
  }
  async function stop(server: ServerProcess) {
    expect(await server.stop()).toBe(0)
    running.delete(server)
  }
  const sweeps = (server: ServerProcess) =>
    server
      .output()
      .split('\n')
      .filter((line) => line.includes('"hasSwept":true')).length
  /**
   * Waits until these processes together have swept `more` more times than when called: delivery
   * is a scheduled job, and each tick runs on one of them, whichever takes it first.
   */
  async function waitForSweeps(servers: ServerProcess[], more: number) {
    const total = () => servers.reduce((sum, server) => sum + sweeps(server), 0)
    const target = total() + more
    const startedAt = Date.now()
    while (total() < target) {
      if (Date.now() - startedAt > 300_000)
        throw new Error(`no sweeps:\n${servers.map((server) => server.output().slice(-2000)).join('\n---\n')}`)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }

  it('sends the 7-day and the 1-day reminder exactly once each, whichever process and after a restart', async () => {
    const database = await openDatabase({ databaseUrl })
    let team: Awaited<ReturnType<typeof makeTeamCase>>
    const startsAt = new Date('2027-03-08T09:00:00+07:00')
    try {
      team = await makeTeamCase(database.db, 'processes')
      await makeCaseEvent(database.db, { caseId: team.legalCase.id, kind: 'hearing', title: 'Hearing on the merits', startsAt })
    } finally {
      await database.close()
    }
    const { lead, member, legalCase } = team

    // A week ahead, an hour past the 7-day moment: two processes at once.
    const weekAhead = at(startsAt, -7 * DAY_MS + HOUR_MS)
    const [first, second] = await Promise.all([start(weekAhead), start(weekAhead)])
    await smtp.waitForMessages(2)
    await waitForSweeps([first!, second!], 2)
    expect(smtp.messages).toHaveLength(2)
    expectReminder(byRecipient(smtp.messages, lead.email)[0]!, lead.email, 'km', startsAt, legalCase.reference)
    expectReminder(byRecipient(smtp.messages, member.email)[0]!, member.email, 'en', startsAt, legalCase.reference)

    // A restart, later in the same window: nothing is sent again.
    await stop(first!)
    const third = await start(at(weekAhead, 2 * HOUR_MS))
    await waitForSweeps([third, second!], 2)
    expect(smtp.messages).toHaveLength(2)

    // A day ahead: both processes replaced; the 1-day reminder, once.
    await Promise.all([stop(second!), stop(third)])
    const dayAhead = at(startsAt, -DAY_MS + HOUR_MS)
    const [fourth, fifth] = await Promise.all([start(dayAhead), start(dayAhead)])
    await smtp.waitForMessages(4)
    await waitForSweeps([fourth!, fifth!], 2)
    expect(smtp.messages).toHaveLength(4)
    expect(byRecipient(smtp.messages, lead.email)).toHaveLength(2)
    expect(byRecipient(smtp.messages, member.email)).toHaveLength(2)
    await Promise.all([stop(fourth!), stop(fifth!)])

    const check = await openDatabase({ databaseUrl })
    try {
      const rows = await queryRows<{ status: string; count: number }>(
        check.db,
        sql`SELECT status, count(*)::int AS count FROM email_outbox GROUP BY status`,
      )
      expect(rows).toEqual([{ status: 'sent', count: 4 }])
      const leads = await queryRows<{ lead: string }>(
        check.db,
        sql`SELECT params ->> 'lead' AS lead FROM notifications WHERE user_id = ${lead.id} ORDER BY created_at`,
      )
      expect(leads.map((row) => row.lead)).toEqual(['7d', '1d'])
    } finally {
      await check.close()
    }
  }, 1_200_000)
})
