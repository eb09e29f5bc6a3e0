// "Signed-in devices" on My account: where the account is signed in now, signing one out, and
// signing out everywhere else (after a lost phone, or a shared computer).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SessionSummary } from '../../../shared/auth.ts'
import { ConfirmDelete } from '../../components/confirm-delete.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { formatDateTime } from '../../lib/format.ts'
import { deviceNameOf, endOtherSessions, endSession, sessionsKey, sessionsQuery } from './second-factor-api.ts'

export function SessionsCard() {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const sessions = useQuery(sessionsQuery())
  const [endedOthers, setEndedOthers] = useState<number | undefined>()
  const refresh = () => queryClient.invalidateQueries({ queryKey: sessionsKey })
  const end = useMutation({ mutationFn: endSession, onSuccess: refresh })
  const endOthers = useMutation({
    mutationFn: endOtherSessions,
    onSuccess: async (result) => {
      setEndedOthers(result.ended)
      await refresh()
    },
  })
  const items = sessions.data?.items ?? []
  const others = items.filter((item) => !item.isCurrent)

  return (
    <section className="card sessions-card" aria-labelledby="sessions-title">
      <h2 id="sessions-title" className="card-title">
        {t('auth.sessions.title')}
      </h2>
      <p>{t('auth.sessions.intro')}</p>
      {sessions.isPending && <p className="muted">{t('common.state.loading')}</p>}
      <ProblemMessage error={sessions.error} onRetry={() => void sessions.refetch()} />
      {endedOthers !== undefined && (
        <p className="alert alert-success" role="status">
          {t('auth.sessions.endedOthers', { count: endedOthers })}
        </p>
      )}
      {items.length > 0 && (
        <ul className="session-list">
          {items.map((item) => (
            <li key={item.id} className="session-item">
              <div>
                <p className="session-device">
                  <strong>{deviceLabel(item, t)}</strong>
                  {item.isCurrent && <span className="badge badge-green">{t('auth.sessions.thisDevice')}</span>}
                </p>
                <p className="small muted">
                  {t('auth.sessions.details', { created: formatDateTime(item.createdAt), seen: formatDateTime(item.lastSeenAt) })}
                  {item.ip && (
                    <>
                      {' · '}
                      <span translate="no">{t('auth.sessions.address', { ip: item.ip })}</span>
                    </>
                  )}
                </p>
              </div>
              {!item.isCurrent && (
                <button
                  type="button"
                  className="button"
                  onClick={() => end.mutate(item.id)}
                  disabled={end.isPending && end.variables === item.id}
                >
                  {end.isPending && end.variables === item.id ? t('auth.sessions.ending') : t('auth.sessions.end')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {sessions.isSuccess && others.length === 0 && <p className="small muted">{t('auth.sessions.onlyThis')}</p>}
      {others.length > 0 && (
        <div className="button-row">
          <ConfirmDelete
            label={t('auth.sessions.endOthers')}
            question={t('auth.sessions.endOthersQuestion')}
            consequence={t('auth.sessions.endOthersConsequence')}
            confirmLabel={t('auth.sessions.endOthers')}
            busyLabel={t('auth.sessions.ending')}
            isBusy={endOthers.isPending}
            onConfirm={() => endOthers.mutate()}
          />
        </div>
      )}
      <ProblemMessage error={end.error ?? endOthers.error} />
    </section>
  )
}

function deviceLabel(item: SessionSummary, t: (key: string, values?: Record<string, string>) => string) {
  const { browser, system } = deviceNameOf(item.userAgent)
  if (browser && system) return t('auth.sessions.device', { browser, system })
  return browser ?? system ?? t('auth.sessions.unknownDevice')
}
