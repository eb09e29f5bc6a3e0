// @vitest-environment happy-dom
// The case list: stage tabs counted from the same filters, the stage filter sent to the API,
// "New case" only for roles that write cases.
import { cleanup, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CaseListPage } from '../../client/features/cases/case-list-page.tsx'
import { fakeApi, meOf, renderPage } from './admin-render.tsx'
import { caseDetail } from './cases-fixtures.ts'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const summary = (id: string, stage: string, reference: string) => {
  const { privilegedNotes: _n, stageHistory: _s, parcels: _p, incidents: _i, people: _pe, ...row } = caseDetail({ id, stage, reference })
  return row
}
const rows = [
  summary('a1111111-1111-4111-8111-111111111111', 'hearing', 'CASE-2026-0001'),
  summary('b1111111-1111-4111-8111-111111111111', 'hearing', 'CASE-2026-0002'),
  summary('c1111111-1111-4111-8111-111111111111', 'intake', 'CASE-2026-0003'),
]

function api() {
  return fakeApi((request) => {
    if (request.path === '/api/cases') {
      const stage = request.query.get('stage')
      return { body: { items: stage ? rows.filter((row) => row.stage === stage) : rows, nextCursor: null } }
    }
    if (request.path === '/api/communities') return { body: { items: [], nextCursor: null } }
    return undefined
  })
}

describe('CaseListPage', () => {
  it('counts the cases of each stage and filters by a stage tab', async () => {
    const { requests } = api()
    await renderPage(<CaseListPage />, { me: meOf('legal'), path: '/cases', route: '/cases' })
    const hearingTab = await screen.findByRole('button', { name: /Hearing\s*2/ })
    expect(screen.getByRole('button', { name: /Intake\s*1/ })).toBeTruthy()
    expect(screen.getByRole('button', { name: /All stages\s*3/ })).toBeTruthy()
    await userEvent.setup().click(hearingTab)
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/cases?stage=hearing'))
    await waitFor(() => expect(screen.queryByText('CASE-2026-0003')).toBeNull())
    expect(
      requests.some(
        (request) => request.path === '/api/cases' && request.query.get('stage') === 'hearing' && request.query.get('sort') === '-openedOn',
      ),
    ).toBe(true)
    expect(screen.getByRole('link', { name: /New case/ })).toBeTruthy()
  })

  it('offers no "New case" to an advocate', async () => {
    api()
    await renderPage(<CaseListPage />, { me: meOf('advocate'), path: '/cases', route: '/cases' })
    await screen.findByText('CASE-2026-0001')
    expect(screen.queryByRole('link', { name: /New case/ })).toBeNull()
  })
})
