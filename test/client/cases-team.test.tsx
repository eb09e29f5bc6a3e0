// @vitest-environment happy-dom
// The case team on the case page (changed by legal staff, read by advocates, absent for
// representatives), the "Mine" toggle of the case list, and the conflict check shown before a
// person is added to a case.
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CaseListPage } from '../../client/features/cases/case-list-page.tsx'
import { CasePage } from '../../client/features/cases/case-page.tsx'
import { fakeApi, meOf, renderPage, type FakeRequest } from './admin-render.tsx'
import { CASE_ID, caseDetail } from './cases-fixtures.ts'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const LEAD = { userId: '88888888-8888-4888-8888-888888888888', displayName: 'Mao Dalin', role: 'lead' }
const MEMBER = { userId: '99999999-9999-4999-8999-999999999999', displayName: 'Heng Sothea', role: 'member' }
const OTHER_ID = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
const teamCase = (overrides: Record<string, unknown> = {}) => caseDetail({ team: [LEAD, MEMBER], formerLeadLawyerName: null, ...overrides })

function api(detail: Record<string, unknown>, onRequest?: (request: FakeRequest) => { status?: number; body?: unknown } | undefined) {
  return fakeApi((request) => {
    const answer = onRequest?.(request)
    if (answer) return answer
    if (request.path === `/api/cases/${CASE_ID}` && request.method === 'GET') return { body: detail }
    if (request.path === '/api/cases/staff')
      return {
        body: {
          items: [
            { id: LEAD.userId, displayName: LEAD.displayName },
            { id: MEMBER.userId, displayName: MEMBER.displayName },
            { id: OTHER_ID, displayName: 'Lim Chanthou' },
          ],
        },
      }
    if (request.path.endsWith('/events') || request.path.endsWith('/tasks')) return { body: { items: [], nextCursor: null } }
    if (request.path.endsWith('/timeline')) return { body: { items: [] } }
    if (request.path === '/api/evidence') return { body: { items: [] } }
    return undefined
  })
}

const openCase = (role: 'legal' | 'advocate' | 'community_rep') =>
  renderPage(<CasePage />, { me: meOf(role), path: `/cases/${CASE_ID}`, route: '/cases/:id' })

describe('the case team', () => {
  it('shows legal staff the lead and members, and makes a chosen account the lead', async () => {
    const { requests } = api(teamCase(), (request) =>
      request.method === 'PUT' && request.path === `/api/cases/${CASE_ID}/team/lead` ? { body: teamCase() } : undefined,
    )
    await openCase('legal')
    const section = (await screen.findByRole('heading', { name: 'Case team' })).closest('section')!
    expect(within(section).getByText('Mao Dalin')).toBeTruthy()
    expect(within(section).getByText('Heng Sothea')).toBeTruthy()
    const select = await within(section).findByRole('combobox', { name: 'Lawyer' })
    await waitFor(() => expect(within(select).getByRole('option', { name: 'Lim Chanthou' })).toBeTruthy())
    await userEvent.selectOptions(select, OTHER_ID)
    const buttons = within(section).getAllByRole('button', { name: 'Make lead' })
    await userEvent.click(buttons.at(-1)!)
    await waitFor(() => expect(requests.some((r) => r.method === 'PUT' && r.path.endsWith('/team/lead'))).toBe(true))
    expect(requests.find((r) => r.method === 'PUT')!.body).toEqual({ userId: OTHER_ID })
  })

  it('shows the former free-text lead lawyer only when there is one', async () => {
    api(teamCase({ team: [], lead: null, formerLeadLawyerName: 'Keo Ratha (old entry)' }))
    await openCase('legal')
    expect(await screen.findByText(/Keo Ratha \(old entry\)/)).toBeTruthy()
    expect(screen.getByText('Nobody is assigned to this case yet.')).toBeTruthy()
  })

  it('lets an advocate read the team without any control to change it', async () => {
    const { privilegedNotes: _hidden, ...forAdvocate } = teamCase()
    api(forAdvocate)
    await openCase('advocate')
    const section = (await screen.findByRole('heading', { name: 'Case team' })).closest('section')!
    expect(within(section).getByText('Heng Sothea')).toBeTruthy()
    expect(within(section).queryByRole('combobox')).toBeNull()
    expect(within(section).queryByRole('button')).toBeNull()
  })

  it('has no team section for a representative (the summary has no team)', async () => {
    const { privilegedNotes: _n, people: _p, parcels: _pa, incidents: _i, ...summary } = caseDetail()
    api(summary)
    await openCase('community_rep')
    await screen.findByRole('heading', { name: /Kaleng/ })
    expect(screen.queryByRole('heading', { name: 'Case team' })).toBeNull()
    expect(screen.getByText('Mao Dalin')).toBeTruthy()
  })
})

describe('the conflict check', () => {
  it('lists the other cases naming a new person while their name is typed, or says there are none', async () => {
    const { requests } = api(teamCase(), (request) => {
      if (!request.path.endsWith('/conflicts')) return undefined
      const name = request.query.get('name') ?? ''
      if (name !== 'អ៊ុក ម្លិះ') return { body: { items: [] } }
      return {
        body: {
          items: [
            {
              caseId: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
              caseReference: 'CASE-2025-0007',
              caseTitle: 'Eviction of Phum Thmei',
              personId: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc',
              fullName: 'Ouk Mlis',
              fullNameKm: 'អ៊ុក ម្លិះ',
              similarity: 1,
              role: 'defendant',
              source: 'party',
              isSamePerson: false,
            },
          ],
        },
      }
    })
    await openCase('legal')
    await userEvent.click(await screen.findByRole('button', { name: /Add a party/ }))
    await userEvent.click(screen.getByRole('radio', { name: /new/i }))
    const khmer = screen.getByRole('textbox', { name: /Khmer/ })
    await userEvent.type(khmer, 'សុខ')
    expect(await screen.findByText('No other case names this person.')).toBeTruthy()
    await userEvent.clear(khmer)
    await userEvent.type(khmer, 'អ៊ុក ម្លិះ')
    const item = (await screen.findByText('CASE-2025-0007')).closest('li')!
    expect(item.textContent).toContain('Defendant')
    expect(item.textContent).toContain('Eviction of Phum Thmei')
    expect(requests.some((r) => r.path === `/api/cases/${CASE_ID}/conflicts` && r.query.get('name') === 'អ៊ុក ម្លិះ')).toBe(true)
  })
})

describe('the "Mine" toggle', () => {
  it('asks the case list for mine=true when ticked (for legal staff), and is absent for an advocate', async () => {
    const { requests } = fakeApi((request) => {
      if (request.path === '/api/cases') return { body: { items: [], nextCursor: null } }
      if (request.path === '/api/communities') return { body: { items: [], nextCursor: null } }
      return undefined
    })
    await renderPage(<CaseListPage />, { me: meOf('legal'), path: '/cases', route: '/cases' })
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Only my cases' }))
    await waitFor(() => expect(requests.some((r) => r.path === '/api/cases' && r.query.get('mine') === 'true')).toBe(true))
    cleanup()
    await renderPage(<CaseListPage />, { me: meOf('advocate'), path: '/cases', route: '/cases' })
    await screen.findByRole('heading', { name: 'Legal cases' })
    expect(screen.queryByRole('checkbox', { name: 'Only my cases' })).toBeNull()
  })
})
