// @vitest-environment happy-dom
// The "Export dossier" dialog against a fake API: the options each role may choose and what is
// sent, polling the export job until the download link appears, a failed export, the button
// hidden from roles without dossiers.export, and the dialog in Khmer.
import { cleanup, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { clientConfigJson } from './api-answers.ts'
import { CasePage } from '../../client/features/cases/case-page.tsx'
import { ExportDossierButton } from '../../client/components/dossiers/export-dialog.tsx'
import { fakeApi, meOf, renderPage, type FakeRequest } from './admin-render.tsx'
import { CASE_ID, caseDetail, COMMUNITY_ID } from './cases-fixtures.ts'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const EXPORT_ID = '33333333-3333-4333-8333-333333333333'

function job(overrides: Record<string, unknown> = {}) {
  return {
    id: EXPORT_ID,
    target: 'case',
    targetId: CASE_ID,
    language: 'km',
    status: 'queued',
    percent: 0,
    requested: { language: 'km', includePrivilegedNotes: true, coarsenLocations: true, keepPhotoGps: false },
    effective: {
      includePrivilegedNotes: true,
      coarsenLocations: true,
      keepPhotoGps: false,
      confidentialPeopleAsInitials: false,
      includeConfidentialRecords: true,
      includeEvidenceLocations: true,
    },
    createdAt: '2026-05-01T02:00:00.000Z',
    finishedAt: null,
    expiresAt: null,
    isExpired: false,
    ...overrides,
  }
}

/** POST starts a queued job; each GET moves it along the given states, the last one repeated. */
function exportApi(states: Record<string, unknown>[], target: 'cases' | 'communities' = 'cases', targetId = CASE_ID) {
  let polls = 0
  return fakeApi((request: FakeRequest) => {
    if (request.method === 'POST' && request.path === `/api/${target}/${targetId}/dossier`) return { status: 202, body: job() }
    if (request.method === 'GET' && request.path === `/api/exports/${EXPORT_ID}`) {
      return { body: job(states[Math.min(polls++, states.length - 1)]) }
    }
    return undefined
  })
}

const openButton = (
  role: 'legal' | 'advocate' | 'community_rep' | 'admin',
  language: 'en' | 'km' = 'en',
  target: 'case' | 'community' = 'case',
) =>
  renderPage(<ExportDossierButton target={target} targetId={target === 'case' ? CASE_ID : COMMUNITY_ID} />, {
    me: meOf(role),
    path: '/x',
    route: '/x',
    language,
  })

describe('Export dossier', () => {
  it('sends the options a lawyer chose, polls the job, then offers the download', async () => {
    const { requests } = exportApi([
      { status: 'running', percent: 40 },
      { status: 'done', percent: 100, sizeBytes: 2_500_000, finishedAt: '2026-05-01T02:00:03.000Z' },
    ])
    await openButton('legal')
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: /Export dossier/ }))
    const dialog = screen.getByRole('dialog', { name: 'Export the case dossier' })
    // Defaults: the UI's language, homes coarsened, photo GPS removed, privileged notes left out.
    expect((within(dialog).getByLabelText('English') as HTMLInputElement).checked).toBe(true)
    expect((within(dialog).getByLabelText(/Coarsen home locations/) as HTMLInputElement).checked).toBe(true)
    expect((within(dialog).getByLabelText(/Keep GPS positions/) as HTMLInputElement).checked).toBe(false)
    expect((within(dialog).getByLabelText(/privileged/) as HTMLInputElement).checked).toBe(false)
    expect((within(dialog).getByLabelText(/Leave out parties' phone numbers/) as HTMLInputElement).checked).toBe(true)

    await user.click(within(dialog).getByLabelText('ខ្មែរ'))
    await user.click(within(dialog).getByLabelText(/privileged/))
    await user.click(within(dialog).getByRole('button', { name: 'Start export' }))

    const post = requests.find((request) => request.method === 'POST')
    expect(post?.path).toBe(`/api/cases/${CASE_ID}/dossier`)
    expect(post?.body).toEqual({
      language: 'km',
      includePrivilegedNotes: true,
      coarsenLocations: true,
      keepPhotoGps: false,
      omitPartyContacts: true,
    })

    const bar = await within(dialog).findByRole('progressbar', {}, { timeout: 3000 })
    expect(bar.getAttribute('aria-valuemax')).toBe('100')
    expect(await within(dialog).findByText('Building the dossier: 40%', {}, { timeout: 3000 })).toBeTruthy()
    expect(bar.getAttribute('aria-valuenow')).toBe('40')

    const link = await within(dialog).findByRole('link', { name: /Download the dossier/ }, { timeout: 4000 })
    expect(link.getAttribute('href')).toBe(`/api/exports/${EXPORT_ID}/file`)
    expect(within(dialog).getByText('The dossier is ready.')).toBeTruthy()
    // Polling stops once the job is done.
    const polls = requests.filter((request) => request.path === `/api/exports/${EXPORT_ID}`).length
    await new Promise((resolve) => setTimeout(resolve, 1300))
    expect(requests.filter((request) => request.path === `/api/exports/${EXPORT_ID}`).length).toBe(polls)
  }, 15_000)

  it("offers an advocate neither privileged notes nor photo GPS, and a community's dossier goes to its own route", async () => {
    const { requests } = exportApi(
      [{ status: 'failed', percent: 30, error: 'The evidence store could not be read.' }],
      'communities',
      COMMUNITY_ID,
    )
    await openButton('advocate', 'en', 'community')
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: /Export dossier/ }))
    const dialog = screen.getByRole('dialog', { name: 'Export the community dossier' })
    expect(within(dialog).queryByLabelText(/privileged/)).toBeNull()
    expect(within(dialog).queryByLabelText(/Keep GPS positions/)).toBeNull()
    expect(within(dialog).queryByLabelText(/Leave out parties/)).toBeNull()
    await user.click(within(dialog).getByLabelText(/Coarsen home locations/))
    await user.click(within(dialog).getByRole('button', { name: 'Start export' }))
    expect(requests.find((request) => request.method === 'POST')?.body).toEqual({
      language: 'en',
      includePrivilegedNotes: false,
      coarsenLocations: false,
      keepPhotoGps: false,
      omitPartyContacts: true,
    })
    const alert = await within(dialog).findByRole('alert', {}, { timeout: 3000 })
    expect(alert.textContent).toContain('The export failed.')
    expect(alert.textContent).toContain('The evidence store could not be read.')
    expect(within(dialog).queryByRole('link', { name: /Download/ })).toBeNull()
  }, 10_000)

  it('lets an admin keep photo GPS', async () => {
    const { requests } = exportApi([{ status: 'running', percent: 10 }])
    await openButton('admin')
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: /Export dossier/ }))
    await user.click(screen.getByLabelText(/Keep GPS positions/))
    await user.click(screen.getByRole('button', { name: 'Start export' }))
    expect(requests.find((request) => request.method === 'POST')?.body).toMatchObject({ keepPhotoGps: true })
  })

  it("lets a lawyer put parties' contact details in the dossier", async () => {
    const { requests } = exportApi([{ status: 'running', percent: 10 }])
    await openButton('legal')
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: /Export dossier/ }))
    await user.click(screen.getByLabelText(/Leave out parties' phone numbers/))
    await user.click(screen.getByRole('button', { name: 'Start export' }))
    expect(requests.find((request) => request.method === 'POST')?.body).toMatchObject({ omitPartyContacts: false })
  })

  it('shows no button to a community representative, on the case page too', async () => {
    await openButton('community_rep')
    expect(screen.queryByRole('button', { name: /Export dossier/ })).toBeNull()
    cleanup()

    const { privilegedNotes: _n, people: _p, parcels: _pa, incidents: _i, ...summary } = caseDetail()
    fakeApi((request) => {
      if (request.path === `/api/cases/${CASE_ID}`) return { body: summary }
      if (request.path === '/api/evidence') return { body: { items: [] } }
      if (request.path === '/api/client-config')
        return {
          body: clientConfigJson({ maxUploadBytes: 1024, hasDemoAccounts: true }),
        }
      return undefined
    })
    await renderPage(<CasePage />, { me: meOf('community_rep'), path: `/cases/${CASE_ID}`, route: '/cases/:id' })
    await screen.findByRole('heading', { name: 'Overview' })
    expect(screen.queryByRole('button', { name: /Export dossier/ })).toBeNull()
  })

  it('is on the case page for an advocate', async () => {
    const { privilegedNotes: _n, ...forAdvocate } = caseDetail()
    fakeApi((request) => {
      if (request.path === `/api/cases/${CASE_ID}`) return { body: forAdvocate }
      if (request.path.startsWith(`/api/cases/${CASE_ID}/`)) return { body: { items: [], nextCursor: null } }
      if (request.path === '/api/evidence') return { body: { items: [] } }
      if (request.path === '/api/client-config')
        return {
          body: clientConfigJson({ maxUploadBytes: 1024, hasDemoAccounts: true }),
        }
      return undefined
    })
    await renderPage(<CasePage />, { me: meOf('advocate'), path: `/cases/${CASE_ID}`, route: '/cases/:id' })
    expect(await screen.findByRole('button', { name: /Export dossier/ })).toBeTruthy()
  })

  it('speaks Khmer', async () => {
    exportApi([{ status: 'running', percent: 55 }])
    await openButton('legal', 'km')
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: /នាំចេញសំណុំរឿង/ }))
    const dialog = screen.getByRole('dialog', { name: 'នាំចេញសំណុំរឿងក្តី' })
    expect((within(dialog).getByLabelText('ខ្មែរ') as HTMLInputElement).checked).toBe(true)
    expect(within(dialog).getByLabelText(/បង្រួមភាពជាក់លាក់នៃទីតាំងផ្ទះ/)).toBeTruthy()
    expect(within(dialog).getByLabelText(/កំណត់ត្រាសម្ងាត់/)).toBeTruthy()
    expect((within(dialog).getByLabelText(/ដកលេខទូរស័ព្ទ អ៊ីមែល និងអាសយដ្ឋាន/) as HTMLInputElement).checked).toBe(true)
    await user.click(within(dialog).getByRole('button', { name: 'ចាប់ផ្តើមនាំចេញ' }))
    expect(await within(dialog).findByText('កំពុងរៀបចំសំណុំរឿង៖ 55%', {}, { timeout: 3000 })).toBeTruthy()
  }, 10_000)
})
