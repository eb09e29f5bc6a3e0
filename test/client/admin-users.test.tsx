// @vitest-environment happy-dom
// Admin → Users against a fake users API: validation with the shared schema, the temporary
// password shown once, only changed fields sent with their version, and a confirmation before
// an account is deactivated.
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { UsersPage } from '../../client/features/admin/users-page.tsx'
import { checkNewUser, emptyUserValues } from '../../client/features/admin/user-form.tsx'
import { initI18n } from '../helpers/i18n.ts'
import { fakeApi, meOf, problem, renderPage, type FakeRequest } from './admin-render.tsx'
import i18next from 'i18next'

const admin = meOf('admin', { id: '00000000-0000-4000-8000-0000000000aa', displayName: 'Admin Person' })
const communityA = {
  id: '10000000-0000-4000-8000-000000000001',
  name: 'Boeng Sala Land Community',
  nameKm: 'សហគមន៍ដីធ្លីបឹងសាលា',
  province: 'Battambang',
}
const communityB = {
  id: '10000000-0000-4000-8000-000000000002',
  name: 'Kaleng Indigenous Community',
  nameKm: null,
  province: 'Ratanak Kiri',
}

function userRow(overrides: Record<string, unknown>) {
  return {
    id: crypto.randomUUID(),
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 3,
    email: 'someone@example.org',
    username: null,
    displayName: 'Someone',
    role: 'legal',
    phone: null,
    communityIds: [],
    isActive: true,
    isDemo: false,
    mustChangePassword: false,
    lastLoginAt: null,
    lockedUntil: null,
    ...overrides,
  }
}

const self = userRow({
  id: admin.id,
  displayName: 'Admin Person',
  role: 'admin',
  email: 'admin@example.org',
  lastLoginAt: '2026-11-20T03:00:00.000Z',
})
const rep = userRow({
  displayName: 'Sok Dara',
  role: 'community_rep',
  email: 'dara@example.org',
  username: 'dara',
  communityIds: [communityA.id, communityB.id],
})

function usersApi(extra?: (request: FakeRequest) => { status?: number; body?: unknown } | undefined) {
  return fakeApi((request) => {
    const answer = extra?.(request)
    if (answer) return answer
    if (request.method === 'GET' && request.path === '/api/users') return { body: { items: [self, rep], nextCursor: null } }
    if (request.method === 'GET' && request.path === `/api/users/${rep.id}`) return { body: rep }
    if (request.path === '/api/communities') return { body: { items: [communityA, communityB], nextCursor: null } }
    return undefined
  })
}

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('new-user validation', () => {
  it('refuses what is not a phone number before sending anything', () => {
    initI18n('en')
    const checked = checkNewUser(
      { ...emptyUserValues, displayName: 'A', email: 'a@example.org', role: 'advocate', phone: 'call me' },
      i18next.t,
    )
    expect(checked.ok).toBe(false)
    expect(!checked.ok && checked.errors.phone).toBe('Enter a mobile number, like 012 345 678 or +855 12 345 678.')
  })

  it('finds the errors of an empty form with the shared schema, in the reader’s words', () => {
    initI18n('en')
    const result = checkNewUser({ ...emptyUserValues, role: 'community_rep' }, i18next.t)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors).toEqual({
      displayName: 'This field is required.',
      email: 'This field is required.',
      communityIds: 'Choose at least one community for a community representative.',
    })
  })

  it('explains a bad e-mail address and a username with spaces', () => {
    initI18n('en')
    const result = checkNewUser(
      { ...emptyUserValues, role: 'legal', displayName: 'A', email: 'not-an-address', username: 'two words' },
      i18next.t,
    )
    expect(result.ok ? {} : result.errors).toEqual({
      email: 'Enter a valid e-mail address.',
      username: 'Use only letters, digits, dots, dashes and underscores.',
    })
  })

  it('sends no communities for a role other than community representative', () => {
    initI18n('en')
    const result = checkNewUser(
      { ...emptyUserValues, role: 'legal', displayName: 'Lawyer', email: 'l@example.org', communityIds: [communityA.id] },
      i18next.t,
    )
    expect(result).toMatchObject({ ok: true, data: { role: 'legal', communityIds: [] } })
  })
})

describe('UsersPage', () => {
  it('lists each user with role, communities and last sign-in', async () => {
    usersApi()
    await renderPage(<UsersPage />, { me: admin, path: '/admin/users', route: '/admin/users' })
    const rows = await screen.findAllByTestId('user-row')
    expect(rows).toHaveLength(2)
    const dara = rows[1]!
    expect(within(dara).getByText('Community representative')).toBeTruthy()
    await waitFor(() => expect(within(dara).getByText('Boeng Sala Land Community, Kaleng Indigenous Community')).toBeTruthy())
    expect(within(dara).getByText('Never')).toBeTruthy()
    // One's own account cannot be deactivated or reset from here.
    expect(within(rows[0]!).queryByRole('button', { name: 'Deactivate' })).toBeNull()
    expect(within(rows[0]!).queryByRole('button', { name: 'Reset password' })).toBeNull()
  })

  it('creates a representative and shows the temporary password once', async () => {
    const created = userRow({
      displayName: 'Chenda',
      role: 'community_rep',
      email: 'chenda@example.org',
      communityIds: [communityB.id],
      mustChangePassword: true,
    })
    const { requests } = usersApi((request) =>
      request.method === 'POST' && request.path === '/api/users'
        ? { status: 201, body: { user: created, temporaryPassword: 'Tmp-Pass-1234' } }
        : undefined,
    )
    await renderPage(<UsersPage />, { me: admin, path: '/admin/users', route: '/admin/users' })
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: /New user/ }))
    await user.type(screen.getByLabelText(/^Name/), 'Chenda')
    await user.type(screen.getByLabelText(/^E-mail/), 'chenda@example.org')
    await user.click(await screen.findByRole('checkbox', { name: /Kaleng Indigenous Community/ }))
    await user.click(screen.getByRole('button', { name: 'Create the account' }))

    const notice = await screen.findByTestId('temporary-password')
    expect((within(notice).getByLabelText('Temporary password') as HTMLInputElement).value).toBe('Tmp-Pass-1234')
    expect(within(notice).getByText(/shown only this once/)).toBeTruthy()
    const post = requests.find((request) => request.method === 'POST')!
    expect(post.body).toEqual({ displayName: 'Chenda', email: 'chenda@example.org', role: 'community_rep', communityIds: [communityB.id] })

    await user.click(within(notice).getByRole('button', { name: 'I have noted the password' }))
    expect(screen.queryByTestId('temporary-password')).toBeNull()
    expect(screen.queryByText('Tmp-Pass-1234')).toBeNull()
  })

  it('shows the server’s duplicate refusal next to the e-mail field', async () => {
    usersApi((request) => (request.method === 'POST' ? problem(409, 'users.duplicate') : undefined))
    await renderPage(<UsersPage />, { me: admin, path: '/admin/users?new=1', route: '/admin/users' })
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText(/^Name/), 'Twin')
    await user.type(screen.getByLabelText(/^E-mail/), 'dara@example.org')
    await user.selectOptions(screen.getByLabelText(/^Role/), 'advocate')
    await user.click(screen.getByRole('button', { name: 'Create the account' }))
    const email = screen.getByLabelText(/^E-mail/)
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'))
    const errorId = email
      .getAttribute('aria-describedby')!
      .split(' ')
      .find((id) => id.endsWith('-error'))!
    expect(document.getElementById(errorId)!.textContent).toBe('An account with this e-mail or username already exists.')
  })

  it('sends only the changed fields with the version they were based on', async () => {
    const { requests } = usersApi((request) =>
      request.method === 'PATCH' ? { body: { ...rep, role: 'advocate', communityIds: [], version: 4 } } : undefined,
    )
    await renderPage(<UsersPage />, { me: admin, path: `/admin/users?edit=${rep.id}`, route: '/admin/users' })
    const user = userEvent.setup()
    await user.selectOptions(await screen.findByLabelText(/^Role/), 'advocate')
    await user.click(screen.getByRole('button', { name: 'Save changes' }))
    await screen.findByText('The changes to Sok Dara were saved.')
    const patch = requests.find((request) => request.method === 'PATCH')!
    expect(patch.path).toBe(`/api/users/${rep.id}`)
    expect(patch.body).toEqual({ role: 'advocate', communityIds: [], version: 3 })
  })

  it('sends a representative’s mobile number, and shows the server’s refusal of another account’s number next to it', async () => {
    const { requests } = usersApi((request) => (request.method === 'PATCH' ? problem(409, 'users.duplicate_phone') : undefined))
    await renderPage(<UsersPage />, { me: admin, path: `/admin/users?edit=${rep.id}`, route: '/admin/users' })
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText(/^Mobile phone/), '012 345 678')
    await user.click(screen.getByRole('button', { name: 'Save changes' }))
    const phone = screen.getByLabelText(/^Mobile phone/)
    await waitFor(() => expect(phone.getAttribute('aria-invalid')).toBe('true'))
    expect(requests.find((request) => request.method === 'PATCH')!.body).toEqual({ phone: '012 345 678', version: 3 })
    const errorId = phone
      .getAttribute('aria-describedby')!
      .split(' ')
      .find((id) => id.endsWith('-error'))!
    expect(document.getElementById(errorId)!.textContent).toBe('Another account already has this phone number.')
  })

  it('asks before deactivating, and deactivates only after the confirmation', async () => {
    const { requests } = usersApi((request) => (request.method === 'PATCH' ? { body: { ...rep, isActive: false, version: 4 } } : undefined))
    await renderPage(<UsersPage />, { me: admin, path: '/admin/users', route: '/admin/users' })
    const user = userEvent.setup()
    const rows = await screen.findAllByTestId('user-row')
    await user.click(within(rows[1]!).getByRole('button', { name: 'Deactivate' }))
    const dialog = await screen.findByRole('dialog')
    expect(within(dialog).getByRole('heading', { name: 'Deactivate the account of Sok Dara?' })).toBeTruthy()
    expect(requests.some((request) => request.method === 'PATCH')).toBe(false)

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(requests.some((request) => request.method === 'PATCH')).toBe(false)

    await user.click(within(rows[1]!).getByRole('button', { name: 'Deactivate' }))
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Deactivate' }))
    await screen.findByText('The account of Sok Dara was deactivated. They were signed out.')
    expect(requests.find((request) => request.method === 'PATCH')!.body).toEqual({ isActive: false, version: 3 })
  })

  it('resets a password after a confirmation and shows the new temporary password', async () => {
    usersApi((request) =>
      request.method === 'POST' && request.path === `/api/users/${rep.id}/reset-password`
        ? { body: { user: { ...rep, mustChangePassword: true }, temporaryPassword: 'New-Temp-987' } }
        : undefined,
    )
    await renderPage(<UsersPage />, { me: admin, path: '/admin/users', route: '/admin/users' })
    const user = userEvent.setup()
    const rows = await screen.findAllByTestId('user-row')
    await user.click(within(rows[1]!).getByRole('button', { name: 'Reset password' }))
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Reset the password' }))
    const notice = await screen.findByTestId('temporary-password')
    expect((within(notice).getByLabelText('Temporary password') as HTMLInputElement).value).toBe('New-Temp-987')
  })
})
