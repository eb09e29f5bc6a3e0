// The yearly program report: one model of a period and a province, as HTML (English and Khmer),
// XLSX read back, CSV parsed, and PDF printed by Chromium; its totals match the activities, and it
// never carries a person's name, a note, a contact, privileged case material or a confidential
// incident, whoever asks for it.
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPORT_TABLES } from '../../shared/program-report.ts'
import { vocabMessages } from '../../shared/vocabulary-labels.ts'
import { programReportMessages } from '../../server/features/program-report/program-report.messages.ts'
import { makeCase, makeIncident, makePerson } from '../helpers/case-factories.ts'
import { canPrintPdf, chromiumPath } from '../helpers/chromium.ts'
import { makeActivity, makeCommitteeMember, makeCommunity } from '../helpers/factories.ts'
import { problemOf } from '../helpers/http.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

/** 1 July 2026, morning in Phnom Penh. */
const NOW = new Date('2026-07-01T03:00:00Z')

// What must never appear in a report, whoever asks for it.
const SECRETS = {
  confidentialIncident: 'CONFIDENTIAL-night-raid-on-the-rice-store',
  privilegedNotes: 'PRIVILEGED-the-client-admits-moving-the-stones',
  caseSummary: 'CASE-SUMMARY-names-the-informant',
  personName: 'Chhorn Sokunthea Private',
  leaderName: 'Leader Keo Secretname',
  leaderPhone: '+855 12 777 888',
  committeeMember: 'Committee Member Srey Hiddenname',
  facilitators: 'Facilitator Chan Sopheap Hidden',
  activityNotes: 'NOTE-the-village-chief-threatened-us',
  incidentDescription: 'DESCRIPTION-of-the-fence',
}

const RATANAK_KIRI = 'Ratanak Kiri'
const KBAL_ROMEAS_KM = 'សហគមន៍ក្បាលរមាស'
const TARGET_KM = 'វគ្គបណ្តុះបណ្តាលច្បាប់ភូមិបាល'

/** Participants of the 2026 activities: in Ratanak Kiri, and in Kampong Speu. */
const RATANAK_KIRI_PARTICIPANTS = { women: 12 + 6, men: 8 + 9, youth: 5 + 3 }
const KAMPONG_SPEU_PARTICIPANTS = { women: 20, men: 15, youth: 10 }
const ALL_PARTICIPANTS = {
  women: RATANAK_KIRI_PARTICIPANTS.women + KAMPONG_SPEU_PARTICIPANTS.women,
  men: RATANAK_KIRI_PARTICIPANTS.men + KAMPONG_SPEU_PARTICIPANTS.men,
  youth: RATANAK_KIRI_PARTICIPANTS.youth + KAMPONG_SPEU_PARTICIPANTS.youth,
}
const totalOf = (p: { women: number; men: number }) => p.women + p.men

async function readXlsx(res: LightMyRequestResponse) {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
  return workbook
}

/** Every row of a sheet as plain values, the header first. */
function rowsOf(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = []
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
  return rows
}

async function pdfText(bytes: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dey-report-pdf-'))
  try {
    const file = path.join(dir, 'report.pdf')
    await writeFile(file, bytes)
    return (await promisify(execFile)('pdftotext', ['-enc', 'UTF-8', file, '-'])).stdout
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

describe(`the yearly program report, on ${testDriver}`, () => {
  let t: TestApp
  let advocate: SignedIn
  let legal: SignedIn

  const report = (query: string, who: SignedIn = advocate) => t.app.inject({ url: `/api/program-report?${query}`, headers: who.headers })

  beforeAll(async () => {
    t = await createTestApp({ now: () => NOW })
    advocate = await t.signIn('advocate')
    legal = await t.signIn('legal')
    const kbalRomeas = await makeCommunity(t.db, {
      name: 'Kbal Romeas',
      nameKm: KBAL_ROMEAS_KM,
      province: RATANAK_KIRI,
      leaderName: SECRETS.leaderName,
      leaderPhone: SECRETS.leaderPhone,
    })
    const trapeang = await makeCommunity(t.db, { name: 'Trapeang Chan', province: 'Kampong Speu' })
    await makeCommitteeMember(t.db, { communityId: kbalRomeas.id, name: SECRETS.committeeMember, sex: 'female', role: 'chair' })

    await makeActivity(t.db, {
      communityIds: [kbalRomeas.id],
      kind: 'training',
      topic: 'land_law',
      title: 'Land law training in Kbal Romeas',
      startedOn: '2026-03-10',
      province: RATANAK_KIRI,
      participantsWomen: 12,
      participantsMen: 8,
      participantsYouth: 5,
      facilitators: SECRETS.facilitators,
      notes: SECRETS.activityNotes,
      costUsd: 345.5,
    })
    await makeActivity(t.db, {
      communityIds: [kbalRomeas.id, trapeang.id],
      kind: 'meeting',
      title: 'Network meeting',
      startedOn: '2026-05-02',
      province: RATANAK_KIRI,
      participantsWomen: 6,
      participantsMen: 9,
      participantsYouth: 3,
    })
    await makeActivity(t.db, {
      communityIds: [trapeang.id],
      kind: 'campaign',
      title: 'Campaign at the provincial hall',
      startedOn: '2026-06-20',
      province: 'Kampong Speu',
      participantsWomen: 20,
      participantsMen: 15,
      participantsYouth: 10,
    })
    // Outside the period, and deleted: neither counts.
    await makeActivity(t.db, {
      communityIds: [kbalRomeas.id],
      title: 'Training of last year',
      startedOn: '2025-11-10',
      province: RATANAK_KIRI,
      participantsWomen: 99,
      participantsMen: 99,
    })
    await makeActivity(t.db, {
      communityIds: [kbalRomeas.id],
      title: 'Deleted training',
      startedOn: '2026-04-01',
      province: RATANAK_KIRI,
      participantsWomen: 77,
      deletedAt: new Date('2026-04-02T00:00:00Z'),
    })

    await makeIncident(t.db, {
      title: 'Fence across the rice fields',
      description: SECRETS.incidentDescription,
      kind: 'fencing',
      occurredAt: new Date('2026-04-10T03:00:00Z'),
      province: RATANAK_KIRI,
    })
    await makeIncident(t.db, {
      title: SECRETS.confidentialIncident,
      kind: 'violence',
      occurredAt: new Date('2026-05-11T03:00:00Z'),
      province: RATANAK_KIRI,
      isConfidential: true,
    })
    await makeIncident(t.db, { title: 'Eviction notice', kind: 'eviction_threat', occurredAt: new Date('2026-05-20T03:00:00Z') })
    await makeCase(t.db, {
      title: 'Kbal Romeas v. the company',
      province: RATANAK_KIRI,
      openedOn: '2026-02-01',
      result: 'won',
      privilegedNotes: SECRETS.privilegedNotes,
      summary: SECRETS.caseSummary,
    })
    await makePerson(t.db, { fullName: SECRETS.personName, phone: SECRETS.leaderPhone })

    const target = await t.app.inject({
      method: 'POST',
      url: '/api/program-targets',
      payload: {
        code: 'T1',
        label: 'Land law trainings',
        labelKm: TARGET_KM,
        planStartYear: 2026,
        planEndYear: 2030,
        target: 50,
        rule: { count: 'activities', activityKinds: ['training'] },
      },
    })
    expect(target.statusCode, target.body).toBe(201)
  })

  afterAll(async () => {
    await t?.close()
  })

  it('writes the year as an English page with the totals of its activities, as an attachment', async () => {
    const res = await report('year=2026')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(res.headers['content-disposition']).toBe('attachment; filename="dey-program-report-2026-en.html"')
    const html = res.body
    expect(html).toContain('<html lang="en">')
    expect(html).toContain('Land law training in Kbal Romeas')
    expect(html).toContain('Campaign at the provincial hall')
    expect(html).not.toContain('Training of last year')
    expect(html).not.toContain('Deleted training')
    // The participants table's "all activities" row: 3 activities and their head counts.
    const all = programReportMessages.en.all
    expect(html).toContain(
      `<td>all</td><td>${all}</td><td class="number">3</td><td class="number">${ALL_PARTICIPANTS.women}</td><td class="number">${ALL_PARTICIPANTS.men}</td><td class="number">${ALL_PARTICIPANTS.youth}</td><td class="number">${totalOf(ALL_PARTICIPANTS)}</td>`,
    )
    // The target: one training counted, against 50 over the plan.
    expect(html).toMatch(
      /<td>T1<\/td><td>Land law trainings<\/td><td>2026–2030<\/td><td class="number">0<\/td><td class="number">50<\/td><td class="number">1<\/td>/,
    )
    expect(html).toContain('<svg')
    expect(html).not.toContain('<script')
  })

  it('writes a province in Khmer: Khmer headings, vocabulary, community and target names, and only its activities', async () => {
    const res = await report(`year=2026&province=${encodeURIComponent(RATANAK_KIRI)}&lang=km`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-disposition']).toBe('attachment; filename="dey-program-report-2026-Ratanak-Kiri-km.html"')
    const html = res.body
    expect(html).toContain('<html lang="km">')
    const km = programReportMessages.km
    for (const text of [km.title, km.tables.summary, km.tables.participants, km.tables.incidents_by_month, km.charts.targets]) {
      expect(html).toContain(text)
    }
    expect(html).toContain(vocabMessages.km.activityKind.training)
    expect(html).toContain(vocabMessages.km.activityTopic.land_law)
    expect(html).toContain(vocabMessages.km.incidentKind.fencing)
    expect(html).toContain(KBAL_ROMEAS_KM)
    expect(html).toContain(TARGET_KM)
    expect(html).not.toContain('Campaign at the provincial hall')
    const p = RATANAK_KIRI_PARTICIPANTS
    expect(html).toContain(
      `<td>${km.all}</td><td class="number">2</td><td class="number">${p.women}</td><td class="number">${p.men}</td><td class="number">${p.youth}</td><td class="number">${totalOf(p)}</td>`,
    )
  })

  it('holds no names of people, notes, contacts, privileged notes or confidential incidents, for legal staff too', async () => {
    for (const who of [advocate, legal]) {
      for (const query of ['year=2026&lang=en', 'year=2026&lang=km', `year=2026&province=${encodeURIComponent(RATANAK_KIRI)}`]) {
        const html = (await report(query, who)).body
        for (const secret of Object.values(SECRETS)) expect(html, `${query}: ${secret}`).not.toContain(secret)
        expect(html).toContain('Network meeting')
      }
      const workbook = await readXlsx(await report('year=2026&format=xlsx', who))
      const text = workbook.worksheets.flatMap((sheet) => rowsOf(sheet).flat().map(String)).join('\n')
      for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret)
      expect(text).not.toContain('345.5')
    }
  })

  it('writes XLSX with one sheet per table in order, headers in the language and numbers as numbers', async () => {
    const res = await report('year=2026&format=xlsx&lang=km')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(res.headers['content-disposition']).toBe('attachment; filename="dey-program-report-2026-km.xlsx"')
    const workbook = await readXlsx(res)
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([...REPORT_TABLES])

    const km = programReportMessages.km.columns
    const participants = workbook.getWorksheet('participants')!
    expect(participants.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    const [header, ...rows] = rowsOf(participants)
    expect(header).toEqual([km.code, km.group, km.activities, km.women, km.men, km.youth, km.total])
    const all = rows.find((row) => row[0] === 'all')!
    expect(all.slice(2)).toEqual([3, ALL_PARTICIPANTS.women, ALL_PARTICIPANTS.men, ALL_PARTICIPANTS.youth, totalOf(ALL_PARTICIPANTS)])
    const training = rows.find((row) => row[0] === 'training')!
    expect(training).toEqual(['training', vocabMessages.km.activityKind.training, 1, 12, 8, 5, 20])

    // The activity list sums to the same totals, and its days are ISO text.
    const [activityHeader, ...activities] = rowsOf(workbook.getWorksheet('activities')!)
    const womenColumn = activityHeader!.indexOf(km.women)
    const totalColumn = activityHeader!.indexOf(km.total)
    expect(activities.map((row) => row[0])).toEqual(['2026-03-10', '2026-05-02', '2026-06-20'])
    expect(activities.reduce((sum, row) => sum + (row[womenColumn] as number), 0)).toBe(ALL_PARTICIPANTS.women)
    expect(activities.reduce((sum, row) => sum + (row[totalColumn] as number), 0)).toBe(totalOf(ALL_PARTICIPANTS))

    const summary = rowsOf(workbook.getWorksheet('summary')!)
    expect(summary.find((row) => row[0] === 'participants')?.[2]).toBe(totalOf(ALL_PARTICIPANTS))
    expect(summary.find((row) => row[0] === 'activities')?.[2]).toBe(3)
    // Advocates do not count the confidential incident.
    expect(summary.find((row) => row[0] === 'incidents')?.[2]).toBe(2)
    expect(summary.find((row) => row[0] === 'cases_won')?.[2]).toBe(1)

    const [, target] = rowsOf(workbook.getWorksheet('targets')!)
    expect(target!.slice(0, 6)).toEqual(['T1', TARGET_KM, '2026–2030', 0, 50, 1])

    const byMonth = rowsOf(workbook.getWorksheet('incidents_by_month')!)
    expect(byMonth[0]).toContain(vocabMessages.km.incidentKind.fencing)
    expect(byMonth.slice(1).map((row) => row[0])).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
    ])
    expect(byMonth.find((row) => row[0] === '2026-05')?.[1]).toBe(1)
  })

  it('writes one table as CSV, UTF-8 with a byte order mark and a Khmer header', async () => {
    const res = await report('year=2026&format=csv&table=activities&lang=km')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toBe('attachment; filename="dey-program-report-2026-activities-km.csv"')
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const [header, ...rows] = parse(res.rawPayload, { bom: true }) as string[][]
    const km = programReportMessages.km.columns
    expect(header).toContain(km.title)
    expect(header).toContain(km.women)
    expect(rows.map((row) => row[header!.indexOf(km.title)])).toEqual([
      'Land law training in Kbal Romeas',
      'Network meeting',
      'Campaign at the provincial hall',
    ])
    const total = rows.reduce((sum, row) => sum + Number(row[header!.indexOf(km.total)]), 0)
    expect(total).toBe(totalOf(ALL_PARTICIPANTS))
    expect(rows[1]![header!.indexOf(km.communities)]).toBe(`${KBAL_ROMEAS_KM}; Trapeang Chan`)
  })

  it('reports from 1 January of this year to today when no period is asked for', async () => {
    const res = await report('format=csv&table=summary')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-disposition']).toBe('attachment; filename="dey-program-report-2026-01-01_2026-07-01-summary-en.csv"')
    const rows = parse(res.rawPayload, { bom: true }) as string[][]
    expect(rows.find((row) => row[0] === 'period_from')?.[2]).toBe('2026-01-01')
    expect(rows.find((row) => row[0] === 'period_to')?.[2]).toBe('2026-07-01')
  })

  it('refuses year with from/to, CSV without a table and a reversed period with 400 naming the field', async () => {
    const both = await report('year=2026&from=2026-01-01')
    expect(both.statusCode).toBe(400)
    expect(problemOf(both).errors?.map((issue) => issue.field)).toContain('querystring.year')
    const noTable = await report('format=csv')
    expect(noTable.statusCode).toBe(400)
    expect(problemOf(noTable).errors?.map((issue) => issue.field)).toContain('querystring.table')
    const fromAfterToday = await report('from=2026-09-01')
    expect(fromAfterToday.statusCode).toBe(400)
    expect(problemOf(fromAfterToday).errors?.map((issue) => issue.field)).toContain('querystring.from')
  })

  it('refuses a community representative with 403', async () => {
    const rep = await t.signIn('community_rep')
    const res = await report('year=2026', rep)
    expect(res.statusCode).toBe(403)
    expect(res.headers['content-type']).toContain('application/problem+json')
  })

  it.skipIf(!canPrintPdf)('prints the Khmer report to PDF with Chromium, its Khmer text readable', async () => {
    const res = await report(`year=2026&province=${encodeURIComponent(RATANAK_KIRI)}&lang=km&format=pdf`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    expect(res.headers['content-disposition']).toBe('attachment; filename="dey-program-report-2026-Ratanak-Kiri-km.pdf"')
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
    // pdftotext puts spaces between some Khmer words: compare without whitespace.
    const text = (await pdfText(res.rawPayload)).replace(/\s+/g, '')
    expect(text).toContain(programReportMessages.km.tables.summary.replace(/\s+/g, ''))
    expect(text).toContain(KBAL_ROMEAS_KM)
    expect(text).toContain('Landlawtraining')
  })
})

describe(`the program report without a printer, on ${testDriver}`, () => {
  it('answers 503 problem+json for PDF when Chromium cannot print, and still writes the other formats', async () => {
    const broken = await createTestApp({ exports: { chromiumPath: '/nonexistent/chromium' }, now: () => NOW })
    try {
      const res = await broken.app.inject({ url: '/api/program-report?year=2026&format=pdf' })
      expect(res.statusCode).toBe(503)
      const problem = problemOf(res)
      expect(problem.code).toBe('program_report.pdf_unavailable')
      expect(problem.detail).toContain('/nonexistent/chromium')
      expect((await broken.app.inject({ url: '/api/program-report?year=2026&format=xlsx' })).statusCode).toBe(200)
    } finally {
      await broken.close()
    }
  })

  it('answers 503 when PDF printing is turned off', async () => {
    const off = await createTestApp({ exports: { chromiumPath: false }, now: () => NOW })
    try {
      const res = await off.app.inject({ url: '/api/program-report?year=2026&format=pdf' })
      expect(res.statusCode).toBe(503)
      expect(problemOf(res).detail).toContain('turned off')
    } finally {
      await off.close()
    }
  })
})

// The PDF check above needs Chromium; say so rather than pass quietly.
if (!canPrintPdf) console.warn(`program-report.test.ts: no Chromium at ${chromiumPath} or no pdftotext; the PDF test is skipped`)
