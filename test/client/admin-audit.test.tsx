// @vitest-environment happy-dom
// The audit log: how entries read (actor, record link, before → after, masked values), the
// filters sent to the API, and the chain check for administrators only.
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AuditPage } from '../../client/features/admin/audit-page.tsx'
import { actorOf, changesOf, displayValueOf, entityLinkOf } from '../../client/features/admin/audit-format.ts'
import { fakeApi, meOf, renderPage, type FakeRequest } from './admin-render.tsx'

const lawyerId = '20000000-0000-4000-8000-000000000001'
const incidentId = '30000000-0000-4000-8000-000000000001'
const caseId = '40000000-0000-4000-8000-000000000001'

function entry(id: number, overrides: Record<string, unknown>) {
  return {
    id,
    at: '2026-11-20T03:15:00.000Z',
    actorId: lawyerId,
    actorLabel: 'legal:Demo Lawyer',
    action: 'update',
    entity: 'incidents',
    entityId: incidentId,
    changes: null,
    requestId: 'req-1',
    ip: '10.0.0.5',
    hash: 'f'.repeat(64),
    ...overrides,
  }
}

const entries = [
  entry(12, {
    changes: { before: { status: 'reported', updated_at: 'x', version: 1 }, after: { status: 'verified', updated_at: 'y', version: 2 } },
  }),
  entry(11, {
    entity: 'communities',
    entityId: '50000000-0000-4000-8000-000000000001',
    changes: { before: { leader_phone: '[masked]' }, after: { leader_phone: '[masked]' } },
  }),
  entry(10, {
    action: 'create',
    entity: 'case_events',
    entityId: '60000000-0000-4000-8000-000000000001',
    changes: { after: { id: 'e', case_id: caseId, kind: 'hearing', title: 'First hearing', notes: null } },
  }),
  entry(9, { action: 'login_failed', entity: 'users', entityId: null, actorId: null, actorLabel: 'system', changes: { login: 'someone' } }),
]

const NO_CHECKPOINTS = { verified: 0, untrusted: 0, latest: null }
function auditApi(
  verify: Record<string, unknown> = {
    isIntact: true,
    checked: 512,
    firstBrokenId: null,
    reason: null,
    problem: null,
    checkpoints: NO_CHECKPOINTS,
  },
) {
  return fakeApi((request: FakeRequest) => {
    if (request.path === '/api/audit') return { body: { items: entries, nextCursor: '9' } }
    if (request.path === '/api/audit/verify') return { body: verify }
    if (request.path === '/api/users') return { body: { items: [], nextCursor: null } }
    return undefined
  })
}

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('reading an entry', () => {
  it('splits the actor label into name and role', () => {
    expect(actorOf('legal:Demo Lawyer')).toEqual({ name: 'Demo Lawyer', role: 'legal' })
    expect(actorOf('demo data loader')).toEqual({ name: 'demo data loader', role: undefined })
  })

  it('lists an update as before → after without the bookkeeping columns', () => {
    expect(changesOf(entries[0]!)).toEqual({
      kind: 'diff',
      fields: [{ field: 'status', before: 'reported', after: 'verified', isChange: true }],
    })
  })

  it('lists a created row without its empty fields', () => {
    const fields = changesOf(entries[2]!).fields.map((change) => change.field)
    expect(fields).toEqual(['case_id', 'kind', 'title'])
  })

  it('links a record to its page, a case event to its case, and a deleted record nowhere', () => {
    expect(entityLinkOf(entries[0]!)).toEqual({ to: `/incidents/${incidentId}`, permission: 'incidents.read' })
    expect(entityLinkOf(entries[2]!)).toEqual({ to: `/cases/${caseId}`, permission: 'cases.read' })
    expect(entityLinkOf({ ...entries[0]!, action: 'delete' })).toBeUndefined()
    expect(entityLinkOf({ ...entries[0]!, entity: 'route', entityId: 'GET /api/users' })).toBeUndefined()
  })

  it('recognises masked values, vocabulary values and shapes', () => {
    expect(displayValueOf('communities', 'leader_phone', '[masked]')).toEqual({ kind: 'masked' })
    expect(displayValueOf('incidents', 'kind', 'demolition')).toEqual({ kind: 'vocab', vocabulary: 'incidentKind', value: 'demolition' })
    expect(displayValueOf('legal_cases', 'kind', 'naldr')).toEqual({ kind: 'vocab', vocabulary: 'caseKind', value: 'naldr' })
    expect(displayValueOf('parcels', 'boundary', { type: 'Polygon', coordinates: [] })).toEqual({ kind: 'shape', type: 'Polygon' })
  })
})

describe('AuditPage', () => {
  it('shows who changed what, with localized values and masked ones as hidden', async () => {
    auditApi()
    await renderPage(<AuditPage />, { me: meOf('legal'), path: '/admin/audit', route: '/admin/audit' })
    const rows = await screen.findAllByTestId('audit-row')
    expect(rows).toHaveLength(4)

    const update = rows[0]!
    expect(within(update).getByText('Changed')).toBeTruthy()
    expect(within(update).getByRole('link', { name: 'Incident' }).getAttribute('href')).toBe(`/incidents/${incidentId}`)
    expect(within(update).getByText('Reported')).toBeTruthy()
    expect(within(update).getByText('Verified')).toBeTruthy()
    expect(within(update).getByText('Legal staff')).toBeTruthy()

    expect(within(rows[1]!).getAllByText(/hidden/)).toHaveLength(2)
    expect(within(rows[1]!).queryByText('[masked]')).toBeNull()
    expect(within(rows[2]!).getByRole('link', { name: 'Case event' }).getAttribute('href')).toBe(`/cases/${caseId}`)
    expect(within(rows[3]!).getByText('Failed sign-in')).toBeTruthy()
    expect(within(rows[3]!).getByText('System')).toBeTruthy()
  })

  it('does not offer the chain check to legal staff', async () => {
    auditApi()
    await renderPage(<AuditPage />, { me: meOf('legal'), path: '/admin/audit', route: '/admin/audit' })
    await screen.findAllByTestId('audit-row')
    expect(screen.queryByRole('button', { name: 'Verify the chain' })).toBeNull()
    // Nor the list of accounts, which only administrators may read.
    expect(screen.queryByLabelText('Person')).toBeNull()
  })

  it('sends the filters to the API, dates as whole days in Cambodia', async () => {
    const { requests } = auditApi()
    await renderPage(<AuditPage />, { me: meOf('legal'), path: '/admin/audit', route: '/admin/audit' })
    await screen.findAllByTestId('audit-row')
    const user = userEvent.setup()
    await user.selectOptions(screen.getByLabelText('Record type'), 'incidents')
    await user.selectOptions(screen.getByLabelText('Action'), 'update')
    await user.type(screen.getByLabelText('From'), '2026-11-01')
    await user.type(screen.getByLabelText('To'), '2026-11-30')
    await waitFor(() => {
      const last = requests.filter((request) => request.path === '/api/audit').at(-1)!
      expect(Object.fromEntries(last.query)).toEqual({
        limit: '50',
        entity: 'incidents',
        action: 'update',
        from: '2026-11-01T00:00:00+07:00',
        to: '2026-11-30T23:59:59.999+07:00',
      })
    })
  })

  it('filters by a person when their name is clicked, and pages with the last id seen', async () => {
    const { requests } = auditApi()
    await renderPage(<AuditPage />, { me: meOf('legal'), path: '/admin/audit', route: '/admin/audit' })
    const rows = await screen.findAllByTestId('audit-row')
    const user = userEvent.setup()
    await user.click(within(rows[0]!).getByRole('button', { name: 'Demo Lawyer' }))
    await screen.findByText('Only the actions of Demo Lawyer')
    await waitFor(() => expect(requests.at(-1)!.query.get('actor')).toBe(lawyerId))
    await user.click(screen.getByRole('button', { name: /Next page/ }))
    await waitFor(() => expect(requests.at(-1)!.query.get('before')).toBe('9'))
    expect(requests.at(-1)!.query.get('actor')).toBe(lawyerId)
  })

  it('tells an administrator that the chain is intact', async () => {
    auditApi()
    await renderPage(<AuditPage />, { me: meOf('admin'), path: '/admin/audit', route: '/admin/audit' })
    await screen.findAllByTestId('audit-row')
    await userEvent.setup().click(screen.getByRole('button', { name: 'Verify the chain' }))
    const result = await screen.findByTestId('audit-verify-result')
    expect(result.textContent).toContain('The chain is intact: 512 entries checked.')
    expect(result.textContent).toContain('No signed checkpoint yet')
  })

  it('says which signed checkpoint the chain matches, and when the newest entries were deleted', async () => {
    auditApi({
      isIntact: true,
      checked: 512,
      firstBrokenId: null,
      reason: null,
      problem: null,
      checkpoints: { verified: 3, untrusted: 0, latest: { headId: 510, count: 510, at: '2026-12-01T03:00:00.000Z' } },
    })
    await renderPage(<AuditPage />, { me: meOf('admin'), path: '/admin/audit', route: '/admin/audit' })
    await screen.findAllByTestId('audit-row')
    await userEvent.setup().click(screen.getByRole('button', { name: 'Verify the chain' }))
    expect((await screen.findByTestId('audit-verify-result')).textContent).toContain('It matches 3 signed checkpoint(s)')
  })

  it('shows where the chain is broken and opens the list at that entry', async () => {
    const { requests } = auditApi({
      isIntact: false,
      checked: 9,
      firstBrokenId: 10,
      reason: 'its content does not match its hash (the entry was altered)',
      problem: 'content',
      checkpoints: NO_CHECKPOINTS,
    })
    await renderPage(<AuditPage />, { me: meOf('admin'), path: '/admin/audit', route: '/admin/audit' })
    await screen.findAllByTestId('audit-row')
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Verify the chain' }))
    const result = await screen.findByTestId('audit-verify-result')
    expect(result.textContent).toContain('The chain is broken at entry #10.')
    expect(result.textContent).toContain('it was altered after it was written')
    await user.click(within(result).getByRole('button', { name: 'Show entry #10' }))
    await waitFor(() =>
      expect(
        requests
          .filter((request) => request.path === '/api/audit')
          .at(-1)!
          .query.get('before'),
      ).toBe('11'),
    )
    expect(screen.getAllByTestId('audit-row').find((row) => row.id === 'audit-10')!.className).toContain('is-broken')
  })
})

describe("a change of a user's communities", () => {
  const repId = '70000000-0000-4000-8000-000000000001'
  const membershipEntry = entry(20, {
    action: 'communities_changed',
    entity: 'users',
    entityId: repId,
    changes: {
      added: [{ id: '80000000-0000-4000-8000-000000000001', name: 'Srae Ambel', nameKm: 'ស្រែអំបិល' }],
      removed: [{ id: '80000000-0000-4000-8000-000000000002', name: 'Ou Ampil', nameKm: null }],
    },
  })
  const membershipApi = () =>
    fakeApi((request: FakeRequest) => {
      if (request.path === '/api/audit') return { body: { items: [membershipEntry], nextCursor: null } }
      if (request.path === '/api/users') return { body: { items: [], nextCursor: null } }
      return undefined
    })

  it('reads as the communities added and removed, by name', async () => {
    membershipApi()
    await renderPage(<AuditPage />, { me: meOf('admin'), path: '/admin/audit', route: '/admin/audit' })
    const [row] = await screen.findAllByTestId('audit-row')
    expect(within(row!).getByText('Communities changed')).toBeTruthy()
    expect(within(row!).getByText('Communities added: Srae Ambel; removed: Ou Ampil')).toBeTruthy()
    expect(within(row!).getByRole('link', { name: 'User account' }).getAttribute('href')).toBe(`/admin/users?edit=${repId}`)
  })

  it('reads in Khmer with the Khmer names where they were recorded', async () => {
    membershipApi()
    await renderPage(<AuditPage />, { me: meOf('admin'), path: '/admin/audit', route: '/admin/audit', language: 'km' })
    const [row] = await screen.findAllByTestId('audit-row')
    expect(within(row!).getByText('បានផ្លាស់ប្ដូរសហគមន៍')).toBeTruthy()
    expect(within(row!).getByText('សហគមន៍ដែលបានបន្ថែម៖ ស្រែអំបិល; ដែលបានដកចេញ៖ Ou Ampil')).toBeTruthy()
  })
})
