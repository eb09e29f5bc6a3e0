// @vitest-environment happy-dom
// The triage queue: only the decisions the status allows, a dismissal needs a reason, and
// "open a legal case" goes to the new case in one step.
import { cleanup, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { clientConfigJson } from './api-answers.ts'
import { TriagePage } from '../../client/features/triage/triage-page.tsx'
import { triageActions } from '../../client/features/triage/triage-item.tsx'
import { fakeApi, meOf, renderPage } from './admin-render.tsx'
import { CASE_ID, caseDetail, incident, INCIDENT_ID } from './cases-fixtures.ts'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('triageActions', () => {
  it('offers verify, open a case and dismiss for a new report, and only "back to the queue" for a dismissed one', () => {
    expect(triageActions('reported')).toEqual(['verify', 'openCase', 'dismiss'])
    expect(triageActions('dismissed')).toEqual(['reopen'])
    expect(triageActions('resolved')).toEqual([])
  })
})

describe('TriagePage', () => {
  function api(
    onPost?: (path: string, body: unknown) => { status?: number; body?: unknown } | undefined,
    listed: ReturnType<typeof incident> = incident(),
  ) {
    return fakeApi((request) => {
      if (request.method === 'POST') return onPost?.(request.path, request.body)
      if (request.path === '/api/incidents') return { body: { items: [listed], nextCursor: null } }
      if (request.path === '/api/evidence') return { body: { items: [] } }
      if (request.path === '/api/client-config')
        return {
          body: clientConfigJson({ maxUploadBytes: 1024, hasDemoAccounts: true }),
        }
      return undefined
    })
  }
  const open = () => renderPage(<TriagePage />, { me: meOf('legal'), path: '/triage', route: '/triage' })

  it('asks the API for new reports, newest first', async () => {
    const { requests } = api()
    await open()
    expect(await screen.findAllByTestId('triage-item')).toHaveLength(1)
    const list = requests.find((request) => request.path === '/api/incidents')!
    expect(list.query.get('status')).toBe('reported')
    expect(list.query.get('sort')).toBe('-createdAt')
  })

  it('names who reported it: the account that filed a report from the app, beside any source staff typed', async () => {
    api(undefined, incident({ reportedBy: null, reportedByUserId: '00000000-0000-4000-8000-0000000000a1', reportedByName: 'Sokha Chan' }))
    await open()
    const item = await screen.findByTestId('triage-item')
    expect(item.textContent).toContain('Sokha Chan')
    cleanup()
    api(
      undefined,
      incident({
        reportedBy: 'Community leader by phone',
        reportedByUserId: '00000000-0000-4000-8000-0000000000a1',
        reportedByName: 'Sokha Chan',
      }),
    )
    await open()
    expect((await screen.findByTestId('triage-item')).textContent).toContain('Community leader by phone · filed by Sokha Chan')
  })

  it('flags in words what looks wrong about a report: far from its community, photos from elsewhere or long before', async () => {
    const warnings = [
      { code: 'far_from_community', distanceKm: 434.2 },
      { code: 'photo_far', distanceKm: 9321.7 },
      { code: 'photo_old', days: 6603 },
    ]
    api(undefined, incident({ warnings }))
    await open()
    const flags = await screen.findByTestId('triage-warnings')
    expect([...flags.querySelectorAll('li')].map((item) => item.textContent)).toEqual([
      'Reported 434 km from the community’s land.',
      'A photo was taken 9,322 km from the reported place (camera GPS).',
      'A photo was taken 6,603 days before the reported date (camera clock).',
    ])
    cleanup()
    api(undefined, incident({ warnings }))
    await renderPage(<TriagePage />, { me: meOf('legal'), path: '/triage', route: '/triage', language: 'km' })
    expect((await screen.findByTestId('triage-warnings')).textContent).toContain('បានរាយការណ៍ពីទីតាំងឆ្ងាយ 434 គ.ម. ពីដីរបស់សហគមន៍។')
  })

  it('will not dismiss without a reason, then dismisses with it and the version', async () => {
    const { requests } = api(() => ({ body: incident({ status: 'dismissed', dismissalReason: 'Duplicate report', version: 4 }) }))
    await open()
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: /Dismiss$/ }))
    await user.click(screen.getByRole('button', { name: 'Dismiss the report' }))
    expect(screen.getByText('This field is required.')).toBeTruthy()
    expect(requests.some((request) => request.method === 'POST')).toBe(false)
    await user.type(screen.getByLabelText(/Why is this report dismissed/), 'Duplicate report')
    await user.click(screen.getByRole('button', { name: 'Dismiss the report' }))
    await screen.findByText(/Dismissed: ការទន្ទ្រាន|Dismissed: Encroachment/)
    const post = requests.find((request) => request.method === 'POST')!
    expect(post.path).toBe(`/api/incidents/${INCIDENT_ID}/status`)
    expect(post.body).toEqual({ status: 'dismissed', reason: 'Duplicate report', version: 3 })
  })

  it('opens a legal case from the report and goes to it', async () => {
    const { requests } = api((path) => (path.endsWith('/case') ? { status: 201, body: caseDetail() } : undefined))
    await open()
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: /Open a legal case/ }))
    await user.click(screen.getByRole('button', { name: 'Open the case' }))
    expect(screen.getByText('This field is required.')).toBeTruthy()
    await user.selectOptions(screen.getByLabelText(/Kind of case/), 'cadastral_commission')
    await user.click(screen.getByRole('button', { name: 'Open the case' }))
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe(`/cases/${CASE_ID}`))
    const post = requests.find((request) => request.method === 'POST')!
    expect(post.path).toBe(`/api/incidents/${INCIDENT_ID}/case`)
    // The report's own title is left to the server, which then also keeps its Khmer title.
    expect(post.body).toEqual({ kind: 'cadastral_commission' })
  })
})
