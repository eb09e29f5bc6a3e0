// Admin → Users: every account with its role, communities and state; create, edit, reset a
// password (the temporary one is shown once), deactivate after a confirmation.
import './admin.css'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { User } from '../../../shared/users.ts'
import { USER_ROLES } from '../../../shared/vocabularies.ts'
import { useViewer } from '../../lib/session.ts'
import { Field } from '../../components/field.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { Pager } from '../../components/pager.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { api, isConflict } from '../../lib/api-client.ts'
import { formatDateTime } from '../../lib/format.ts'
import { useListParams } from '../../lib/use-list-params.ts'
import { communityOptionsQuery, localName, type CommunityOption } from '../../lib/reference-data.ts'
import { resetUserPassword, resetUserSecondFactor, updateUser, usersQuery } from './api.ts'
import { ConfirmDialog } from './confirm-dialog.tsx'
import { SearchInput } from './search-input.tsx'
import { TemporaryPassword, type IssuedPassword } from './temporary-password.tsx'
import { UserForm } from './user-form.tsx'

/** URL keys that open the form; not filters of the list. */
const FORM_KEYS = ['new', 'edit']
const PAGE_SIZE = 50
const COMMUNITIES_SHOWN = 3

/** The question asked before each row action. */
const CONFIRM_KEYS = {
  reset: { title: 'admin.users.confirm.resetTitle', body: 'admin.users.confirm.resetBody', confirm: 'admin.users.confirm.reset' },
  'reset-factor': {
    title: 'admin.users.confirm.resetFactorTitle',
    body: 'admin.users.confirm.resetFactorBody',
    confirm: 'admin.users.confirm.resetFactor',
  },
  deactivate: {
    title: 'admin.users.confirm.deactivateTitle',
    body: 'admin.users.confirm.deactivateBody',
    confirm: 'admin.users.confirm.deactivate',
  },
} as const

type PendingAction = { kind: 'deactivate' | 'reset' | 'reset-factor'; user: User }

export function UsersPage() {
  const { t } = useTranslation()
  const viewer = useViewer()
  const queryClient = useQueryClient()
  const list = useListParams()
  const [search, setSearch] = useSearchParams()
  const [issued, setIssued] = useState<IssuedPassword>()
  const [notice, setNotice] = useState<string>()
  const [pending, setPending] = useState<PendingAction>()

  const filters = Object.fromEntries(Object.entries(list.filters).filter(([key]) => !FORM_KEYS.includes(key)))
  const users = useQuery(usersQuery({ ...filters, sort: list.sort ?? 'displayName', cursor: list.cursor, limit: PAGE_SIZE }))
  const communities = useQuery(communityOptionsQuery())
  const editId = search.get('edit') ?? undefined
  const isCreating = search.get('new') === '1'
  // While a form is open it has the page to itself: one task at a time, and on a phone the list
  // would push the form off the screen.
  const isFormOpen = isCreating || Boolean(editId)
  const editing = useQuery({
    queryKey: ['admin', 'users', 'one', editId],
    queryFn: ({ signal }) => api(`/api/users/${editId}`, User, { signal }),
    enabled: Boolean(editId),
    // The form edits what the server has now, not a list row from minutes ago.
    staleTime: 0,
  })

  const setForm = (key: 'new' | 'edit' | undefined, value?: string) => {
    const next = new URLSearchParams(search)
    for (const formKey of FORM_KEYS) next.delete(formKey)
    if (key && value) next.set(key, value)
    setSearch(next)
  }
  const startForm = (key: 'new' | 'edit', value: string) => {
    setNotice(undefined)
    setIssued(undefined)
    setForm(key, value)
  }

  const rowAction = useMutation({
    mutationFn: async (action: { kind: 'deactivate' | 'activate' | 'reset' | 'reset-factor'; user: User }) => {
      if (action.kind === 'reset') return { action, result: await resetUserPassword(action.user.id) }
      if (action.kind === 'reset-factor') return { action, result: await resetUserSecondFactor(action.user.id) }
      return { action, user: await updateUser(action.user.id, { isActive: action.kind === 'activate', version: action.user.version }) }
    },
    onSuccess: async ({ action, result }) => {
      setPending(undefined)
      await queryClient.invalidateQueries({ queryKey: ['admin', 'users'] })
      const name = action.user.displayName
      if (action.kind === 'reset' && result?.temporaryPassword) {
        setNotice(undefined)
        setIssued({ name, password: result.temporaryPassword })
      } else if (action.kind === 'reset-factor') {
        setNotice(t('admin.users.factorReset', { name }))
      } else {
        setNotice(t(action.kind === 'activate' ? 'admin.users.activated' : 'admin.users.deactivated', { name }))
      }
    },
    onError: async (error) => {
      setPending(undefined)
      // Someone changed the account meanwhile: show the list as it is now.
      if (isConflict(error)) await queryClient.invalidateQueries({ queryKey: ['admin', 'users'] })
    },
  })

  const communityById = new Map((communities.data ?? []).map((community) => [community.id, community]))
  const sort = list.sort ?? 'displayName'
  const direction = sort === 'displayName' ? 'ascending' : sort === '-displayName' ? 'descending' : 'none'

  return (
    <div className="page admin-users">
      <PageHeader
        title={t('admin.users.title')}
        actions={
          !isFormOpen && (
            <button type="button" className="button button-primary" onClick={() => startForm('new', '1')}>
              + {t('admin.users.newUser')}
            </button>
          )
        }
      >
        <p className="muted page-intro">{t('admin.users.intro')}</p>
      </PageHeader>

      {issued && <TemporaryPassword issued={issued} onDone={() => setIssued(undefined)} />}
      {notice && (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      )}
      {rowAction.error && <ProblemMessage error={rowAction.error} />}

      {isCreating && (
        <UserForm
          key="new"
          communities={communities.data ?? []}
          onCreated={(result) => {
            setForm(undefined)
            setNotice(t('admin.users.created', { name: result.user.displayName }))
            if (result.temporaryPassword) setIssued({ name: result.user.displayName, password: result.temporaryPassword })
          }}
          onSaved={() => setForm(undefined)}
          onCancel={() => setForm(undefined)}
        />
      )}
      {editId && editing.error && <ProblemMessage error={editing.error} onRetry={() => setForm(undefined)} />}
      {editId && editing.data && (
        <UserForm
          key={`${editing.data.id}`}
          user={editing.data}
          isSelf={editing.data.id === viewer.id}
          communities={communities.data ?? []}
          onCreated={() => setForm(undefined)}
          onSaved={(user) => {
            setForm(undefined)
            setNotice(t('admin.users.saved', { name: user.displayName }))
          }}
          onCancel={() => setForm(undefined)}
          onReload={async () => (await editing.refetch()).data}
        />
      )}

      {!isFormOpen && (
        <>
          <form className="filters" role="search" aria-label={t('common.list.filters')} onSubmit={(event) => event.preventDefault()}>
            <Field label={t('common.action.search')}>
              <SearchInput
                value={list.filters.q ?? ''}
                placeholder={t('admin.users.search')}
                onChange={(q) => list.setFilter('q', q || undefined)}
              />
            </Field>
            <Field label={t('admin.users.role')}>
              <select value={list.filters.role ?? ''} onChange={(event) => list.setFilter('role', event.target.value || undefined)}>
                <option value="">{t('admin.users.anyRole')}</option>
                {USER_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {t(`vocab.userRole.${role}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('admin.users.status')}>
              <select value={list.filters.active ?? ''} onChange={(event) => list.setFilter('active', event.target.value || undefined)}>
                <option value="">{t('admin.users.anyStatus')}</option>
                <option value="true">{t('admin.users.active')}</option>
                <option value="false">{t('admin.users.inactive')}</option>
              </select>
            </Field>
          </form>

          {users.error && <ProblemMessage error={users.error} onRetry={() => void users.refetch()} />}
          {users.isPending && !users.error && (
            <p className="page-loading" role="status">
              {t('common.state.loading')}
            </p>
          )}
          {users.data && (
            <>
              <div className="table-wrap">
                <table className="data-table users-table">
                  <caption className="visually-hidden">{t('admin.users.title')}</caption>
                  <thead>
                    <tr>
                      <th scope="col" aria-sort={direction}>
                        <button
                          type="button"
                          className="sort-button"
                          onClick={() => list.setSort(sort === 'displayName' ? '-displayName' : 'displayName')}
                        >
                          {t('admin.users.column.name')}
                          <span aria-hidden="true">{{ ascending: ' ▲', descending: ' ▼', none: ' ⇅' }[direction]}</span>
                        </button>
                      </th>
                      <th scope="col">{t('admin.users.column.role')}</th>
                      <th scope="col">{t('admin.users.column.communities')}</th>
                      <th scope="col">{t('admin.users.column.status')}</th>
                      <th scope="col">{t('admin.users.column.lastLogin')}</th>
                      <th scope="col">{t('admin.users.column.actions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {users.data.items.map((user) => (
                      <UserRow
                        key={user.id}
                        user={user}
                        isSelf={user.id === viewer.id}
                        communityById={communityById}
                        isBusy={rowAction.isPending && rowAction.variables?.user.id === user.id}
                        onEdit={() => startForm('edit', user.id)}
                        onReset={() => setPending({ kind: 'reset', user })}
                        onResetFactor={() => setPending({ kind: 'reset-factor', user })}
                        onDeactivate={() => setPending({ kind: 'deactivate', user })}
                        onActivate={() => rowAction.mutate({ kind: 'activate', user })}
                      />
                    ))}
                  </tbody>
                </table>
                {users.data.items.length === 0 && <p className="empty">{t('common.state.noResults')}</p>}
              </div>
              <Pager
                nextCursor={users.data.nextCursor}
                history={list.history}
                onNext={list.nextPage}
                onPrevious={list.previousPage}
                count={users.data.items.length}
              />
            </>
          )}
        </>
      )}

      {pending && (
        <ConfirmDialog
          title={t(CONFIRM_KEYS[pending.kind].title, { name: pending.user.displayName })}
          confirmLabel={t(CONFIRM_KEYS[pending.kind].confirm)}
          isDanger
          isWorking={rowAction.isPending}
          onConfirm={() => {
            setNotice(undefined)
            rowAction.mutate(pending)
          }}
          onCancel={() => setPending(undefined)}
        >
          <p>{t(CONFIRM_KEYS[pending.kind].body)}</p>
        </ConfirmDialog>
      )}
    </div>
  )
}

interface UserRowProps {
  user: User
  isSelf: boolean
  communityById: Map<string, CommunityOption>
  isBusy: boolean
  onEdit: () => void
  onReset: () => void
  onResetFactor: () => void
  onDeactivate: () => void
  onActivate: () => void
}

function UserRow({ user, isSelf, communityById, isBusy, onEdit, onReset, onResetFactor, onDeactivate, onActivate }: UserRowProps) {
  const { t } = useTranslation()
  const columns = {
    name: t('admin.users.column.name'),
    role: t('admin.users.column.role'),
    communities: t('admin.users.column.communities'),
    status: t('admin.users.column.status'),
    lastLogin: t('admin.users.column.lastLogin'),
    actions: t('admin.users.column.actions'),
  }
  const names = user.communityIds.map((id) => {
    const community = communityById.get(id)
    return community ? localName(community) : t('admin.users.unknownCommunity')
  })
  const isLocked = user.lockedUntil !== null && user.lockedUntil.getTime() > Date.now()
  return (
    <tr data-testid="user-row" className={user.isActive ? undefined : 'is-inactive'}>
      <td data-label={columns.name}>
        <div>
          <div className="user-cell">
            <strong>{user.displayName}</strong>
            {isSelf && <span className="badge">{t('admin.users.you')}</span>}
            {user.isDemo && <span className="badge">{t('admin.users.demo')}</span>}
          </div>
          <div className="small muted user-login">
            {user.email}
            {user.username && (
              <>
                {' '}
                · <span className="mono username">{user.username}</span>
              </>
            )}
          </div>
        </div>
      </td>
      <td data-label={columns.role}>{t(`vocab.userRole.${user.role}`)}</td>
      <td data-label={columns.communities}>
        {names.length === 0 ? (
          <span className="muted">{t('common.state.none')}</span>
        ) : (
          <span title={names.join(', ')}>
            {names.slice(0, COMMUNITIES_SHOWN).join(', ')}
            {names.length > COMMUNITIES_SHOWN && <span className="muted"> +{names.length - COMMUNITIES_SHOWN}</span>}
          </span>
        )}
      </td>
      <td data-label={columns.status}>
        <span className="badge-stack">
          {user.isActive ? (
            <span className="badge badge-green">✓ {t('admin.users.active')}</span>
          ) : (
            <span className="badge">✕ {t('admin.users.inactive')}</span>
          )}
          {isLocked && <span className="badge badge-red">{t('admin.users.locked', { time: formatDateTime(user.lockedUntil) })}</span>}
          {user.mustChangePassword && <span className="badge badge-amber">{t('admin.users.mustChange')}</span>}
          {user.hasSecondFactor && <span className="badge">{t('admin.users.twoStep')}</span>}
        </span>
      </td>
      <td data-label={columns.lastLogin}>
        {user.lastLoginAt ? formatDateTime(user.lastLoginAt) : <span className="muted">{t('admin.users.never')}</span>}
      </td>
      <td data-label={columns.actions}>
        <div className="row-actions" role="group" aria-label={t('admin.users.actionsFor', { name: user.displayName })}>
          <button type="button" className="button button-small" onClick={onEdit}>
            {t('admin.users.edit')}
          </button>
          {!isSelf && (
            <button type="button" className="button button-small" onClick={onReset} disabled={isBusy}>
              {t('admin.users.resetPassword')}
            </button>
          )}
          {!isSelf && user.hasSecondFactor && (
            <button type="button" className="button button-small" onClick={onResetFactor} disabled={isBusy}>
              {t('admin.users.resetFactor')}
            </button>
          )}
          {!isSelf && user.isActive && (
            <button type="button" className="button button-small button-danger" onClick={onDeactivate} disabled={isBusy}>
              {t('admin.users.deactivate')}
            </button>
          )}
          {!user.isActive && (
            <button type="button" className="button button-small" onClick={onActivate} disabled={isBusy}>
              {t('admin.users.activate')}
            </button>
          )}
        </div>
      </td>
    </tr>
  )
}
