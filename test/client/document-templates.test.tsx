// @vitest-environment happy-dom
// Letters from templates in the browser, against a fake API: a lawyer picks a Khmer template, sees
// it filled, edits the title and saves it as a PDF, then sees its SHA-256 and the way to the
// case's evidence; a printer failure is said plainly; an admin's template with an unknown
// placeholder shows the placeholder the server named.
import { LETTER_FIELDS } from '../../shared/letter-fields.ts'
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { LetterPage } from '../../client/features/document-templates/letter-page.tsx'
import { TemplatesPage } from '../../client/features/document-templates/templates-page.tsx'
import { fakeApi, meOf, problem, renderPage, type FakeRequest } from './admin-render.tsx'

const CASE_ID = '20000000-0000-4000-8000-000000000001'
const KM_TEMPLATE_ID = '30000000-0000-4000-8000-000000000001'
const EVIDENCE_ID = '40000000-0000-4000-8000-000000000001'
const SHA = 'a'.repeat(64)

function templateJson(overrides: Record<string, unknown>) {
  return {
    id: KM_TEMPLATE_ID,
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    version: 1,
    name: 'ពាក្យបណ្ដឹងទៅគណៈកម្មការសុរិយោដី',
    kind: 'cadastral_complaint',
    language: 'km',
    description: null,
    bodyHtml: '<p>{{case.reference}}</p>',
    createdByUserId: null,
    ...overrides,
  }
}

const caseJson = { id: CASE_ID, reference: 'CASE-2026-0007', title: 'Ou Chheu Teal land dispute', titleKm: 'វិវាទដីធ្លីអូរឈើទាល' }
const filledHtml = '<p class="center muol">ព្រះរាជាណាចក្រកម្ពុជា</p><p>ដើមចោទ ១: សុខ ចាន់ធី</p><p>សរុប ៤,៨៣ ហិកតា</p>'

function letterApi(save: (request: FakeRequest) => { status?: number; body?: unknown }) {
  return fakeApi((request) => {
    if (request.path === `/api/cases/${CASE_ID}`) return { body: caseJson }
    if (request.path === '/api/document-templates') {
      const language = request.query.get('language')
      const all = [templateJson({}), templateJson({ id: '30000000-0000-4000-8000-000000000002', name: 'Complaint', language: 'en' })]
      return { body: { items: all.filter((item) => !language || item.language === language) } }
    }
    if (request.path === `/api/cases/${CASE_ID}/documents/preview`) {
      return { body: { templateId: KM_TEMPLATE_ID, language: 'km', title: 'ពាក្យបណ្ដឹងទៅគណៈកម្មការសុរិយោដី — CASE-2026-0007', html: filledHtml } }
    }
    if (request.path === `/api/cases/${CASE_ID}/documents` && request.method === 'POST') return save(request)
    return undefined
  })
}

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('writing a letter', () => {
  it('fills a Khmer template, saves it as PDF and shows its SHA-256 and the way to the evidence', async () => {
    const { requests } = letterApi((request) => ({
      status: 201,
      body: {
        evidenceId: EVIDENCE_ID,
        caseId: CASE_ID,
        title: (request.body as { title: string }).title,
        sha256: SHA,
        sizeBytes: 48_213,
        mediaType: 'application/pdf',
      },
    }))
    await renderPage(<LetterPage />, {
      me: meOf('legal'),
      path: `/cases/${CASE_ID}/letters/new`,
      route: '/cases/:id/letters/new',
      language: 'km',
    })
    const user = userEvent.setup()

    const templateSelect = await screen.findByLabelText(/គំរូ/)
    await waitFor(() => expect(within(templateSelect).getAllByRole('option')).toHaveLength(2))
    // Only the Khmer templates in a Khmer letter.
    expect(within(templateSelect).queryByText('Complaint')).toBeNull()
    await user.selectOptions(templateSelect, KM_TEMPLATE_ID)

    const sheet = await screen.findByRole('textbox', { name: /លិខិត/ })
    expect(sheet.innerHTML).toContain('ដើមចោទ ១: សុខ ចាន់ធី')
    expect(sheet.getAttribute('lang')).toBe('km')
    const title = screen.getByLabelText(/ចំណងជើងឯកសារ/) as HTMLInputElement
    expect(title.value).toBe('ពាក្យបណ្ដឹងទៅគណៈកម្មការសុរិយោដី — CASE-2026-0007')
    await user.clear(title)
    await user.type(title, 'ពាក្យបណ្ដឹង ថ្ងៃនេះ')

    await user.click(screen.getByRole('button', { name: 'រក្សាទុកក្នុងរឿងក្ដីជា PDF' }))
    expect(await screen.findByTestId('letter-sha256')).toHaveProperty('textContent', SHA)
    const saved = requests.find((request) => request.path === `/api/cases/${CASE_ID}/documents`)!
    expect(saved.body).toEqual({ templateId: KM_TEMPLATE_ID, title: 'ពាក្យបណ្ដឹង ថ្ងៃនេះ', html: filledHtml })
    expect(screen.getByRole('link', { name: 'មើលភស្តុតាងនៃរឿងក្ដី' }).getAttribute('href')).toBe(`/cases/${CASE_ID}#case-evidence-heading`)
    expect(screen.getByRole('link', { name: 'បើក PDF' }).getAttribute('href')).toBe(`/api/evidence/${EVIDENCE_ID}/file`)
  })

  it('sends the HTML as edited in the HTML view', async () => {
    const { requests } = letterApi(() => ({
      status: 201,
      body: { evidenceId: EVIDENCE_ID, caseId: CASE_ID, title: 't', sha256: SHA, sizeBytes: 10, mediaType: 'application/pdf' },
    }))
    await renderPage(<LetterPage />, {
      me: meOf('legal'),
      path: `/cases/${CASE_ID}/letters/new`,
      route: '/cases/:id/letters/new',
      language: 'en',
    })
    const user = userEvent.setup()
    await user.selectOptions(await screen.findByLabelText(/Language of the letter/), 'km')
    const templateSelect = screen.getByLabelText(/^Template/)
    await waitFor(() => expect(within(templateSelect).getAllByRole('option')).toHaveLength(2))
    await user.selectOptions(templateSelect, KM_TEMPLATE_ID)
    await user.click(await screen.findByRole('button', { name: 'Edit as HTML' }))
    const html = screen.getByRole('textbox', { name: /Letter/ }) as HTMLTextAreaElement
    expect(html.value).toBe(filledHtml)
    await user.type(html, '<p>Added</p>')
    await user.click(screen.getByRole('button', { name: 'Save to the case as PDF' }))
    await screen.findByTestId('letter-sha256')
    const saved = requests.find((request) => request.path === `/api/cases/${CASE_ID}/documents`)!
    expect((saved.body as { html: string }).html).toBe(`${filledHtml}<p>Added</p>`)
  })

  it('says plainly that nothing was saved when the server cannot print', async () => {
    letterApi(() => problem(503, 'documents.pdf_unavailable', 'no Chromium at /usr/bin/chromium'))
    await renderPage(<LetterPage />, {
      me: meOf('legal'),
      path: `/cases/${CASE_ID}/letters/new`,
      route: '/cases/:id/letters/new',
      language: 'en',
    })
    const user = userEvent.setup()
    await user.selectOptions(await screen.findByLabelText(/Language of the letter/), 'km')
    const templateSelect = screen.getByLabelText(/^Template/)
    await waitFor(() => expect(within(templateSelect).getAllByRole('option')).toHaveLength(2))
    await user.selectOptions(templateSelect, KM_TEMPLATE_ID)
    await user.click(await screen.findByRole('button', { name: 'Save to the case as PDF' }))
    expect(await screen.findByText(/could not print the PDF, so nothing was saved/)).toBeTruthy()
    expect(screen.queryByTestId('letter-sha256')).toBeNull()
  })
})

describe('letter templates (admin)', () => {
  it('shows the placeholder the server refused, and the list of placeholders one may use', async () => {
    const { requests } = fakeApi((request) => {
      if (request.path === '/api/document-templates' && request.method === 'GET') return { body: { items: [templateJson({})] } }
      if (request.path === '/api/document-templates/fields') return { body: { fields: LETTER_FIELDS } }
      if (request.path === '/api/document-templates' && request.method === 'POST') {
        return {
          status: 400,
          body: {
            ...problem(400, 'document_templates.invalid_placeholders', 'body.bodyHtml: unknown placeholder {{case.secret}}', [
              { field: 'body.bodyHtml', message: 'unknown placeholder {{case.secret}}' },
            ]).body,
            placeholders: ['case.secret'],
          },
        }
      }
      return undefined
    })
    await renderPage(<TemplatesPage />, { me: meOf('admin'), path: '/admin/templates', route: '/admin/templates', language: 'en' })
    const user = userEvent.setup()
    expect(await screen.findByText('ពាក្យបណ្ដឹងទៅគណៈកម្មការសុរិយោដី')).toBeTruthy()
    await user.click(screen.getByRole('button', { name: '+ New template' }))
    await user.type(screen.getByLabelText(/^Name/), 'Secret letter')
    // Braces are special to user-event's keyboard syntax: paste the body instead.
    await user.click(screen.getByLabelText(/Template \(HTML\)/))
    await user.paste('<p>{{case.secret}}</p>')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    const alert = await screen.findByText('The template has placeholders Dey does not know:')
    expect(within(alert.closest('[role="alert"]') as HTMLElement).getByText('case.secret')).toBeTruthy()
    const sent = requests.find((request) => request.method === 'POST')!
    expect(sent.body).toMatchObject({
      name: 'Secret letter',
      kind: 'cadastral_complaint',
      language: 'km',
      bodyHtml: '<p>{{case.secret}}</p>',
    })
    // The list of what may be used, from the same list the server checks against.
    expect(await screen.findByText('{{case.reference}}')).toBeTruthy()
    expect(screen.getByText('{{#parties.plaintiffs}} … {{/parties.plaintiffs}}')).toBeTruthy()
  })
})
