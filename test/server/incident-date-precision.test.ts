// Incidents whose date is known only to the month or the year, or not at all (issue 14): what is
// stored (the period's first moment in Cambodia; the report's own time when unknown), how updates
// change it, how lists sort and filter such incidents, and how a dossier writes their dates.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCommunity } from '../helpers/factories.ts'
import { collectAllPages, problemOf } from '../helpers/http.ts'
import { makeIncident } from '../helpers/incident-factories.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'
import { unzip } from '../helpers/zip.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t?.close())

type Item = Record<string, unknown> & { id: string; occurredAt: string; occurredPrecision: string; createdAt: string; version: number }

const newIncident = (overrides: Record<string, unknown> = {}) => ({
  title: 'Company fenced the grazing land',
  kind: 'fencing',
  occurredAt: '2026-10-03T08:30:00+07:00',
  province: 'Kampong Speu',
  location: { type: 'Point', coordinates: [104.31, 11.42] },
  ...overrides,
})

// Reports are rate limited to 30 a minute per account: this file stays below that.
async function create(overrides: Record<string, unknown> = {}) {
  const res = await t.app.inject({ method: 'POST', url: '/api/incidents', payload: newIncident(overrides) })
  if (res.statusCode !== 201) throw new Error(`create answered ${res.statusCode}: ${res.body}`)
  return res.json() as Item
}

async function update(item: Item, body: Record<string, unknown>) {
  return t.app.inject({ method: 'PATCH', url: `/api/incidents/${item.id}`, payload: { ...body, version: item.version } })
}

const fieldsOf = (res: Parameters<typeof problemOf>[0]) => problemOf(res).errors?.map((e) => e.field)

describe(`incident date precision on ${testDriver}: create`, () => {
  it('keeps an exact day as sent, with precision day by default', async () => {
    const body = await create()
    expect(body).toMatchObject({ occurredAt: '2026-10-03T01:30:00.000Z', occurredPrecision: 'day' })
  })

  it('stores a month as its first moment in Cambodia (00:00 on the 1st, UTC+7)', async () => {
    const body = await create({ occurredAt: '2013-05-17T15:00:00+07:00', occurredPrecision: 'month' })
    expect(body).toMatchObject({ occurredAt: '2013-04-30T17:00:00.000Z', occurredPrecision: 'month' })
  })

  it("reads the month on Cambodia's clock: 31 May 23:30 UTC is already June in Phnom Penh", async () => {
    const body = await create({ occurredAt: '2013-05-31T23:30:00Z', occurredPrecision: 'month' })
    expect(body.occurredAt).toBe('2013-05-31T17:00:00.000Z')
  })

  it('stores a year as 1 January 00:00 in Cambodia', async () => {
    const body = await create({ occurredAt: '2013-08-09T10:00:00+07:00', occurredPrecision: 'year' })
    expect(body).toMatchObject({ occurredAt: '2012-12-31T17:00:00.000Z', occurredPrecision: 'year' })
  })

  it("takes an unknown date without occurredAt and stores the report's own time", async () => {
    const { occurredAt: _omitted, ...withoutDate } = newIncident()
    const res = await t.app.inject({ method: 'POST', url: '/api/incidents', payload: { ...withoutDate, occurredPrecision: 'unknown' } })
    expect(res.statusCode, res.body).toBe(201)
    const body = res.json() as Item
    expect(body.occurredPrecision).toBe('unknown')
    expect(body.occurredAt).toBe(body.createdAt)
  })

  it('ignores an occurredAt sent with an unknown date', async () => {
    const body = await create({ occurredAt: '2001-01-01T00:00:00+07:00', occurredPrecision: 'unknown' })
    expect(body.occurredAt).toBe(body.createdAt)
  })

  it('refuses a report without occurredAt unless the date is unknown, naming body.occurredAt', async () => {
    const { occurredAt: _omitted, ...withoutDate } = newIncident()
    for (const precision of [undefined, 'day', 'month', 'year']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/incidents', payload: { ...withoutDate, occurredPrecision: precision } })
      expect(res.statusCode, `${precision}: ${res.body}`).toBe(400)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(problemOf(res).code).toBe('request.invalid')
      expect(fieldsOf(res)).toEqual(['body.occurredAt'])
    }
  })

  it('refuses a precision outside the vocabulary', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/incidents', payload: newIncident({ occurredPrecision: 'decade' }) })
    expect(res.statusCode).toBe(400)
    expect(fieldsOf(res)).toEqual(['body.occurredPrecision'])
  })

  it('answers a repeated report of unknown date with the first one, date unchanged (outbox resend)', async () => {
    const clientReportId = randomUUID()
    const { occurredAt: _omitted, ...withoutDate } = newIncident()
    const payload = { ...withoutDate, occurredPrecision: 'unknown', clientReportId }
    const first = await t.app.inject({ method: 'POST', url: '/api/incidents', payload })
    expect(first.statusCode, first.body).toBe(201)
    const again = await t.app.inject({ method: 'POST', url: '/api/incidents', payload })
    expect(again.statusCode, again.body).toBe(200)
    expect(again.json()).toMatchObject({ id: first.json().id, occurredAt: first.json().occurredAt, occurredPrecision: 'unknown' })
  })
})

describe(`incident date precision on ${testDriver}: update`, () => {
  it('changes a day to a month, normalising the date sent', async () => {
    const item = await create()
    const res = await update(item, { occurredAt: '2012-02-20T10:00:00+07:00', occurredPrecision: 'month' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ occurredAt: '2012-01-31T17:00:00.000Z', occurredPrecision: 'month' })
  })

  it("reads an occurredAt sent alone at the incident's own precision", async () => {
    const item = await create({ occurredPrecision: 'year', occurredAt: '2010-06-01T00:00:00+07:00' })
    const res = await update(item, { occurredAt: '2011-09-09T09:00:00+07:00' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ occurredAt: '2010-12-31T17:00:00.000Z', occurredPrecision: 'year' })
  })

  it("makes a date unknown: occurredAt goes back to the report's own time", async () => {
    const item = await create()
    const res = await update(item, { occurredPrecision: 'unknown' })
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json() as Item
    expect(body.occurredPrecision).toBe('unknown')
    expect(body.occurredAt).toBe(item.createdAt)
  })

  it('gives an unknown date a day, and refuses a date alone on it (how precise is it?)', async () => {
    const item = await create({ occurredPrecision: 'unknown' })
    const alone = await update(item, { occurredAt: '2020-03-04T05:06:00+07:00' })
    expect(alone.statusCode, alone.body).toBe(400)
    expect(problemOf(alone)).toMatchObject({
      code: 'incidents.occurred_precision_required',
      errors: [{ field: 'body.occurredPrecision' }],
    })
    const res = await update(item, { occurredAt: '2020-03-04T05:06:00+07:00', occurredPrecision: 'day' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ occurredAt: '2020-03-03T22:06:00.000Z', occurredPrecision: 'day' })
  })

  it('refuses a precision of day, month or year without occurredAt, naming body.occurredAt', async () => {
    const item = await create()
    const res = await update(item, { occurredPrecision: 'month' })
    expect(res.statusCode).toBe(400)
    expect(fieldsOf(res)).toEqual(['body.occurredAt'])
  })
})

describe(`incident date precision on ${testDriver}: lists`, () => {
  const ids: Record<string, string> = {}
  let communityId: string
  beforeAll(async () => {
    communityId = (await makeCommunity(t.db, { name: 'Precision Village' })).id
    const rows = {
      day: { occurredAt: new Date('2013-05-20T03:00:00Z'), occurredPrecision: 'day' },
      month: { occurredAt: new Date('2013-04-30T17:00:00Z'), occurredPrecision: 'month' },
      year: { occurredAt: new Date('2012-12-31T17:00:00Z'), occurredPrecision: 'year' },
      unknown: { occurredAt: new Date('2026-11-01T03:00:00Z'), occurredPrecision: 'unknown' },
    } as const
    for (const [name, values] of Object.entries(rows)) ids[name] = (await makeIncident(t.db, { communityId, title: name, ...values })).id
  })

  const list = (query: string) => collectAllPages(t.app, `/api/incidents?community=${communityId}&limit=2&${query}`) as Promise<Item[]>
  const titles = (items: Item[]) => items.map((item) => item.title)

  it('sorts on the stored instant: a month and a year by their first moment, an unknown date by its report time', async () => {
    expect(titles(await list('sort=-occurredAt'))).toEqual(['unknown', 'day', 'month', 'year'])
    expect(titles(await list('sort=occurredAt'))).toEqual(['year', 'month', 'day', 'unknown'])
  })

  it('carries occurredPrecision on every item', async () => {
    const items = await list('sort=occurredAt')
    expect(items.map((item) => item.occurredPrecision)).toEqual(['year', 'month', 'day', 'unknown'])
  })

  it('matches a month or a year to a date range by its first moment', async () => {
    expect(titles(await list('from=2013-05-01&to=2013-05-31&sort=occurredAt'))).toEqual(['month', 'day'])
    expect(titles(await list('from=2013-05-15&sort=occurredAt'))).toEqual(['day'])
    expect(titles(await list('from=2013-01-01&to=2013-01-01'))).toEqual(['year'])
  })

  it('leaves incidents of unknown date out of any date range, even one holding their report time', async () => {
    expect(titles(await list('from=2026-11-01&to=2026-11-01'))).toEqual([])
    expect(titles(await list('from=2000-01-01&sort=occurredAt'))).toEqual(['year', 'month', 'day'])
    expect(titles(await list('to=2030-01-01&sort=occurredAt'))).toEqual(['year', 'month', 'day'])
  })
})

describe(`incident date precision on ${testDriver}: statistics`, () => {
  it('counts a year or an unknown date in the total but in no month, and an unknown date in no date range', async () => {
    const province = 'Precision Province'
    await makeIncident(t.db, { province, occurredAt: new Date('2013-05-20T03:00:00Z'), occurredPrecision: 'day' })
    await makeIncident(t.db, { province, occurredAt: new Date('2013-04-30T17:00:00Z'), occurredPrecision: 'month' })
    await makeIncident(t.db, { province, occurredAt: new Date('2012-12-31T17:00:00Z'), occurredPrecision: 'year' })
    await makeIncident(t.db, { province, occurredAt: new Date('2013-05-02T03:00:00Z'), occurredPrecision: 'unknown' })
    const all = (await t.app.inject({ url: `/api/stats?province=${encodeURIComponent(province)}` })).json()
    expect(all.incidents.total).toBe(4)
    expect(all.incidents.byMonth).toEqual([{ key: '2013-05', count: 2 }])
    const ranged = (await t.app.inject({ url: `/api/stats?province=${encodeURIComponent(province)}&from=2013-01-01&to=2013-12-31` })).json()
    expect(ranged.incidents.total).toBe(3)
  })
})

async function exportCommunityDossier(communityId: string, language: 'en' | 'km') {
  const res = await t.app.inject({ method: 'POST', url: `/api/communities/${communityId}/dossier`, payload: { language } })
  expect(res.statusCode, res.body).toBe(202)
  const job = res.json() as { id: string }
  const deadline = Date.now() + 300_000
  for (;;) {
    const state = (await t.app.inject({ url: `/api/exports/${job.id}` })).json() as { status: string; error?: string }
    if (state.status === 'done') break
    if (state.status === 'failed') throw new Error(`export failed: ${state.error}`)
    if (Date.now() > deadline) throw new Error(`export still ${state.status}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const file = await t.app.inject({ url: `/api/exports/${job.id}/file` })
  expect(file.statusCode).toBe(200)
  return unzip(file.rawPayload)
}

describe(`incident date precision on ${testDriver}: dossiers`, () => {
  let communityId: string
  beforeAll(async () => {
    communityId = (await makeCommunity(t.db, { name: 'Dossier Village' })).id
    await makeIncident(t.db, {
      communityId,
      title: 'Fence of May',
      occurredAt: new Date('2013-04-30T17:00:00Z'),
      occurredPrecision: 'month',
    })
    await makeIncident(t.db, {
      communityId,
      title: 'Year of threats',
      occurredAt: new Date('2012-12-31T17:00:00Z'),
      occurredPrecision: 'year',
    })
    await makeIncident(t.db, {
      communityId,
      title: 'Undated arrest',
      occurredAt: new Date('2026-11-01T03:00:00Z'),
      occurredPrecision: 'unknown',
    })
    // 23:30 UTC on 2 June is 3 June in Phnom Penh.
    await makeIncident(t.db, { communityId, title: 'Night demolition', occurredAt: new Date('2014-06-02T23:30:00Z') })
  }, 60_000)

  const titles = ['Fence of May', 'Year of threats', 'Undated arrest', 'Night demolition']
  /** The timeline's incident rows: [date, what]. */
  const timelineOf = (html: string) =>
    [...html.matchAll(/<tr><td class="date">([^<]*)<\/td><td>[^<]*<\/td><td>([^<]*)<\/td><\/tr>/g)]
      .map((m) => [m[1], m[2]])
      .filter(([, what]) => titles.includes(what!))

  it('writes month, year and unknown dates as such in the timeline, unknown ones last', async () => {
    const files = await exportCommunityDossier(communityId, 'en')
    const html = files.get('index.html')!.toString('utf8')
    expect(timelineOf(html)).toEqual([
      ['2013', 'Year of threats'],
      ['May 2013', 'Fence of May'],
      ['3 Jun 2014', 'Night demolition'],
      ['Date unknown', 'Undated arrest'],
    ])
    const record = JSON.parse(files.get('data/community.json')!.toString('utf8'))
    const undated = record.incidents.find((i: { title: string }) => i.title === 'Undated arrest')
    expect(undated).toMatchObject({ occurredPrecision: 'unknown', occurredText: 'Date unknown' })
    const geojson = JSON.parse(files.get('data/community.geojson')!.toString('utf8'))
    const may = geojson.features.find((f: { properties: { title?: string } }) => f.properties.title === 'Fence of May')
    expect(may.properties).toMatchObject({ occurredAt: '2013-04-30T17:00:00.000Z', occurredPrecision: 'month', occurredText: 'May 2013' })
  }, 300_000)

  it('writes them in Khmer in a Khmer dossier', async () => {
    const files = await exportCommunityDossier(communityId, 'km')
    const html = files.get('index.html')!.toString('utf8')
    expect(timelineOf(html).map(([date]) => date)).toEqual(['2013', 'ឧសភា 2013', '3 មិថុនា 2014', 'មិនដឹងកាលបរិច្ឆេទ'])
  }, 300_000)
})
