// @vitest-environment happy-dom
// The sign-in form never sits there disabled without a word: Sign in can always be pressed, and
// an empty field says it is needed; the language switch is big enough for a finger.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter } from 'react-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SignInPage } from '../../client/features/auth/sign-in-page.tsx'
import { initI18n } from '../helpers/i18n.ts'
import { setLanguage } from '../../client/lib/i18n.ts'
import { meQueryKey } from '../../client/lib/session.ts'
import { clientConfigJson } from './api-answers.ts'
import { fakeApi } from './admin-render.tsx'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

async function open() {
  const { requests } = fakeApi((request) =>
    request.path === '/api/client-config' ? { body: clientConfigJson({ maxUploadBytes: 1024, hasDemoAccounts: false }) } : undefined,
  )
  initI18n('en')
  await setLanguage('en')
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  queryClient.setQueryData(meQueryKey, null)
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={['/sign-in']}>
        <SignInPage />
      </MemoryRouter>
    </QueryClientProvider>,
  )
  return requests
}

describe('the sign-in form', () => {
  it('can be pressed with a field empty, and then names the empty field instead of sending', async () => {
    const requests = await open()
    const submit = screen.getByRole('button', { name: 'Sign in' })
    expect((submit as HTMLButtonElement).disabled).toBe(false)
    const user = userEvent.setup()
    await user.type(screen.getByLabelText(/E-mail or username/), 'sokha')
    await user.click(submit)
    const password = screen.getByLabelText(/Password/)
    expect(password.getAttribute('aria-invalid')).toBe('true')
    expect(screen.getByText('This field is required.')).toBeTruthy()
    expect(screen.getByLabelText(/E-mail or username/).getAttribute('aria-invalid')).toBeNull()
    expect(requests.some((request) => request.path === '/api/auth/login')).toBe(false)
    // The field that needs attention gets the focus.
    expect(document.activeElement).toBe(password)
  })
})
