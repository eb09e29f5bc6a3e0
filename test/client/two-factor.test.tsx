// @vitest-environment happy-dom
// Two-step sign-in in the client: the sign-in page asks for the code when the server says the
// account needs one (and offers a recovery code), and My account's card sets it up (QR code as an
// image, key, first code) and shows the recovery codes until the user says they are saved.
import { screen, waitFor, cleanup } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AccountPage } from '../../client/features/auth/account-page.tsx'
import { SignInPage } from '../../client/features/auth/sign-in-page.tsx'
import type { Me } from '../../shared/auth.ts'
import { clientConfigJson } from './api-answers.ts'
import { fakeApi, meOf, problem, renderPage } from './admin-render.tsx'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

/** Nobody signed in yet (the query cache's `me` is null). */
const SIGNED_OUT = null as unknown as Me

const CODES = Array.from({ length: 10 }, (_, i) => `abcd-efgh-jk${String(i + 2).padStart(2, '2')}`)

describe('signing in in two steps', () => {
  it('asks for the 6-digit code after the password, sends both, and names a wrong code', async () => {
    const legal = meOf('legal')
    const { requests } = fakeApi((request) => {
      if (request.path === '/api/client-config') return { body: clientConfigJson({ maxUploadBytes: 1024, hasDemoAccounts: false }) }
      if (request.path !== '/api/auth/login') return undefined
      const body = request.body as { code?: string; recoveryCode?: string }
      if (!body.code && !body.recoveryCode) return problem(401, 'auth.second_factor_required')
      if (body.code === '123456') return { body: legal }
      return problem(401, 'auth.invalid_second_factor')
    })
    await renderPage(<SignInPage />, { me: SIGNED_OUT, path: '/sign-in', route: '/sign-in' })
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText(/E-mail or username/), 'sokha')
    await user.type(screen.getByLabelText(/Password/), 'secret words')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))

    const code = await screen.findByLabelText(/6-digit code/)
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Two-step sign-in')
    expect(code.getAttribute('inputmode')).toBe('numeric')
    expect(code.getAttribute('autocomplete')).toBe('one-time-code')
    expect(screen.queryByRole('alert')).toBeNull()

    // Khmer digits from a Khmer keyboard are the same digits; spaces are dropped.
    await user.type(code, '៦៥៤ ៣២១')
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    expect((await screen.findByRole('alert')).textContent).toContain('wrong or was already used')
    expect(requests.filter((request) => request.path === '/api/auth/login').at(-1)!.body).toEqual({
      login: 'sokha',
      password: 'secret words',
      code: '654321',
    })

    await user.clear(code)
    await user.type(code, '123456')
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/work'))
  })

  it('offers a recovery code instead, sent as recoveryCode', async () => {
    const legal = meOf('legal')
    const { requests } = fakeApi((request) => {
      if (request.path !== '/api/auth/login') return undefined
      const body = request.body as { recoveryCode?: string }
      return body.recoveryCode ? { body: legal } : problem(401, 'auth.second_factor_required')
    })
    await renderPage(<SignInPage />, { me: SIGNED_OUT, path: '/sign-in', route: '/sign-in' })
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText(/E-mail or username/), 'sokha')
    await user.type(screen.getByLabelText(/Password/), 'secret words')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    await user.click(await screen.findByRole('button', { name: /use a recovery code/ }))
    await user.type(screen.getByLabelText(/Recovery code/), 'abcd-efgh-jkmn')
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/work'))
    expect(requests.filter((request) => request.path === '/api/auth/login').at(-1)!.body).toMatchObject({ recoveryCode: 'abcd-efgh-jkmn' })
  })
})

describe('setting up two-step sign-in on My account', () => {
  it('when the role requires it, shows only the set-up, then the recovery codes, then lets the user in', async () => {
    let isEnrolled = false
    const { requests } = fakeApi((request) => {
      if (request.path === '/api/auth/me') return { body: meOf('legal', { mustEnrolSecondFactor: !isEnrolled }) }
      if (request.path === '/api/auth/second-factor' && request.method === 'GET')
        return {
          body: {
            isEnrolled,
            enrolledAt: isEnrolled ? '2026-12-07T02:00:00Z' : null,
            recoveryCodesLeft: isEnrolled ? 10 : 0,
            isRequired: true,
          },
        }
      if (request.path === '/api/auth/second-factor/setup')
        return {
          body: {
            secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
            uri: 'otpauth://totp/Dey:x?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
            qrSvg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
          },
        }
      if (request.path === '/api/auth/second-factor/confirm') {
        isEnrolled = true
        return { body: { recoveryCodes: CODES } }
      }
      return undefined
    })
    await renderPage(<AccountPage />, { me: meOf('legal', { mustEnrolSecondFactor: true }), path: '/account', route: '/account' })
    expect((await screen.findByRole('alert')).textContent).toContain('set up two-step sign-in to continue')
    expect(screen.queryByRole('heading', { name: 'Change password' })).toBeNull()
    expect(screen.queryByRole('heading', { name: 'Signed-in devices' })).toBeNull()

    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Set up two-step sign-in' }))
    const qr = (await screen.findByRole('img', { name: /QR code/ })) as HTMLImageElement
    expect(qr.src.startsWith('data:image/svg+xml')).toBe(true)
    expect(screen.getByTestId('second-factor-secret').textContent).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP')
    await user.type(screen.getByLabelText(/6-digit code/), '123456')
    await user.click(screen.getByRole('button', { name: 'Turn on' }))

    const shown = await screen.findByTestId('recovery-codes')
    expect(shown.querySelectorAll('li')).toHaveLength(10)
    expect(requests.find((request) => request.path === '/api/auth/second-factor/confirm')!.body).toEqual({ code: '123456' })
    // The page stays on the codes until the user says they are saved.
    expect(screen.getByTestId('location').textContent).toBe('/account')
    await user.click(screen.getByRole('button', { name: 'I have saved them' }))
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/work'))
  })
})
