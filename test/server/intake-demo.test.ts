// The demo data's moderation queue: one open public report link and reports from the web,
// Telegram and SMS in Khmer and English, one of which retells a demo incident so the queue
// suggests merging it. Same day, same rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateDemoData, loadDemoData } from '../../db/seed/index.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'

const NOW = new Date('2026-11-28T00:00:00Z')
const demo = generateDemoData(NOW)

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
  await loadDemoData(t.db, NOW)
})
afterAll(() => t?.close())

describe('demo intake', () => {
  it('is generated the same for the same day, with fictional senders only', () => {
    const again = generateDemoData(NOW)
    expect(again.intakeLinks).toEqual(demo.intakeLinks)
    expect(again.intakeReports).toEqual(demo.intakeReports)
    expect(demo.intakeLinks).toHaveLength(1)
    expect(new Set(demo.intakeReports.map((report) => report.source))).toEqual(new Set(['web', 'telegram', 'sms']))
    expect(new Set(demo.intakeReports.map((report) => report.language))).toEqual(new Set(['km', 'en']))
    for (const report of demo.intakeReports) {
      // The demo range no subscriber has (+855 00 …).
      if (report.phone) expect(report.phone).toMatch(/^\+85500000\d{3}$/)
      expect(report.description).toMatch(/^Fictional demo data\./)
    }
  })

  it('waits in the queue, and the report that retells an incident suggests merging into it', async () => {
    const queue = await t.app.inject({ url: '/api/intake/reports' })
    expect(queue.statusCode, queue.body).toBe(200)
    expect(queue.json().items).toHaveLength(demo.intakeReports.length)
    const retelling = demo.intakeReports.find((report) => report.linkId && report.location)!
    const detail = await t.app.inject({ url: `/api/intake/reports/${retelling.id}` })
    const retold = demo.incidents.find(
      (incident) =>
        incident.communityId === retelling.communityId &&
        incident.kind === retelling.kind &&
        incident.occurredAt.getTime() === retelling.occurredAt!.getTime() - 86_400_000,
    )!
    expect(detail.json().candidates.map((candidate: { id: string }) => candidate.id)).toContain(retold.id)
    expect(detail.json().candidates[0].distanceKm).toBeLessThan(1)
  })

  it('has an open public link for the community', async () => {
    const res = await t.app.inject({ url: `/api/intake/reports?link=${demo.intakeLinks[0]!.id}` })
    expect(res.json().items.length).toBeGreaterThanOrEqual(2)
    expect(demo.intakeLinks[0]).toMatchObject({ communityId: expect.any(String), slug: expect.stringMatching(/^[2-9a-hjkmnp-z]{12}$/) })
    expect(demo.intakeLinks[0]!.closedAt ?? null).toBeNull()
  })
})
