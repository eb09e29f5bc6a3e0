import { useMutation } from '@tanstack/react-query'
import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Navigate, useNavigate, useSearchParams } from 'react-router'
import { Me } from '../../../shared/auth.ts'
import { homePath, useClientConfig, useMe, useResetSession } from '../../lib/session.ts'
import { Field } from '../../components/field.tsx'
import { LanguageSwitch } from '../../components/language-switch.tsx'
import { problemText } from '../../components/problem-message.tsx'
import { api, ApiError } from '../../lib/api-client.ts'
import { codeDigitsOf } from './second-factor-api.ts'

export function SignInPage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const [search] = useSearchParams()
  const { data: me } = useMe()
  const { data: config } = useClientConfig()
  const resetSession = useResetSession()
  const [login, setLogin] = useState('')
  const [password, setPassword] = useState('')
  // The second step, once the server has said this account needs one (auth.second_factor_required).
  const [step, setStep] = useState<'password' | 'code' | 'recovery'>('password')
  const [code, setCode] = useState('')
  const [recoveryCode, setRecoveryCode] = useState('')
  // Named after a press of Sign in with a field left empty (the button is never silently disabled).
  const [missing, setMissing] = useState<{ login: boolean; password: boolean }>({ login: false, password: false })
  const loginInput = useRef<HTMLInputElement>(null)
  const passwordInput = useRef<HTMLInputElement>(null)
  // Only a path inside the app: never an open redirect to another site. The home page ('/', where
  // the gate sends everyone who opens the app) is no particular page: each user's home is.
  const asked = search.get('next')
  const next = (user: Me) => (asked?.startsWith('/') && !asked.startsWith('//') && asked !== '/' ? asked : homePath(user))

  const signIn = useMutation({
    mutationFn: () =>
      api('/api/auth/login', Me, {
        method: 'POST',
        body: { login, password, ...(step === 'code' ? { code } : step === 'recovery' ? { recoveryCode } : {}) },
      }),
    onSuccess: async (user) => {
      await resetSession()
      const landing = user.mustChangePassword ? '/account?mustChange=1' : user.mustEnrolSecondFactor ? '/account' : next(user)
      void navigate(landing, { replace: true })
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'auth.second_factor_required') setStep('code')
    },
  })

  if (me && !signIn.isPending) return <Navigate to={next(me)} replace />

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    if (step === 'code' && code.length !== 6) return
    if (step === 'recovery' && !recoveryCode.trim()) return
    if (step !== 'password') return signIn.mutate()
    const empty = { login: login.trim() === '', password: password === '' }
    setMissing(empty)
    if (empty.login) return loginInput.current?.focus()
    if (empty.password) return passwordInput.current?.focus()
    signIn.mutate()
  }
  const error = signIn.error
  const message = !error
    ? undefined
    : error instanceof ApiError && error.code === 'auth.second_factor_required'
      ? undefined
      : error instanceof ApiError && error.code === 'auth.invalid_second_factor'
        ? t(step === 'recovery' ? 'auth.signIn.wrongRecoveryCode' : 'auth.signIn.wrongCode')
        : error instanceof ApiError && error.code === 'auth.invalid_login'
          ? t('auth.signIn.failed')
          : error instanceof ApiError && (error.code === 'auth.locked' || error.status === 429)
            ? t('auth.signIn.locked')
            : problemText(t, error)

  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <div className="sign-in-brand">
          <span className="brand-mark large" aria-hidden="true">
            ដី
          </span>
          <div>
            <p className="brand-name" translate="no">
              Dey
            </p>
            <p className="muted">{t('common.tagline')}</p>
          </div>
        </div>
        <LanguageSwitch />
        <h1>{step === 'password' ? t('auth.signIn.title') : t('auth.signIn.codeTitle')}</h1>
        {step === 'password' ? (
          <form onSubmit={onSubmit} noValidate>
            <Field
              label={t('auth.signIn.login')}
              required
              error={missing.login && !login.trim() ? t('common.error.fieldRequired') : undefined}
            >
              <input
                ref={loginInput}
                name="login"
                autoComplete="username"
                autoCapitalize="none"
                value={login}
                onChange={(e) => setLogin(e.target.value)}
              />
            </Field>
            <Field
              label={t('auth.signIn.password')}
              required
              error={missing.password && !password ? t('common.error.fieldRequired') : undefined}
            >
              <input
                ref={passwordInput}
                name="password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </Field>
            {message && (
              <p className="alert alert-error" role="alert">
                {message}
              </p>
            )}
            <button type="submit" className="button button-primary button-large" disabled={signIn.isPending}>
              {signIn.isPending ? t('auth.signIn.working') : t('auth.signIn.submit')}
            </button>
          </form>
        ) : (
          <form onSubmit={onSubmit} noValidate>
            <p>{t(step === 'code' ? 'auth.signIn.codeIntro' : 'auth.signIn.recoveryIntro')}</p>
            {step === 'code' ? (
              <Field label={t('auth.signIn.code')} required>
                <input
                  name="code"
                  className="one-time-code"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  pattern="[0-9]*"
                  autoFocus
                  value={code}
                  onChange={(e) => setCode(codeDigitsOf(e.target.value))}
                />
              </Field>
            ) : (
              <Field label={t('auth.signIn.recoveryCode')} required>
                <input
                  name="recoveryCode"
                  autoComplete="off"
                  autoCapitalize="none"
                  spellCheck={false}
                  autoFocus
                  value={recoveryCode}
                  onChange={(e) => setRecoveryCode(e.target.value)}
                />
              </Field>
            )}
            {message && (
              <p className="alert alert-error" role="alert">
                {message}
              </p>
            )}
            <button
              type="submit"
              className="button button-primary button-large"
              disabled={signIn.isPending || (step === 'code' ? code.length !== 6 : !recoveryCode.trim())}
            >
              {signIn.isPending ? t('auth.signIn.working') : t('auth.signIn.verify')}
            </button>
            <p>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  signIn.reset()
                  setStep(step === 'code' ? 'recovery' : 'code')
                }}
              >
                {t(step === 'code' ? 'auth.signIn.useRecovery' : 'auth.signIn.useCode')}
              </button>
            </p>
            <p>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  signIn.reset()
                  setStep('password')
                  setCode('')
                  setRecoveryCode('')
                }}
              >
                {t('auth.signIn.back')}
              </button>
            </p>
          </form>
        )}
        {config?.hasDemoAccounts && <p className="small muted">{t('auth.signIn.demoHint')}</p>}
      </div>
    </main>
  )
}
