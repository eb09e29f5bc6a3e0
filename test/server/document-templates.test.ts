// Letters from templates: admins keep templates (placeholders checked, HTML sanitized); legal
// staff fill one from a case (parties, communities, parcels with areas, Khmer digits and dates),
// edit it and save it to the case as a PDF that is evidence like any upload (hash, custody).
import { execFile } from 'node:child_process'
import { createHash, randomUUID } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateDemoData, loadDemoData } from '../../db/seed/index.ts'
import { generateDocumentTemplates } from '../../db/seed/demo-templates.ts'
import { createRandom } from '../../db/seed/random.ts'
import { caseTeam, users } from '../../db/schema/index.ts'
import { formatDecimal, formatLetterDate, toKhmerDigits } from '../../shared/letter-fields.ts'
import { cambodiaClock } from '../../shared/dates.ts'
import { canPrintPdf, chromiumPath } from '../helpers/chromium.ts'
import { linkToCase, makeCase, makePerson } from '../helpers/case-factories.ts'
import { makeCommunity, makeParcel } from '../helpers/factories.ts'
import { rectangle } from '../helpers/geo.ts'
import { problemOf } from '../helpers/http.ts'
import { makeConcession } from '../helpers/land-factories.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

async function pdfText(bytes: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dey-letter-pdf-'))
  try {
    const file = path.join(dir, 'letter.pdf')
    await writeFile(file, bytes)
    return (await promisify(execFile)('pdftotext', ['-enc', 'UTF-8', file, '-'])).stdout
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const PRIVILEGED = 'PRIVILEGED-the-client-moved-the-boundary-stones'
const PHONE = '+855 12 987 654'
const EMAIL = 'sokha.private@example.org'
const ADDRESS = 'Phum Ou Chheu Teal, Khum Kraing'
const PLAINTIFF_KM = 'សុខ ចាន់ធី'
const COMMUNITY_KM = 'សហគមន៍អូរឈើទាល'

const KM_TEMPLATE = `<p class="center muol">ព្រះរាជាណាចក្រកម្ពុជា</p>
<p>កម្មវត្ថុ៖ ពាក្យបណ្ដឹង {{case.reference}} {{case.title}} ({{case.kind}})</p>
<p>កាលបរិច្ឆេទ៖ {{today}} — បើកនៅ {{case.openedOn}}</p>
<ul>{{#parties.plaintiffs}}<li>ដើមចោទ {{number}}: {{name}} / {{nameLatin}}</li>{{/parties.plaintiffs}}</ul>
<ul>{{#parties.defendants}}<li>ចុងចោទ: {{name}}</li>{{/parties.defendants}}</ul>
{{#communities}}<p>សហគមន៍ {{name}} ភូមិ{{village}} {{province}}</p>{{/communities}}
<table>{{#parcels}}<tr><td>{{number}}</td><td>{{label}}</td><td>{{areaHa}}</td></tr>{{/parcels}}</table>
<p>សរុប {{parcelsAreaHa}} ហិកតា</p>
{{#concessions}}<p>ដីសម្បទាន {{name}} {{company}} {{areaHa}}</p>{{/concessions}}
{{^concessions}}<p>គ្មានដីសម្បទាន</p>{{/concessions}}
<p>មេធាវី {{leadLawyer}}</p>
<p>ជូន {{case.forum}} · {{case.province}}</p>`

let t: TestApp
let legal: SignedIn
let advocate: SignedIn
let rep: SignedIn
let caseId: string
let caseReference: string
let kmTemplateId: string
let enTemplateId: string
let parcelAreaHa: number

async function createTemplate(payload: Record<string, unknown>, who?: SignedIn) {
  return t.app.inject({ method: 'POST', url: '/api/document-templates', payload, ...(who && { headers: who.headers }) })
}

beforeAll(async () => {
  t = await createTestApp()
  legal = await t.signIn('legal')
  advocate = await t.signIn('advocate')
  const community = await makeCommunity(t.db, {
    name: 'Ou Chheu Teal',
    nameKm: COMMUNITY_KM,
    village: 'Ou Chheu Teal',
    province: 'Kampong Speu',
    territory: rectangle([104.29, 11.44, 104.31, 11.46]) as never,
  })
  rep = await t.signIn('community_rep', { communityIds: [community.id] })
  const legalCase = await makeCase(t.db, {
    title: 'Ou Chheu Teal land dispute',
    titleKm: 'វិវាទដីធ្លីអូរឈើទាល',
    kind: 'cadastral_commission',
    forum: 'Kampong Speu provincial cadastral commission',
    openedOn: '2026-03-09',
    province: 'Kampong Speu',
    privilegedNotes: PRIVILEGED,
    leadLawyer: 'Free-text Lawyer',
  })
  caseId = legalCase.id
  caseReference = legalCase.reference
  const parcel = await makeParcel(t.db, {
    communityId: community.id,
    label: 'P-12',
    holderName: 'Sok Chanthy',
    boundary: rectangle([104.3, 11.45, 104.302, 11.452]),
  })
  await makeConcession(t.db, {
    name: 'Green Sugar ELC',
    nameKm: 'ដីសម្បទានស្ករបៃតង',
    company: 'Green Sugar Co., Ltd.',
    boundary: rectangle([104.301, 11.451, 104.31, 11.46]),
  })
  const plaintiff = await makePerson(t.db, {
    fullName: 'Sok Chanthy',
    fullNameKm: PLAINTIFF_KM,
    phone: PHONE,
    email: EMAIL,
    address: ADDRESS,
  })
  const tricky = await makePerson(t.db, { fullName: '<b>x</b>' })
  const defendant = await makePerson(t.db, { fullName: 'Angkor Land Co.' })
  await linkToCase(t.db, caseId, {
    communityIds: [community.id],
    parcelIds: [parcel.id],
    people: [
      { personId: plaintiff.id, role: 'plaintiff' },
      { personId: tricky.id, role: 'plaintiff' },
      { personId: defendant.id, role: 'defendant' },
    ],
  })
  const areas = (await t.app.inject({ url: `/api/parcels/${parcel.id}` })).json() as { areaHa: number }
  parcelAreaHa = areas.areaHa

  const km = await createTemplate({ name: 'Complaint (km)', kind: 'cadastral_complaint', language: 'km', bodyHtml: KM_TEMPLATE })
  expect(km.statusCode, km.body).toBe(201)
  kmTemplateId = km.json().id
  const en = await createTemplate({
    name: 'Complaint (en)',
    kind: 'cadastral_complaint',
    language: 'en',
    bodyHtml: '<p>{{today}}: {{#parcels}}{{label}} {{areaHa}} ha; {{/parcels}}{{#parties.all}}{{name}} ({{role}}); {{/parties.all}}</p>',
  })
  expect(en.statusCode, en.body).toBe(201)
  enTemplateId = en.json().id
})
afterAll(() => t?.close())

describe('templates', () => {
  it('creates, reads, lists, updates with a version and soft-deletes a template', async () => {
    const created = await createTemplate({ name: 'Letter', kind: 'other', language: 'en', bodyHtml: '<p>{{case.reference}}</p>' })
    expect(created.statusCode, created.body).toBe(201)
    const template = created.json()
    expect(template).toMatchObject({ name: 'Letter', kind: 'other', language: 'en', version: 1, description: null })
    const got = await t.app.inject({ url: `/api/document-templates/${template.id}`, headers: legal.headers })
    expect(got.statusCode).toBe(200)
    expect(got.headers.etag).toBe('"1"')
    const listed = await t.app.inject({ url: '/api/document-templates?language=en&kind=other', headers: legal.headers })
    expect(listed.json().items.map((item: { id: string }) => item.id)).toContain(template.id)
    const kmOnly = await t.app.inject({ url: '/api/document-templates?language=km' })
    expect(kmOnly.json().items.every((item: { language: string }) => item.language === 'km')).toBe(true)

    const updated = await t.app.inject({
      method: 'PATCH',
      url: `/api/document-templates/${template.id}`,
      payload: { name: 'Letter v2', bodyHtml: '<p>{{case.title}}</p>', version: 1 },
    })
    expect(updated.statusCode, updated.body).toBe(200)
    expect(updated.json()).toMatchObject({ name: 'Letter v2', bodyHtml: '<p>{{case.title}}</p>', version: 2 })
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/document-templates/${template.id}`,
      payload: { name: 'Late', version: 1 },
    })
    expect(stale.statusCode).toBe(409)
    expect(problemOf(stale).code).toBe('document_template.version_conflict')
    const noVersion = await t.app.inject({
      method: 'PATCH',
      url: `/api/document-templates/${template.id}`,
      payload: { name: 'No version' },
    })
    expect(noVersion.statusCode).toBe(428)

    const deleted = await t.app.inject({ method: 'DELETE', url: `/api/document-templates/${template.id}`, headers: { 'if-match': '"2"' } })
    expect(deleted.statusCode).toBe(204)
    expect((await t.app.inject({ url: `/api/document-templates/${template.id}` })).statusCode).toBe(404)
    const after = await t.app.inject({ url: '/api/document-templates' })
    expect(after.json().items.map((item: { id: string }) => item.id)).not.toContain(template.id)
  })

  it('serves the placeholders saves are checked against, described in both languages', async () => {
    const res = await t.app.inject({ url: '/api/document-templates/fields', headers: legal.headers })
    expect(res.statusCode).toBe(200)
    const { fields } = res.json()
    expect(fields['case.reference']).toMatchObject({ type: 'text', en: expect.any(String), km: expect.stringMatching(/[\u1780-\u17ff]/) })
    expect(fields.parcels.type).toBe('list')
    expect(Object.keys(fields)).not.toContain('case.privilegedNotes')
  })

  it('refuses an unknown placeholder with a 400 naming it', async () => {
    const res = await createTemplate({
      name: 'Bad',
      kind: 'other',
      language: 'en',
      bodyHtml: '<p>{{case.reference}} {{case.privilegedNotes}}</p>',
    })
    expect(res.statusCode).toBe(400)
    const problem = problemOf(res)
    expect(problem.code).toBe('document_templates.invalid_placeholders')
    expect(problem.detail).toContain('case.privilegedNotes')
    expect(problem.errors?.[0]?.field).toBe('body.bodyHtml')
    expect(res.json().placeholders).toEqual(['case.privilegedNotes'])
  })

  it('refuses a template that does not compile, unescaped output, a list printed as text and a field outside its loop', async () => {
    for (const [bodyHtml, expected] of [
      ['<p>{{#parcels}}{{label}}</p>', /does not compile/],
      ['<p>{{{case.title}}}</p>', /unescaped/],
      ['<p>{{&case.title}}</p>', /unescaped/],
      ['<p>{{parcels}}</p>', /is a list/],
      ['<p>{{label}}</p>', /unknown placeholder \{\{label\}\}/],
      ['<p>{{>header}}</p>', /partials/],
    ] as const) {
      const res = await createTemplate({ name: 'Bad', kind: 'other', language: 'en', bodyHtml })
      expect(res.statusCode, bodyHtml).toBe(400)
      expect(problemOf(res).detail, bodyHtml).toMatch(expected)
    }
  })

  it("allows parties' addresses in a power of attorney only", async () => {
    const body = '<p>{{#parties.clients}}{{name}}, {{address}}{{/parties.clients}}</p>'
    const other = await createTemplate({ name: 'Letter', kind: 'governor_letter', language: 'en', bodyHtml: body })
    expect(other.statusCode).toBe(400)
    expect(problemOf(other).detail).toMatch(/only available in templates of kind power_of_attorney/)
    const poa = await createTemplate({ name: 'POA', kind: 'power_of_attorney', language: 'en', bodyHtml: body })
    expect(poa.statusCode, poa.body).toBe(201)
    // Changing the kind takes the field away: the body is checked again.
    const moved = await t.app.inject({
      method: 'PATCH',
      url: `/api/document-templates/${poa.json().id}`,
      payload: { kind: 'other', version: 1 },
    })
    expect(moved.statusCode).toBe(400)
  })

  it('strips scripts, event handlers, images, links and url() styles when saving', async () => {
    const res = await createTemplate({
      name: 'Dirty',
      kind: 'other',
      language: 'en',
      bodyHtml:
        '<p onclick="steal()" style="text-align: center; background-image: url(http://evil.example/x.png)">Hi {{case.reference}}</p>' +
        '<script>alert(1)</script><img src="http://evil.example/t.gif"><a href="javascript:alert(1)">link</a>' +
        '<iframe src="http://evil.example"></iframe><style>p{}</style>',
    })
    expect(res.statusCode, res.body).toBe(201)
    const stored = res.json().bodyHtml as string
    expect(stored).toBe('<p style="text-align:center">Hi {{case.reference}}</p>link')
  })

  it('refuses a template with nothing left once sanitized', async () => {
    const res = await createTemplate({ name: 'Empty', kind: 'other', language: 'en', bodyHtml: '<script>{{case.reference}}</script>' })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).code).toBe('document_templates.empty')
  })

  it('lets legal staff read templates but only admins write them', async () => {
    expect((await t.app.inject({ url: '/api/document-templates', headers: legal.headers })).statusCode).toBe(200)
    expect((await t.app.inject({ url: '/api/document-templates', headers: advocate.headers })).statusCode).toBe(403)
    const byLegal = await createTemplate({ name: 'X', kind: 'other', language: 'en', bodyHtml: '<p>x</p>' }, legal)
    expect(byLegal.statusCode).toBe(403)
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/document-templates/${kmTemplateId}`,
      headers: legal.headers,
      payload: { name: 'x', version: 1 },
    })
    expect(patch.statusCode).toBe(403)
    const del = await t.app.inject({ method: 'DELETE', url: `/api/document-templates/${kmTemplateId}`, headers: legal.headers })
    expect(del.statusCode).toBe(403)
  })

  it('ships the four starter letters in Khmer and English with the demo data, with the same ids every time', async () => {
    const now = new Date('2026-11-28T00:00:00Z')
    const starters = generateDemoData(now).documentTemplates
    expect(starters.map((row) => row.id)).toEqual(generateDemoData(now).documentTemplates.map((row) => row.id))
    expect(starters.map((row) => `${row.kind}:${row.language}`).sort()).toEqual(
      ['cadastral_complaint', 'concession_contract_request', 'governor_letter', 'power_of_attorney'].flatMap((kind) => [
        `${kind}:en`,
        `${kind}:km`,
      ]),
    )
    await loadDemoData(t.db, now)
    const listed = (await t.app.inject({ url: '/api/document-templates', headers: legal.headers })).json().items as { id: string }[]
    expect(listed.map((item) => item.id)).toEqual(expect.arrayContaining(starters.map((row) => row.id)))
  })

  it('accepts every starter template of the demo data unchanged', async () => {
    for (const row of generateDocumentTemplates(createRandom(1))) {
      const res = await createTemplate({
        name: row.name,
        kind: row.kind,
        language: row.language,
        description: row.description,
        bodyHtml: row.bodyHtml,
      })
      expect(res.statusCode, `${row.kind} ${row.language}: ${res.body}`).toBe(201)
      expect(res.json().bodyHtml).toBe(row.bodyHtml)
    }
  })
})

describe('letters', () => {
  const preview = (templateId: string, who: SignedIn = legal, id = caseId) =>
    t.app.inject({ method: 'POST', url: `/api/cases/${id}/documents/preview`, headers: who.headers, payload: { templateId } })

  it('fills a Khmer template with the parties, communities, parcels and concessions in Khmer digits and dates', async () => {
    const res = await preview(kmTemplateId)
    expect(res.statusCode, res.body).toBe(200)
    const { html, language, title } = res.json() as { html: string; language: string; title: string }
    expect(language).toBe('km')
    expect(title).toBe(`ពាក្យបណ្ដឹងទៅគណៈកម្មការសុរិយោដី — ${caseReference}`)
    expect(html).toContain(`ពាក្យបណ្ដឹង ${caseReference} វិវាទដីធ្លីអូរឈើទាល (គណៈកម្មការសុរិយោដី)`)
    // Parties in name order, numbered in Khmer digits.
    expect(html).toContain(`ដើមចោទ ២: ${PLAINTIFF_KM} / Sok Chanthy`)
    expect(html).toContain('ចុងចោទ: Angkor Land Co.')
    // The province by its Khmer name from the boundaries (with its ខេត្ត prefix), the village as recorded.
    expect(html).toContain(`សហគមន៍ ${COMMUNITY_KM} ភូមិOu Chheu Teal ខេត្តកំពង់ស្ពឺ`)
    const areaKm = formatDecimal(parcelAreaHa, 'km')
    expect(areaKm).toMatch(/^[០-៩.]+,[០-៩]{2}$/)
    expect(html).toContain(`<td>១</td><td>P-12</td><td>${areaKm}</td>`)
    expect(html).toContain(`សរុប ${areaKm} ហិកតា`)
    expect(html).toContain('ដីសម្បទាន ដីសម្បទានស្ករបៃតង Green Sugar Co., Ltd.')
    expect(html).not.toContain('គ្មានដីសម្បទាន')
    expect(html).toContain(`កាលបរិច្ឆេទ៖ ${formatLetterDate(cambodiaClock(new Date()), 'km')}`)
    expect(html).toContain('បើកនៅ ថ្ងៃទី៩ ខែមីនា ឆ្នាំ២០២៦')
    // The usual forums and the provinces by their Khmer names.
    expect(html).toContain('ជូន គណៈកម្មការសុរិយោដីខេត្តកំពង់ស្ពឺ · ខេត្តកំពង់ស្ពឺ')
    // No team lead yet: the lead lawyer recorded on the case.
    expect(html).toContain('មេធាវី Free-text Lawyer')
  })

  it('escapes names: a party named <b>x</b> is text, never markup', async () => {
    const html = (await preview(kmTemplateId)).json().html as string
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;')
    expect(html).not.toContain('<b>x</b>')
  })

  it('fills an English template with English digits, dates and role labels', async () => {
    const html = (await preview(enTemplateId)).json().html as string
    expect(html).toContain(`P-12 ${formatDecimal(parcelAreaHa, 'en')} ha`)
    expect(html).toContain('Sok Chanthy (Plaintiff)')
    expect(html).toContain('Angkor Land Co. (Defendant)')
    expect(html).toContain(formatLetterDate(cambodiaClock(new Date()), 'en'))
  })

  it("names the case team's lead lawyer when the case has one", async () => {
    const [lead] = await t.db
      .insert(users)
      .values({ email: `lead-${randomUUID()}@test.dey`, displayName: 'Chea Lead', role: 'legal', passwordHash: 'x' })
      .returning({ id: users.id })
    const other = await makeCase(t.db, { title: 'Led case' })
    await t.db.insert(caseTeam).values({ caseId: other.id, userId: lead!.id, role: 'lead' })
    const html = (await preview(kmTemplateId, legal, other.id)).json().html as string
    expect(html).toContain('មេធាវី Chea Lead')
    // A case without parcels or concessions: the empty-list text shows, the total is zero.
    expect(html).toContain('គ្មានដីសម្បទាន')
    expect(html).toContain(`សរុប ${toKhmerDigits('0')},០០ ហិកតា`)
  })

  it('never puts privileged notes, phones or e-mails in a letter', async () => {
    for (const id of [kmTemplateId, enTemplateId]) {
      const body = (await preview(id)).body
      expect(body).not.toContain(PRIVILEGED)
      expect(body).not.toContain(PHONE)
      expect(body).not.toContain(EMAIL)
      expect(body).not.toContain(ADDRESS)
    }
  })

  it('gives the postal address in a power of attorney', async () => {
    const poa = await createTemplate({
      name: 'POA',
      kind: 'power_of_attorney',
      language: 'en',
      bodyHtml: '<p>{{#parties.plaintiffs}}{{name}}: {{address}}; {{/parties.plaintiffs}}</p>',
    })
    const html = (await preview(poa.json().id)).json().html as string
    expect(html).toContain(`Sok Chanthy: ${ADDRESS};`)
    expect(html).not.toContain(PHONE)
  })

  it('answers 404 for a case that is deleted or unknown, and 422 for an unknown template', async () => {
    const gone = await makeCase(t.db, { deletedAt: new Date() })
    expect((await preview(kmTemplateId, legal, gone.id)).statusCode).toBe(404)
    expect((await preview(kmTemplateId, legal, randomUUID())).statusCode).toBe(404)
    const res = await preview(randomUUID())
    expect(res.statusCode).toBe(422)
    expect(problemOf(res).errors?.[0]?.field).toBe('body.templateId')
  })

  it('refuses advocates and community representatives (403)', async () => {
    for (const who of [advocate, rep]) {
      expect((await preview(kmTemplateId, who)).statusCode).toBe(403)
      const save = await t.app.inject({
        method: 'POST',
        url: `/api/cases/${caseId}/documents`,
        headers: who.headers,
        payload: { templateId: kmTemplateId, title: 'x', html: '<p>x</p>' },
      })
      expect(save.statusCode).toBe(403)
    }
  })

  it.skipIf(!canPrintPdf)('saves the edited Khmer letter to the case as PDF evidence with its SHA-256 in the custody log', async () => {
    const filled = (await preview(kmTemplateId)).json() as { html: string; title: string }
    const edited = `${filled.html}<p>សូមមេត្តាពិនិត្យ និងដោះស្រាយ</p><script>alert(1)</script>`
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/documents`,
      headers: legal.headers,
      payload: { templateId: kmTemplateId, title: filled.title, html: edited },
    })
    expect(res.statusCode, res.body).toBe(201)
    const saved = res.json() as { evidenceId: string; sha256: string; sizeBytes: number; caseId: string; title: string }
    expect(saved).toMatchObject({ caseId, title: filled.title, mediaType: 'application/pdf' })

    const record = await t.app.inject({ url: `/api/evidence/${saved.evidenceId}`, headers: legal.headers })
    expect(record.statusCode, record.body).toBe(200)
    expect(record.json()).toMatchObject({
      caseId,
      mediaType: 'application/pdf',
      sha256: saved.sha256,
      title: filled.title,
      uploadedByUserId: legal.userId,
    })
    const listed = await t.app.inject({ url: `/api/evidence?case=${caseId}`, headers: legal.headers })
    expect(listed.json().items.map((item: { id: string }) => item.id)).toContain(saved.evidenceId)

    const file = await t.app.inject({ url: `/api/evidence/${saved.evidenceId}/file`, headers: legal.headers })
    expect(file.statusCode).toBe(200)
    expect(file.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(sha256(file.rawPayload)).toBe(saved.sha256)
    expect(file.rawPayload.length).toBe(saved.sizeBytes)
    // The blob in the store is named by the hash of its bytes.
    const stored = await readFile(path.join(t.evidenceDir, saved.sha256.slice(0, 2), saved.sha256.slice(2, 4), saved.sha256))
    expect(sha256(stored)).toBe(saved.sha256)

    const custody = await t.app.inject({ url: `/api/evidence/${saved.evidenceId}/custody`, headers: legal.headers })
    expect(custody.statusCode, custody.body).toBe(200)
    const entries = custody.json().entries as { action: string; sha256: string | null }[]
    expect(entries[0]).toMatchObject({ action: 'create', sha256: saved.sha256 })

    const text = (await pdfText(file.rawPayload)).replace(/\s/g, '')
    expect(text).toContain(PLAINTIFF_KM.replace(/\s/g, ''))
    expect(text).toContain('សូមមេត្តាពិនិត្យនិងដោះស្រាយ')
    expect(text).toContain(caseReference)
    expect(text).not.toContain('alert(1)')
    expect(text).not.toContain(PRIVILEGED)
  })

  it('answers 503 and stores nothing when Chromium cannot print', async () => {
    const broken = await createTestApp({ exports: { chromiumPath: '/nonexistent/chromium' } })
    try {
      const community = await makeCommunity(broken.db)
      const legalCase = await makeCase(broken.db)
      await linkToCase(broken.db, legalCase.id, { communityIds: [community.id] })
      const template = await broken.app.inject({
        method: 'POST',
        url: '/api/document-templates',
        payload: { name: 'T', kind: 'other', language: 'km', bodyHtml: '<p>{{case.reference}}</p>' },
      })
      const res = await broken.app.inject({
        method: 'POST',
        url: `/api/cases/${legalCase.id}/documents`,
        payload: { templateId: template.json().id, title: 'Letter', html: '<p>លិខិត</p>' },
      })
      expect(res.statusCode).toBe(503)
      expect(res.headers['content-type']).toContain('application/problem+json')
      const problem = problemOf(res)
      expect(problem.code).toBe('documents.pdf_unavailable')
      expect(problem.detail).toContain('/nonexistent/chromium')
      const evidence = await broken.app.inject({ url: `/api/evidence?case=${legalCase.id}` })
      expect(evidence.json().items).toEqual([])
    } finally {
      await broken.close()
    }
  })

  it('refuses a letter with nothing left once sanitized, and a missing title, before printing', async () => {
    const empty = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/documents`,
      payload: { templateId: kmTemplateId, title: 'Letter', html: '<script>alert(1)</script>' },
    })
    expect(empty.statusCode).toBe(400)
    expect(problemOf(empty).errors?.[0]?.field).toBe('body.html')
    const noTitle = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/documents`,
      payload: { templateId: kmTemplateId, html: '<p>x</p>' },
    })
    expect(noTitle.statusCode).toBe(400)
  })
})

// The PDF checks above need Chromium; say so rather than pass quietly.
if (!canPrintPdf) console.warn(`document-templates.test.ts: no Chromium at ${chromiumPath} or no pdftotext; the PDF test is skipped`)
