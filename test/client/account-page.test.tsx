// @vitest-environment happy-dom
// My account: the password change form (shared schema, repeat field, the server's "wrong current
// password" next to its field) and the temporary-password flow that ends on the map.
import { cleanup, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import i18next from 'i18next'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AccountPage, checkPasswordChange } from '../../client/features/auth/account-page.tsx'
import { initI18n } from '../helpers/i18n.ts'
import { fakeApi, meOf, problem, renderPage, type FakeRequest } from './admin-render.tsx'

const communityId = '10000000-0000-4000-8000-000000000001'

function accountApi(
  onPassword: (request: FakeRequest) => { status?: number; body?: unknown },
  me = meOf('community_rep', { communityIds: [communityId] }),
) {
  return fakeApi((request) => {
    if (request.path === '/api/auth/password') return onPassword(request)
    if (request.path === '/api/auth/me') return { body: { ...me, mustChangePassword: false } }
    if (request.path === `/api/communities/${communityId}`)
      return { body: { id: communityId, name: 'Boeng Sala Land Community', nameKm: 'សហគមន៍ដីធ្លីបឹងសាលា', province: 'Battambang' } }
    return undefined
  })
}

/** The error message tied to an input by aria-describedby. */
function errorOf(input: HTMLElement): string | undefined {
  const id = input
    .getAttribute('aria-describedby')
    ?.split(' ')
    .find((part) => part.endsWith('-error'))
  return id ? (document.getElementById(id)?.textContent ?? undefined) : undefined
}

async function fill(current: string, next: string, repeat: string) {
  const user = userEvent.setup()
  if (current) await user.type(screen.getByLabelText(/Current password/), current)
  if (next) await user.type(screen.getByLabelText(/^New password/), next)
  if (repeat) await user.type(screen.getByLabelText(/Repeat the new password/), repeat)
  await user.click(screen.getByRole('button', { name: 'Change password' }))
}

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('checkPasswordChange', () => {
  it('needs the current password, ten characters, and the same new password twice', () => {
    initI18n('en')
    const result = checkPasswordChange({ currentPassword: '', newPassword: 'short', repeatPassword: 'shorter' }, i18next.t)
    expect(result.ok ? {} : result.errors).toEqual({
      currentPassword: 'This field is required.',
      newPassword: 'Must be at least 10 characters.',
      repeatPassword: 'The two new passwords are not the same.',
    })
  })

  it('refuses a new password that is the current one', () => {
    initI18n('en')
    const result = checkPasswordChange(
      { currentPassword: 'same-password-1', newPassword: 'same-password-1', repeatPassword: 'same-password-1' },
      i18next.t,
    )
    expect(result.ok ? {} : result.errors).toEqual({ newPassword: 'The new password must be different from the current one.' })
  })

  it('passes the body of the shared schema, without the repeat field', () => {
    initI18n('en')
    expect(
      checkPasswordChange({ currentPassword: 'old', newPassword: 'a-new-password', repeatPassword: 'a-new-password' }, i18next.t),
    ).toEqual({
      ok: true,
      data: { currentPassword: 'old', newPassword: 'a-new-password' },
    })
  })
})

describe('AccountPage', () => {
  it('shows my name, role and communities', async () => {
    accountApi(() => ({ status: 204 }))
    await renderPage(<AccountPage />, {
      me: meOf('community_rep', { displayName: 'Sok Dara', communityIds: [communityId] }),
      path: '/account',
      route: '/account',
    })
    expect(screen.getByText('Sok Dara')).toBeTruthy()
    expect(screen.getByText('Community representative')).toBeTruthy()
    expect(await screen.findByText('Boeng Sala Land Community · Battambang')).toBeTruthy()
  })

  it('says in Khmer when the two new passwords differ, and sends nothing', async () => {
    const { requests } = accountApi(() => ({ status: 204 }))
    await renderPage(<AccountPage />, { me: meOf('advocate'), path: '/account', route: '/account', language: 'km' })
    const user = userEvent.setup()
    await user.type(screen.getByLabelText(/ពាក្យសម្ងាត់បច្ចុប្បន្ន/), 'old-password')
    await user.type(screen.getByLabelText(/^ពាក្យសម្ងាត់ថ្មី/), 'new-password-1')
    await user.type(screen.getByLabelText(/វាយពាក្យសម្ងាត់ថ្មីម្ដងទៀត/), 'new-password-2')
    await user.click(screen.getByRole('button', { name: 'ប្ដូរពាក្យសម្ងាត់' }))
    expect(errorOf(screen.getByLabelText(/វាយពាក្យសម្ងាត់ថ្មីម្ដងទៀត/))).toBe('ពាក្យសម្ងាត់ថ្មីទាំងពីរមិនដូចគ្នាទេ។')
    expect(requests.some((request) => request.path === '/api/auth/password')).toBe(false)
  })

  it('shows a wrong current password next to that field', async () => {
    accountApi(() =>
      problem(422, 'auth.wrong_password', 'body.currentPassword: is not your current password', [
        { field: 'body.currentPassword', message: 'is not your current password' },
      ]),
    )
    await renderPage(<AccountPage />, { me: meOf('advocate'), path: '/account', route: '/account' })
    await fill('not-it', 'a-new-password', 'a-new-password')
    await waitFor(() => expect(errorOf(screen.getByLabelText(/Current password/))).toBe('The current password is wrong.'))
    expect(errorOf(screen.getByLabelText(/^New password/))).toBeUndefined()
  })

  it('changes the password and stays on the page, saying other sessions were signed out', async () => {
    const { requests } = accountApi(() => ({ status: 204 }))
    await renderPage(<AccountPage />, { me: meOf('advocate'), path: '/account', route: '/account' })
    await fill('old-password', 'a-new-password', 'a-new-password')
    expect(await screen.findByText('Your password is changed. Your other sessions were signed out.')).toBeTruthy()
    expect(requests.find((request) => request.path === '/api/auth/password')!.body).toEqual({
      currentPassword: 'old-password',
      newPassword: 'a-new-password',
    })
    expect(screen.getByTestId('location').textContent).toBe('/account')
    expect((screen.getByLabelText(/Current password/) as HTMLInputElement).value).toBe('')
  })

  it('after a temporary password, explains why and goes to the map once a new one is chosen', async () => {
    const me = meOf('community_rep', { communityIds: [communityId], mustChangePassword: true })
    const { requests } = accountApi(() => ({ status: 204 }), me)
    await renderPage(<AccountPage />, { me, path: '/account?mustChange=1', route: '/account' })
    expect(screen.getByText('You signed in with a temporary password. Choose your own password to continue.')).toBeTruthy()
    // The server answers nothing else until the password is changed: no community look-ups.
    expect(requests.some((request) => request.path.startsWith('/api/communities'))).toBe(false)
    await fill('Tmp-Pass-1234', 'my-own-password', 'my-own-password')
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/'))
    // The session was reloaded first, so the sign-in guard no longer sends the user back.
    expect(requests.some((request) => request.path === '/api/auth/me')).toBe(true)
  })
})
