// My account: who I am, my role and communities, two-step sign-in, signed-in devices, and changing
// my password. After an admin gave a temporary password (?mustChange=1), this is the only page
// until a new password is chosen; a role that requires two-step sign-in then sets it up here first.
import './account.css'
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query'
import type { TFunction } from 'i18next'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useSearchParams } from 'react-router'
import { ChangePasswordBody, MIN_PASSWORD_LENGTH } from '../../../shared/auth.ts'
import { Community } from '../../../shared/communities.ts'
import { homePath, meQueryKey, useViewer } from '../../lib/session.ts'
import { Field } from '../../components/field.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { api, apiVoid, ApiError } from '../../lib/api-client.ts'
import { serverFieldErrors, validate, type FieldErrors } from '../../lib/form-errors.ts'
import { currentLanguage } from '../../lib/i18n.ts'
import { localName, provinceName, provincesQuery } from '../../lib/reference-data.ts'
import { OfflineMapCard } from './offline-map-card.tsx'
import { CalendarFeedCard } from './calendar-feed-card.tsx'
import { SecondFactorCard } from './second-factor-card.tsx'
import { SessionsCard } from './sessions-card.tsx'
import { NotificationPreferencesCard } from '../../components/notifications/notification-preferences-card.tsx'

const CommunityName = Community.pick({ id: true, name: true, nameKm: true, province: true })

export interface PasswordValues {
  currentPassword: string
  newPassword: string
  repeatPassword: string
}

/** The body to send, or the errors to show next to each field, in the reader's language. */
export function checkPasswordChange(values: PasswordValues, t: TFunction) {
  const result = validate(ChangePasswordBody, { currentPassword: values.currentPassword, newPassword: values.newPassword }, t)
  const errors: FieldErrors = result.ok ? {} : { ...result.errors }
  if (errors.newPassword && values.newPassword.length > 0 && values.newPassword.length < MIN_PASSWORD_LENGTH) {
    errors.newPassword = t('common.error.tooShort', { minimum: MIN_PASSWORD_LENGTH })
  }
  if (!errors.newPassword && values.newPassword === values.currentPassword && values.currentPassword) {
    errors.newPassword = t('auth.account.samePassword')
  }
  if (values.repeatPassword !== values.newPassword) errors.repeatPassword = t('auth.account.mismatch')
  return Object.keys(errors).length > 0 || !result.ok ? { ok: false as const, errors } : { ok: true as const, data: result.data }
}

/** The server's refusal, as errors next to the fields it concerns. */
export function passwordErrorsOf(error: unknown, t: TFunction): FieldErrors | undefined {
  if (!(error instanceof ApiError)) return undefined
  if (error.code === 'auth.wrong_password') return { currentPassword: t('auth.account.wrongPassword') }
  if (error.code === 'auth.same_password') return { newPassword: t('auth.account.samePassword') }
  if (error.status === 400 || error.status === 422) {
    const errors = serverFieldErrors(t, error)
    return Object.keys(errors).length > 0 ? errors : undefined
  }
  return undefined
}

const EMPTY: PasswordValues = { currentPassword: '', newPassword: '', repeatPassword: '' }

export function AccountPage() {
  const { t } = useTranslation()
  const me = useViewer()
  const [search] = useSearchParams()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const mustChange = search.get('mustChange') === '1' || me.mustChangePassword
  // Until the factor is set up the server answers nothing but that (and who I am).
  const mustEnrol = !me.mustChangePassword && me.mustEnrolSecondFactor === true
  const isRestricted = mustChange || mustEnrol
  const [values, setValues] = useState<PasswordValues>(EMPTY)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [isShown, setShown] = useState(false)
  const [isChanged, setChanged] = useState(false)

  const communities = useQueries({
    queries: me.communityIds.map((id) => ({
      queryKey: ['auth', 'community', id],
      queryFn: ({ signal }: { signal: AbortSignal }) => api(`/api/communities/${id}`, CommunityName, { signal }),
      staleTime: 5 * 60_000,
      // Until the temporary password is replaced the server answers nothing else.
      enabled: !isRestricted,
    })),
  })

  const provinces = useQuery({ ...provincesQuery(), enabled: !isRestricted && me.communityIds.length > 0 })

  const change = useMutation({
    mutationFn: (body: ChangePasswordBody) => apiVoid('/api/auth/password', { method: 'POST', body }),
    onSuccess: async () => {
      setValues(EMPTY)
      setChanged(true)
      // The server cleared "must change"; load that before leaving, or the guard sends us back here.
      await queryClient.invalidateQueries({ queryKey: meQueryKey })
      // A role that requires two-step sign-in sets it up next, on this page.
      const next = queryClient.getQueryData<typeof me>(meQueryKey)
      if (mustChange && !next?.mustEnrolSecondFactor) void navigate('/', { replace: true })
    },
    onError: (error) => {
      const fieldErrors = passwordErrorsOf(error, t)
      if (fieldErrors) setErrors(fieldErrors)
    },
  })

  const set = (key: keyof PasswordValues, value: string) => {
    setValues((current) => ({ ...current, [key]: value }))
    setChanged(false)
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const checked = checkPasswordChange(values, t)
    setErrors(checked.ok ? {} : checked.errors)
    if (checked.ok) change.mutate(checked.data)
  }
  const otherError = change.error && !passwordErrorsOf(change.error, t) ? change.error : undefined
  const language = currentLanguage()

  return (
    <div className="page page-narrow account-page">
      <PageHeader title={t('auth.account.title')} />
      {mustChange && !isChanged && (
        <p className="alert alert-warning" role="alert">
          {t('auth.account.mustChange')}
        </p>
      )}

      {!isRestricted && (
        <section className="card">
          <dl className="facts">
            <dt>{t('auth.account.name')}</dt>
            <dd>{me.displayName}</dd>
            <dt>{t('auth.account.role')}</dt>
            <dd>{t(`vocab.userRole.${me.role}`)}</dd>
            {(me.role === 'community_rep' || me.communityIds.length > 0) && (
              <>
                <dt>{t('auth.account.communities')}</dt>
                <dd>
                  {me.communityIds.length === 0 ? (
                    <span className="muted">{t('auth.account.noCommunities')}</span>
                  ) : (
                    <ul className="plain-list">
                      {communities.map((query, index) => (
                        <li key={me.communityIds[index]}>
                          {query.data ? (
                            `${localName(query.data, language)} · ${provinceName(query.data.province, provinces.data, language) ?? ''}`
                          ) : query.error ? (
                            <span className="muted">{t('common.error.notFound')}</span>
                          ) : (
                            <span className="muted">{t('common.state.loading')}</span>
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </dd>
              </>
            )}
          </dl>
        </section>
      )}
      {/* Always in this place in the tree: it must not remount (and lose the recovery codes) when the page opens up. */}
      {!mustChange && (
        <SecondFactorCard isForced={mustEnrol} onEnrolled={mustEnrol ? () => void navigate(homePath(me), { replace: true }) : undefined} />
      )}
      {!isRestricted && <SessionsCard />}
      {!isRestricted && me.communityIds.length > 0 && <OfflineMapCard userId={me.id} />}
      {!isRestricted && me.permissions.includes('calendar.feed') && <CalendarFeedCard />}
      {!isRestricted && <NotificationPreferencesCard />}

      {!mustEnrol && (
        <section className="card" aria-labelledby="change-password-title">
          <h2 id="change-password-title" className="card-title">
            {t('auth.account.changePassword')}
          </h2>
          {isChanged && (
            <p className="alert alert-success" role="status">
              {t('auth.account.changed')}
            </p>
          )}
          <form onSubmit={submit} noValidate>
            <Field label={t('auth.account.currentPassword')} error={errors.currentPassword} required>
              <input
                name="currentPassword"
                type={isShown ? 'text' : 'password'}
                autoComplete="current-password"
                value={values.currentPassword}
                onChange={(event) => set('currentPassword', event.target.value)}
              />
            </Field>
            <Field
              label={t('auth.account.newPassword')}
              error={errors.newPassword}
              hint={t('auth.account.passwordHint', { minimum: MIN_PASSWORD_LENGTH })}
              required
            >
              <input
                name="newPassword"
                type={isShown ? 'text' : 'password'}
                autoComplete="new-password"
                value={values.newPassword}
                onChange={(event) => set('newPassword', event.target.value)}
              />
            </Field>
            <Field label={t('auth.account.repeatPassword')} error={errors.repeatPassword} required>
              <input
                name="repeatPassword"
                type={isShown ? 'text' : 'password'}
                autoComplete="new-password"
                value={values.repeatPassword}
                onChange={(event) => set('repeatPassword', event.target.value)}
              />
            </Field>
            <label className="show-passwords">
              <input type="checkbox" checked={isShown} onChange={(event) => setShown(event.target.checked)} />
              <span>{t('auth.account.showPasswords')}</span>
            </label>
            {otherError && <ProblemMessage error={otherError} />}
            <button type="submit" className="button button-primary button-large" disabled={change.isPending}>
              {change.isPending ? t('common.state.saving') : t('auth.account.submit')}
            </button>
          </form>
        </section>
      )}
    </div>
  )
}
