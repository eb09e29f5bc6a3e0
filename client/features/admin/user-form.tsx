// Create an account, or change one: name, e-mail, username, role, communities, active.
// Validated with the shared CreateUserBody / UpdateUserBody before anything is sent.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { TFunction } from 'i18next'
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { CreateUserBody, UpdateUserBody, User, type UserWithTemporaryPassword } from '../../../shared/users.ts'
import { USER_ROLES, type UserRole } from '../../../shared/vocabularies.ts'
import type { z } from 'zod'
import { ConflictNotice } from '../../components/conflict-notice.tsx'
import { Field } from '../../components/field.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { ApiError, isConflict } from '../../lib/api-client.ts'
import { validate, type FieldErrors } from '../../lib/form-errors.ts'
import type { CommunityOption } from '../../lib/reference-data.ts'
import { createUser, updateUser } from './api.ts'
import { CommunityPicker } from './community-picker.tsx'
import { ConfirmDialog } from './confirm-dialog.tsx'

export interface UserFormValues {
  displayName: string
  email: string
  username: string
  role: UserRole
  /** The mobile number SMS reports are linked by, as typed (the server stores it in E.164). */
  phone: string
  communityIds: string[]
  isActive: boolean
}

export const emptyUserValues: UserFormValues = {
  displayName: '',
  email: '',
  username: '',
  role: 'community_rep',
  phone: '',
  communityIds: [],
  isActive: true,
}

export const valuesOf = (user: User): UserFormValues => ({
  displayName: user.displayName,
  email: user.email,
  username: user.username ?? '',
  role: user.role,
  phone: user.phone ?? '',
  communityIds: [...user.communityIds],
  isActive: user.isActive,
})

type Translate = TFunction

/** The create body from the form, and the errors the shared schema finds, in the reader's language. */
export function checkNewUser(values: UserFormValues, t: Translate) {
  const body = {
    displayName: values.displayName,
    email: values.email.trim(),
    username: values.username.trim() || undefined,
    role: values.role,
    phone: values.phone.trim() || undefined,
    communityIds: values.role === 'community_rep' ? values.communityIds : [],
  }
  return withFriendlyErrors(validate(CreateUserBody, body, t), values, t)
}

/** Only the fields that changed, with the version they were based on. */
export function changesOf(user: User, values: UserFormValues): Record<string, unknown> {
  const changes: Record<string, unknown> = {}
  if (values.displayName.trim() !== user.displayName) changes.displayName = values.displayName
  if (values.email.trim() !== user.email) changes.email = values.email.trim()
  if ((values.username.trim() || null) !== user.username) changes.username = values.username.trim() || null
  if (values.role !== user.role) changes.role = values.role
  if ((values.phone.trim() || null) !== user.phone) changes.phone = values.phone.trim() || null
  const communityIds = values.role === 'community_rep' ? values.communityIds : []
  if ([...communityIds].sort().join() !== [...user.communityIds].sort().join()) changes.communityIds = communityIds
  if (values.isActive !== user.isActive) changes.isActive = values.isActive
  return changes
}

export function checkUserChanges(user: User, values: UserFormValues, t: Translate) {
  return withFriendlyErrors(validate(UpdateUserBody, { ...changesOf(user, values), version: user.version }, t), values, t)
}

type Checked<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors }

function withFriendlyErrors<T>(result: Checked<T>, values: UserFormValues, t: Translate): Checked<T> {
  const errors: FieldErrors = result.ok ? {} : { ...result.errors }
  // The schema's generic "not valid" says too little for these two.
  if (errors.email) errors.email = values.email.trim() ? t('admin.users.error.email') : t('common.error.fieldRequired')
  if (errors.username && values.username.trim().length >= 2 && values.username.trim().length <= 60)
    errors.username = t('admin.users.error.usernameChars')
  if (errors.phone) errors.phone = t('admin.users.error.phone')
  if (values.role === 'community_rep' && values.communityIds.length === 0) errors.communityIds = t('admin.users.error.communitiesRequired')
  // "send at least one field to change" is the form's own message.
  delete errors._form
  return Object.keys(errors).length > 0 ? { ok: false, errors } : result
}

interface UserFormProps {
  /** The account being edited; absent to create one. */
  user?: User | undefined
  isSelf?: boolean
  communities: readonly CommunityOption[]
  onCreated: (result: z.output<typeof UserWithTemporaryPassword>) => void
  onSaved: (user: User) => void
  onCancel: () => void
  /** Loads the account as it is now (after a conflict). */
  onReload?: () => Promise<User | undefined>
}

export function UserForm({ user, isSelf = false, communities, onCreated, onSaved, onCancel, onReload }: UserFormProps) {
  const { t } = useTranslation()
  const formId = useId()
  const queryClient = useQueryClient()
  const [values, setValues] = useState<UserFormValues>(() => (user ? valuesOf(user) : emptyUserValues))
  const [base, setBase] = useState<User | undefined>(user)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [isConfirmingDeactivation, setConfirmingDeactivation] = useState(false)
  const [unchanged, setUnchanged] = useState(false)
  const headingRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => headingRef.current?.focus(), [])

  const set = <K extends keyof UserFormValues>(key: K, value: UserFormValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }))
    setUnchanged(false)
  }

  const save = useMutation({
    mutationFn: async (overrideVersion?: number) => {
      if (!base) {
        const checked = checkNewUser(values, t)
        if (!checked.ok) throw new FormInvalid(checked.errors)
        return { kind: 'created' as const, result: await createUser(checked.data) }
      }
      const checked = checkUserChanges(base, values, t)
      if (!checked.ok) throw new FormInvalid(checked.errors)
      const body = overrideVersion ? { ...checked.data, version: overrideVersion } : checked.data
      return { kind: 'saved' as const, user: await updateUser(base.id, body) }
    },
    onSuccess: async (outcome) => {
      await queryClient.invalidateQueries({ queryKey: ['admin', 'users'] })
      if (outcome.kind === 'created') onCreated(outcome.result)
      else onSaved(outcome.user)
    },
    onError: (error) => {
      if (error instanceof FormInvalid) setErrors(error.errors)
      else if (error instanceof ApiError && error.code === 'users.duplicate') setErrors({ email: t('admin.users.error.duplicate') })
      else if (error instanceof ApiError && error.code === 'users.duplicate_phone')
        setErrors({ phone: t('admin.users.error.duplicatePhone') })
      else if (error instanceof ApiError && error.code === 'users.invalid_phone') setErrors({ phone: t('admin.users.error.phone') })
      else if (error instanceof ApiError && error.code === 'users.communities_required')
        setErrors({ communityIds: t('admin.users.error.communitiesRequired') })
    },
  })

  const submit = (event?: FormEvent) => {
    event?.preventDefault()
    setErrors({})
    if (base && Object.keys(changesOf(base, values)).length === 0) {
      setUnchanged(true)
      return
    }
    if (base && base.isActive && !values.isActive && !isConfirmingDeactivation) {
      setConfirmingDeactivation(true)
      return
    }
    setConfirmingDeactivation(false)
    save.mutate(undefined)
  }

  const reload = async () => {
    const current = (await onReload?.()) ?? (isConflict(save.error) ? User.safeParse(save.error.body.current).data : undefined)
    if (current) {
      setBase(current)
      setValues(valuesOf(current))
    }
    save.reset()
  }
  const overwrite = () => {
    const current = isConflict(save.error) ? User.safeParse(save.error.body.current).data : undefined
    if (current) {
      setBase(current)
      save.mutate(current.version)
    }
  }

  const otherError =
    save.error && !(save.error instanceof FormInvalid) && !isConflict(save.error) && Object.keys(errors).length === 0
      ? save.error
      : undefined
  const title = base ? t('admin.users.form.editTitle', { name: base.displayName }) : t('admin.users.form.createTitle')

  return (
    <section className="card user-form" aria-labelledby={`${formId}-title`}>
      <h2 id={`${formId}-title`} ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      <form onSubmit={submit} noValidate>
        <div className="form-grid">
          <Field label={t('admin.users.form.displayName')} error={errors.displayName} required>
            <input
              name="displayName"
              autoComplete="off"
              value={values.displayName}
              onChange={(event) => set('displayName', event.target.value)}
              maxLength={200}
            />
          </Field>
          <Field label={t('admin.users.form.email')} error={errors.email} required>
            <input
              name="email"
              type="email"
              autoComplete="off"
              autoCapitalize="none"
              value={values.email}
              onChange={(event) => set('email', event.target.value)}
              maxLength={200}
            />
          </Field>
          <Field label={t('admin.users.form.username')} error={errors.username} hint={t('admin.users.form.usernameHint')}>
            <input
              name="username"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              value={values.username}
              onChange={(event) => set('username', event.target.value)}
              maxLength={60}
            />
          </Field>
          <Field label={t('admin.users.form.phone')} error={errors.phone} hint={t('admin.users.form.phoneHint')}>
            <input
              name="phone"
              type="tel"
              inputMode="tel"
              autoComplete="off"
              value={values.phone}
              onChange={(event) => set('phone', event.target.value)}
              maxLength={40}
            />
          </Field>
          <Field
            label={t('admin.users.form.role')}
            error={errors.role}
            hint={isSelf ? t('admin.users.form.selfRole') : t(`admin.users.form.roleHint.${values.role}`)}
            required
          >
            <select name="role" value={values.role} disabled={isSelf} onChange={(event) => set('role', event.target.value as UserRole)}>
              {USER_ROLES.map((role) => (
                <option key={role} value={role}>
                  {t(`vocab.userRole.${role}`)}
                </option>
              ))}
            </select>
          </Field>
          {values.role === 'community_rep' && (
            <div className="span-2">
              <CommunityPicker
                communities={communities}
                selected={values.communityIds}
                onChange={(ids) => set('communityIds', ids)}
                error={errors.communityIds}
              />
            </div>
          )}
          {base && (
            <div className="span-2 field">
              <label className="checkbox-label">
                <input
                  type="checkbox"
                  checked={values.isActive}
                  disabled={isSelf}
                  onChange={(event) => set('isActive', event.target.checked)}
                />
                <span>{t('admin.users.form.isActive')}</span>
              </label>
            </div>
          )}
        </div>
        {!base && <p className="field-hint">{t('admin.users.form.passwordNote')}</p>}
        {unchanged && (
          <p className="alert" role="status">
            {t('admin.users.form.unchanged')}
          </p>
        )}
        {Object.keys(errors).length > 0 && (
          <p className="alert alert-error" role="alert">
            {t('common.error.invalid')}
          </p>
        )}
        {isConflict(save.error) && <ConflictNotice onReload={() => void reload()} onOverwrite={overwrite} />}
        {otherError && <ProblemMessage error={otherError} />}
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? t('common.state.saving') : base ? t('admin.users.form.save') : t('admin.users.form.create')}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            {t('common.action.cancel')}
          </button>
        </div>
      </form>
      {isConfirmingDeactivation && base && (
        <ConfirmDialog
          title={t('admin.users.confirm.deactivateTitle', { name: base.displayName })}
          confirmLabel={t('admin.users.confirm.deactivate')}
          isDanger
          onConfirm={() => submit()}
          onCancel={() => setConfirmingDeactivation(false)}
        >
          <p>{t('admin.users.confirm.deactivateBody')}</p>
        </ConfirmDialog>
      )}
    </section>
  )
}

/** Thrown inside the mutation when the form does not pass the shared schema: nothing was sent. */
class FormInvalid extends Error {
  constructor(readonly errors: FieldErrors) {
    super('form invalid')
  }
}
